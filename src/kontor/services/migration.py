"""Taking a subscription over from another system (`kontor subscriptions import` with
`billed_until`): the subscription is booked with its true start (terms and notice periods count
from it), and what the previous system billed up to `billed_until` is recorded as billed, without
an invoice — worked out by the same draft a billing run makes, so the first Kontor invoice bills
from the day after, and a later change corrects those months like any billed month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from kontor.domain.invoicing.draft import Draft, draft
from kontor.domain.invoicing.items import BilledItem
from kontor.services import commands as c
from kontor.services.contracts import subscribe
from kontor.services.effects import Effects, keep
from kontor.services.unit_of_work import UnitOfWork


def take_over(uow: UnitOfWork, customer_id: str, cmd: c.Subscribe, billed_until: date) -> Effects:
    """Book `cmd` and record as billed by the previous system what booking it made due up to
    `billed_until` (a month's last day): its own fees, what it adds to other subscriptions'
    fees (a per-user option billed for its licences on a base package) and the activation fees
    of its licences — the difference between the drafts without and with it, so what was due
    anyway stays due. In one unit of work (a refusal changes nothing)."""
    with uow:
        account = uow.accounts.get(customer_id)
        billed = uow.billing.view(customer_id)
        before = draft(account, billed, billed_until)
        fx = Effects()
        subscribe(account, cmd, fx)
        after = draft(account, billed, billed_until)
        ours = f"sub:{cmd.id}"
        cursors = [(s, k) for s, k in after.cursors if s == ours or s.startswith("hwm:")]
        uow.billing.record(customer_id, [(None, item) for item in _caused(before, after)],
                           cursors)
        fx.notify(cmd.day, "billing_taken_over", subscription=cmd.id, billed_until=billed_until)
        keep(uow, customer_id, fx)
        uow.commit()
    return fx


def _caused(before: Draft, after: Draft) -> list[BilledItem]:
    """The items of `after` less those of `before`, per subscription, charge, rate and days
    (quantities and amounts subtracted)."""
    totals: dict[tuple, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for sign, items in ((1, _items(after)), (-1, _items(before))):
        for item in items:
            entry = totals[(item.subscription, item.key, item.rate, item.product, item.first,
                            item.last, item.catalog_version)]
            entry[0] += sign * item.quantity
            entry[1] += sign * item.amount
    return [BilledItem(sub, key, rate, product, quantity, amount, first, last, version)
            for (sub, key, rate, product, first, last, version), (quantity, amount)
            in totals.items() if quantity or amount]


def _items(proposal: Draft) -> Iterable[BilledItem]:
    return (p.item for p in proposal.proposals)
