"""Refusals at subscribe time: a clear code, and the account unchanged."""

from __future__ import annotations

from datetime import date

import pytest

from kontor.adapters.catalog_yaml import load_catalog, resolve
from kontor.domain.account import Account, Customer
from kontor.domain.catalog import Offer
from kontor.domain.errors import Refused
from kontor.services.commands import Command, subscribe

AUT_PBX = Offer((load_catalog(resolve("aut-pbx")),))


@pytest.mark.parametrize("fields, code, words", [
    ({"combined_with": ["mobile"]}, "invalid_event", "Kombi-Preis"),
    ({"aio": True}, "invalid_event", "AiO"),
    ({"trial": True}, "invalid_event", "Testphase"),
    ({"options": ["dp-efax"]}, "unknown_product", "dp-efax"),
    ({"options": ["autpbx-setup"]}, "invalid_event", "keine Option"),
    ({"product": "autpbx-setup"}, "invalid_event", "nicht abonniert"),
])
def test_subscribe_refusals(fields, code, words):
    account = Account(Customer("c", "C", "DE", "BY"), AUT_PBX)
    event = {"id": "pbx", "product": "autpbx-extension", "quantity": 3, **fields}
    with pytest.raises(Refused) as refusal:
        subscribe(account, Command(date(2026, 1, 1), "subscribe", event))
    assert refusal.value.code == code
    assert words in refusal.value.message
    assert account.subscriptions == {}
