"""A number's country is the country of the national numbering plan it belongs to: regions that
phonenumbers splits off a calling code inside another country's plan (Åland, Svalbard, the
Channel Islands, the Isle of Man, ...) count as that country (reference.PLAN_COUNTRY), on the
fast path the rating uses and in the reference alike."""

from __future__ import annotations

import phonenumbers
import polars as pl
import pytest
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from kontor.adapters.numbering import Classification, PrefixTable, classify_numbers, classify_one
from kontor.adapters.numbering.prefix_table import cache_path, cache_stamp
from kontor.adapters.numbering.reference import PLAN_COUNTRY


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> PrefixTable:
    return PrefixTable.load(tmp_path_factory.mktemp("numbering-cache"))  # a few seconds


NUMBERS = [
    # (E.164 or dialled from DE, phonenumbers' region, country for rating, kind)
    ("+358 18 123456", "AX", "FI", "landline"),  # Mariehamn, Åland
    ("+358 41 2345678", "FI", "FI", "mobile"),
    ("+47 79 02 12 34", "SJ", "NO", "landline"),  # Longyearbyen, Svalbard
    ("+44 1481 256789", "GG", "GB", "landline"),  # Guernsey
    ("+44 7781 123456", "GG", "GB", "mobile"),  # Guernsey mobile
    ("+44 1534 712345", "JE", "GB", "landline"),  # Jersey
    ("+44 7797 712345", "JE", "GB", "mobile"),
    ("+44 1624 612345", "IM", "GB", "landline"),  # Isle of Man
    ("+44 7624 123456", "IM", "GB", "mobile"),
    ("0044 1481 256789", "GG", "GB", "landline"),  # as a German PBX dials it
    ("+39 06 698 12345", "VA", "IT", "landline"),  # Vatican City, Rome's area code
    ("+61 8 9162 1234", "CC", "AU", "landline"),  # Cocos (Keeling) Islands
    ("+61 8 9164 1234", "CX", "AU", "landline"),  # Christmas Island
    ("+290 8123", "TA", "SH", "landline"),  # Tristan da Cunha
    # separate countries stay apart
    ("+1 876 210 1234", "JM", "JM", "mobile"),  # NANP
    ("+7 701 234 5678", "KZ", "KZ", "mobile"),
    ("+262 269 60 1234", "YT", "YT", "landline"),  # Mayotte, French overseas department
    ("+590 590 27 1234", "BL", "BL", "landline"),  # Saint-Barthélemy
]


@pytest.mark.parametrize(("number", "region", "country", "kind"), NUMBERS)
def test_phonenumbers_gives_the_region(number, region, country, kind):
    parsed = phonenumbers.parse(number, "DE")
    assert phonenumbers.is_valid_number(parsed)
    assert phonenumbers.region_code_for_number(parsed) == region


def test_rating_classifies_by_the_plans_country(table):
    found = classify_numbers(pl.Series([row[0] for row in NUMBERS]), "DE", table)
    assert found.select("country", "kind").rows() == [(c, k) for _, _, c, k in NUMBERS]


@pytest.mark.parametrize(("number", "region", "country", "kind"), NUMBERS)
def test_reference_classifies_by_the_plans_country(number, region, country, kind):
    assert classify_one(number, "DE") == Classification(country, kind)


def test_no_table_country_is_a_mapped_region(table):
    countries = set(table.intervals["country"].drop_nulls())
    assert countries.isdisjoint(PLAN_COUNTRY)
    assert {"FI", "NO", "GB", "IT", "AU", "SH"} <= countries


# Regions sharing a calling code (outside +1) that are their own country, deliberately not mapped
SEPARATE = {
    "KZ",  # +7: Kazakhstan, not Russia
    "YT",  # +262: Mayotte, French overseas department (not Réunion, not +33)
    "BL",  # +590: Saint-Barthélemy, French overseas collectivity (not Guadeloupe, not +33)
    "MF",  # +590: Saint-Martin, likewise
    "BQ",  # +599: Caribbean Netherlands, part of the Netherlands, not of Curaçao
}


def test_every_region_on_another_countrys_calling_code_is_decided():
    """A phonenumbers update that splits a new region off a calling code fails here until
    it is mapped to its plan's country or kept as a country of its own."""
    decided = set(PLAN_COUNTRY) | SEPARATE
    shared = {
        region
        for code, regions in COUNTRY_CODE_TO_REGION_CODE.items()
        if code != 1  # NANP: separate countries (billing rules, "Numbers")
        for region in regions[1:]  # the first is the calling code's main country
    }
    assert shared == decided


def test_cache_of_another_mapping_is_rebuilt(tmp_path, monkeypatch):
    tiny = pl.DataFrame(
        {"length": [11], "start": [0], "country": [None], "kind": ["invalid"]},
        schema={"length": pl.UInt8, "start": pl.UInt64, "country": pl.String, "kind": pl.String},
    )
    builds = []
    monkeypatch.setattr(PrefixTable, "build", classmethod(lambda cls: builds.append(1) or cls(tiny)))
    old = {k: v for k, v in cache_stamp().items() if k != "plan_countries"}
    tiny.write_parquet(cache_path(tmp_path), metadata=old)  # as written before the mapping
    PrefixTable.load(tmp_path)
    assert builds == [1]
    recorded = pl.read_parquet_metadata(cache_path(tmp_path))
    assert "AX=FI" in recorded["plan_countries"].split(",")
    PrefixTable.load(tmp_path)
    assert builds == [1]  # now current: read, not built
