"""Dialled numbers, as a PBX in the customer's country writes them, to E.164 ("+4930…").

Forms read (usage.md, Asterisk): E.164 (`+43…`), the home region's international prefix (`0043…`
from DE or CH, `011…` from US), national (`030…`, from US also `1 212…` and `212…`). A national
number must carry the national prefix where dialling needs it (`030…`, not `30…`); only in the
North American plan is it optional (Kontor decision: phonenumbers itself is more lenient). Spaces,
dashes, slashes, dots and parentheses are ignored. The rules are phonenumbers' parsing rules, with
the home region's metadata (international prefix, national prefix for parsing and its transform
rule, general pattern, possible lengths), so that both paths read a number the same way.

`normalise_one` works on one string (plain `re`); `normalise` applies the same rules to a whole
column with Polars string expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import polars as pl
from phonenumbers import PhoneMetadata

SEPARATORS = r"[\s\-/().]"
_DIALLED = r"^\+?[0-9]+$"
_E164 = r"^\+[1-9][0-9]*$"
MIN_NSN, MAX_NSN = 2, 17  # phonenumbers' bounds for a national significant number


@dataclass(frozen=True)
class DialPlan:
    """What normalisation needs from one region's metadata."""

    calling_code: str
    idd: str | None  # international prefix, a regular expression
    national_prefix: str | None  # national prefix for parsing, a regular expression
    transform: str | None  # replacement for the national prefix, Python syntax (\1)
    general: str  # the general national number pattern
    lengths: tuple[int, ...]  # possible national lengths, ascending
    local_lengths: tuple[int, ...]
    dial_prefix: str | None = None  # the national prefix a caller must dial (None: optional)

    @staticmethod
    @cache
    def of(region: str) -> DialPlan:
        md = PhoneMetadata.metadata_for_region(region.upper())
        if md is None:
            raise ValueError(f"unknown region {region!r}")
        general = md.general_desc
        return DialPlan(
            str(md.country_code),
            md.international_prefix or None,
            md.national_prefix_for_parsing or None,
            md.national_prefix_transform_rule or None,
            general.national_number_pattern,
            tuple(sorted(general.possible_length)),
            tuple(general.possible_length_local_only),
            (md.national_prefix or None) if md.country_code != 1 else None,
        )

    @property
    def groups(self) -> int:
        return re.compile(self.national_prefix).groups if self.national_prefix else 0

    def length_fits(self, length: int) -> bool:
        """phonenumbers keeps a stripped national prefix only when the rest has a fitting length."""
        return length not in self.local_lengths and (
            length in self.lengths or length > self.lengths[-1]
        )


def normalise_one(number: str | None, home_country: str) -> str | None:
    """One dialled number to E.164, or None when it is no phone number."""
    plan = DialPlan.of(home_country)
    cleaned = re.sub(SEPARATORS, "", number or "")
    if not re.match(_DIALLED, cleaned):
        return None
    if cleaned.startswith("+"):
        return _e164(cleaned[1:])
    found = re.match(plan.idd, cleaned) if plan.idd else None
    if found and not cleaned[found.end() :].startswith("0"):
        return _e164(cleaned[found.end() :])
    if plan.dial_prefix and not cleaned.startswith(plan.dial_prefix):
        return None  # usage.md: national numbers are written with the national prefix (030…)
    national = _national(plan, cleaned)
    return _e164(plan.calling_code + national) if MIN_NSN <= len(national) <= MAX_NSN else None


def _e164(digits: str) -> str | None:
    return "+" + digits if re.match(r"^[1-9]", digits) else None


def _national(plan: DialPlan, digits: str) -> str:
    """phonenumbers' rules for a number without international prefix: a leading own calling
    code, then the national prefix."""
    if digits.startswith(plan.calling_code):
        rest = _strip_prefix(plan, digits[len(plan.calling_code) :])
        if (not _fits(plan, digits) and _fits(plan, rest)) or _too_long(plan, digits):
            digits = rest
    return strip_national_prefix_one(plan, digits)


def strip_national_prefix_one(plan: DialPlan, digits: str) -> str:
    """National digits without the plan's national prefix (`strip_national_prefix`, one number)."""
    stripped = _strip_prefix(plan, digits)
    return stripped if plan.length_fits(len(stripped)) else digits


def _fits(plan: DialPlan, digits: str) -> bool:
    return re.fullmatch(plan.general, digits) is not None


def _too_long(plan: DialPlan, digits: str) -> bool:
    return len(digits) not in plan.local_lengths and len(digits) > plan.lengths[-1]


def _strip_prefix(plan: DialPlan, digits: str) -> str:
    found = re.match(plan.national_prefix, digits) if plan.national_prefix and digits else None
    if not found:
        return digits
    if plan.transform and plan.groups and found.group(plan.groups) is not None:
        candidate = re.sub(plan.national_prefix, plan.transform, digits, count=1)
    else:
        candidate = digits[found.end() :]
    return digits if _fits(plan, digits) and not _fits(plan, candidate) else candidate


