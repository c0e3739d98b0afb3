"""Allowance buckets: what a subscription's products grant per month (pro rata in a partial
month, half-up to whole units), campaign rewards added to a data allowance, how long each stays
valid, and what remains on a day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
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


def month_grants(sub: Subscription, offer: Offer, first: date) -> dict[tuple[str, str, bool], int]:
    """(product, unit, granted in trial) -> units for the month starting on `first`."""
    unit_days: dict[tuple[str, str, bool], int] = defaultdict(int)  # units × days, exact
    for seg in sub.segments(first, month_end(first), sub.service_end):
        days = (seg.last - seg.first).days + 1
        for product, quantity in items(seg.state, offer, seg.first):
            for unit, per_unit in product.allowances.items():
                if per_unit is not None:
                    unit_days[(product.code, unit, seg.trial)] += quantity * per_unit * days
    dim = days_in_month(first)
    return {k: int((Decimal(v) / dim).quantize(Decimal(1), rounding=ROUND_HALF_UP))
            for k, v in unit_days.items()}


def buckets(sub: Subscription, offer: Offer, until: date) -> list[Bucket]:
    """Every bucket granted for the months from the subscription's start up to `until`."""
    out: list[Bucket] = []
    if not any(p.allowances for c in offer.catalogs for p in c.products.values()):
        return out
    contract_end = sub.contract_end(until, offer)
    for first in month_starts(sub.start.replace(day=1), until):
        for (code, unit, trial), amount in month_grants(sub, offer, first).items():
            if amount:
                out += grant_buckets(sub.id, offer.product(code), unit, first, amount,
                              sub.trial_until if trial else None, contract_end)
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
