"""One import of usage: record batches read lazily, the quarantine, and the counts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import polars as pl

from kontor.adapters.cdr.records import (
    Checked,
    ImportCounts,
    QuarantineEntry,
    empty_records,
)


@dataclass
class UsageImport:
    """Usage read from one file (or inline records, or re-submitted lines).

    Reading is lazy and single-pass so a file larger than memory goes through: iterate
    `batches()` once; `counts` and `quarantine` are complete when it is exhausted (`finished`).
    Every batch has RECORD_SCHEMA; not-billable records are in the batches with billable False.
    Rating adds `counts.rated`, `counts.duplicates` and its own quarantine (add_quarantine),
    then `check_counts()` proves read = rated + duplicates + not billable + quarantined.
    """

    source_name: str
    source_file: str
    chunks: Iterator[Checked] | None
    counts: ImportCounts = field(default_factory=ImportCounts)
    quarantine: list[QuarantineEntry] = field(default_factory=list)
    finished: bool = False

    def batches(self) -> Iterator[pl.DataFrame]:
        if self.chunks is None:
            raise RuntimeError(f"{self.source_file}: the records were already read")
        chunks, self.chunks = self.chunks, None
        for records, entries in chunks:
            self._count(records, entries)
            if records.height:
                yield records
        self.finished = True

    def collect(self) -> pl.DataFrame:
        """All records in one frame (for small inputs and tests)."""
        frames = list(self.batches())
        return pl.concat(frames) if frames else empty_records()

    def add_quarantine(self, entries: Iterable[QuarantineEntry]) -> None:
        """Records rating could not rate (unknown subscriber, no phone number, …)."""
        entries = list(entries)
        self.quarantine.extend(entries)
        self.counts.quarantined += len(entries)

    def check_counts(self) -> None:
        if not self.finished:
            raise RuntimeError(f"{self.source_file}: counts checked before all records were read")
        if not self.counts.balanced():
            raise AssertionError(f"{self.source_file}: counts do not add up: "
                                 f"{self.counts.summary()}")

    def _count(self, records: pl.DataFrame, entries: list[QuarantineEntry]) -> None:
        not_billable = records.height - int(records["billable"].sum())
        self.counts.read += records.height + len(entries)
        self.counts.not_billable += not_billable
        self.counts.quarantined += len(entries)
        self.quarantine.extend(entries)