def normalise(numbers: pl.Series, home_country: str) -> pl.Series:
    """A column of dialled numbers to E.164 (null when no phone number): `normalise_one` as
    Polars string expressions, one step per column so that no expression repeats another."""
    plan = DialPlan.of(home_country)
    frame = pl.LazyFrame({"number": numbers.cast(pl.String)})
    frame = frame.with_columns(cleaned=pl.col("number").str.replace_all(SEPARATORS, ""))
    frame = frame.with_columns(digits=pl.col("cleaned").str.strip_prefix("+"))
    frame = _with_national(_with_after_idd(frame, plan), plan)
    national_ok = pl.col("national").str.len_bytes().is_between(MIN_NSN, MAX_NSN)
    e164 = (
        pl.when(~pl.col("cleaned").str.contains(_DIALLED))
        .then(None)
        .when(pl.col("cleaned").str.starts_with("+"))
        .then(pl.col("cleaned"))
        .when(pl.col("after_idd").is_not_null())
        .then(pl.lit("+") + pl.col("after_idd"))
        .when(pl.lit(plan.dial_prefix is not None)
              & ~pl.col("cleaned").str.starts_with(plan.dial_prefix or ""))
        .then(None)
        .when(national_ok)
        .then(pl.lit("+" + plan.calling_code) + pl.col("national"))
    )
    frame = frame.select(e164=e164).select(
        pl.when(pl.col("e164").str.contains(_E164)).then(pl.col("e164")).alias(numbers.name)
    )
    return frame.collect().to_series()


def _with_after_idd(frame: pl.LazyFrame, plan: DialPlan) -> pl.LazyFrame:
    """Column after_idd: the digits after the home region's international prefix, or null."""
    if not plan.idd:
        return frame.with_columns(after_idd=pl.lit(None, pl.String))
    idd = f"^(?:{plan.idd})"
    frame = frame.with_columns(_rest=pl.col("digits").str.replace(idd, ""))
    is_idd = pl.col("digits").str.contains(idd) & ~pl.col("_rest").str.starts_with("0")
    return frame.with_columns(after_idd=pl.when(is_idd).then("_rest")).drop("_rest")


def _with_national(frame: pl.LazyFrame, plan: DialPlan) -> pl.LazyFrame:
    """Column national: the digits read as a national number (`_national`)."""
    code = plan.calling_code
    frame = frame.with_columns(_rest=pl.col("digits").str.slice(len(code)))
    frame = _strip_prefix_step(frame, plan, "_rest", "_rest")
    digits, rest = pl.col("digits"), pl.col("_rest")
    take_rest = digits.str.starts_with(code) & (
        (~_fits_expr(plan, digits) & _fits_expr(plan, rest)) | _too_long_expr(plan, digits)
    )
    frame = frame.with_columns(_national=pl.when(take_rest).then(rest).otherwise(digits))
    return strip_national_prefix(frame, plan, "_national", "national").drop("_rest", "_national")


def strip_national_prefix(
    frame: pl.LazyFrame, plan: DialPlan, source: str, target: str
) -> pl.LazyFrame:
    """Column `target`: the national digits in `source` without the plan's national prefix, by
    phonenumbers' rules (which it also applies to E.164 input: "+49 (0)30…" is +4930…)."""
    frame = _strip_prefix_step(frame, plan, source, "_stripped")
    lengths = pl.col("_stripped").str.len_bytes()
    fits = ~lengths.is_in(plan.local_lengths or [-1]) & (
        lengths.is_in(plan.lengths) | (lengths > plan.lengths[-1])
    )
    stripped = pl.when(fits).then(pl.col("_stripped")).otherwise(pl.col(source))
    return frame.with_columns(stripped.alias(target)).drop("_stripped")


def _fits_expr(plan: DialPlan, digits: pl.Expr) -> pl.Expr:
    return digits.str.contains(f"^(?:{_ascii(plan.general)})$")


def _too_long_expr(plan: DialPlan, digits: pl.Expr) -> pl.Expr:
    lengths = digits.str.len_bytes()
    return ~lengths.is_in(plan.local_lengths or [-1]) & (lengths > plan.lengths[-1])


def _ascii(pattern: str) -> str:
    """Rust's \\d is any Unicode digit, which makes larger automata; the input is ASCII."""
    return pattern.replace("\\d", "[0-9]")


def _strip_prefix_step(
    frame: pl.LazyFrame, plan: DialPlan, source: str, target: str
) -> pl.LazyFrame:
    """Column `target`: `_strip_prefix` of column `source`."""
    digits = pl.col(source)
    if not plan.national_prefix:
        return frame.with_columns(digits.alias(target))
    prefix = f"^(?:{_ascii(plan.national_prefix)})"
    candidate = digits.str.replace(prefix, "")
    if plan.transform and plan.groups:
        transformed = digits.str.replace(prefix, re.sub(r"\\(\d)", r"${\1}", plan.transform))
        has_group = digits.str.extract(prefix, plan.groups).is_not_null()
        candidate = pl.when(has_group).then(transformed).otherwise(candidate)
    frame = frame.with_columns(_candidate=candidate)
    keep = _fits_expr(plan, digits) & ~_fits_expr(plan, pl.col("_candidate"))
    found = digits.str.contains(prefix) & (digits.str.len_bytes() > 0)
    stripped = pl.when(found & ~keep).then(pl.col("_candidate")).otherwise(digits)
    return frame.with_columns(stripped.alias(target)).drop("_candidate")
