"""Taking a subscription over from another system (`kontor subscriptions import` with
`billed_until`): the subscription is booked with its true start (terms and notice periods count
from it), and what the previous system billed up to `billed_until` is recorded as billed, without
an invoice — worked out by the same draft a billing run makes, so the first Kontor invoice bills
from the day after, and a later change corrects those months like any billed month."""

from __future__ import annotations

from datetime import date

from kontor.domain.invoicing.draft import draft
from kontor.services import commands as c
from kontor.services.contracts import subscribe
from kontor.services.effects import Effects, keep
from kontor.services.unit_of_work import UnitOfWork


def take_over(uow: UnitOfWork, customer_id: str, cmd: c.Subscribe, billed_until: date) -> Effects:
    """Book `cmd` and record its fees up to `billed_until` (a month's last day) as billed by
    the previous system, with the activation fees of the licences running by then; in one unit
    of work (a refusal changes nothing)."""
    with uow:
        account = uow.accounts.get(customer_id)
        fx = Effects()
        subscribe(account, cmd, fx)
        billed = uow.billing.view(customer_id)
        done = draft(account, billed, billed_until)
        ours = f"sub:{cmd.id}"
        items = [(None, p.item) for p in done.proposals
                 if p.item.subscription == cmd.id
                 or (p.item.key or "").startswith("hwm:")]  # the previous system charged these
        cursors = [(s, k) for s, k in done.cursors if s == ours or s.startswith("hwm:")]
        uow.billing.record(customer_id, items, cursors)
        fx.notify(cmd.day, "billing_taken_over", subscription=cmd.id, billed_until=billed_until)
        keep(uow, customer_id, fx)
        uow.commit()
    return fx
