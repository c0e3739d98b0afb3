"""Phone numbers: normalisation of dialled forms, classification, the prefix table against
phonenumbers (the reference), and the table's cache."""

from __future__ import annotations

import re

import phonenumbers
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontor.adapters.numbering import (
    Classification,
    PrefixTable,
    classify_numbers,
    classify_one,
    default_cache_dir,
    example_numbers,
    normalise,
    normalise_one,
)
from kontor.adapters.numbering import classify as classify_module
from kontor.adapters.numbering.automaton import ALL, Automaton
from kontor.adapters.numbering.prefix_table import cache_path, cache_stamp


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("numbering-cache")


@pytest.fixture(scope="module")
def table(cache) -> PrefixTable:
    return PrefixTable.load(cache)  # built once for this module, a few seconds


# --- normalisation -------------------------------------------------------------------------

DIALLED = [
    # (dialled, customer's country, E.164)
    ("030 1234567", "DE", "+49301234567"),
    ("030/123 45-67", "DE", "+49301234567"),
    ("0151 12345678", "DE", "+4915112345678"),
    ("0043 1 234567890", "DE", "+431234567890"),
    ("+43 1 234567890", "DE", "+431234567890"),
    ("+43 (1) 234567890", "DE", "+431234567890"),
    ("044 668 18 00", "CH", "+41446681800"),
    ("0049 30 1234567", "CH", "+49301234567"),
    ("1 212 456 7890", "US", "+12124567890"),
    ("12124567890", "US", "+12124567890"),
    ("(212) 456-7890", "US", "+12124567890"),
    ("011 49 30 1234567", "US", "+49301234567"),
    ("8 10 49 30 1234567", "RU", "+49301234567"),
    ("8 495 123-45-67", "RU", "+74951234567"),
    ("abc", "DE", None),
    ("030-12x4567", "DE", None),
    ("*21#", "DE", None),
    ("", "DE", None),
    (None, "DE", None),
    ("+", "DE", None),
    ("00", "DE", None),
    ("0", "DE", None),
]


@pytest.mark.parametrize(("dialled", "home", "e164"), DIALLED)
def test_normalise_one_reads_the_forms_a_pbx_writes(dialled, home, e164):
    assert normalise_one(dialled, home) == e164


@pytest.mark.parametrize("home", ["DE", "CH", "US", "RU"])
def test_normalise_column_is_normalise_one(home):
    dialled = [row[0] for row in DIALLED]
    expected = [normalise_one(number, home) for number in dialled]
    assert normalise(pl.Series(dialled, dtype=pl.String), home).to_list() == expected


def test_normalise_agrees_with_phonenumbers_on_examples():
    for e164 in example_numbers()[::7]:
        number = phonenumbers.parse(e164)
        for home in ("DE", "CH", "US"):
            dialled = phonenumbers.format_out_of_country_calling_number(number, home)
            assert normalise_one(dialled, home) == e164, (dialled, home)


# --- classification ------------------------------------------------------------------------

KNOWN = [
    ("+49 30 1234567", "DE", "landline"),
    ("+49 151 12345678", "DE", "mobile"),
    ("+49 800 1234567", "DE", "tollfree"),
    ("+49 900 1234567", "DE", "other"),
    ("+1 212 456 7890", "US", "landline"),  # fixed line or mobile: counts as landline
    ("+41 44 668 18 00", "CH", "landline"),
    ("+41 79 123 45 67", "CH", "mobile"),
    ("+43 1 234567890", "AT", "landline"),
    ("+44 1481 256789", "GB", "landline"),  # shared calling code +44: Guernsey, UK plan
    ("+7 701 234 5678", "KZ", "mobile"),  # shared calling code +7
    ("+49 (0)30 1234567", "DE", "landline"),  # national prefix after the country code
    ("+800 1234 5678", None, "tollfree"),  # non-geographic
    ("+49 30", None, "invalid"),  # too short
    ("+49 30 1234567890123456", None, "invalid"),  # too long
    ("+999 1234567", None, "invalid"),  # no such calling code
    ("not a number", None, "invalid"),
]


@pytest.mark.parametrize(("number", "country", "kind"), KNOWN)
def test_reference_classifies_known_numbers(number, country, kind):
    assert classify_one(number, "DE") == Classification(country, kind)


def test_fast_path_classifies_known_numbers(table):
    numbers = pl.Series([row[0] for row in KNOWN])
    found = classify_numbers(numbers, "DE", table)
    assert found.select("country", "kind").rows() == [(country, kind) for _, country, kind in KNOWN]


@pytest.mark.parametrize("few", [0, 10_000])
def test_national_prefix_after_the_country_code_one_by_one_or_per_calling_code(
    table, monkeypatch, few
):
    monkeypatch.setattr(classify_module, "FEW", few)
    numbers = [
        "+49 (0)30 1234567",
        "+44 0 20 7123 4567",
        "+41 (0)44 668 18 00",
        "+1 1 212 456 7890",
    ]
    numbers += [row[0] for row in KNOWN]
    found = classify_numbers(pl.Series(numbers), "DE", table).select("country", "kind").rows()
    assert [Classification(*row) for row in found] == [classify_one(n, "DE") for n in numbers]


def test_fast_path_gives_the_number_as_classified(table):
    numbers = pl.Series(["030 1234567", "+49 (0)30 1234567", "0043 1 234567890", "x", None])
    found = classify_numbers(numbers, "DE", table)["e164"].to_list()
    assert found == ["+49301234567", "+49301234567", "+431234567890", None, None]


def test_table_says_invalid_for_malformed_e164(table):
    numbers = pl.Series(["+", "+0301234", "4930123456", "+49 30 123", None, "+4930123456x"])
    assert table.classify(numbers)["kind"].to_list() == ["invalid"] * 6


