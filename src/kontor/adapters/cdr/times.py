"""Times in usage files, parsed vectorised in Polars, always ending as UTC microseconds.

- With an offset (canonical format): ISO 8601 date and time with seconds (fractions optional)
  or minutes, `T` or a space between them, then `Z` or an offset (`+01:00`, `+0100`).
  A time without an offset is refused in the canonical format.
- Local (PBX files): `2009-01-14 23:51:15` (Asterisk), also `2020/2/10 22:41` (a FreeSWITCH
  file re-saved by a spreadsheet), read in the customer's time zone. A time with an offset is
  taken as it is. In the hour the clocks go back the earlier of the two instants is taken;
  a time in the hour the clocks skip does not exist and is refused.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from kontor.adapters.cdr.checks import said
from kontor.adapters.cdr.records import UsageRefused
from kontor.messages.reasons import reason

UTC_US = pl.Datetime("us", "UTC")
OFFSET_FORMATS = ("%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M%#z")  # %#z: Z, +01:00, +0100
LOCAL_FORMATS = (
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
)
NAIVE_ISO = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageRefused(reason("unknown_timezone", name=repr(name))) from None
    return name


def _iso_text(text: pl.Expr) -> pl.Expr:
    """`T` between date and time, upper-case `Z` (literal replacements: cheap on millions)."""
    return text.str.replace(" ", "T", literal=True).str.replace("z", "Z", literal=True)


def offset_time(text: pl.Expr) -> pl.Expr:
    """UTC instant of an ISO time with offset; null when it has none or is no time."""
    iso = _iso_text(text)
    tries = [iso.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us")
             for f in OFFSET_FORMATS]
    return pl.coalesce(tries)


def offset_time_problem(name: str, text: pl.Expr, parsed: pl.Expr) -> pl.Expr:
    """Why `text` (stripped, null when empty) gave no time, or null. Pass columns, not
    expressions to compute, for `text` and `parsed`: this is evaluated on every row."""
    no_offset = _iso_text(text).str.contains(NAIVE_ISO)
    return (
        pl.when(text.is_null())
        .then(said("missing", field=name))
        .when(parsed.is_null() & no_offset)
        .then(said("no_time_offset", field=name, value=text))
        .when(parsed.is_null())
        .then(said("not_a_time", field=name, value=text.str.slice(0, 40)))
        .otherwise(pl.lit(None, pl.String))
    )


def naive_time(text: pl.Expr) -> pl.Expr:
    return pl.coalesce([text.str.to_datetime(f, strict=False, time_unit="us")
                        for f in LOCAL_FORMATS])


def local_time(text: pl.Expr, timezone: str) -> pl.Expr:
    """UTC instant of a PBX time: local wall-clock time in `timezone`, or a time with offset."""
    local = naive_time(text).dt.replace_time_zone(
        timezone, ambiguous="earliest", non_existent="null"
    )
    return pl.coalesce(offset_time(text), local.dt.convert_time_zone("UTC"))


def local_time_problem(name: str, text: pl.Expr, parsed: pl.Expr, timezone: str) -> pl.Expr:
    return (
        pl.when(text.is_null())
        .then(said("missing", field=name))
        .when(parsed.is_null() & naive_time(text).is_not_null())
        .then(said("skipped_time", field=name, value=text, zone=timezone))
        .when(parsed.is_null())
        .then(said("not_a_time", field=name, value=text.str.slice(0, 40)))
        .otherwise(pl.lit(None, pl.String))
    )
