"""Calendar rules: months, pro rata, terms, notice deadlines and Werktage.

Pure: every function takes its dates as arguments; nothing reads the clock.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays as _holidays

ONE_DAY = timedelta(days=1)


def days_in_month(day: date) -> int:
    return _month_length(day.year, day.month)


@lru_cache(maxsize=4096)
def _month_length(year: int, month: int) -> int:
    return _cal.monthrange(year, month)[1]


@lru_cache(maxsize=8192)  # called for every line of a billing run, on a few hundred days
def month_start(day: date) -> date:
    return day.replace(day=1)


@lru_cache(maxsize=8192)
def month_end(day: date) -> date:
    return day.replace(day=days_in_month(day))


def is_month_end(day: date) -> bool:
    return day.day == days_in_month(day)


def next_month_start(day: date) -> date:
    return month_end(day) + ONE_DAY


def add_months(day: date, months: int) -> date:
    """Same day `months` later (or earlier); the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _month_length(year, month + 1)
    return date(year, month + 1, min(day.day, last))


def month_starts(first: date, last: date) -> list[date]:
    """Every 1st of a month in [first, last]."""
    day = first if first.day == 1 else next_month_start(first)
    out = []
    while day <= last:
        out.append(day)
        day = next_month_start(day)
    return out


def days_between(earlier: date, later: date) -> int:
    """Days between two dates as their difference: 1 Feb → 1 May is 89."""
    return (later - earlier).days


def period_end(start: date, months: int) -> date:
    """Last day of a period of `months` months beginning on `start` (BGB §188).

    It ends the day before the day with start's number, or on the month's last day when that
    number does not exist there: 1 Jan + 12 → 31 Dec; 31 Jan + 1 → 28 Feb; 17 Mar + 12 → 16 Mar.
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    if start.day > _cal.monthrange(year, month + 1)[1]:
        return date(year, month + 1, _cal.monthrange(year, month + 1)[1])
    return date(year, month + 1, start.day) - ONE_DAY


def notice_deadline(end: date, months: int) -> date:
    """Last day a notice of `months` months before `end` can arrive.

    The same calendar day `months` earlier; for an end on a month's last day, the last day of that
    earlier month (end 31.12. → 30.11.; end 31.05. with 3 months → 28.02.).
    """
    earlier = add_months(end, -months)
    return month_end(earlier) if is_month_end(end) else earlier


def span_days(first: date, last: date) -> int:
    """Days of first..last, both counted; the span must lie inside one month."""
    if first.month != last.month or first.year != last.year or last < first:
        raise ValueError(f"pro rata needs a span inside one month, got {first}..{last}")
    return (last - first).days + 1


def pro_rata(first: date, last: date) -> Decimal:
    """Fraction of the month of `first` covered by first..last, both days counted."""
    return Decimal(span_days(first, last)) / Decimal(days_in_month(first))


@dataclass(frozen=True)
class Region:
    """Where public holidays come from: a country and optionally a federal state/canton."""

    country: str
    subdivision: str | None = None


def known_regions(country: str) -> tuple[str, ...]:
    """The federal states / cantons whose public holidays Kontor knows."""
    return tuple(s for s in _holidays.country_holidays(country).subdivisions if len(s) <= 3)


# The `holidays` package's "catholic" category holds holidays of Catholic municipalities only.
# In Bavaria that is Assumption Day (15 August), a holiday in most of the state's municipalities,
# so Kontor counts it; in Saxony and Thuringia it is Corpus Christi, a holiday in a few
# municipalities only, so Kontor does not (docs/billing-rules.md).
STATEWIDE_CATHOLIC = {("DE", "BY")}


@lru_cache(maxsize=256)
def _public_holidays(region: Region, year: int) -> frozenset[date]:
    categories: tuple[str, ...] = ("public",)
    if (region.country, region.subdivision) in STATEWIDE_CATHOLIC:
        categories = ("public", "catholic")
    days = _holidays.country_holidays(
        region.country, subdiv=region.subdivision, years=year, categories=categories
    )
    return frozenset(days.keys())


def is_werktag(day: date, region: Region) -> bool:
    """Werktag: Monday to Saturday, not a public holiday of the region."""
    return day.weekday() < 6 and day not in _public_holidays(region, day.year)


def werktage_after(day: date, until: date, region: Region) -> int:
    """Werktage after `day` up to and including `until`."""
    count, cursor = 0, day + ONE_DAY
    while cursor <= until:
        count += is_werktag(cursor, region)
        cursor += ONE_DAY
    return count
