"""The itemised call lists (Einzelverbindungsnachweis) of a customer's invoices, read from a
unit of work: the one path for `kontor simulate --documents`, `kontor invoices export` and
the demo's documents. The rules are in domain/invoicing/call_list.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from kontor.adapters.numbering.display import readable
from kontor.domain.account import CallList
from kontor.domain.invoicing.call_list import ItemisedCalls, Listing, itemise, usage_months
from kontor.domain.invoicing.draft import usage_until
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.rating.customer import rate_customer
from kontor.domain.usage import Rated
from kontor.services.unit_of_work import UnitOfWork
from kontor.services.usage import timezone_of


def call_lists(uow: UnitOfWork, customer_id: str, invoices: Sequence[Invoice] | None = None,
               choice: CallList | None = None) -> dict[str, ItemisedCalls]:
    """Invoice number -> its call list, for those of `invoices` (None: every invoice of the
    customer) that bill calls, SMS or data. `choice` overrides the customer's (none, full,
    masked); with none, or a customer who chose none, there is no list."""
    with uow:
        account = uow.accounts.get(customer_id)
        every = uow.billing.invoices(customer_id)
        choice = choice or account.customer.call_list
        if choice is CallList.NONE:
            return {}
        records = uow.usage.records(customer_id)
    listing = Listing(choice, ZoneInfo(timezone_of(account.customer.country)), readable)
    rated: dict[date, list[Rated]] = {}  # by the last day rated: one rating per billing month
    out = {}
    for invoice in every if invoices is None else invoices:
        until = usage_until(invoice.issued_on)
        if until not in rated:
            rated[until] = rate_customer(account, [r for r in records if r.day <= until],
                                         until).rated
        calls = itemise(account, rated[until], invoice, usage_months(invoice, every), listing)
        if calls.months:
            out[invoice.number] = calls
    return out
