"""Units of work: services change an account and append to the collections beside it only
inside one, and only an explicit commit keeps the change; a refused command rolls back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

import polars as pl

from kontor.domain.account import Account, AuditRecord, Notice
from kontor.domain.agreements import PurchaseAgreement
from kontor.domain.catalog import Catalog, Offer
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.items import BilledItem, BilledView, Cursor
from kontor.domain.outgoing import Message, Queued
from kontor.domain.usage import UsageRecord
from kontor.services.access import ApiKey


class AccountRepository(Protocol):
    def get(self, customer_id: str) -> Account: ...  # Refused("unknown_customer") if none

    def add(self, account: Account) -> None: ...  # Refused("customer_exists") if taken

    def ids(self) -> list[str]: ...  # every customer id, sorted

    def preload(self, ids: list[str]) -> None: ...  # read many at once (a billing batch)

    def adopt(self, account: Account) -> None: ...  # one read by an earlier unit of work


class BillingRepository(Protocol):
    """Billed items, cursors and invoices of every customer; numbers per issuer."""

    def view(self, customer_id: str) -> BilledView: ...

    def record(self, customer_id: str, items: Iterable[tuple[str | None, BilledItem]],
               cursors: Iterable[tuple[str, Cursor]]) -> None: ...

    def add_invoice(self, invoice: Invoice) -> None: ...

    def invoices(self, customer_id: str) -> list[Invoice]: ...

    def invoice(self, number: str) -> Invoice | None: ...

    def due(self, billing_date: date) -> list[str]: ...  # not billed for that date, sorted

    def summary(self, issued_on: date) -> dict[str, tuple[int, Decimal]]: ...  # per currency

    def views(self, ids: list[str]) -> dict[str, BilledView]: ...  # many customers at once

    def adopt(self, customer_id: str, view: BilledView) -> None: ...  # read earlier

    def next_number(self, prefix: str) -> str: ...

    def defer_numbers(self) -> None: ...  # real numbers taken when written (a chunk)


class Journal(Protocol):
    """Append-only: notices, audit records and agreements per customer."""

    def add(self, customer_id: str, notices: Iterable[Notice], audit: Iterable[AuditRecord],
            agreements: Iterable[PurchaseAgreement]) -> None: ...

    def notices(self, customer_id: str) -> list[Notice]: ...

    def audit(self, customer_id: str) -> list[AuditRecord]: ...

    def agreements(self, customer_id: str) -> list[PurchaseAgreement]: ...


class UsageRepository(Protocol):
    """Accepted usage records per customer, record ids seen per source, quarantine, reports."""

    def frame(self, customer_id: str) -> pl.DataFrame: ...  # accepted records, as they came

    def records(self, customer_id: str) -> list[UsageRecord]: ...  # the same, as objects

    def frames(self, ids: list[str]) -> dict[str, pl.DataFrame]: ...  # many customers at once

    def seen(self, customer_id: str, source: str, ids: pl.Series) -> pl.Series: ...

    def add(self, customer_id: str, source: str, records: pl.DataFrame) -> None: ...

    def add_quarantine(self, customer_id: str, entries: list) -> None: ...

    def add_report(self, customer_id: str, report: object) -> None: ...

    def quarantine(self, customer_id: str) -> list: ...  # QuarantineEntry, oldest first

    def reports(self, customer_id: str) -> list: ...  # ImportReport, oldest first


class CatalogRepository(Protocol):
    """The catalogs customers buy from, every version of each (a catalog's name and version
    identify it; its YAML text is kept as loaded)."""

    def add(self, catalog: Catalog, source: str) -> None: ...

    def offer(self, names: Sequence[str]) -> Offer: ...  # Refused("unknown_catalog")

    def names(self) -> list[str]: ...


class KeyRepository(Protocol):
    """API keys, kept as a digest of the secret only."""

    def add(self, key: ApiKey) -> None: ...

    def find(self, digest: str) -> ApiKey | None: ...  # revoked keys too

    def all(self) -> list[ApiKey]: ...  # oldest first

    def revoke(self, key_id: str, when: datetime) -> None: ...


class Outbox(Protocol):
    """Messages to customers, written with what caused them and sent by services/notify.py."""

    def add(self, messages: Iterable[Message]) -> None: ...  # a key already there: skipped

    def pending(self, limit: int, stale: datetime) -> list[Queued]: ...  # unsent, unclaimed

    def claim(self, message_id: int, now: datetime, stale: datetime) -> bool: ...

    def sent(self, message_id: int, now: datetime) -> None: ...

    def failed(self, message_id: int, error: str) -> None: ...  # stays pending

    def of(self, customer_id: str | None = None) -> list[Queued]: ...  # oldest first


class Store(Protocol):
    """A database: hands out units of work; says which failures a retry may cure."""

    def uow(self, write: bool = True) -> UnitOfWork: ...  # write=False: reads only

    def retryable(self, exc: BaseException) -> bool: ...


class UnitOfWork(Protocol):
    accounts: AccountRepository
    billing: BillingRepository
    journal: Journal
    usage: UsageRepository
    keys: KeyRepository
    catalogs: CatalogRepository
    outbox: Outbox

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


