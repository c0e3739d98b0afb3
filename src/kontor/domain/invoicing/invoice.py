"""An invoice: its lines, taxes, Swiss cash rounding and its number."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kontor.domain.catalog import Catalog
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.money import FIVE_RAPPEN, ZERO, Currency, InvoiceTotals, invoice_totals


@dataclass(frozen=True)
class Invoice:
    number: str
    customer: str
    issued_on: date
    currency: Currency
    lines: tuple[InvoiceLine, ...]
    totals: InvoiceTotals


def worth_issuing(lines: list[InvoiceLine]) -> bool:
    """An invoice is issued only when at least one line has a non-zero amount."""
    return any(line.amount for line in lines)


def compose(lines: list[InvoiceLine], catalog: Catalog, customer: str, issued_on: date,
            number: str) -> Invoice:
    """The invoice of one issuer (its catalog gives currency and price basis)."""
    by_rate: dict[Decimal, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        by_rate[line.tax_rate] += line.amount
    step = FIVE_RAPPEN if catalog.currency is Currency.CHF else None
    totals = invoice_totals(dict(by_rate), catalog.basis, step)
    all_lines = list(lines)
    if totals.rounding:
        all_lines.append(InvoiceLine(
            None, "rounding", "Rundungsdifferenz (Rappenrundung)", Decimal(1), totals.rounding,
            totals.rounding, None, None, ZERO))
    return Invoice(number, customer, issued_on, catalog.currency, tuple(all_lines), totals)
