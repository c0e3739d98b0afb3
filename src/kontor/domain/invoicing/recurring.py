"""Recurring fees and discounts: what a subscription makes due, period by period, and the lines
that bring what was billed for a month in line with it (the in-advance month and the
corrections of earlier months alike). Pure: it reads billed items and returns proposals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kontor.domain.calendar import ONE_DAY, month_end, month_start, month_starts, next_month_start
from kontor.domain.catalog import Charge, Offer, Product
from kontor.domain.contracts import Segment, State, Subscription
from kontor.domain.invoicing.items import BilledItem, BilledView, Cursor, Proposal, Rate
from kontor.domain.invoicing.lines import InvoiceLine, period_text, pro_rata_amount

FREE = Decimal("0.00")  # the price of a trial day
Position = Counter  # Rate -> quantity
PerUser = tuple[tuple[str, int], ...]  # per-user option -> licences it is billed for
Licences = Callable[[Subscription, date], PerUser]  # a subscription's on a day
LINE_MEMO = 50_000  # lines kept per offer (Context.line)


def items(state: State, offer: Offer, day: date | None = None,
          licences: PerUser | None = None) -> list[tuple[Product, int]]:
    """Every product a state holds, with its quantity (fees, discounts, allowance carriers).
    A per-user option counts the licences `licences` gives for it (licences.option_licences),
    else its subscription's."""
    main = offer.product(state.product, day)
    out: list[tuple[Product, int]] = []
    if main.included_licences:
        out.append((main, 1))
        if main.extra_licence_product:
            extra = offer.product(main.extra_licence_product, day)
            out.append((extra, max(0, state.quantity - main.included_licences)))
    else:
        out.append((main, state.quantity))
    out += [(offer.product(code, day), blocks) for code, blocks in state.pools]
    own = max(state.quantity, main.included_licences)
    counts = dict(licences or ())
    for code in state.options:
        option = offer.product(code, day)
        out.append((option, counts.get(code, own) if option.per_licence else 1))
    if state.aio and main.aio_discount:
        out.append((offer.product(main.aio_discount, day), 1))
    return [(p, q) for p, q in out if q > 0]


def position(sub: Subscription, seg: Segment, offer: Offer, licences: PerUser | None
             ) -> Position:
    """What is due per day of a segment, as monthly rates."""
    due: Position = Counter()
    version = offer.catalog_of(seg.state.product, seg.first).version
    for product, quantity in items(seg.state, offer, seg.first, licences):
        if product.charge is Charge.RECURRING:
            for part in product.components(quantity, sub.combined_with):
                price = FREE if seg.trial else part.unit_price
                due[Rate(product.code, "recurring", price, part.label, version)] += part.count
        elif product.charge is Charge.DISCOUNT:
            price = FREE if seg.trial else -product.price
            due[Rate(product.code, "discount", price, "", version)] += quantity
    return due


@dataclass(frozen=True)
class Context:
    """What the recurring step needs besides the subscription: the offer, the customer's
    licences each per-user option of a subscription is billed for (`licences`) and the days
    where prices or licences change. What
    depends on the offer alone (positions per state, names, lines) is kept in the offer's memo, so a
    billing run works it out once for all the customers of an offer."""

    offer: Offer
    licences: Licences | None = None
    cuts: tuple[date, ...] = ()

    def position(self, sub: Subscription, seg: Segment, licences: PerUser | None) -> Position:
        memo = self.offer.memo
        key = ("position", seg.state, seg.trial, sub.combined_with, licences,
               self.offer.era(seg.first))
        if key not in memo:
            memo[key] = position(sub, seg, self.offer, licences)
        return memo[key]

    def line(self, rate: Rate, delta: int, first: date, last: date) -> tuple:
        """line_parts, worked out once per offer (thousands of customers share each)."""
        lines = self.offer.memo.setdefault("lines", {})
        key = (rate, delta, first, last, self.offer.era(first))
        parts = lines.get(key)
        if parts is None:
            if len(lines) >= LINE_MEMO:  # keyed by dates: a long-lived process starts afresh
                lines.clear()
            parts = lines[key] = line_parts(rate, delta, first, last, self)
        return parts

    def describe(self, code: str, day: date) -> tuple[str, Decimal]:
        """Name and tax rate of a product on `day`."""
        memo = self.offer.memo
        key = ("describe", code, self.offer.era(day))
        if key not in memo:
            memo[key] = (self.offer.product(code, day).name, self.offer.tax_rate(code))
        return memo[key]


def due_stretches(sub: Subscription, ctx: Context, first: date, last: date,
                  until: date | None) -> list[tuple[date, date, Position]]:
    """Days of first..last (up to `until`) with the same due position."""
    out = []
    for seg in sub.segments(first, last, until):
        for a, b in _cut(seg.first, seg.last, ctx.cuts):
            part = Segment(a, b, seg.state, seg.trial)
            count = (ctx.licences(sub, a) if ctx.licences and _per_user(seg.state, ctx.offer)
                     else None)
            out.append((a, b, ctx.position(sub, part, count)))
    return out


def _per_user(state: State, offer: Offer) -> bool:
    return any(offer.product(code).per_licence for code in state.options)


def has_per_user(sub: Subscription, offer: Offer) -> bool:
    """Whether the subscription carries a per-user option at any time."""
    return any(_per_user(period.state, offer) for period in sub.timeline())


