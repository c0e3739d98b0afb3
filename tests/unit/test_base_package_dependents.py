"""Digital Phone: "a base package is always required" — further extensions booked as their own
subscription end with the customer's last base package (docs/billing-rules.md, Digital Phone)."""

from __future__ import annotations

from datetime import date

from book import Book, offer

DP = offer("digital-phone")


def _book() -> Book:
    book = Book(DP, region="HH")
    assert book.do(date(2026, 1, 1), "subscribe", id="dp", product="dp-base-basic") is None
    assert book.do(date(2026, 1, 1), "subscribe", id="ext", product="dp-extension-basic",
                   quantity=2) is None
    return book


def test_a_regular_cancellation_of_the_base_ends_its_extensions_on_its_last_day():
    book = _book()
    assert book.do(date(2026, 3, 10), "cancel", subscription="dp") is None
    subs = book.account.subscriptions
    assert subs["dp"].service_end == date(2027, 12, 31)      # 24 months, notice in time
    assert subs["ext"].service_end == subs["ext"].billing_end == date(2027, 12, 31)


def test_extensions_whose_own_end_comes_first_keep_it():
    book = _book()
    assert book.do(date(2026, 3, 10), "cancel", subscription="ext") is None
    assert book.do(date(2026, 3, 11), "cancel", subscription="dp") is None
    assert book.account.subscriptions["ext"].service_end == date(2026, 3, 31)


def test_extensions_stay_while_another_base_package_runs():
    book = _book()
    assert book.do(date(2026, 1, 1), "subscribe", id="dp2", product="dp-base-premium") is None
    assert book.do(date(2026, 3, 15), "cancel", subscription="dp", mode="immediate") is None
    assert book.account.subscriptions["ext"].service_end is None
