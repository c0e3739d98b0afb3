"""The stored form of nested values (adapters/db/codec.py): every value comes back equal, and
a text read many times is decoded once where the value cannot be changed by whoever reads it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from kontor.adapters.db import codec
from kontor.domain.contracts import State
from kontor.domain.invoicing.lines import InvoiceLine

VALUES = [
    State("unite-m", 3, ("unite-roaming",), (("unite-data", 5),)),
    frozenset({"a", "b"}),
    ["Hauptstr. 1", "80331 München"],
    [date(2026, 1, 1), date(2026, 2, 1)],
    {"amount": Decimal("1.50"), "day": date(2026, 1, 5)},
    InvoiceLine("p", "recurring", "Text", Decimal(1), Decimal("6.50"), Decimal("6.50"),
                date(2026, 1, 1), date(2026, 1, 31), Decimal(19)),
    7,
    None,
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_every_value_comes_back_equal(value):
    text = json.dumps(codec.encode(value))
    assert codec.decode_text(text) == value == codec.decode(json.loads(text))


def test_an_immutable_value_is_decoded_once_and_shared():
    text = json.dumps(codec.encode(State("unite-l", 1, (), (("unite-voice", 2),))))
    assert codec.decode_text(text) is codec.decode_text(text)


def test_a_list_is_given_fresh_and_a_mapping_is_never_shared():
    listed = json.dumps(codec.encode(["Hauptstr. 1", "80331 München"]))
    first = codec.decode_text(listed)
    first.append("changed by its reader")
    assert codec.decode_text(listed) == ["Hauptstr. 1", "80331 München"]
    mapping = json.dumps(codec.encode({"quantity": 1}))
    assert codec.decode_text(mapping) is not codec.decode_text(mapping)


def test_a_number_as_sqlite_gives_it_and_an_empty_column():
    assert codec.decode_text(101) == 101
    assert codec.decode_text(None) is None