def _cut(first: date, last: date, cuts: Iterable[date]) -> list[tuple[date, date]]:
    inner = sorted({c for c in cuts if first < c <= last})
    bounds = [first, *inner, last + ONE_DAY]
    return [(a, b - ONE_DAY) for a, b in zip(bounds, bounds[1:], strict=False)]


@dataclass
class _Run:
    first: date
    last: date
    delta: int
    fresh: bool  # nothing at all had been billed for these days before


def _runs(due: list[tuple[date, date, Position]], billed: list[BilledItem], first: date
          ) -> list[tuple[Rate, _Run]]:
    """Per rate, the stretches of one month with the same difference between due and billed."""
    if not billed:  # a month billed for the first time: the due stretches themselves
        runs: dict[Rate, list[_Run]] = {}
        for a, b, pos in due:
            for rate, quantity in pos.items():
                if quantity:
                    _extend(runs.setdefault(rate, []), a, b, quantity, True)
        return [(rate, run) for rate, rate_runs in runs.items() for run in rate_runs]
    bounds = {first, month_end(first) + ONE_DAY}
    for a, b, _ in due:
        bounds |= {a, b + ONE_DAY}
    for item in billed:
        bounds |= {max(item.first, first), min(item.last, month_end(first)) + ONE_DAY}
    days = sorted(bounds)
    runs = {}
    for a, nxt in zip(days, days[1:], strict=False):
        b = nxt - ONE_DAY
        want = next((pos for s, e, pos in due if s <= a <= e), Counter())
        have: Position = Counter()
        for item in billed:
            if item.first <= a and b <= item.last:
                have[item.rate] += int(item.quantity)
        have = Counter({rate: n for rate, n in have.items() if n})
        for rate in want.keys() | have.keys():
            delta = want[rate] - have[rate]
            if delta:
                _extend(runs.setdefault(rate, []), a, b, delta, not have)
    return [(rate, run) for rate, rate_runs in runs.items() for run in rate_runs]


def _extend(runs: list[_Run], a: date, b: date, delta: int, fresh: bool) -> None:
    last = runs[-1] if runs else None
    if last and last.last + ONE_DAY == a and (last.delta, last.fresh) == (delta, fresh):
        last.last = b
    else:
        runs.append(_Run(a, b, delta, fresh))


def _line(rate: Rate, delta: int, first: date, last: date, ctx: Context, sub: str
          ) -> InvoiceLine:
    kind, text, quantity, amount, tax_rate = ctx.line(rate, delta, first, last)
    return InvoiceLine(rate.product, kind, text, quantity, rate.unit_price, amount, first, last,
                       tax_rate, sub, "recurring" if kind == "credit" else None)


def line_parts(rate: Rate, delta: int, first: date, last: date, ctx: Context) -> tuple:
    """What a line of `delta` × `rate` for first..last says, whoever's subscription it bills:
    kind, text, quantity, amount, tax rate."""
    kind = rate.kind if rate.kind == "discount" else ("recurring" if delta > 0 else "credit")
    name, tax_rate = ctx.describe(rate.product, first)
    name = f"{name} ({rate.label})" if rate.label else name
    prefix = "Gutschrift " if kind == "credit" else ""
    quantity = Decimal(delta)
    return (kind, f"{prefix}{name}, {period_text(first, last)}", quantity,
            pro_rata_amount(quantity, rate.unit_price, first, last), tax_rate)


def months_to_check(sub: Subscription, cursor: Cursor | None, billing_date: date,
                    others: date | None = None) -> list[date]:
    """The months that can differ from what was billed: from the month after the last one
    billed in advance, or the month of the earliest change since — so a run costs the same for
    a subscription of ten years as for one of ten days. `others`: the earliest day changed
    since on the subscriptions its fees depend on (the customer's licences, for a per-user
    option)."""
    if cursor is None:
        return month_starts(month_start(sub.start), billing_date)
    first = next_month_start(cursor.settled_until)
    changed = sub.touched[cursor.seen:] + ([others] if others else [])
    for day in changed:
        first = min(first, month_start(day))
    first = max(first, month_start(sub.start))
    if not changed and sub.billing_end is not None and sub.billing_end < first:
        return []  # ended and billed to the end, nothing changed since
    return month_starts(first, billing_date)


def reconcile(sub: Subscription, ctx: Context, billed: BilledView, months: list[date],
              issuer: str) -> list[Proposal]:
    """Proposals that make the billed days of `months` equal to what is due. A 0.00 line is
    shown only for a free product billed for the first time (a Try&Buy pool, the O2 Unite
    contract itself), never as a correction; other 0.00 results are recorded without a line."""
    out = []
    for first in months:
        due = due_stretches(sub, ctx, first, month_end(first), sub.billing_end)
        for rate, run in sorted(_runs(due, billed.positions(sub.id, first), first),
                                key=_line_order):
            line = _line(rate, run.delta, run.first, run.last, ctx, sub.id)
            shown = line.amount or (run.fresh and run.delta > 0 and rate.unit_price == 0)
            item = BilledItem(sub.id, None, rate, rate.product, Decimal(run.delta), line.amount,
                              run.first, run.last, rate.version)
            out.append(Proposal(issuer, line if shown else None, item))
    return out


def _line_order(entry: tuple[Rate, _Run]) -> tuple:
    rate, run = entry
    return (run.first, rate.kind == "discount", run.delta > 0, rate.product, rate.label)
