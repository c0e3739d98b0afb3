"""Re-submitting quarantined records after correction.

The corrected raw text of each entry (entry.corrected("…")) is read again with the same rules
as the file it came from; the records keep the entry's source file and line, so a corrected
record is rated as if it had been right in the first place (and a record id already rated is
a duplicate, as always).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kontor.adapters.cdr import asterisk, canonical
from kontor.adapters.cdr.layouts import pbx_layout
from kontor.adapters.cdr.lines import Line
from kontor.adapters.cdr.records import CANONICAL_COLUMNS, QuarantineEntry
from kontor.adapters.cdr.times import check_timezone
from kontor.adapters.cdr.usage_import import UsageImport


def resubmit(
    entries: Iterable[QuarantineEntry],
    fmt: str = "canonical",
    layout: str | None = None,
    columns: list[str] | str | None = None,
    timezone: str = "UTC",
    source_name: str = "default",
) -> UsageImport:
    """Read corrected quarantine entries again (fmt, layout, columns, timezone as read_usage;
    canonical entries carry their own header, which `columns` overrides)."""
    groups: dict[tuple[str, tuple[str, ...] | None], list[Line]] = defaultdict(list)
    for entry in entries:
        header = _header(entry, columns) if fmt == "canonical" else None
        groups[(entry.source_file, header)].append((entry.line, entry.raw.encode("utf-8")))
    if fmt == "canonical":
        for (source_file, header), _ in groups.items():
            canonical.check_header(header, source_file)
        chunks = (canonical.check_lines(lines, header, source_file)
                  for (source_file, header), lines in groups.items())
    else:
        chosen, zone = pbx_layout(fmt, layout, columns), check_timezone(timezone)
        chunks = (asterisk.check_lines(lines, chosen, zone, source_file)
                  for (source_file, _), lines in groups.items())
    return UsageImport(source_name, "resubmitted", chunks)


def _header(entry: QuarantineEntry, columns: list[str] | str | None) -> tuple[str, ...]:
    if columns is not None:
        names = columns.split(",") if isinstance(columns, str) else columns
        return tuple(n.strip() for n in names)
    return entry.header or CANONICAL_COLUMNS
