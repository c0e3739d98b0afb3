"""What a catalog says about rating calls: zones (sets of destination countries), pay-as-you-go
prices per minute by zone and kind of number, and billing increments (60/1: the first minute in
full, then per second). Read from the catalog's `rating:` section, never from code."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)
LANDLINE, MOBILE, TOLLFREE, OTHER = "landline", "mobile", "tollfree", "other"


@dataclass(frozen=True)
class CallRate:
    """Per-minute prices for calls into `zone` (None: every other destination)."""

    zone: str | None
    landline: Decimal
    mobile: Decimal


@dataclass(frozen=True)
class RatingPlan:
    zones: dict[str, frozenset[str]] = field(default_factory=dict)
    call_rates: tuple[CallRate, ...] = ()
    first_seconds: int = 60  # a call is billed for at least this long (60/1)

    def zone_fits(self, zone: str, country: str | None) -> bool:
        return country is not None and country in self.zones.get(zone, frozenset())

    def size(self, zone: str) -> int:
        return len(self.zones.get(zone, ()))

    def per_minute(self, country: str | None, kind: str | None) -> Decimal:
        """Pay-as-you-go price per minute: toll-free costs nothing, numbers that are neither
        landline nor mobile are priced like a landline of their country (usage.md)."""
        if kind == TOLLFREE:
            return ZERO
        for rate in self.call_rates:
            if rate.zone is None or self.zone_fits(rate.zone, country):
                return rate.mobile if kind == MOBILE else rate.landline
        raise LookupError("the catalog's call_rates need a last rule without a zone")

    def zone_rate(self, zone: str, kind: str) -> Decimal:
        """The pay-as-you-go price of a zone named by zone_name ('world': the last rule)."""
        for rate in self.call_rates:
            if rate.zone == zone or (zone == "world" and rate.zone is None):
                return rate.mobile if kind == MOBILE else rate.landline
        raise LookupError(f"no call rate for zone {zone!r}")

    def zone_name(self, country: str | None) -> str:
        """The pay-as-you-go zone a destination falls in (for invoice lines): 'world' if none."""
        for rate in self.call_rates:
            if rate.zone is not None and self.zone_fits(rate.zone, country):
                return rate.zone
        return "world"


def expand_zones(raw: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """Zones as written: a list of ISO countries that may name another zone (export = eu + …)."""
    out: dict[str, frozenset[str]] = {}

    def resolve(name: str, seen: tuple[str, ...]) -> frozenset[str]:
        if name in out:
            return out[name]
        if name in seen:
            raise ValueError(f"zone {name!r} includes itself")
        members: set[str] = set()
        for entry in raw[name]:
            members |= resolve(entry, (*seen, name)) if entry in raw else {entry}
        out[name] = frozenset(members)
        return out[name]

    for name in raw:
        resolve(name, ())
    return out
