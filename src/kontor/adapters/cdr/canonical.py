"""The canonical usage format (usage.md): CSV with a header, Parquet with the same columns, and
inline records (a scenario's `usage` event) — all checked by one set of rules.

A header (or Parquet schema) without record_id, subscriber, started_at or service refuses the
whole file. destination, duration_s, volume_bytes and roaming_country may be left out (then
they are empty); other columns are ignored. Every record is billable: what it costs (a
toll-free number costs nothing) is rating's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from kontor.adapters.cdr import checks as c
from kontor.adapters.cdr.lines import (
    Line,
    count_problem,
    parse_header,
    physical_lines,
    split_lines,
)
from kontor.adapters.cdr.records import (
    CANONICAL_COLUMNS,
    REQUIRED_COLUMNS,
    SERVICES,
    Checked,
    UsageRefused,
)
from kontor.adapters.cdr.times import offset_time, offset_time_problem
from kontor.messages.reasons import reason


def check_header(names: list[str] | tuple[str, ...], source_file: str) -> tuple[str, ...]:
    if not any(names):
        raise UsageRefused(reason("empty_file"), source_file)
    lacking = [n for n in REQUIRED_COLUMNS if n not in names]
    if lacking:
        found = ", ".join(repr(n) for n in names[:10]) + (", …" if len(names) > 10 else "")
        raise UsageRefused(reason("header_lacks", lacking=", ".join(lacking),
                                  required=", ".join(REQUIRED_COLUMNS), found=found),
                           source_file)
    doubled = sorted({n for n in names if names.count(n) > 1 and n})
    if doubled:
        raise UsageRefused(reason("header_repeats", names=", ".join(doubled)), source_file)
    return tuple(names)


def csv_header(path: Path) -> tuple[int, tuple[str, ...]]:
    """(line number, names) of the first non-blank line."""
    first = next(physical_lines(path, batch_rows=1), [])
    if not first:
        return 0, ()
    number, data = first[0]
    return number, tuple(parse_header(data))


def csv_chunks(path: Path, source_file: str, batch_rows: int) -> Iterator[Checked]:
    """Checks the header at once; reads and checks the records lazily."""
    header_line, header = csv_header(path)
    check_header(header, source_file)
    chunks = physical_lines(path, batch_rows, skip=header_line)
    return (check_lines(lines, header, source_file) for lines in chunks)


def check_lines(lines: list[Line], header: tuple[str, ...], source_file: str) -> Checked:
    """Lines of a canonical CSV file (without the header line) checked against its header."""
    index = {name: header.index(name) for name in CANONICAL_COLUMNS if name in header}
    split = split_lines(lines, keep=index.values())
    structure = [pl.col("problem"), count_problem(pl.col("n_fields"), (len(header),))]
    structure += [c.not_utf8_problem(name, i) for name, i in index.items()]
    frame = split.select(
        "line",
        "raw",
        source_file=pl.lit(source_file),
        structure=c.join_reasons(structure),
        **_columns({name: pl.col(f"f{i}") for name, i in index.items()}),
    )
    return check_records(frame, header)


def parquet_chunks(path: Path, source_file: str, batch_rows: int) -> Iterator[Checked]:
    """Checks the schema at once; reads and checks the rows lazily (line = row number)."""
    try:
        names = list(pl.read_parquet_schema(path))
    except Exception as error:  # noqa: BLE001 - any unreadable file is one refusal
        raise UsageRefused(reason("not_parquet", error=error), source_file) from None
    check_header(names, source_file)
    present = [n for n in CANONICAL_COLUMNS if n in names]
    batches = pl.scan_parquet(path).select(present).collect_batches(chunk_size=batch_rows)
    return _parquet_checked(batches, present, source_file)


def _parquet_checked(
    batches: Iterable[pl.DataFrame], present: list[str], source_file: str
) -> Iterator[Checked]:
    offset = 0
    for batch in batches:
        frame = batch.select(
            line=pl.int_range(offset + 1, offset + 1 + batch.height, dtype=pl.Int64),
            raw=pl.lit(None, pl.String),
            source_file=pl.lit(source_file),
            structure=c.NO_REASON,
            **_columns({n: _as_text(n, batch.schema[n]) for n in present}),
        )
        offset += batch.height
        yield check_records(frame, CANONICAL_COLUMNS)


def inline_frame(records: list[dict], source_file: str) -> pl.DataFrame:
    """Inline records (dicts, values as YAML gives them) as a frame of text columns."""
    columns: dict[str, list] = {name: [] for name in CANONICAL_COLUMNS}
    structure: list[str | None] = []
    for record in records:
        fields = record if isinstance(record, dict) else {}
        unknown = sorted(str(k) for k in fields if k not in CANONICAL_COLUMNS)
        structure.append(_inline_problem(record, unknown))
        for name in CANONICAL_COLUMNS:
            columns[name].append(_inline_text(fields.get(name)))
    return pl.DataFrame(
        {
            "line": list(range(1, len(records) + 1)),
            "raw": [None] * len(records),
            "source_file": [source_file] * len(records),
            "structure": structure,
            **columns,
        },
        schema={"line": pl.Int64, "raw": pl.String, "source_file": pl.String,
                "structure": pl.String} | {name: pl.String for name in CANONICAL_COLUMNS},
    )


def check_records(frame: pl.DataFrame, header: tuple[str, ...]) -> Checked:
    """The canonical rules on a frame of text columns named as in CANONICAL_COLUMNS.

    In stages (texts, parsed values, reasons) so each value is computed once per row."""
    col = pl.col
    checked = (
        frame.lazy()
        .with_columns(**{name: c.text(col(name)) for name in CANONICAL_COLUMNS})
        .with_columns(
            kind=col("service").str.to_lowercase(),
            started=offset_time(col("started_at")),
            duration=c.whole_number(col("duration_s")),
            volume=c.whole_number(col("volume_bytes")),
        )
        .with_columns(reason=pl.coalesce(col("structure"), c.join_reasons(_reasons())))
        .select(
            "record_id", "subscriber", "destination", "source_file", "line", "reason", "raw",
            *[col(name).alias(f"text_{name}") for name in CANONICAL_COLUMNS],
            started_at=col("started"),
            service=col("kind"),
            duration_s=col("duration"),
            volume_bytes=col("volume"),
            roaming_country=col("roaming_country").str.to_uppercase(),
            billable=pl.lit(True),
        )
    )
    raw = _csv_line() if frame["raw"].has_nulls() else None  # Parquet and inline records
    return c.settle(checked.collect(), header, raw)


def _reasons() -> list[pl.Expr]:
    col = pl.col
    service, roaming = col("service"), col("roaming_country")
    return [
        c.missing("record_id", col("record_id")),
        c.missing("subscriber", col("subscriber")),
        offset_time_problem("started_at", col("started_at"), col("started")),
        c.missing("service", service),
        c.reason_if(service.is_not_null() & col("kind").is_in(SERVICES).not_(),
                    c.said("unknown_service", value=service)),
        c.number_problem("duration_s", col("duration_s"), col("duration")),
        c.number_problem("volume_bytes", col("volume_bytes"), col("volume")),
        c.reason_if((col("kind") == "voice") & col("duration_s").is_null(),
                    c.said("missing_voice_duration")),
        c.reason_if((col("kind") == "data") & col("volume_bytes").is_null(),
                    c.said("missing_data_volume")),
        c.reason_if(roaming.str.to_uppercase().is_in(c.countries()).not_(),
                    c.said("not_a_country", value=roaming)),
    ]


def _columns(found: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    """Every canonical column: the found ones, the others empty."""
    return {name: found.get(name, pl.lit(None, pl.String)) for name in CANONICAL_COLUMNS}


def _as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    """A Parquet column as the text the CSV would hold."""
    column = pl.col(name)
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is None:  # no offset: refused like a CSV time without one
            return column.dt.strftime("%Y-%m-%dT%H:%M:%S%.f")
        return column.dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S%.fZ")
    if dtype.is_float():  # pandas writes integer columns with gaps as floats
        whole = column == column.floor()
        return pl.when(whole).then(column.cast(pl.Int64).cast(pl.String)).otherwise(
            column.cast(pl.String))
    return column.cast(pl.String)


def _inline_problem(record: object, unknown: list[str]) -> str | None:
    if not isinstance(record, dict):
        return reason("not_a_record", value=repr(str(record)[:40]))
    return reason("unknown_fields", names=", ".join(unknown)) if unknown else None


def _inline_text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _csv_line() -> pl.Expr:
    """A canonical CSV line (CANONICAL_COLUMNS order) of the text_… columns, quoted as needed."""
    def quoted(name: str) -> pl.Expr:
        value = pl.col(f"text_{name}").fill_null("")
        needs = value.str.contains(r'[",\r\n]')
        return pl.when(needs).then(
            pl.lit('"') + value.str.replace_all('"', '""', literal=True) + pl.lit('"')
        ).otherwise(value)

    return pl.concat_str([quoted(name) for name in CANONICAL_COLUMNS], separator=",")
