"""Recurring fees: what a subscription makes due per day, and the lines that bring what was billed
in line with it (the in-advance month and the corrections of earlier months alike)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kontor.domain.calendar import (
    ONE_DAY,
    month_end,
    month_start,
    month_starts,
    next_month_start,
)
from kontor.domain.catalog import Charge, Offer, Product
from kontor.domain.contracts import State, Subscription
from kontor.domain.invoicing.lines import (
    InvoiceLine,
    monthly_share,
    period_text,
    pro_rata_amount,
)
from kontor.domain.money import ZERO, round_cents


@dataclass(frozen=True)
class Rate:
    """A product at a monthly unit price; a day's position is how many of each are due."""

    product: str
    kind: str  # recurring | discount
    unit_price: Decimal


FREE = Decimal("0.00")  # the price of a trial day
Position = Counter  # Rate -> quantity


@dataclass
class Ledger:
    """What was billed for each day of a subscription, and how far billing has looked."""

    days: dict[date, Position] = field(default_factory=dict)
    settled_until: date | None = None  # the last billing date reconciled
    changes_seen: int = 0  # how many of the subscription's changes that run had seen


def licences(state: State, product: Product) -> int:
    return max(state.quantity, product.included_licences)


def items(state: State, offer: Offer) -> list[tuple[Product, int]]:
    """Every product a state holds, with its quantity (fees, discounts, allowance carriers)."""
    main = offer.product(state.product)
    out: list[tuple[Product, int]] = []
    if main.included_licences:
        out.append((main, 1))
        if main.extra_licence_product:
            extra = offer.product(main.extra_licence_product)
            out.append((extra, max(0, state.quantity - main.included_licences)))
    else:
        out.append((main, state.quantity))
    out += [(offer.product(code), blocks) for code, blocks in state.pools]
    for code in state.options:
        option = offer.product(code)
        out.append((option, licences(state, main) if option.per_licence else 1))
    if state.aio and main.aio_discount:
        out.append((offer.product(main.aio_discount), 1))
    return [(p, q) for p, q in out if q > 0]


def position(sub: Subscription, day: date, offer: Offer, state: State | None = None) -> Position:
    """What is due for `day` (as a monthly rate); empty when the day is not billed."""
    if state is None:
        if not sub.billed_on(day):
            return Counter()
        state = sub.state_on(day)
    free = sub.in_trial(day)
    due: Position = Counter()
    for product, quantity in items(state, offer):
        if product.charge is Charge.RECURRING:
            price = FREE if free else product.unit_price(quantity, sub.combined_with)
            due[Rate(product.code, "recurring", price)] += quantity
        elif product.charge is Charge.DISCOUNT:
            due[Rate(product.code, "discount", FREE if free else -product.price)] += quantity
    return due


def _line(rate: Rate, delta: int, first: date, last: date, offer: Offer) -> InvoiceLine:
    kind = rate.kind if rate.kind == "discount" else ("recurring" if delta > 0 else "credit")
    name = offer.product(rate.product).name
    prefix = "Gutschrift " if kind == "credit" else ""
    return InvoiceLine(
        rate.product, kind, f"{prefix}{name}, {period_text(first, last)}", Decimal(delta),
        rate.unit_price, pro_rata_amount(Decimal(delta), rate.unit_price, first, last),
        first, last, offer.tax_rate(rate.product))


@dataclass
class _Run:
    first: date
    last: date
    delta: int
    fresh: bool  # nothing at all had been billed for these days before


def _runs(sub: Subscription, offer: Offer, ledger: Ledger, first: date
          ) -> list[tuple[Rate, _Run]]:
    """Per rate, the consecutive days of one month with the same difference between due and
    billed; the days are recorded as billed."""
    runs: dict[Rate, list[_Run]] = {}
    day = first
    while day <= month_end(first):
        due = position(sub, day, offer)
        billed = ledger.days.get(day, Counter())
        for rate in due.keys() | billed.keys():
            delta = due[rate] - billed[rate]
            if not delta:
                continue
            fresh = not billed
            mine = runs.setdefault(rate, [])
            last = mine[-1] if mine else None
            if last and last.last + ONE_DAY == day and (last.delta, last.fresh) == (delta, fresh):
                last.last = day
            else:
                mine.append(_Run(day, day, delta, fresh))
        if due != billed:
            ledger.days[day] = due
        day += ONE_DAY
    return [(rate, run) for rate, rate_runs in runs.items() for run in rate_runs]


def reconcile(sub: Subscription, offer: Offer, ledger: Ledger, billing_date: date
              ) -> list[InvoiceLine]:
    """Lines that make the billed days equal to what is due, for every month up to the one
    starting on `billing_date`; records them in `ledger`. A second run returns nothing.

    A line of 0.00 is shown only for a free product billed for the first time (a Try&Buy pool,
    the O2 Unite contract itself), never as a correction."""
    lines = []
    for first in month_starts(_first_month(sub, ledger), billing_date):
        for rate, run in sorted(_runs(sub, offer, ledger, first), key=_line_order):
            line = _line(rate, run.delta, run.first, run.last, offer)
            if line.amount or (run.fresh and run.delta > 0 and rate.unit_price == 0):
                lines.append(line)
    if ledger.settled_until is None or billing_date > ledger.settled_until:
        ledger.settled_until = billing_date
    ledger.changes_seen = len(sub.touched)
    return lines


def _first_month(sub: Subscription, ledger: Ledger) -> date:
    """The first month that can differ from what was billed: the month after the last one billed
    in advance, or the month of the earliest change since — so a run costs the same for a
    subscription of ten years as for one of ten days."""
    if ledger.settled_until is None:
        return month_start(sub.start)
    first = next_month_start(ledger.settled_until)
    for day in sub.touched[ledger.changes_seen:]:
        first = min(first, month_start(day))
    return max(first, month_start(sub.start))


def _line_order(item: tuple[Rate, _Run]) -> tuple:
    rate, run = item
    return (run.first, rate.kind == "discount", run.delta > 0, rate.product)


def notice_period_lines(sub: Subscription, offer: Offer) -> list[InvoiceLine]:
    """After an immediate cancellation with the notice period billed: one line per product."""
    charge = sub.notice_charge
    if charge is None:
        return []
    lines = []
    for rate, quantity in position(sub, charge.first, offer, state=charge.state).items():
        total = ZERO
        for first in month_starts(month_start(charge.first), charge.last):
            start, last = max(first, charge.first), min(month_end(first), charge.last)
            total += monthly_share(quantity * rate.unit_price, start, last)
        kind = rate.kind
        name = offer.product(rate.product).name
        lines.append(InvoiceLine(
            rate.product, kind, f"{name}, Kündigungsfrist {period_text(charge.first, charge.last)}",
            Decimal(quantity), rate.unit_price, round_cents(total), charge.first, charge.last,
            offer.tax_rate(rate.product)))
    return lines

