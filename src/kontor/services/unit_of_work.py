"""Units of work: services change an account and append to the collections beside it only
inside one, and only an explicit commit keeps the change; a refused command rolls back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import polars as pl

from kontor.domain.account import Account, AuditRecord, Notice
from kontor.domain.agreements import PurchaseAgreement
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.items import BilledItem, BilledView, Cursor
from kontor.domain.usage import UsageRecord


class AccountRepository(Protocol):
    def get(self, customer_id: str) -> Account: ...

    def add(self, account: Account) -> None: ...


class BillingRepository(Protocol):
    """Billed items, cursors and invoices of every customer; numbers per issuer."""

    def view(self, customer_id: str) -> BilledView: ...

    def record(self, customer_id: str, items: Iterable[tuple[str | None, BilledItem]],
               cursors: Iterable[tuple[str, Cursor]]) -> None: ...

    def add_invoice(self, invoice: Invoice) -> None: ...

    def invoices(self, customer_id: str) -> list[Invoice]: ...

    def next_number(self, prefix: str) -> str: ...


class Journal(Protocol):
    """Append-only: notices, audit records and agreements per customer."""

    def add(self, customer_id: str, notices: Iterable[Notice], audit: Iterable[AuditRecord],
            agreements: Iterable[PurchaseAgreement]) -> None: ...

    def notices(self, customer_id: str) -> list[Notice]: ...


class UsageRepository(Protocol):
    """Accepted usage records per customer, record ids seen per source, quarantine, reports."""

    def frame(self, customer_id: str) -> pl.DataFrame: ...  # accepted records, as they came

    def records(self, customer_id: str) -> list[UsageRecord]: ...  # the same, as objects

    def seen(self, customer_id: str, source: str, ids: pl.Series) -> pl.Series: ...

    def add(self, customer_id: str, source: str, records: pl.DataFrame) -> None: ...

    def add_quarantine(self, customer_id: str, entries: list) -> None: ...

    def add_report(self, customer_id: str, report: object) -> None: ...


class UnitOfWork(Protocol):
    accounts: AccountRepository
    billing: BillingRepository
    journal: Journal
    usage: UsageRepository

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


