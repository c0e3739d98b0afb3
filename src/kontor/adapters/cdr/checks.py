"""Field checks shared by the readers, as Polars expressions.

Each check returns a reason naming the field, or null: a sentence of the reasons catalogue
(kontor.messages.reasons) in English, which people read in their language. A record's reasons
are joined with "; "; a record with any reason goes to quarantine, the others become records.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from kontor.adapters.cdr.records import RECORD_SCHEMA, Checked, QuarantineEntry
from kontor.messages.reasons import SEPARATOR, reason, template_parts

NO_REASON = pl.lit(None, pl.String)
# Codes of CLDR's territories that are no country of ISO 3166-1: exceptionally reserved (AC,
# CP, CQ, DG, EA, IC, TA), groups (EU, EZ, UN, QO) and user-assigned ones (XA, XB, ZZ); Kosovo
# (XK, user-assigned) stays: its networks have their own country code (+383).
NOT_COUNTRIES = frozenset(("AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "UN", "QO",
                           "XA", "XB", "ZZ"))


@cache
def countries() -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 country codes (from CLDR, as Babel ships it)."""
    from babel import Locale

    return tuple(sorted(code for code in Locale("en").territories
                        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES))


def text(expr: pl.Expr) -> pl.Expr:
    """The field stripped of surrounding blanks; null when empty."""
    stripped = expr.str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped)


def said(key: str, **params: str | int | pl.Expr) -> pl.Expr:
    """The reason `key` as a column: parameters given as expressions are filled in per row,
    the others once."""
    if not any(isinstance(v, pl.Expr) for v in params.values()):
        return pl.lit(reason(key, **params))
    text, values = [], []
    for literal, name in template_parts(key):
        value = params[name] if name is not None else ""
        text.append(_braces_kept(literal))
        if isinstance(value, pl.Expr):
            text.append("{}")
            values.append(value)
        else:
            text.append(_braces_kept(str(value)))
    return pl.format("".join(text), *values)


def _braces_kept(text: str) -> str:
    """Text for pl.format's template, its own braces not taken for placeholders."""
    return text.replace("{", "{{").replace("}", "}}")


def reason_if(condition: pl.Expr, why: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(why).otherwise(NO_REASON)


def missing(name: str, value: pl.Expr, why: pl.Expr | None = None) -> pl.Expr:
    return reason_if(value.is_null(), said("missing", field=name) if why is None else why)


def whole_number(value_text: pl.Expr) -> pl.Expr:
    return value_text.str.to_integer(strict=False)


def number_problem(name: str, value_text: pl.Expr, number: pl.Expr) -> pl.Expr:
    """Present but not a whole number ≥ 0 (a missing value is the caller's concern);
    `number` is the parsed value (a column)."""
    return (
        pl.when(value_text.is_not_null() & number.is_null())
        .then(said("not_whole_number", field=name, value=value_text.str.slice(0, 40)))
        .when(number < 0)
        .then(said("negative", field=name, value=number))
        .otherwise(NO_REASON)
    )


def not_utf8_problem(name: str, index: int) -> pl.Expr:
    return reason_if(pl.col("not_utf8").list.contains(index), said("not_utf8", field=name))


def join_reasons(reasons: list[pl.Expr]) -> pl.Expr:
    joined = pl.concat_str(reasons, separator=SEPARATOR, ignore_nulls=True)
    return pl.when(joined == "").then(NO_REASON).otherwise(joined)


def settle(
    frame: pl.DataFrame, header: tuple[str, ...] | None = None, raw: pl.Expr | None = None
) -> Checked:
    """Records (RECORD_SCHEMA) and quarantine entries of a checked chunk.

    `frame` holds the record columns plus `reason` (null when fine) and `raw`; `raw` (the
    expression) writes the raw text of quarantined rows that have none."""
    bad = frame.filter(pl.col("reason").is_not_null())
    if raw is not None:
        bad = bad.with_columns(raw=pl.coalesce(pl.col("raw"), raw))
    good = frame.filter(pl.col("reason").is_null())
    records = good.select(pl.col(name).cast(dtype) for name, dtype in RECORD_SCHEMA.items())
    entries = [
        QuarantineEntry(row["source_file"], row["line"], row["reason"], row["raw"] or "", header)
        for row in bad.select("source_file", "line", "reason", "raw").iter_rows(named=True)
    ]
    return records, entries
