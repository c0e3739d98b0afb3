"""Usage readers: files (canonical CSV/Parquet, Asterisk, FreeSWITCH, a declared column order)
and inline records, turned into batches of normalised records plus a quarantine.

    usage = read_usage(Path("Master.csv"), fmt="asterisk", timezone="Europe/Berlin")
    for batch in usage.batches():      # polars DataFrames with RECORD_SCHEMA
        ...
    usage.counts, usage.quarantine     # complete once the batches are read
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kontor.adapters.cdr import asterisk, canonical
from kontor.adapters.cdr.layouts import LAYOUTS, Layout, layout_for, pbx_layout
from kontor.adapters.cdr.quarantine import resubmit
from kontor.adapters.cdr.records import (
    CANONICAL_COLUMNS,
    RECORD_SCHEMA,
    Checked,
    ImportCounts,
    QuarantineEntry,
    UsageRefused,
)
from kontor.adapters.cdr.times import check_timezone
from kontor.adapters.cdr.usage_import import UsageImport
from kontor.messages.reasons import reason

__all__ = [
    "CANONICAL_COLUMNS",
    "LAYOUTS",
    "RECORD_SCHEMA",
    "ImportCounts",
    "Layout",
    "QuarantineEntry",
    "UsageImport",
    "UsageRefused",
    "layout_for",
    "read_records",
    "read_usage",
    "resubmit",
]

PARQUET_MAGIC = b"PAR1"


def read_usage(
    path: Path | str,
    fmt: str = "canonical",
    layout: str | None = None,
    columns: list[str] | str | None = None,
    timezone: str = "UTC",
    source_name: str = "default",
    batch_rows: int = 500_000,
    name: str | None = None,
) -> UsageImport:
    """Read a usage file lazily.

    fmt "canonical": CSV with header or Parquet (recognised by its content), times with offset.
    fmt "asterisk" / "freeswitch": headerless PBX CSV in `layout` (default: the fmt's standard
    layout; see layouts.LAYOUTS) or in the declared `columns` order; times without offset are
    local time in `timezone` (the customer's country, e.g. "Europe/Berlin").
    A file that cannot be read at all (missing, no header, header lacking a required column)
    raises UsageRefused at once; single bad records go to the quarantine.
    `name` is what the file is called in refusals, the quarantine and the report (an
    upload's own file name; default: `path`).
    """
    path = Path(path)
    source_file = name or str(path)
    if batch_rows < 1:
        raise UsageRefused(reason("not_positive", field="batch_rows", value=batch_rows))
    if not path.is_file():
        raise UsageRefused(reason("no_such_file"), source_file)
    if fmt == "canonical":
        if layout is not None or columns is not None:
            raise UsageRefused(reason("canonical_has_header"), source_file)
        chunks = _canonical_chunks(path, source_file, batch_rows)
    else:
        chosen, zone = pbx_layout(fmt, layout, columns), check_timezone(timezone)
        chunks = asterisk.pbx_chunks(path, chosen, zone, source_file, batch_rows)
    return UsageImport(source_name, source_file, chunks)


def read_records(
    records: list[dict], source_file: str = "inline", source_name: str = "default"
) -> UsageImport:
    """Inline records (a scenario's `usage` event) with the canonical rules; `line` is the
    record's 1-based position in the list."""
    frame = canonical.inline_frame(list(records), source_file)
    chunks = iter([canonical.check_records(frame, CANONICAL_COLUMNS)])
    return UsageImport(source_name, source_file, chunks)


def _canonical_chunks(path: Path, source_file: str, batch_rows: int) -> Iterator[Checked]:
    with path.open("rb") as stream:
        is_parquet = stream.read(4) == PARQUET_MAGIC
    if is_parquet:
        return canonical.parquet_chunks(path, source_file, batch_rows)
    return canonical.csv_chunks(path, source_file, batch_rows)
