"""The fast path: classify a Polars Series of E.164 numbers by a sorted search in a prefix table.

The table holds, per E.164 length, intervals of numbers with their (country, kind); every number
of a length lies in exactly one interval (gaps are "invalid"), so an as-of join on the number's
value finds its class, and a wrong length is "invalid" by construction. The table is built once
from phonenumbers' metadata (prefix_build.py, a few seconds) and cached as Parquet under
$KONTOR_CACHE_DIR, else $XDG_CACHE_HOME/kontor, else ~/.cache/kontor; a cache made with another
phonenumbers version, table format or region-to-country mapping (reference.PLAN_COUNTRY) is
rebuilt.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
import polars as pl

from .prefix_build import all_intervals
from .reference import INVALID, PLAN_COUNTRY

TABLE_FORMAT = "2"  # bump when the table's layout or meaning changes (2: PLAN_COUNTRY)
MAX_E164_DIGITS = 19  # phonenumbers allows 3 + 17 digits, but no metadata length exceeds 19
_SCHEMA = {"length": pl.UInt8, "start": pl.UInt64, "country": pl.String, "kind": pl.String}
_E164 = r"^\+[1-9][0-9]{0,18}$"


def default_cache_dir() -> Path:
    explicit = os.environ.get("KONTOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kontor"


def cache_stamp() -> dict[str, str]:
    return {
        "phonenumbers_version": phonenumbers.__version__,
        "table_format": TABLE_FORMAT,
        "plan_countries": ",".join(f"{r}={c}" for r, c in sorted(PLAN_COUNTRY.items())),
    }


@dataclass(frozen=True)
class PrefixTable:
    """Intervals (length, start, country, kind), sorted by start."""

    intervals: pl.DataFrame

    @classmethod
    def build(cls) -> PrefixTable:
        rows = all_intervals()
        frame = pl.DataFrame(rows, schema=_SCHEMA, orient="row").sort("start", "length")
        return cls(frame)

    @classmethod
    def load(cls, cache_dir: Path | str | None = None) -> PrefixTable:
        """Read the cached table, or build and cache it when missing or from another version."""
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        path = cache_path(directory)
        if path.exists():
            try:
                recorded = pl.read_parquet_metadata(path)
                if all(recorded.get(key) == value for key, value in cache_stamp().items()):
                    return cls(pl.read_parquet(path))
            except (OSError, pl.exceptions.PolarsError):
                pass  # unreadable: build again
        table = cls.build()
        table.save(path)
        return table

    def save(self, path: Path) -> None:
        """Write atomically, so a concurrent reader never sees half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(handle)
        try:
            self.intervals.write_parquet(temporary, metadata=cache_stamp())
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.remove(temporary)

    def classify(self, e164: pl.Series) -> pl.DataFrame:
        """Country and kind of each E.164 number ("+4930…"); null or malformed is invalid."""
        numbers = pl.DataFrame({"number": e164.cast(pl.String)}).with_row_index("row")
        valid = pl.col("number").str.contains(_E164)
        keys = numbers.select(
            "row",  # malformed numbers get length 0, which has no intervals
            length=pl.when(valid).then(pl.col("number").str.len_bytes() - 1).otherwise(0),
            value=pl.when(valid).then(pl.col("number").str.slice(1)).otherwise(pl.lit("0")),
        ).cast({"length": pl.UInt8, "value": pl.UInt64})
        found = keys.sort("value").join_asof(
            self.intervals,
            left_on="value",
            right_on="start",
            by="length",
            strategy="backward",
            check_sortedness=False,
        )
        return found.sort("row").select("country", pl.col("kind").fill_null(INVALID))


def cache_path(directory: Path) -> Path:
    return directory / f"numbering-prefixes-pn{phonenumbers.__version__}-t{TABLE_FORMAT}.parquet"
