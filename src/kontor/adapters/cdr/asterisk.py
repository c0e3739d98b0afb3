"""Headerless PBX CSV files (Asterisk cdr_csv and cdr_custom, FreeSWITCH mod_cdr_csv, or a
user's column order) as normalised voice records.

- record_id = uniqueid (uuid); subscriber = accountcode, or src (caller_id_number) where that
  is empty; destination = dst as written; duration_s = billsec.
- started_at = `start`, the moment the call began (set for every call, answered or not; `answer`
  is empty for unanswered calls), read as local time of `timezone` unless it has an offset.
- Billable: disposition ANSWERED (without a disposition column: an answer time is set). Other
  rows are read and counted as not billable whatever their billsec. Their billing fields are
  not checked; the disposition (or answer time) itself must be readable, so a file read with a
  wrong layout ends in quarantine instead of passing as "not billable".
- Quarantine: a broken line (unclosed or stray quote), a column count the layout does not
  allow, an unknown disposition; and for billable rows: no uniqueid, no subscriber, a start
  that is no time, billsec that is no whole number ≥ 0 or exceeds duration, or a needed field
  with bytes that are not UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from kontor.adapters.cdr import checks as c
from kontor.adapters.cdr.layouts import DISPOSITIONS, Layout
from kontor.adapters.cdr.lines import Line, count_problem, physical_lines, split_lines
from kontor.adapters.cdr.records import Checked
from kontor.adapters.cdr.times import local_time, local_time_problem

NEEDED_ROLES = ("record_id", "subscriber", "destination", "start", "billsec", "duration")
ROLES = (*NEEDED_ROLES, "disposition", "answer")


def pbx_chunks(
    path: Path, layout: Layout, timezone: str, source_file: str, batch_rows: int
) -> Iterator[Checked]:
    for lines in physical_lines(path, batch_rows):
        yield check_lines(lines, layout, timezone, source_file)


def check_lines(lines: list[Line], layout: Layout, timezone: str, source_file: str) -> Checked:
    keep = [i for role in ROLES for i in layout.indexes(role)]
    split = split_lines(lines, keep).with_columns(source_file=pl.lit(source_file))
    return check_rows(split, layout, timezone)


def check_rows(split: pl.DataFrame, layout: Layout, timezone: str) -> Checked:
    """The PBX rules on a split frame (lines.split_lines plus a source_file column).

    In stages (texts, parsed values, reasons) so each value is computed once per row."""
    col = pl.col
    structure = [col("problem"), count_problem(col("n_fields"), layout.column_counts)]
    checked = (
        split.lazy()
        .with_columns(**_texts(layout))
        .with_columns(
            started_at=local_time(col("start"), timezone),
            seconds=c.whole_number(col("billsec")),
            length=c.whole_number(col("duration")),
            **_answered(layout, timezone),
        )
        .with_columns(
            reason=pl.coalesce(
                c.join_reasons(structure),
                col("answered_reason"),
                pl.when(col("billable")).then(c.join_reasons(_billing_reasons(layout, timezone))),
            )
        )
        .select(
            "record_id", "subscriber", "started_at", "destination", "billable", "source_file",
            "line", "reason", "raw",
            service=pl.lit("voice"),
            duration_s=col("seconds"),
            volume_bytes=pl.lit(None, pl.Int64),
            roaming_country=pl.lit(None, pl.String),
        )
    )
    return c.settle(checked.collect())


def _field(index: int | None) -> pl.Expr:
    return c.text(pl.col(f"f{index}")) if index is not None else pl.lit(None, pl.String)


def _texts(layout: Layout) -> dict[str, pl.Expr]:
    """Stripped texts by role; the subscriber is the first non-empty subscriber column."""
    texts = {role: _field(layout.index(role)) for role in ROLES if role != "subscriber"}
    texts["subscriber"] = pl.coalesce([_field(i) for i in layout.indexes("subscriber")])
    return texts


def _answered(layout: Layout, timezone: str) -> dict[str, pl.Expr]:
    """billable, and answered_reason: why answered-ness cannot be read (or null)."""
    if layout.index("disposition") is not None:
        disposition = pl.col("disposition")
        reason = (
            pl.when(disposition.is_null())
            .then(c.said("missing", field="disposition"))
            .when(disposition.is_in(DISPOSITIONS).not_())
            .then(c.said("unknown_disposition", value=disposition.str.slice(0, 40),
                         known=", ".join(DISPOSITIONS)))
        )
        return {"billable": (disposition == "ANSWERED").fill_null(False),
                "answered_reason": reason}
    name = layout.columns[layout.index("answer")]
    answer = pl.col("answer")
    unreadable = answer.is_not_null() & local_time(answer, timezone).is_null()
    reason = c.reason_if(unreadable, c.said("not_a_time", field=name,
                                            value=answer.str.slice(0, 40)))
    return {"billable": answer.is_not_null(), "answered_reason": reason}


def _billing_reasons(layout: Layout, timezone: str) -> list[pl.Expr]:
    col = pl.col
    name = {role: layout.columns[i] for role in ROLES if (i := layout.index(role)) is not None}
    subscribers = [layout.columns[i] for i in layout.indexes("subscriber")]
    reasons = [
        c.missing(name["record_id"], col("record_id")),
        c.missing("subscriber", col("subscriber"), _all_empty(subscribers)),
        local_time_problem(name["start"], col("start"), col("started_at"), timezone),
        c.missing("billsec", col("billsec")),
        c.number_problem("billsec", col("billsec"), col("seconds")),
        c.reason_if(col("seconds") > col("length"), c.said(
            "billsec_over_duration", seconds=col("seconds"), duration=col("length"))),
    ]
    needed = {i for role in NEEDED_ROLES for i in layout.indexes(role)}
    reasons += [c.not_utf8_problem(layout.columns[i], i) for i in sorted(needed)]
    return reasons


def _all_empty(names: list[str]) -> pl.Expr:
    """Why the subscriber is missing: the columns it is read from are empty."""
    if len(names) == 1:
        return c.said("column_empty", field="subscriber", column=names[0])
    if len(names) == 2:
        return c.said("columns_both_empty", field="subscriber", first=names[0],
                      second=names[1])
    return c.said("columns_all_empty", field="subscriber", columns=" and ".join(names))
