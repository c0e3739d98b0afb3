"""Agreement and speed of the prefix table (fast path) against phonenumbers (reference).

Generates valid numbers of every region and number type (example numbers from the metadata with
random trailing digits, kept when phonenumbers says they are valid), classifies them with both
paths, as E.164 and as dialled from Germany, Switzerland and the US (national form for own
numbers, the international prefix otherwise), and random digits after a calling code (mostly
invalid numbers); prints the agreement, the commonest disagreements and numbers per second. Also
prints the time to build the table.

Run: .venv/bin/python benchmarks/numbering_agreement.py [SIZE] [SEED]   (default 200000 1)
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections import Counter

import phonenumbers
import polars as pl
from phonenumbers import PhoneNumberFormat
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from kontor.adapters.numbering import (
    PrefixTable,
    classify_numbers,
    classify_one,
    example_numbers,
)

HOMES = ("DE", "CH", "US")


def valid_numbers(size: int, seed: int) -> list[str]:
    """`size` valid E.164 numbers, spread evenly over the example numbers' regions and types."""
    rng = random.Random(seed)
    seeds = [_split(example) for example in example_numbers()]
    found: list[str] = []
    while len(found) < size:
        code, national = seeds[len(found) % len(seeds)]
        for _ in range(20):
            candidate = code + _varied(national, rng)
            if _is_valid(candidate):
                found.append(candidate)
                break
    return found


def _split(e164: str) -> tuple[str, str]:
    number = phonenumbers.parse(e164)
    return f"+{number.country_code}", phonenumbers.national_significant_number(number)


def _is_valid(e164: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(e164))
    except phonenumbers.NumberParseException:
        return False


def _varied(national: str, rng: random.Random) -> str:
    """1 to all-but-one of the last digits random; sometimes a digit more or less."""
    digits = list(national)
    for position in range(len(digits) - rng.randint(1, max(1, len(digits) - 1)), len(digits)):
        digits[position] = str(rng.randrange(10))
    change = rng.random()
    if change < 0.1:
        digits.append(str(rng.randrange(10)))
    elif change < 0.2 and len(digits) > 2:
        digits.pop()
    return "".join(digits)


def random_e164(size: int, seed: int) -> list[str]:
    """Random digits after a real calling code: mostly invalid numbers, some valid by chance."""
    rng = random.Random(seed)
    codes = sorted(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)
    return [
        "+" + rng.choice(codes) + "".join(rng.choices("0123456789", k=rng.randint(2, 16)))
        for _ in range(size)
    ]


def dialled_from(e164: str, home: str) -> str:
    """How a PBX in `home` writes the number: national for its own numbers, else international."""
    number = phonenumbers.parse(e164)
    if phonenumbers.region_code_for_number(number) == home:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_out_of_country_calling_number(number, home)


def compare(label: str, numbers: list[str], home: str, table: PrefixTable) -> None:
    started = time.perf_counter()
    reference = [classify_one(number, home) for number in numbers]
    reference_s = time.perf_counter() - started
    series = pl.Series(numbers)
    started = time.perf_counter()
    fast = classify_numbers(series, home, table)
    fast_s = time.perf_counter() - started
    misses = Counter()
    examples: dict[tuple, str] = {}
    rows = zip(numbers, reference, fast["country"], fast["kind"], strict=True)
    for number, ref, country, kind in rows:
        if (ref.country, ref.kind) != (country, kind):
            key = (f"{ref.country}/{ref.kind}", f"{country}/{kind}")
            misses[key] += 1
            examples.setdefault(key, number)
    differ = sum(misses.values())
    agreed = 100 * (1 - differ / len(numbers))
    print(f"{label:<22} agreement {agreed:8.4f} %  ({differ} of {len(numbers)} differ)")
    print(f"{'':<22} reference {len(numbers) / reference_s:>12,.0f} numbers/s")
    print(f"{'':<22} fast path {len(numbers) / fast_s:>12,.0f} numbers/s (normalise + table)")
    for (want, got), count in misses.most_common(10):
        example = examples[want, got]
        print(f"{'':<24} {count:>6}  reference {want:<22} fast {got:<22} e.g. {example}")


def table_speed(numbers: list[str], table: PrefixTable) -> None:
    series = pl.Series(numbers * max(1, 1_000_000 // len(numbers)))
    started = time.perf_counter()
    table.classify(series)
    seconds = time.perf_counter() - started
    rate = len(series) / seconds
    print(f"table lookup alone     {rate:>12,.0f} numbers/s ({len(series):,} E.164)")


def reference_with_pattern_cache(numbers: list[str]) -> None:
    """The reference again with phonenumbers' own cache of compiled patterns switched on (off by
    default: across all regions, Python's re cache of 512 patterns keeps recompiling)."""
    from phonenumbers import re_util

    if not hasattr(re_util, "enable_pattern_cache"):
        return
    re_util.enable_pattern_cache()
    started = time.perf_counter()
    for number in numbers:
        classify_one(number, "DE")
    rate = len(numbers) / (time.perf_counter() - started)
    print(f"reference, pattern cache on {rate:>9,.0f} numbers/s (E.164)")


def main(size: int = 200_000, seed: int = 1) -> None:
    print(f"phonenumbers {phonenumbers.__version__}, polars {pl.__version__}")
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        table = PrefixTable.load(cache)
        built = time.perf_counter() - started
        started = time.perf_counter()
        PrefixTable.load(cache)
        read = time.perf_counter() - started
    print(
        f"table: {table.intervals.height:,} intervals, built and cached in {built:.2f} s, "
        f"read from the cache in {read * 1000:.1f} ms"
    )
    started = time.perf_counter()
    numbers = valid_numbers(size, seed)
    print(f"sample: {len(numbers):,} valid numbers in {time.perf_counter() - started:.1f} s")
    compare("E.164", numbers, "DE", table)
    for home in HOMES:
        compare(f"dialled from {home}", [dialled_from(n, home) for n in numbers], home, table)
    compare("random digits, E.164", random_e164(size // 2, seed), "DE", table)
    table_speed(numbers, table)
    reference_with_pattern_cache(numbers)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
