"""Phone numbers written for people to read: E.164 in the international format of its
country's numbering plan (phonenumbers), +4989123456789 -> +49 89 123456789."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


@lru_cache(maxsize=65536)
def readable(e164: str) -> str:
    """A number grouped as its country writes it internationally; a number phonenumbers
    cannot parse is returned as it is."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
