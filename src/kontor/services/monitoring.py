"""Monitoring and the pool advisor as service functions (the CLI now; the API and portal
later): both read a customer's account and usage and change nothing."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from kontor.domain.advisor import Advice, PoolPrices, advise
from kontor.domain.calendar import month_start
from kontor.domain.monitoring import PoolReport, pool_report
from kontor.domain.rating.customer import rate_customer
from kontor.domain.rating.pool import KB_PER_MB, UNIT_OF, units
from kontor.services.unit_of_work import UnitOfWork


def report_pools(uow: UnitOfWork, customer_id: str, moment: date) -> PoolReport:
    with uow:
        account = uow.accounts.get(customer_id)
        return pool_report(account, uow.usage.records(customer_id), moment)


def advise_pools(uow: UnitOfWork, customer_id: str, first: date, last: date
                 ) -> list[Advice]:
    """Advice per pool and unit from the usage of the months first..last."""
    with uow:
        account = uow.accounts.get(customer_id)
        records = [r for r in uow.usage.records(customer_id) if first <= r.day <= last]
        rating = rate_customer(account, records, last)
        usage: dict[tuple[str, str], dict[date, Decimal]] = defaultdict(
            lambda: defaultdict(Decimal))
        for rated in rating.rated:
            if rated.subscription in rating.pools:
                unit = UNIT_OF[rated.record.service]
                amount = Decimal(units(rated.record))
                usage[(rated.subscription, unit)][month_start(rated.record.day)] += (
                    amount / KB_PER_MB if unit == "data_mb" else amount)
        out = []
        for sub_id, sub in account.subscriptions.items():
            product = account.offer.product(sub.state_on(last).product)
            current = dict(sub.state_on(last).pools)
            for code in product.pools.values():
                block = account.offer.product(code)
                unit, size = next(iter(block.allowances.items()))
                prices = PoolPrices(unit, code, size or 0, block.price,
                                    product.overage.get(unit, Decimal(0)),
                                    block.rollover is not None)
                months = list(usage.get((sub_id, unit), {}).values()) or [Decimal(0)]
                out.append(advise(prices, months, account.overage_on(sub_id, last),
                                  current.get(code, 0)))
        return out
