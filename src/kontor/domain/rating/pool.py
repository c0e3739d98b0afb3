"""Pooled units (O2 Unite), drawn record by record in time order — the reference
implementation. Every call, SMS and data session of a SIM draws from its company's pool:
voice per started minute, SMS per message, data per started 10 KB; calls and SMS to toll-free
numbers cost nothing and draw nothing. Units come from the bucket
that expires first (among equal expiry the oldest). Beyond the pool, `overage` charges the
units (minutes and SMS at their price, data at its price per MB for the 10 KB units); `block`
charges nothing and flags the record. A record that breaks its SIM's profile (roaming denied,
monthly data cap) is rated and flagged."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kontor.domain.account import Profile, in_force
from kontor.domain.rating.plan import TOLLFREE
from kontor.domain.usage import DATA, SMS, VOICE, Priced, Rated, UsageRecord

KB_PER_UNIT = 10  # data is counted per started 10 KB
KB_PER_MB = 1024
UNIT_OF = {VOICE: "voice_min", SMS: "sms", DATA: "data_mb"}


def units(record: UsageRecord) -> int:
    """Pool units of a record: minutes, messages, or KB (in whole 10 KB steps); none for a
    call or SMS to a toll-free number (usage.md: it uses no pool units)."""
    if record.kind == TOLLFREE:
        return 0
    if record.service == VOICE:
        return -(-record.duration_s // 60)
    if record.service == SMS:
        return 1
    return -(-record.volume_bytes // (KB_PER_UNIT * 1024)) * KB_PER_UNIT


@dataclass
class Slot:
    """What is left of one bucket; data is kept in KB."""

    product: str
    unit: str
    granted_for: date
    expires: date | None
    left: int
    source: str = "allowance"

    def valid_on(self, day: date) -> bool:
        return self.granted_for <= day and (self.expires is None or day <= self.expires)


@dataclass
class Pool:
    """A company's pool: its buckets, its policy when empty (as in force on a record's day),
    its overage prices."""

    slots: list[Slot]
    policies: tuple[tuple[date, str], ...] = ()  # dated block | overage (default block)
    overage: dict[str, Decimal] = field(default_factory=dict)  # unit -> price (data: per MB)
    data_used_kb: dict[tuple[str, date], int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self) -> None:
        self.slots.sort(key=lambda s: (s.expires or date.max, s.granted_for))

    def draw(self, record: UsageRecord, profile: Profile) -> Rated:
        unit, need = UNIT_OF[record.service], units(record)
        drawn, left = [], need
        for slot in self.slots:
            if left and slot.unit == unit and slot.left and slot.valid_on(record.day):
                take = min(left, slot.left)
                slot.left -= take
                left -= take
                drawn.append((slot.product, take))
        flags = self._profile_flags(record, profile)
        priced: tuple[Priced, ...] = ()
        if left and in_force(self.policies, record.day, "block") == "overage":
            priced = (self._overage(unit, left),)
        elif left:
            flags += ("pool_exhausted",)
        return Rated(record, priced, tuple(drawn), flags)

    def _overage(self, unit: str, left: int) -> Priced:
        price = self.overage.get(unit, Decimal(0))
        return Priced(("overage", unit), left, KB_PER_MB if unit == "data_mb" else 1, price)

    def _profile_flags(self, record: UsageRecord, profile: Profile) -> tuple[str, ...]:
        flags: tuple[str, ...] = ()
        if record.roaming_country and not profile.roaming:
            flags += ("roaming_denied",)
        if record.service == DATA:
            month = (record.subscriber, record.day.replace(day=1))
            self.data_used_kb[month] += units(record)
            cap = profile.data_cap_mb
            if cap is not None and self.data_used_kb[month] > cap * KB_PER_MB:
                flags += ("data_cap_exceeded",)
        return flags
