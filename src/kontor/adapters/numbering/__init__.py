"""Phone numbers -> (country, landline/mobile/tollfree/other/invalid).

The fast path (rating): `classify_numbers(series, home_country)` normalises dialled numbers to
E.164 and looks them up in a `PrefixTable` built once from phonenumbers' metadata and cached on
disk. The reference (tests, benchmarks/numbering_agreement.py): `classify_one`, phonenumbers
itself, one number at a time.
"""

from .classify import calling_code, classify_numbers, default_table
from .normalise import normalise, normalise_one
from .prefix_table import PrefixTable, default_cache_dir
from .reference import KINDS, Classification, classify_one, example_numbers

__all__ = [
    "KINDS",
    "Classification",
    "PrefixTable",
    "calling_code",
    "classify_numbers",
    "classify_one",
    "default_cache_dir",
    "default_table",
    "example_numbers",
    "normalise",
    "normalise_one",
]
