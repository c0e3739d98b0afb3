"""Calls of a PBX customer (aut-pbx, Digital Phone), rated one by one in time order — the
reference implementation the vectorised engine is tested against.

A call's billable time is its duration, at least `first_seconds` (60/1). It draws from the
minute packages whose zone holds the destination, smallest zone first, landline and mobile
minutes apart, counted in seconds; a call crossing a package's limit is split, the rest goes to
the next package, then pay-as-you-go per second (no second "first minute"). A call untouched by
packages is pay-as-you-go for its whole billable time. Toll-free numbers cost nothing and use
no package; numbers that are neither landline nor mobile count as landline (usage.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from kontor.domain.rating.plan import LANDLINE, MOBILE, TOLLFREE, RatingPlan
from kontor.domain.usage import VOICE, Priced, Rated, UsageRecord


@dataclass
class Package:
    """A minute package's seconds left this month, per kind (landline, mobile)."""

    product: str
    zone: str
    seconds: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Tariff:
    """How one customer's calls are rated: the catalog's plan, the zone whose landline and
    mobile calls are included (Digital Phone Premium) and the month's packages."""

    plan: RatingPlan
    free_zone: str | None = None


def rate_calls(calls: Iterable[UsageRecord], tariff: Tariff, packages: list[Package]
               ) -> list[Rated]:
    """Rate calls in the order given (time order); packages are drawn down in place."""
    order = sorted(packages, key=lambda p: (tariff.plan.size(p.zone), p.product))
    return [rate_call(call, tariff, order) for call in calls]


def line_kind(kind: str | None) -> str:
    """Landline or mobile minutes: anything not mobile counts as landline (usage.md)."""
    return MOBILE if kind == MOBILE else LANDLINE


def rate_call(call: UsageRecord, tariff: Tariff, packages: list[Package]) -> Rated:
    plan = tariff.plan
    if call.service != VOICE or call.duration_s <= 0 or call.kind == TOLLFREE:
        return Rated(call)
    kind = line_kind(call.kind)
    zone = plan.zone_name(call.country)
    if tariff.free_zone and plan.zone_fits(tariff.free_zone, call.country):
        return Rated(call, (Priced(("included", tariff.free_zone, kind), call.duration_s, 60,
                                   Decimal(0)),))
    billable = max(call.duration_s, plan.first_seconds)
    left, drawn = billable, []
    for package in packages:
        if left and plan.zone_fits(package.zone, call.country):
            take = min(left, package.seconds.get(kind, 0))
            if take:
                package.seconds[kind] -= take
                left -= take
                drawn.append((package.product, take))
    if not left:
        return Rated(call, (), tuple(drawn))
    rate = plan.per_minute(call.country, kind)
    return Rated(call, (Priced(("payg", zone, kind), left, 60, rate),), tuple(drawn))
