"""Billed items: the record of what was billed (Kill Bill's invoice items). Reconciliation
compares what is due with these; the caller records the items of what it issues.

Two shapes share one record:
- a position item (recurring fee or discount): a rate, a period inside one month and a signed
  quantity; the billed position of a day is the sum of the items covering it;
- a lump item (one-time order, activation fees, device-plan charge, notice period): a key and a
  signed quantity and amount; what is billed under a key is the sum of its items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from kontor.domain.invoicing.lines import InvoiceLine


@dataclass(frozen=True)
class Rate:
    """A product at a monthly unit price: what a day's position counts."""

    product: str
    kind: str  # recurring | discount
    unit_price: Decimal
    label: str = ""  # the part of a charge model (a graduated tier); "" for a simple price
    version: int = 1  # catalog version the price comes from


@dataclass(frozen=True)
class BilledItem:
    """One thing billed. The store keeps it with the number of the invoice that carried it
    (none for a 0.00 line of an invoice that was not worth issuing)."""

    subscription: str | None
    key: str | None  # lump items: the charge key; position items: None
    rate: Rate | None  # position items: the rate; lump items: None
    product: str | None
    quantity: Decimal
    amount: Decimal
    first: date | None
    last: date | None
    catalog_version: int = 1


@dataclass(frozen=True)
class Proposal:
    """A line to put on the next invoice and the item that records it. `line` is None for an
    item recorded without a line (a correction that rounds to 0.00)."""

    issuer: str  # invoice number prefix of the issuing catalog
    line: InvoiceLine | None
    item: BilledItem


@dataclass(frozen=True)
class Cursor:
    """How far billing has looked at one subject (a subscription, the orders, a mark)."""

    settled_until: date
    seen: int  # changes of the subject that run had seen (a high-water mark: the mark itself)


class BilledView(Protocol):
    """What billing reads of what was billed for one customer."""

    def positions(self, subscription: str, month: date) -> list[BilledItem]: ...

    def lump(self, key: str) -> tuple[Decimal, Decimal]: ...  # quantity, amount

    def lump_keys(self, prefix: str) -> list[str]: ...  # keys billed that start with prefix

    def cursor(self, subject: str) -> Cursor | None: ...
