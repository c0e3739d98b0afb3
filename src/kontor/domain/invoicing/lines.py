"""Invoice lines: what one line says, and how its amount is made (rounded once, here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from kontor.domain.calendar import days_in_month, span_days
from kontor.domain.money import round_cents


@dataclass(frozen=True)
class InvoiceLine:
    product: str | None
    kind: str
    text: str
    quantity: Decimal
    unit_price: Decimal | None
    amount: Decimal
    first: date | None
    last: date | None
    tax_rate: Decimal
    subscription: str | None = None  # the subscription a line bills (None: customer-wide)
    corrects: str | None = None  # a credit: the kind of line it corrects (usage, recurring, …)


def products_of_several_subscriptions(
        lines: Iterable[tuple[str | None, str | None]]) -> frozenset[str]:
    """The products an invoice bills for more than one subscription, from its lines' (product,
    subscription): only on their lines does a reader need the subscription to tell them apart
    (the PDF and the CLI tables show it there, and nowhere else)."""
    seen: dict[str, set[str]] = {}
    for product, subscription in lines:
        if product is not None and subscription is not None:
            seen.setdefault(product, set()).add(subscription)
    return frozenset(product for product, subs in seen.items() if len(subs) > 1)


@lru_cache(maxsize=4096)  # a billing run shows the same few periods on thousands of lines
def period_text(first: date, last: date) -> str:
    span = f"{first:%d.%m.%Y}–{last:%d.%m.%Y}" if first != last else f"{first:%d.%m.%Y}"
    whole_months = first.day == 1 and last.day == days_in_month(last)
    if whole_months or (first.year, first.month) != (last.year, last.month):
        return span
    return f"{span} ({span_days(first, last)}/{days_in_month(first)} Tage)"


def months_text(first: date, last: date) -> str:
    """How many months a span of whole months holds ("3 Monate"), so that a line billing
    several months at a monthly price adds up for its reader; "" for another span."""
    if first.day != 1 or last.day != days_in_month(last):
        return ""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return "1 Monat" if months == 1 else f"{months} Monate"


def pro_rata_amount(quantity: Decimal, unit_price: Decimal, first: date, last: date) -> Decimal:
    """quantity × monthly price × days/days in month, rounded once."""
    return round_cents(monthly_share(quantity * unit_price, first, last))


def monthly_share(monthly: Decimal, first: date, last: date) -> Decimal:
    """The part of a monthly amount due for first..last, unrounded; divides last, so exact."""
    return monthly * span_days(first, last) / days_in_month(first)
