"""Usage on the invoice: the usage of month M is billed on the invoice of M+1, one line per
subscription, month and group (pay-as-you-go zone and kind of number; overage per pool unit),
rounded once per line. Lines are lump charges keyed by month and group, so records that arrive
late for a month already billed are corrected on the next invoice."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import lru_cache

from kontor.domain.account import Account
from kontor.domain.calendar import month_end, month_start
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.invoicing.lump import Due
from kontor.domain.money import round_cents
from kontor.domain.rating.customer_columnar import UsageTotal
from kontor.domain.usage import Rated

KIND_TEXT = {"landline": "Festnetz", "mobile": "Mobilfunk"}
UNIT_TEXT = {"voice_min": "Minuten", "sms": "SMS", "data_mb": "Daten (MB)"}
ZONE_TEXT = {"de": "Deutschland", "eu": "Europa", "export": "Export", "world": "Welt"}
MINUTES = Decimal("0.01")


def is_usage_line(line: InvoiceLine) -> bool:
    """A usage line, or the credit that corrects one."""
    return line.kind == "usage" or line.corrects == "usage"


def totals(rated: list[Rated]) -> list[UsageTotal]:
    """The priced parts of rated records summed per subscription, month, group and price (the
    reference path's input to usage_dues; the columnar path computes the same directly)."""
    sums: dict[tuple, int] = defaultdict(int)
    for record in rated:
        for part in record.priced:
            if part.unit_price:
                key = (record.subscription, month_start(record.record.day), part.group,
                       part.unit_price, part.per)
                sums[key] += part.base
    return [UsageTotal(sub, month, group, price, Decimal(base) / per,
                       Decimal(base) * price / per)
            for (sub, month, group, price, per), base in sums.items()]


def usage_dues(account: Account, priced: list[UsageTotal], month: date) -> list[Due]:
    """The usage lines of one month from its priced usage."""
    out = []
    last, shown, ym = month_end(month), f"{month:%m.%Y}", f"{month:%Y-%m}"
    for part in sorted((p for p in priced if p.month == month), key=lambda p: str(
            (p.subscription, p.group, p.unit_price))):
        sub_id, group, price = part.subscription, part.group, part.unit_price
        quantity, amount = part.quantity, part.amount
        code = account.subscriptions[sub_id].state_on(last).product
        line = InvoiceLine(code, "usage", f"{_text(group)}, {shown}",
                           quantity.quantize(MINUTES), price, round_cents(amount), month, last,
                           account.offer.tax_rate(code), sub_id)
        key = f"usage:{sub_id}:{ym}:{':'.join(group)}:{price}"
        out.append(Due(key, sub_id, line))
    return out


@lru_cache(maxsize=1024)  # a handful of groups on every customer's invoice
def _text(group: tuple[str, ...]) -> str:
    if group[0] == "payg":
        zone = ZONE_TEXT.get(group[1], group[1].upper())
        return f"Verbindungen {zone} {KIND_TEXT.get(group[2], group[2])} (Minuten)"
    if group[0] == "overage":
        return f"Mehrverbrauch über den Pool: {UNIT_TEXT.get(group[1], group[1])}"
    return " ".join(group)
