"""The normalised usage record every reader produces, the quarantine entry for records that
cannot be read, and the counts of one import.

One schema for every reader (canonical CSV/Parquet, inline records, Asterisk, FreeSWITCH, a
user's own column order), so rating never needs to know where a record came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

RECORD_SCHEMA = pl.Schema(
    {
        "record_id": pl.String,
        "subscriber": pl.String,
        "started_at": pl.Datetime("us", "UTC"),
        "service": pl.String,          # voice / sms / data
        "destination": pl.String,      # as written; classification judges it
        "duration_s": pl.Int64,        # seconds (Asterisk and FreeSWITCH: billsec)
        "volume_bytes": pl.Int64,
        "roaming_country": pl.String,  # ISO 3166 alpha-2, null at home
        "billable": pl.Boolean,        # False: e.g. an Asterisk row that was not ANSWERED
        "source_file": pl.String,
        "line": pl.Int64,              # 1-based physical line where the record starts
    }
)

SERVICES = ("voice", "sms", "data")

# The canonical format (usage.md): these columns in this order when we write a line ourselves.
CANONICAL_COLUMNS = (
    "record_id",
    "subscriber",
    "started_at",
    "service",
    "destination",
    "duration_s",
    "volume_bytes",
    "roaming_country",
)
REQUIRED_COLUMNS = ("record_id", "subscriber", "started_at", "service")


class UsageRefused(Exception):
    """A whole file or a reader's arguments are refused (one clear sentence, in English)."""

    def __init__(self, reason: str, source_file: str | None = None) -> None:
        super().__init__(f"{source_file}: {reason}" if source_file else reason)
        self.reason = reason
        self.source_file = source_file


@dataclass(frozen=True)
class QuarantineEntry:
    """A record that could not be read: where it is, why, and its raw text to correct.

    `header` is the column order of `raw` for the canonical format (the file's header, or
    CANONICAL_COLUMNS for Parquet and inline records); None for headerless PBX layouts.
    """

    source_file: str
    line: int
    reason: str
    raw: str
    header: tuple[str, ...] | None = None

    def corrected(self, raw: str) -> QuarantineEntry:
        return QuarantineEntry(self.source_file, self.line, self.reason, raw, self.header)


@dataclass
class ImportCounts:
    """read = rated + duplicates + not_billable + quarantined, once rating has run.

    The reader fills read, not_billable and quarantined; rating adds rated and duplicates
    (and, through UsageImport.add_quarantine, what it quarantines itself)."""

    read: int = 0
    not_billable: int = 0
    quarantined: int = 0
    rated: int = 0
    duplicates: int = 0

    @property
    def billable(self) -> int:
        """Records handed to rating: read, minus not billable, minus quarantined."""
        return self.read - self.not_billable - self.quarantined

    def balanced(self) -> bool:
        accounted = self.rated + self.duplicates + self.not_billable + self.quarantined
        return self.read == accounted

    def summary(self) -> str:
        return (
            f"read {self.read} = rated {self.rated} + duplicates {self.duplicates}"
            f" + not billable {self.not_billable} + quarantined {self.quarantined}"
        )


# What a reader hands over for one chunk: its records (RECORD_SCHEMA) and its quarantine.
Checked = tuple[pl.DataFrame, list[QuarantineEntry]]


def empty_records() -> pl.DataFrame:
    return pl.DataFrame(schema=RECORD_SCHEMA)
