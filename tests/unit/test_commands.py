"""Refusals at subscribe time: a clear code, and the account unchanged."""

from __future__ import annotations

from datetime import date

import pytest

from book import Book, offer

AUT_PBX = offer("aut-pbx")


@pytest.mark.parametrize("fields, code, words", [
    ({"combined_with": ["mobile"]}, "invalid_event", "Kombi-Preis"),
    ({"aio": True}, "invalid_event", "AiO"),
    ({"trial": True}, "invalid_event", "Testphase"),
    ({"options": ["dp-efax"]}, "unknown_product", "dp-efax"),
    ({"options": ["autpbx-setup"]}, "invalid_event", "keine Option"),
    ({"product": "autpbx-setup"}, "invalid_event", "nicht abonniert"),
    ({"quantity": 0}, "invalid_event", "mindestens 1"),
])
def test_subscribe_refusals(fields, code, words):
    book = Book(AUT_PBX)
    event = {"id": "pbx", "product": "autpbx-extension", "quantity": 3, **fields}
    refusal = book.do(date(2026, 1, 1), "subscribe", **event)
    assert refusal is not None and refusal.code == code
    assert words in refusal.message("de")
    assert refusal.message("en") != refusal.message("de")
    assert book.account.subscriptions == {}
