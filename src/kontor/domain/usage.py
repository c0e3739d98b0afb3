"""Usage records as rating sees them (read, classified and deduplicated at the edge), and what
rating makes of them: priced parts, units drawn from packages or pools, and flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

VOICE, SMS, DATA = "voice", "sms", "data"


@dataclass(frozen=True)
class UsageRecord:
    record_id: str
    subscriber: str
    started_at: datetime  # aware
    day: date  # the customer's local day of the record: its month is the one it is billed for
    service: str  # voice | sms | data
    destination: str | None = None  # E.164
    country: str | None = None  # of the destination
    kind: str | None = None  # landline | mobile | tollfree | other
    duration_s: int = 0
    volume_bytes: int = 0
    roaming_country: str | None = None


@dataclass(frozen=True)
class Priced:
    """A priced part of a record. `group` names the invoice line it adds to, e.g.
    ("payg", "eu", "mobile") or ("overage", "voice_min"). It is kept in whole base units
    (seconds, units, KB) so that sums stay exact: quantity = base / per (minutes, SMS, MB),
    amount = base × unit_price / per, unrounded."""

    group: tuple[str, ...]
    base: int
    per: int  # 60 seconds a minute, 1024 KB a MB, 1
    unit_price: Decimal

    @property
    def quantity(self) -> Decimal:
        return Decimal(self.base) / self.per

    @property
    def amount(self) -> Decimal:
        return Decimal(self.base) * self.unit_price / self.per


@dataclass(frozen=True)
class Rated:
    record: UsageRecord
    priced: tuple[Priced, ...] = ()
    drawn: tuple[tuple[str, int], ...] = ()  # (package or pool product, units taken)
    flags: tuple[str, ...] = ()  # roaming_denied, data_cap_exceeded, pool_exhausted, …
    subscription: str | None = None  # the subscription that rated it (PBX or pool)

    @property
    def amount(self) -> Decimal:
        return sum((p.amount for p in self.priced), Decimal(0))
