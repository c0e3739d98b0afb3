"""What a document says, gathered once from the invoice, its issuer and the customer: the PDF,
the e-invoice XML and the QR-bill all read this (no rule is decided twice)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from kontor.domain.account import Customer
from kontor.domain.catalog import Catalog, Issuer
from kontor.domain.invoicing.call_list import ItemisedCalls
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.lines import InvoiceLine, products_of_several_subscriptions
from kontor.domain.money import ZERO, Currency, PriceBasis

POSTCODE_CITY = re.compile(r"^(?:[A-Z]{1,2}-)?(\d{4,5})\s+(.+)$")
MONTH_SUFFIX = re.compile(r",\s*\d{2}\.\d{4}$")


class DocumentError(ValueError):
    """A document cannot be made from what is known (no issuer for an invoice number, …)."""


@dataclass(frozen=True)
class Postal:
    """A postal address split as e-invoices want it: street lines, postcode, city, country."""

    street: tuple[str, ...]
    postcode: str
    city: str
    country: str

    @property
    def complete(self) -> bool:
        return bool(self.postcode and self.city)


def postal(lines: Iterable[str], country: str) -> Postal:
    """The last line that reads "postcode city" (80331 München, CH-8005 Zürich) gives postcode
    and city; the lines before it are the street lines. Without one, every line is a street
    line and postcode and city are empty."""
    lines = [line.strip() for line in lines if line and line.strip()]
    if lines and (match := POSTCODE_CITY.match(lines[-1])):
        return Postal(tuple(lines[:-1]), match.group(1), match.group(2), country)
    return Postal(tuple(lines), "", "", country)


@dataclass(frozen=True)
class UsageSum:
    """Usage of one zone and service on an invoice, over all its months and subscriptions."""

    service: str
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    invoice: Invoice
    issuer: Issuer
    customer: Customer
    basis: PriceBasis
    lang: str = "de"
    preceding: tuple[tuple[str, date], ...] = ()  # invoices this one corrects, oldest first
    sites: Mapping[str, str] = field(default_factory=dict)  # subscription -> its site
    calls: ItemisedCalls | None = None  # the itemised call list, when the customer wants one

    @property
    def currency(self) -> str:
        return self.invoice.currency.value

    @property
    def swiss(self) -> bool:
        return self.invoice.currency is Currency.CHF

    @property
    def credit_note(self) -> bool:
        """An invoice whose total is negative is a credit note (Gutschrift, type 381)."""
        return self.invoice.totals.gross < 0

    @property
    def lines(self) -> tuple[InvoiceLine, ...]:
        """The lines without the rounding line (the totals show the rounding once)."""
        return tuple(line for line in self.invoice.lines if line.kind != "rounding")

    @property
    def period(self) -> tuple[date, date]:
        """The service period: from the earliest to the latest day of any line."""
        firsts = [line.first for line in self.lines if line.first]
        lasts = [line.last for line in self.lines if line.last]
        if not firsts:
            return self.invoice.issued_on, self.invoice.issued_on
        return min(firsts), max(lasts)

    @property
    def due_on(self) -> date:
        return self.invoice.issued_on + timedelta(days=self.issuer.payment_days)

    @property
    def seller_address(self) -> Postal:
        return postal(self.issuer.address_lines, self.issuer.country)

    @property
    def buyer_address(self) -> Postal:
        return postal(self.customer.address, self.customer.country)

    @cached_property
    def _several(self) -> frozenset[str]:
        return products_of_several_subscriptions((x.product, x.subscription) for x in self.lines)

    def line_subscription(self, line: InvoiceLine) -> tuple[str, str | None] | None:
        """(subscription, site) to show under a line: only where the invoice bills the line's
        product for more than one subscription."""
        if line.subscription is None or line.product not in self._several:
            return None
        return line.subscription, self.sites.get(line.subscription)

    def usage(self) -> list[UsageSum]:
        """Usage lines summed per zone and service (the month left out of the text)."""
        sums: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        for line in self.lines:
            if line.kind == "usage":
                entry = sums[MONTH_SUFFIX.sub("", line.text)]
                entry[0] += line.quantity
                entry[1] += line.amount
        return [UsageSum(service, q, a) for service, (q, a) in sums.items()]


def issuer_of(invoice: Invoice, catalogs: Iterable[Catalog]) -> Catalog:
    """The catalog whose issuer numbered the invoice (numbers are PREFIX-000001)."""
    prefix = invoice.number.rsplit("-", 1)[0]
    for catalog in catalogs:
        if catalog.issuer.prefix == prefix:
            return catalog
    raise DocumentError(f"no catalog issues invoices numbered {invoice.number}")


def corrected(invoice: Invoice, earlier: Iterable[Invoice]) -> tuple[tuple[str, date], ...]:
    """The earlier invoices of the same issuer that a credit line of `invoice` corrects: those
    with a charge of the same product for a day the credit covers."""
    prefix = invoice.number.rsplit("-", 1)[0]
    credits = [line for line in invoice.lines if line.amount < 0 and line.first and line.last
               and line.kind not in ("discount", "rounding")]
    found = []
    for other in earlier:
        if other.number == invoice.number or other.issued_on > invoice.issued_on or (
                other.number.rsplit("-", 1)[0] != prefix):
            continue
        if any(_overlaps(credit, line) for credit in credits for line in other.lines):
            found.append((other.number, other.issued_on))
    return tuple(sorted(found, key=lambda found: (found[1], found[0])))


def _overlaps(credit: InvoiceLine, charge: InvoiceLine) -> bool:
    return (charge.product == credit.product and charge.amount > 0 and charge.first is not None
            and charge.last is not None and charge.first <= credit.last  # type: ignore[operator]
            and credit.first <= charge.last)  # type: ignore[operator]


def invoice_document(invoice: Invoice, catalogs: Iterable[Catalog], customer: Customer,
                     lang: str | None = None, earlier: Iterable[Invoice] = (), *,
                     sites: Mapping[str, str] | None = None,
                     calls: ItemisedCalls | None = None) -> InvoiceDocument:
    """The document of an invoice; its language is the customer's unless `lang` is given;
    `earlier` invoices of the customer give the invoices it corrects; `sites` the site of
    each subscription that has one (shown with the subscription on a line); `calls` its
    itemised call list (services/call_list.py), if the customer gets one."""
    catalog = issuer_of(invoice, catalogs)
    return InvoiceDocument(invoice, catalog.issuer, customer, catalog.basis,
                           lang or customer.language or "de", corrected(invoice, earlier),
                           sites or {}, calls)
