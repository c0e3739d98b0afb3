"""The per-record reference classifier: phonenumbers itself, one number at a time.

It is the yardstick the vectorised prefix table is measured against (tests and
benchmarks/numbering_agreement.py); rating uses the prefix table.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType as T

LANDLINE, MOBILE, TOLLFREE, OTHER, INVALID = "landline", "mobile", "tollfree", "other", "invalid"
KINDS = (LANDLINE, MOBILE, TOLLFREE, OTHER, INVALID)
NON_GEOGRAPHIC = "001"  # phonenumbers' region of +800, +808, +870, +881, +882, +883, +888, +979

# Where the numbering plan cannot tell (FIXED_LINE_OR_MOBILE, e.g. +1), the number counts as
# landline (offers.md §4); other non-geographic numbers are rated like landline but kept apart.
KIND_OF_TYPE = {
    T.FIXED_LINE: LANDLINE,
    T.FIXED_LINE_OR_MOBILE: LANDLINE,
    T.MOBILE: MOBILE,
    T.TOLL_FREE: TOLLFREE,
    T.PREMIUM_RATE: OTHER,
    T.SHARED_COST: OTHER,
    T.PERSONAL_NUMBER: OTHER,
    T.VOIP: OTHER,
    T.UAN: OTHER,
    T.PAGER: OTHER,
    T.VOICEMAIL: OTHER,
}


@dataclass(frozen=True)
class Classification:
    """Country (ISO 3166 alpha-2; None for invalid and non-geographic numbers) and kind."""

    country: str | None
    kind: str  # landline | mobile | tollfree | other | invalid


NOT_A_NUMBER = Classification(None, INVALID)


# Regions phonenumbers splits off a calling code whose numbers belong to another country's
# national numbering plan: the number's country (for zones and prices) is that country's
# (usage.md "Classification": the country comes from the national numbering plan; Kontor
# decision). Not merged: the +1 countries (one plan, separate countries), KZ on +7, the French
# overseas departments and collectivities (+262, +590) and BQ on +599 (Curaçao's code, not its
# country). The one place every path (reference and prefix table) takes a number's country from;
# a change here changes the cached table's stamp (prefix_table.cache_stamp).
PLAN_COUNTRY = {
    "AX": "FI",  # Åland, +358 18: Finland
    "SJ": "NO",  # Svalbard and Jan Mayen, +47 79: Norway
    "GG": "GB",  # Guernsey, +44 1481, 7781…: UK numbering plan (Ofcom)
    "JE": "GB",  # Jersey, +44 1534, 7797…: UK numbering plan
    "IM": "GB",  # Isle of Man, +44 1624, 7624…: UK numbering plan
    "VA": "IT",  # Vatican City, +39 06 698: Rome's area code in Italy's plan (+379 is unused)
    "CC": "AU",  # Cocos (Keeling) Islands, +61 8 9162: Australian external territory
    "CX": "AU",  # Christmas Island, +61 8 9164: Australian external territory
    "EH": "MA",  # Western Sahara, +212 5288/5289: Morocco's plan (ANRT)
    "TA": "SH",  # Tristan da Cunha, +290 8: ISO 3166 SH takes in Tristan da Cunha (TA: reserved)
}


def country_of_region(region: str | None) -> str | None:
    """The country of a phonenumbers region code: None for no region and non-geographic codes,
    the plan's country for a region inside another country's numbering plan (PLAN_COUNTRY)."""
    if region in (None, NON_GEOGRAPHIC):
        return None
    return PLAN_COUNTRY.get(region, region)


def classify_one(number: str, home_country: str) -> Classification:
    """Classify one dialled number in any form phonenumbers reads, relative to `home_country`."""
    try:
        parsed = phonenumbers.parse(number, home_country)
    except phonenumbers.NumberParseException:
        return NOT_A_NUMBER
    if not phonenumbers.is_valid_number(parsed):
        return NOT_A_NUMBER
    kind = KIND_OF_TYPE.get(phonenumbers.number_type(parsed))
    if kind is None:
        return NOT_A_NUMBER
    return Classification(country_of_region(phonenumbers.region_code_for_number(parsed)), kind)


_DESCS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)


def example_numbers() -> list[str]:
    """E.164 example numbers of every region (and non-geographic code) and number type, from
    phonenumbers' metadata: seeds for generating valid numbers in tests and benchmarks."""
    from phonenumbers import PhoneMetadata
    from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

    found = []
    for code, regions in sorted(COUNTRY_CODE_TO_REGION_CODE.items()):
        for region in regions:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            for name in _DESCS:
                desc = getattr(metadata, name)
                if desc is not None and desc.example_number:
                    found.append(f"+{code}{desc.example_number}")
    return found
