"""Money: Decimal amounts, one rounding policy, VAT and Swiss cash rounding."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
FIVE_RAPPEN = Decimal("0.05")
ZERO = Decimal("0")


class Currency(StrEnum):
    EUR = "EUR"
    CHF = "CHF"


class PriceBasis(StrEnum):
    NET = "net"  # prices exclude VAT (German offers)
    GROSS = "gross"  # prices include VAT (Swiss offer)


def to_decimal(value: object) -> Decimal:
    """Read a money or quantity value without ever passing through float."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (bool, float)):
        raise TypeError(f"refusing {type(value).__name__} {value!r} as a decimal")
    return Decimal(str(value))


def round_cents(amount: Decimal) -> Decimal:
    """The one rounding of a line: half-up (kaufmännisch) to 0.01."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def cash_round(amount: Decimal, step: Decimal = FIVE_RAPPEN) -> Decimal:
    """Round a payable amount to the smallest coin (0.05 CHF), half-up."""
    units = (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (units * step).quantize(CENT)


@dataclass(frozen=True)
class TaxLine:
    rate: Decimal  # percent, e.g. 19 or 8.1
    base: Decimal  # the net amount the tax is computed on
    tax: Decimal


@dataclass(frozen=True)
class InvoiceTotals:
    net: Decimal
    taxes: tuple[TaxLine, ...]
    gross: Decimal
    rounding: Decimal
    payable: Decimal


def invoice_totals(
    amounts_by_rate: dict[Decimal, Decimal], basis: PriceBasis, cash_step: Decimal | None
) -> InvoiceTotals:
    """Totals of an invoice from its (already rounded) line amounts summed per tax rate.

    Net basis: tax = rate × net per rate, half-up. Gross basis: the tax contained is
    gross − gross / (1 + rate), half-up, on the total per rate. The payable is the gross,
    cash-rounded when the currency has a cash step.
    """
    taxes = []
    for rate, total in sorted(amounts_by_rate.items()):
        if basis is PriceBasis.NET:
            tax = round_cents(total * rate / 100)
            taxes.append(TaxLine(rate, total, tax))
        else:
            tax = round_cents(total - total / (1 + rate / 100))
            taxes.append(TaxLine(rate, total - tax, tax))
    line_sum = sum(amounts_by_rate.values(), ZERO)
    tax_sum = sum((t.tax for t in taxes), ZERO)
    net, gross = (line_sum, line_sum + tax_sum) if basis is PriceBasis.NET else (
        line_sum - tax_sum, line_sum)
    payable = cash_round(gross, cash_step) if cash_step else gross
    return InvoiceTotals(net, tuple(taxes), gross, payable - gross, payable)
