"""Dialled numbers to (country, kind), a whole column at a time: normalise, then the prefix table.

One rule of phonenumbers needs the number's own country, not the customer's: an international
number keeps its country's national prefix out ("+49 (0)30…", "0044 0 20…" are +4930…, +4420…).
Only numbers the table finds invalid can change by that, so only those are looked at again:
a few one by one, many as one Polars pass per calling code.
"""

from __future__ import annotations

from functools import cache

import polars as pl
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from .normalise import DialPlan, normalise, strip_national_prefix, strip_national_prefix_one
from .prefix_table import PrefixTable
from .reference import INVALID, NON_GEOGRAPHIC

_CALLING_CODES = sorted(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)


@cache
def default_table() -> PrefixTable:
    """The table from the user's cache (built on first use), once per process."""
    return PrefixTable.load()


def classify_numbers(
    numbers: pl.Series, home_country: str, table: PrefixTable | None = None
) -> pl.DataFrame:
    """Country and kind of dialled numbers in any form a PBX in `home_country` writes them, and
    the E.164 number as classified (null when it is no phone number)."""
    table = table or default_table()
    e164 = normalise(numbers, home_country)
    classes = table.classify(e164).with_columns(e164=e164)
    return _retry_national_prefix(table, classes)


def calling_code(e164: pl.Expr) -> pl.Expr:
    """The country calling code of an E.164 number (null when none): codes are prefix-free."""
    digits = e164.str.slice(1)
    return pl.coalesce(
        pl.when(digits.str.slice(0, n).is_in(_CALLING_CODES)).then(digits.str.slice(0, n))
        for n in (1, 2, 3)
    )


def _retry_national_prefix(table: PrefixTable, classes: pl.DataFrame) -> pl.DataFrame:
    frame = classes.select("e164", "kind").with_row_index("row")
    invalid = frame.filter(pl.col("kind") == INVALID, pl.col("e164").is_not_null())
    invalid = invalid.with_columns(code=calling_code(pl.col("e164"))).drop_nulls("code")
    if invalid.height <= FEW:
        changed = _stripped_few(invalid)
    else:
        retried = [_stripped(code, group) for (code,), group in invalid.group_by("code")]
        changed = pl.concat([part for part in retried if part is not None] or [_EMPTY])
    if changed.is_empty():
        return classes
    found = table.classify(changed["e164"]).with_columns(e164=changed["e164"])
    rows = changed["row"]
    return classes.with_columns(
        classes[column].clone().scatter(rows, found[column]) for column in classes.columns
    )


_EMPTY = pl.DataFrame(schema={"row": pl.UInt32, "e164": pl.String})
FEW = 2_000  # fewer invalid numbers are retried one by one: quicker than a pass per calling code


def _stripped_few(invalid: pl.DataFrame) -> pl.DataFrame:
    rows, numbers = [], []
    for row, e164, code in invalid.select("row", "e164", "code").iter_rows():
        plan = _plan(code)
        if plan is not None:
            national = e164[1 + len(code) :]
            stripped = strip_national_prefix_one(plan, national)
            if stripped != national:
                rows.append(row)
                numbers.append(f"+{code}{stripped}")
    return pl.DataFrame({"row": rows, "e164": numbers}, schema=_EMPTY.schema)


def _stripped(code: str, group: pl.DataFrame) -> pl.DataFrame | None:
    plan = _plan(code)
    if plan is None:
        return None
    frame = group.lazy().with_columns(national=pl.col("e164").str.slice(1 + len(code)))
    frame = strip_national_prefix(frame, plan, "national", "stripped")
    stripped = pl.lit("+" + code) + pl.col("stripped")
    frame = frame.filter(pl.col("stripped") != pl.col("national"))
    return frame.select("row", e164=stripped).collect()


@cache
def _plan(code: str) -> DialPlan | None:
    region = COUNTRY_CODE_TO_REGION_CODE[int(code)][0]
    if region == NON_GEOGRAPHIC:
        return None
    plan = DialPlan.of(region)
    return plan if plan.national_prefix else None