def _seed(e164: str) -> tuple[str, str]:
    number = phonenumbers.parse(e164)
    return f"+{number.country_code}", phonenumbers.national_significant_number(number)


SEEDS = [_seed(e164) for e164 in example_numbers()]


@st.composite
def valid_numbers(draw) -> str:
    """An example number of any region and type with random trailing digits; the example
    itself when that is not valid."""
    code, national = draw(st.sampled_from(SEEDS))
    count = draw(st.integers(1, len(national) - 1))
    tail = draw(st.text("0123456789", min_size=count, max_size=count))
    candidate = code + national[: len(national) - count] + tail
    if phonenumbers.is_valid_number(phonenumbers.parse(candidate)):
        return candidate
    return code + national


TRUNK_PREFIX = {"DE": "0", "CH": "0"}  # dialled before every national number (usage.md)


@st.composite
def dialled_numbers(draw) -> tuple[str, str]:
    """A valid number as E.164, or as a PBX in DE, CH or the US dials it. phonenumbers writes a
    few German national numbers without their 0 (pagers, "16412340"); a PBX dials the 0, and
    Kontor reads national numbers only with it (billing rules, "Numbers")."""
    number = phonenumbers.parse(draw(valid_numbers()))
    home = draw(st.sampled_from(["DE", "CH", "US"]))
    if draw(st.booleans()):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), home
    dialled = phonenumbers.format_out_of_country_calling_number(number, home)
    trunk = TRUNK_PREFIX.get(home, "")
    if phonenumbers.region_code_for_number(number) == home and not dialled.startswith(trunk):
        dialled = trunk + dialled
    return dialled, home


def test_dialled_pager_number_needs_its_zero(table):
    """The German national form phonenumbers writes without the 0 is no number to Kontor
    (phonenumbers itself reads it as German); with the 0 a PBX dials it is a German number of
    kind other, as phonenumbers says."""
    numbers = ["16412340", "016412340", "+4916412340"]
    found = classify_numbers(pl.Series(numbers), "DE", table).select("country", "kind").rows()
    assert found == [(None, "invalid"), ("DE", "other"), ("DE", "other")]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(dialled_numbers(), min_size=1, max_size=60))
def test_fast_path_agrees_with_reference(table, sample):
    for home in ("DE", "CH", "US"):
        numbers = [number for number, number_home in sample if number_home == home]
        found = classify_numbers(pl.Series(numbers, dtype=pl.String), home, table)
        expected = [classify_one(number, home) for number in numbers]
        assert [
            Classification(*row) for row in found.select("country", "kind").rows()
        ] == expected, numbers


CALLING_CODES = sorted({code for code, _ in SEEDS})


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CALLING_CODES), st.text("0123456789", max_size=17))))
def test_fast_path_agrees_with_reference_on_random_digits(table, sample):
    numbers = [code + digits for code, digits in sample]  # mostly invalid
    found = classify_numbers(pl.Series(numbers, dtype=pl.String), "DE", table)
    expected = [classify_one(number, "DE") for number in numbers]
    assert [Classification(*row) for row in found.select("country", "kind").rows()] == expected


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(SEEDS[::5]), st.text("0123456789", min_size=1, max_size=16))
def test_automaton_matches_like_re(seed, digits):
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(
        int(seed[0][1:]), phonenumbers.region_code_for_country_code(int(seed[0][1:]))
    )
    for desc in (metadata.general_desc, metadata.fixed_line, metadata.mobile):
        if desc is None or not desc.national_number_pattern:
            continue
        automaton = Automaton(desc.national_number_pattern)
        states = automaton.start
        for digit in digits:
            states = automaton.step(states, int(digit))
        matched = automaton.status(states, 0) is ALL
        assert matched == bool(re.fullmatch(desc.national_number_pattern, digits))


# --- the cache -----------------------------------------------------------------------------

TINY = pl.DataFrame(
    {"length": [11], "start": [0], "country": [None], "kind": ["invalid"]},
    schema={"length": pl.UInt8, "start": pl.UInt64, "country": pl.String, "kind": pl.String},
)


def test_table_is_cached_with_the_phonenumbers_version(table, cache, monkeypatch):
    path = cache_path(cache)
    assert phonenumbers.__version__ in path.name
    recorded = pl.read_parquet_metadata(path)
    assert recorded["phonenumbers_version"] == phonenumbers.__version__
    monkeypatch.setattr(PrefixTable, "build", classmethod(lambda cls: pytest.fail("rebuilt")))
    assert PrefixTable.load(cache).intervals.equals(table.intervals)


@pytest.mark.parametrize("stamp", [{"phonenumbers_version": "8.0.0"}, {"table_format": "0"}])
def test_cache_is_rebuilt_when_the_recorded_version_differs(tmp_path, monkeypatch, stamp):
    builds = []
    monkeypatch.setattr(
        PrefixTable, "build", classmethod(lambda cls: builds.append(1) or cls(TINY))
    )
    TINY.write_parquet(cache_path(tmp_path), metadata={**cache_stamp(), **stamp})
    assert PrefixTable.load(tmp_path).intervals.equals(TINY)
    assert builds == [1]
    assert pl.read_parquet_metadata(cache_path(tmp_path))["phonenumbers_version"] == (
        phonenumbers.__version__
    )
    PrefixTable.load(tmp_path)
    assert builds == [1]  # now current: read, not built


def test_unreadable_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(PrefixTable, "build", classmethod(lambda cls: cls(TINY)))
    cache_path(tmp_path).write_bytes(b"not parquet")
    assert PrefixTable.load(tmp_path).intervals.equals(TINY)


def test_cache_directory_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KONTOR_CACHE_DIR", str(tmp_path / "explicit"))
    assert default_cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("KONTOR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "kontor"
