"""How an invoice line is stated in an e-invoice so that quantity × price / base quantity, rounded
to the cent, is the line amount (EN 16931 does not check it; Kontor's own check does):

- whole months and one-time charges: quantity × unit price (unit C62, "one");
- pro rata days of a month: (quantity × days) DAY at the monthly price per (days in month) DAY,
  e.g. 19 days of 10 licences at 6.50 in February: 190 DAY × 6.50 / 28 DAY = 44.107… -> 44.11;
- usage: minutes (MIN) × price per minute;
- anything else (a notice period over several months): 1 × the amount.

The item price (BT-146) must not be negative: a discount line becomes a negative quantity at a
positive price. A credit note (sign -1) negates every quantity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kontor.domain.calendar import days_in_month, span_days
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.money import round_cents

ONE, DAY, MINUTE = "C62", "DAY", "MIN"
TOLERANCE = Decimal("0.01")
PERIOD_TEXT = re.compile(
    r",\s*\d{2}\.\d{2}\.\d{4}(?:–\d{2}\.\d{2}\.\d{4})?(?:\s*\(\d+/\d+ Tage\))?$")


@dataclass(frozen=True)
class LineQuantity:
    name: str
    quantity: Decimal
    unit: str
    price: Decimal  # net price per `basis` units, never negative
    basis: Decimal
    amount: Decimal


def line_quantity(line: InvoiceLine, sign: Decimal = Decimal(1)) -> LineQuantity:
    name = PERIOD_TEXT.sub("", line.text) or line.text
    quantity, unit, price, basis = _stated(line)
    if price < 0:
        quantity, price = -quantity, -price
    return LineQuantity(name, quantity * sign, unit, price, basis, line.amount * sign)


def _stated(line: InvoiceLine) -> tuple[Decimal, str, Decimal, Decimal]:
    q, p, amount = line.quantity, line.unit_price, line.amount
    if p is None:
        return _lump(amount)
    if line.kind == "usage":
        unit = MINUTE if "Minuten" in line.text else ONE
        if abs(round_cents(q * p) - amount) <= TOLERANCE:
            return q, unit, p, Decimal(1)
        return _lump(amount)
    if q * p == amount:
        return q, ONE, p, Decimal(1)
    if line.first and line.last and (line.first.year, line.first.month) == (
            line.last.year, line.last.month):
        days, month = span_days(line.first, line.last), days_in_month(line.first)
        if round_cents(q * days * p / month) == amount:
            return q * days, DAY, p, Decimal(month)
    return _lump(amount)


def _lump(amount: Decimal) -> tuple[Decimal, str, Decimal, Decimal]:
    return (Decimal(-1) if amount < 0 else Decimal(1)), ONE, abs(amount), Decimal(1)


def arithmetic_holds(quantity: Decimal, price: Decimal, basis: Decimal, amount: Decimal) -> bool:
    """Kontor's own line check: quantity × price / basis, rounded half-up, within a cent."""
    return abs(round_cents(quantity * price / (basis or Decimal(1))) - amount) <= TOLERANCE
