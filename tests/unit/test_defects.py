"""Regression tests for the defects a new user found (issue 9), named after the defect.
Scenario-shaped ones are in tests/scenarios/regressions/."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from book import Book, offer
from kontor.domain.account import Customer
from kontor.domain.agreements import purchase_agreement
from kontor.domain.catalog import Issuer
from kontor.domain.devices import DevicePlan
from kontor.domain.errors import Refused

JAN = date(2026, 1, 1)


def test_a_tiny_device_plan_never_has_a_negative_last_instalment():
    plan = DevicePlan("p", "s", "Cable", D("1.00"), D("0.00"), 36, "shop", JAN)
    amounts = [plan.installment_amount(n) for n in range(1, 37)]
    assert amounts[:35] == [D("0.02")] * 35  # half-up 0.03 x 35 = 1.05 would overshoot
    assert amounts[35] == D("0.30")
    assert sum(amounts) == D("1.00") and min(amounts) >= 0
    agreement = purchase_agreement(plan, Issuer("Seller", "SA"), Customer("c", "C", "CH"))
    assert [s.amount for s in agreement.schedule] == amounts
    assert agreement.total == D("1.00")


def test_half_up_stays_where_it_does_not_overshoot():
    plan = DevicePlan("p", "s", "Phone", D("999.00"), D("100.00"), 24, "order", JAN)
    assert plan.installment == D("37.46") and plan.installment_amount(24) == D("37.42")


def test_a_device_paid_in_full_up_front_has_no_instalments():
    plan = DevicePlan("p", "s", "Phone", D("600.00"), D("600.00"), 12, "shop", JAN)
    agreement = purchase_agreement(plan, Issuer("Seller", "SA"), Customer("c", "C", "CH"))
    assert agreement.schedule == () and agreement.total == D("600.00")
    book = Book(offer("smart-abo"), "CH", "ZH")
    book.do(JAN, "subscribe", id="s1", product="smart-s")
    book.do(JAN, "device_plan", id="p1", subscription="s1", device="Phone", price="600.00",
            down_payment="600.00", installments=12, channel="shop")
    for month in (JAN, date(2026, 2, 1), date(2026, 3, 1)):
        book.bill(month)
    device = [(line.kind, line.amount) for line in book.billed("device-plan")]
    assert device == [("down_payment", D("600.00"))]


def test_a_device_price_of_zero_blames_the_price_not_the_down_payment():
    with pytest.raises(Refused) as refusal:
        DevicePlan("p", "s", "Phone", D("0.00"), D("0.00"), 12, "shop", JAN)
    assert refusal.value.key == "device_price_not_positive"
    assert "Gerätepreis" in refusal.value.message("de")
    assert "device price" in refusal.value.message("en")


def test_bill_notice_on_a_regular_cancellation_is_not_silently_ignored():
    book = Book(offer("smart-abo"), "CH", "ZH")
    book.do(JAN, "subscribe", id="s1", product="smart-s")
    assert book.do(date(2026, 2, 10), "cancel", subscription="s1", bill_notice=True) is None
    warned = [n for n in book.uow.journal.notices("c") if n.code == "bill_notice_ignored"]
    assert len(warned) == 1
    assert "31.05.2026" in warned[0].message("de") and "2026-05-31" in warned[0].message("en")


def test_an_implausible_quantity_is_refused_by_the_catalog_maximum():
    book = Book(offer("aut-pbx"))
    refusal = book.do(JAN, "subscribe", id="pbx", product="autpbx-extension",
                      quantity=10**12)
    assert refusal is not None and refusal.code == "limit_exceeded"
    assert book.do(JAN, "subscribe", id="pbx", product="autpbx-extension", quantity=10) is None
    refusal = book.do(date(2026, 2, 1), "set_quantity", subscription="pbx", quantity=10**12)
    assert refusal is not None and refusal.code == "limit_exceeded"


def test_autpbx_set_quantity_zero_is_refused():
    book = Book(offer("aut-pbx"))
    book.do(JAN, "subscribe", id="pbx", product="autpbx-extension", quantity=10)
    refusal = book.do(date(2026, 2, 10), "set_quantity", subscription="pbx", quantity=0)
    assert refusal is not None and refusal.code == "invalid_event"
    assert book.account.subscriptions["pbx"].state_on(date(2026, 3, 1)).quantity == 10
