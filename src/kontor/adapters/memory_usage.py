"""The in-memory usage store: accepted records per customer (in the order they came), the record
ids seen per source, quarantined records and import reports. Append-only, so a rollback
truncates to the sizes at the start of the unit of work."""

from __future__ import annotations

from collections import defaultdict

from kontor.domain.usage import UsageRecord


class MemoryUsage:
    def __init__(self) -> None:
        self._records: dict[str, list[UsageRecord]] = defaultdict(list)
        self._seen: dict[tuple[str, str], set[str]] = defaultdict(set)  # (customer, source)
        self._seen_order: list[tuple[str, str, str]] = []
        self._quarantine: dict[str, list] = defaultdict(list)
        self._reports: dict[str, list] = defaultdict(list)

    def records(self, customer_id: str) -> list[UsageRecord]:
        return self._records[customer_id]

    def seen(self, customer_id: str, source: str, record_id: str) -> bool:
        return record_id in self._seen[(customer_id, source)]

    def add(self, customer_id: str, source: str, records: list[UsageRecord]) -> None:
        for record in records:
            self._seen[(customer_id, source)].add(record.record_id)
            self._seen_order.append((customer_id, source, record.record_id))
        self._records[customer_id] += records

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
                {k: len(v) for k, v in self._records.items()},
                {k: len(v) for k, v in self._quarantine.items()},
                {k: len(v) for k, v in self._reports.items()})

    def truncate(self, sizes: tuple) -> None:
        seen, records, quarantine, reports = sizes
        for customer, source, record_id in self._seen_order[seen:]:
            self._seen[(customer, source)].discard(record_id)
        del self._seen_order[seen:]
        for store, kept in ((self._records, records), (self._quarantine, quarantine),
                            (self._reports, reports)):
            for key, items in store.items():
                del items[kept.get(key, 0):]
