"""Physical lines of a CSV file, in chunks, split into fields.

Rules (the same for the canonical CSV and every PBX layout):
- One record is one physical line. A quote left open at the end of a line is a broken record
  ("unclosed quote"), never the start of a field that swallows the lines after it. Blank lines
  are no records and are skipped.
- Each line is decoded as UTF-8. A line that is not valid UTF-8 is split as Latin-1 and each
  of its fields is decoded on its own: UTF-8 where that works, else Latin-1 (so nothing is
  lost). The indexes of the fields that were not UTF-8 are kept in `not_utf8`; a reader
  quarantines the record only when it needs one of those fields.
- Lines without a quote are split in Polars (vectorised); lines with quotes or bad bytes go
  through Python's csv module (strict), so doubled quotes, commas in quotes, quoted numbers and
  unquoted empty fields all read as the csv module reads them.

The split frame has: line, raw, n_fields, problem (null when the line split cleanly),
not_utf8 (indexes of fields that are not UTF-8, or null), and f{i} for each kept field index
(String, null beyond n_fields).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

import polars as pl

from kontor.adapters.cdr.checks import said
from kontor.messages.reasons import reason

BOM = b"\xef\xbb\xbf"
Line = tuple[int, bytes]


def physical_lines(path: Path, batch_rows: int, skip: int = 0) -> Iterator[list[Line]]:
    """(line number, bytes without the line break) for non-blank lines, batch_rows at a time."""
    chunk: list[Line] = []
    with path.open("rb") as stream:
        for number, data in enumerate(stream, start=1):
            if number <= skip:
                continue
            data = data.rstrip(b"\r\n")
            if number == 1:
                data = data.removeprefix(BOM)
            if not data.strip():
                continue
            chunk.append((number, data))
            if len(chunk) >= batch_rows:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def split_schema(keep: Iterable[int]) -> pl.Schema:
    fixed = {
        "line": pl.Int64,
        "raw": pl.String,
        "n_fields": pl.Int64,
        "problem": pl.String,
        "not_utf8": pl.List(pl.Int64),
    }
    return pl.Schema(fixed | {f"f{i}": pl.String for i in sorted(set(keep))})


def split_lines(lines: list[Line], keep: Iterable[int]) -> pl.DataFrame:
    """Split a chunk of lines into fields (see the module rules); only the fields whose
    indexes are in `keep` become columns (f{i}), the others are only counted."""
    keep = sorted(set(keep))
    plain_numbers: list[int] = []
    plain_texts: list[str] = []
    careful: list[tuple[int, str, bool]] = []  # (line, text, read as Latin-1)
    for number, data in lines:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            careful.append((number, data.decode("latin-1"), True))
            continue
        if '"' in text:
            careful.append((number, text, False))
        else:
            plain_numbers.append(number)
            plain_texts.append(text)
    frames = [_plain_frame(plain_numbers, plain_texts, keep)]
    if careful:
        frames.append(_careful_frame(careful, keep))
    return pl.concat(frames).sort("line")


def _plain_frame(numbers: list[int], texts: list[str], keep: list[int]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {"line": numbers, "raw": texts}, schema={"line": pl.Int64, "raw": pl.String}
    )
    parts = pl.col("parts")
    return frame.with_columns(parts=pl.col("raw").str.split(",")).select(
        "line",
        "raw",
        n_fields=parts.list.len().cast(pl.Int64),
        problem=pl.lit(None, pl.String),
        not_utf8=pl.lit(None, pl.List(pl.Int64)),
        **{f"f{i}": parts.list.get(i, null_on_oob=True) for i in keep},
    )


def _careful_frame(rows: list[tuple[int, str, bool]], keep: list[int]) -> pl.DataFrame:
    counts: list[int | None] = []
    problems: list[str | None] = []
    not_utf8: list[list[int] | None] = []
    split: list[list[str]] = []
    for (_, _, latin1), (fields, problem) in zip(rows, parse_csv_lines([r[1] for r in rows]),
                                                 strict=True):
        bad = None
        if fields is not None and latin1:
            fields, bad = _redecode(fields)
        counts.append(None if fields is None else len(fields))
        problems.append(problem)
        not_utf8.append(bad)
        split.append(fields or [])
    fields = {f"f{i}": [f[i] if i < len(f) else None for f in split] for i in keep}
    fixed = {"line": [r[0] for r in rows], "raw": [r[1] for r in rows], "n_fields": counts,
             "problem": problems, "not_utf8": not_utf8}
    return pl.DataFrame(fixed | fields, schema=split_schema(keep))


def parse_csv_lines(texts: list[str]) -> list[tuple[list[str] | None, str | None]]:
    """(fields, None) or (None, problem) per line, each line on its own.

    One csv reader runs over many lines (fast); where a line breaks (a csv error, or a quote
    that runs past the end of the line into the next), the lines it took are read one by one."""
    results: list[tuple[list[str] | None, str | None]] = []
    source = iter(texts)
    while len(results) < len(texts):
        start = len(results)
        reader = csv.reader(source, strict=True)
        try:
            for fields in reader:
                if reader.line_num != len(results) - start + 1:
                    break  # this record took more than one line: a quote left open
                results.append((fields, None))
        except csv.Error:
            pass
        taken = max(start + reader.line_num, len(results) + 1)
        results.extend(_parse_one(text) for text in texts[len(results):taken])
    return results


def _parse_one(text: str) -> tuple[list[str] | None, str | None]:
    try:
        return next(csv.reader([text], strict=True), []), None
    except csv.Error as error:
        return None, csv_problem(str(error))


def _redecode(fields: list[str]) -> tuple[list[str], list[int] | None]:
    """Fields of a line read as Latin-1: back to UTF-8 where they are UTF-8."""
    decoded: list[str] = []
    not_utf8: list[int] = []
    for index, field in enumerate(fields):
        try:
            decoded.append(field.encode("latin-1").decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(field)
            not_utf8.append(index)
    return decoded, not_utf8 or None


def csv_problem(error: str) -> str:
    if "unexpected end of data" in error:
        return reason("unclosed_quote")
    if "expected after" in error:
        return reason("stray_quote")
    return reason("not_csv", error=error)


def parse_header(data: bytes) -> list[str]:
    """The header line of a canonical CSV file, names stripped."""
    text = data.decode("utf-8", errors="replace")
    return [name.strip() for name in next(csv.reader([text]), [])]


def count_problem(found: pl.Expr, expected: tuple[int, ...]) -> pl.Expr:
    """"18 or 21 columns expected, found 12" where the field count is not an expected one."""
    wanted = " or ".join(str(n) for n in expected)
    return (
        pl.when(found.is_in(list(expected)).not_())
        .then(said("column_count", expected=wanted, found=found))
        .otherwise(pl.lit(None, pl.String))
    )
