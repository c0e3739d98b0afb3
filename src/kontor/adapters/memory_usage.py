"""The in-memory usage store: accepted records per customer as Polars frames (in the order they
came), the record ids seen per source, quarantined records and import reports. Append-only, so
a rollback truncates to the sizes at the start of the unit of work."""

from __future__ import annotations

from collections import defaultdict

import polars as pl

from kontor.domain.rating.customer_columnar import RECORD_SCHEMA, from_frame, records_frame
from kontor.domain.usage import UsageRecord


class MemoryUsage:
    def __init__(self) -> None:
        self._frames: dict[str, list[pl.DataFrame]] = defaultdict(list)
        self._seen: dict[tuple[str, str], list[pl.Series]] = defaultdict(list)
        self._seen_order: list[tuple[str, str]] = []
        self._quarantine: dict[str, list] = defaultdict(list)
        self._reports: dict[str, list] = defaultdict(list)

    def frame(self, customer_id: str) -> pl.DataFrame:
        """Every accepted record of the customer, in the order they came."""
        frames = self._frames[customer_id]
        if len(frames) > 1:
            frames[:] = [pl.concat(frames)]
        return frames[0] if frames else pl.DataFrame(schema=RECORD_SCHEMA)

    def frames(self, ids: list[str]) -> dict[str, pl.DataFrame]:
        return {cid: self.frame(cid) for cid in ids}

    def records(self, customer_id: str) -> list[UsageRecord]:
        """The same as objects (for the record-by-record reference and reports)."""
        return from_frame(self.frame(customer_id))

    def seen(self, customer_id: str, source: str, ids: pl.Series) -> pl.Series:
        """Which of `ids` the source sent before (a boolean per id)."""
        known = self._seen.get((customer_id, source))
        if not known:
            return pl.Series([False] * len(ids), dtype=pl.Boolean)
        if len(known) > 1:
            known[:] = [pl.concat(known)]
        return ids.is_in(known[0].implode(), nulls_equal=False)

    def add(self, customer_id: str, source: str, records: pl.DataFrame | list[UsageRecord]
            ) -> None:
        frame = records if isinstance(records, pl.DataFrame) else records_frame(records)
        frame = frame.select(list(RECORD_SCHEMA)).cast(RECORD_SCHEMA)
        self._frames[customer_id].append(frame)
        self._seen[(customer_id, source)].append(frame["record_id"])
        self._seen_order.append((customer_id, source))

    def quarantine(self, customer_id: str) -> list:
        return self._quarantine[customer_id]

    def add_quarantine(self, customer_id: str, entries: list) -> None:
        self._quarantine[customer_id] += entries

    def reports(self, customer_id: str) -> list:
        return self._reports[customer_id]

    def add_report(self, customer_id: str, report: object) -> None:
        self._reports[customer_id].append(report)

    def sizes(self) -> tuple:
        return (len(self._seen_order),
                {k: sum(f.height for f in v) for k, v in self._frames.items()},
                {k: len(v) for k, v in self._quarantine.items()},
                {k: len(v) for k, v in self._reports.items()})

    def truncate(self, sizes: tuple) -> None:
        seen, rows, quarantine, reports = sizes
        for customer, source in self._seen_order[seen:]:
            self._seen[(customer, source)].pop()
        del self._seen_order[seen:]
        for customer, frames in self._frames.items():
            kept = self.frame(customer).head(rows.get(customer, 0)) if frames else None
            frames[:] = [kept] if kept is not None and kept.height else []
        for store, kept_sizes in ((self._quarantine, quarantine), (self._reports, reports)):
            for key, items in store.items():
                del items[kept_sizes.get(key, 0):]
