"""Allowance buckets: what a subscription's products grant per month (pro rata in a partial
month, half-up to whole units), campaign rewards added to a data allowance, how long each stays
valid, and what remains on a day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kontor.domain.calendar import add_months, days_in_month, month_end, month_starts
from kontor.domain.campaigns import GrantedReward
from kontor.domain.catalog import Offer, Product, Rollover
from kontor.domain.contracts import Subscription
from kontor.domain.invoicing.recurring import items


@dataclass(frozen=True)
class Bucket:
    subscription: str
    product: str
    unit: str
    granted_for: date  # first day of the month the units were granted for (a reward: its day)
    amount: int
    expires: date | None  # last day the units can be used; None: not yet known
    source: str = "allowance"  # allowance | trial | reward


Grant = tuple[str, str, bool]  # product, unit, granted in trial
MONTH_LEVEL_UNITS = ("landline_min", "mobile_min")  # minute packages: drawn per month


def month_grants(sub: Subscription, offer: Offer, first: date) -> dict[Grant, int]:
    """(product, unit, granted in trial) -> units for the month starting on `first`."""
    return {k: _units(parts, first) for k, parts in month_tranches(sub, offer, first).items()}


def month_tranches(sub: Subscription, offer: Offer, first: date
                   ) -> dict[Grant, list[tuple[date, int]]]:
    """The month's grants as (usable from, units × days) parts: what the quantity held from the
    start of the month (or of the subscription) gives is usable from then; what an increase
    adds, from the day of the increase (offers.md §0: an increase takes effect the same day) —
    so units bought on the 17th do not cover a record of the 10th. Per quantity level: the
    units between two levels count the days the quantity reached the upper one, usable from
    the first such day."""
    held: dict[Grant, list[tuple[date, date, int]]] = defaultdict(list)  # first, last, qty
    for seg in sub.segments(first, month_end(first), sub.service_end):
        for product, quantity in items(seg.state, offer, seg.first):
            for unit, per_unit in product.allowances.items():
                if per_unit is not None:
                    held[(product.code, unit, seg.trial)].append(
                        (seg.first, seg.last, quantity * per_unit))
    out: dict[Grant, list[tuple[date, int]]] = {}
    for key, spans in held.items():
        if key[1] in MONTH_LEVEL_UNITS:
            out[key] = [(first, sum(q * ((b - a).days + 1) for a, b, q in spans))]
            continue
        levels = sorted({q for _, _, q in spans if q > 0})
        parts: dict[date, int] = defaultdict(int)
        below = 0
        for level in levels:
            reached = [(a, b) for a, b, q in spans if q >= level]
            since = min(a for a, _ in reached)
            parts[first if since == spans[0][0] else since] += (level - below) * sum(
                (b - a).days + 1 for a, b in reached)
            below = level
        out[key] = sorted(parts.items()) or [(first, 0)]
    return out


def _units(parts: list[tuple[date, int]], first: date) -> int:
    """A month's units from its parts' units × days: pro rata, rounded half-up once."""
    unit_days = sum(w for _, w in parts)
    return int((Decimal(unit_days) / days_in_month(first)).quantize(Decimal(1),
                                                                     rounding=ROUND_HALF_UP))


def buckets(sub: Subscription, offer: Offer, until: date) -> list[Bucket]:
    """Every bucket granted for the months from the subscription's start up to `until`."""
    out: list[Bucket] = []
    if not any(p.allowances for c in offer.catalogs for p in c.products.values()):
        return out
    contract_end = sub.contract_end(until, offer)
    for first in month_starts(sub.start.replace(day=1), until):
        for (code, unit, trial), parts in month_tranches(sub, offer, first).items():
            amount = _units(parts, first)
            if not amount:
                continue
            month = grant_buckets(sub.id, offer.product(code), unit, first, amount,
                                  sub.trial_until if trial else None, contract_end)
            out += [replace(b, granted_for=day, amount=share)
                    for b in month for day, share in _shares(b.amount, parts)
                    if share and day <= until]
    return out


def _shares(amount: int, parts: list[tuple[date, int]]) -> list[tuple[date, int]]:
    """`amount` split by the weights of `parts` (usable from, weight), each part rounded on
    the running total, so the shares add up to `amount` exactly."""
    total = sum(w for _, w in parts)
    if len(parts) == 1 or not total:
        return [(parts[0][0], amount)]
    out, done, running = [], 0, 0
    for day, weight in parts:
        running += weight
        upto = int((Decimal(amount) * running / total).quantize(Decimal(1),
                                                                rounding=ROUND_HALF_UP))
        out.append((day, upto - done))
        done = upto
    return out


def grant_buckets(sub_id: str, product: Product, unit: str, first: date, amount: int,
           trial_end: date | None, contract_end: date | None) -> list[Bucket]:
    """The buckets of one month's grant: what may roll over (by the product's rollover policy)
    valid as long as the policy says, the rest until the month's end. Units granted in a trial
    expire at its end (they never roll over out of it)."""
    policy = product.rollover
    if trial_end is not None:
        return [Bucket(sub_id, product.code, unit, first, amount, trial_end, "trial")]
    kept = policy.kept(amount) if policy else 0
    out = []
    if amount - kept:
        out.append(Bucket(sub_id, product.code, unit, first, amount - kept, month_end(first)))
    if kept:
        out.append(Bucket(sub_id, product.code, unit, first, kept,
                          _valid_until(policy, first, contract_end)))  # type: ignore[arg-type]
    return out


def _valid_until(policy: Rollover, first: date, contract_end: date | None) -> date | None:
    if policy.months_after_grant is not None:
        return month_end(add_months(first, policy.months_after_grant))
    months = policy.months_after_contract_end or 0
    return add_months(contract_end, months) if contract_end else None


def reward_buckets(rewards: tuple[GrantedReward, ...], sub_id: str, until: date
                   ) -> list[Bucket]:
    """The campaign rewards granted into `sub_id`'s data allowance up to `until`: one bucket
    each, usable from the day of the grant to its expiry; the campaign is the bucket's product."""
    return [Bucket(sub_id, r.campaign, "data_mb", r.day, r.mb, r.expires, "reward")
            for r in rewards if r.subscription == sub_id and r.day <= until]


def remaining_on(all_buckets: list[Bucket], day: date) -> list[Bucket]:
    """Buckets still valid on `day`, merged per subscription, product, unit and expiry."""
    merged: dict[tuple, int] = defaultdict(int)
    for b in all_buckets:
        if b.expires is None or b.expires >= day:
            merged[(b.subscription, b.product, b.unit, b.expires)] += b.amount
    return [Bucket(s, p, u, day, amount, e) for (s, p, u, e), amount in sorted(
        merged.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], kv[0][3] or date.max))]
