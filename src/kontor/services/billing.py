"""Billing of one customer on one billing date: draft (pure), then issue in a short unit of
work that takes the invoice numbers and records the billed items. The billing run
(services/billing_run.py) drafts many customers at once and issues them in the same way."""

from __future__ import annotations

from datetime import date

from kontor.domain.account import Account
from kontor.domain.calendar import next_month_start
from kontor.domain.errors import Refused
from kontor.domain.invoicing.draft import Draft, draft, issue
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.items import BilledView, Cursor
from kontor.services.devices import report_orphans
from kontor.services.effects import Effects
from kontor.services.unit_of_work import UnitOfWork


def preview(uow: UnitOfWork, customer_id: str, billing_date: date) -> Draft:
    """The next invoice as it would be drafted now; nothing is recorded."""
    with uow:
        account = uow.accounts.get(customer_id)
        return draft(account, uow.billing.view(customer_id), billing_date,
                     uow.usage.frame(customer_id))


def preview_invoices(uow: UnitOfWork, customer_id: str, billing_date: date) -> list[Invoice]:
    """The invoices a billing run on `billing_date` would issue now, without numbers (""):
    nothing is recorded and no number is taken. Only the 1st of a month is a billing date;
    a date the customer was billed for already (or a later one was) issues nothing."""
    if billing_date.day != 1:
        raise Refused("invalid_event", "not_a_billing_date", day=billing_date,
                      first=next_month_start(billing_date))
    with uow:
        done = billed_until(uow.billing.view(customer_id))
        uow.accounts.get(customer_id)  # refused if there is no such customer
    if done is not None and done >= billing_date:
        return []  # a billing run skips this customer for the date (it is idempotent)
    proposal = preview(uow, customer_id, billing_date)
    with uow:
        catalogs = uow.accounts.get(customer_id).offer.catalogs
    return list(issue(proposal, catalogs, lambda prefix: "").invoices)


def run_billing(uow: UnitOfWork, customer_id: str, billing_date: date) -> list[Invoice]:
    """Bill one date: one invoice per issuer with a non-zero line. A second run for the same
    date issues nothing and adds no notice."""
    with uow:
        account = uow.accounts.get(customer_id)
        billed = uow.billing.view(customer_id)
        proposal = draft(account, billed, billing_date, uow.usage.frame(customer_id))
        invoices = issue_draft(uow, account, billed, proposal)
        uow.commit()
    return invoices


def issue_draft(uow: UnitOfWork, account: Account, billed: BilledView, proposal: Draft
                ) -> list[Invoice]:
    """Inside a unit of work: number the draft's invoices, record its items and cursors (and
    the run mark of its date), and the notices of the run. The caller commits."""
    customer_id, billing_date = account.customer.id, proposal.billing_date
    run = billed.cursor("run")
    issued = issue(proposal, account.offer.catalogs, uow.billing.next_number)
    uow.billing.record(customer_id, issued.items,
                       [*proposal.cursors, ("run", _run_cursor(run, billing_date))])
    for invoice in issued.invoices:
        uow.billing.add_invoice(invoice)
    if run is None or billing_date > run.settled_until:
        fx = Effects()
        report_orphans(account, billing_date, fx)
        uow.journal.add(customer_id, fx.notices, (), ())
    return list(issued.invoices)


def billed_until(billed: BilledView) -> date | None:
    """The last billing date a customer was billed for (None: never)."""
    run = billed.cursor("run")
    return run.settled_until if run is not None else None


def _run_cursor(run: Cursor | None, billing_date: date) -> Cursor:
    if run is not None and run.settled_until > billing_date:
        return run
    return Cursor(billing_date, 0)
