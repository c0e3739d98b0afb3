"""A customer in an in-memory store, driven like a scenario: the tests' way to run commands
and billing dates through the same services as `kontor simulate`."""

from __future__ import annotations

from datetime import date

from kontor.adapters.catalog_yaml import load_catalog, resolve
from kontor.adapters.memory import MemoryUnitOfWork
from kontor.domain.account import Account, Customer
from kontor.domain.catalog import Offer
from kontor.domain.errors import Refused
from kontor.domain.invoicing.invoice import Invoice
from kontor.services.billing import run_billing
from kontor.services.commands import from_event
from kontor.services.handlers import execute


def offer(*names: str) -> Offer:
    return Offer(tuple(load_catalog(resolve(name)) for name in names))


class Book:
    def __init__(self, catalog: Offer, country: str = "DE", region: str | None = "BY") -> None:
        self.uow = MemoryUnitOfWork()
        self.customer = Customer("c", "C", country, region)
        self.uow.accounts.add(Account(self.customer, catalog))

    @property
    def account(self) -> Account:
        return self.uow.accounts.get("c")

    def do(self, day: date, do: str, **fields) -> Refused | None:
        """Apply one event; returns the refusal, if a rule refused it."""
        try:
            execute(self.uow, "c", from_event(day, do, fields))
        except Refused as refusal:
            return refusal
        return None

    def bill(self, day: date) -> list[Invoice]:
        return run_billing(self.uow, "c", day)

    @property
    def invoices(self) -> list[Invoice]:
        return self.uow.billing.invoices("c")

    def billed(self, product: str | None = None) -> list:
        return [line for inv in self.invoices for line in inv.lines
                if product is None or line.product == product]
