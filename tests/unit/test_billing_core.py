"""The billing core: units of work that really roll back, billed items that make a re-run add
nothing for every charge kind, back-dated corrections, previews without side effects, one
number sequence per issuer, and catalog versions pricing their own periods."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from book import Book, offer
from kontor.adapters.catalog_yaml import load_catalog, resolve
from kontor.domain.account import OneTimeOrder
from kontor.domain.calendar import days_in_month, month_end, month_starts
from kontor.domain.catalog import Offer
from kontor.domain.errors import Refused
from kontor.domain.invoicing.items import BilledItem, Cursor
from kontor.services.billing import preview
from kontor.services.commands import from_event
from kontor.services.handlers import execute

JAN = date(2026, 1, 1)


def _state(book: Book):
    billed = book.uow.billing.view("c")
    return (copy.deepcopy(book.account), list(billed.items), dict(billed._lumps),
            dict(billed._cursors), list(book.invoices), copy.deepcopy(book.uow.journal.entries),
            dict(book.uow.billing._numbers))


def test_a_rollback_restores_everything_the_unit_of_work_touched():
    book = Book(offer("digital-phone"))
    book.do(JAN, "subscribe", id="dp", product="dp-base-basic", quantity=7)
    book.bill(JAN)
    before = _state(book)
    with pytest.raises(Refused), book.uow as uow:
        account = uow.accounts.get("c")
        account.subscription("dp").set_quantity(date(2026, 1, 10), 9)
        account.subscription("dp").cancel_immediate(date(2026, 1, 12), account.offer,
                                                    account.customer.holidays, True)
        account.add_order(OneTimeOrder(1, JAN, "dp-activation", 1, 0, D("9.99")))
        del account.subscriptions["dp"]
        uow.billing.record("c", [(None, BilledItem(None, "k", None, "x", D(1), D(1), JAN, JAN))],
                           [("sub:dp", Cursor(date(2027, 1, 1), 99))])
        uow.billing.next_number("DP")
        uow.journal.add("c", ["notice"], ["audit"], ["agreement"])
        raise Refused("invalid_event", "no_subscription_named")
    assert _state(book) == before
    assert book.account.subscriptions["dp"].state_on(date(2026, 1, 15)).quantity == 7


def test_a_refused_command_changes_nothing_and_a_committed_one_counts_a_version():
    book = Book(offer("smart-abo"), "CH", "ZH")
    book.do(JAN, "subscribe", id="s1", product="smart-s")
    version = book.account.version
    before = copy.deepcopy(book.account)
    refusal = book.do(date(2026, 2, 1), "change_plan", subscription="s1", product="smart-s")
    assert refusal is not None and refusal.code == "invalid_event"
    assert book.account == before and book.account.version == version
    assert book.do(date(2026, 2, 1), "change_plan", subscription="s1", product="smart-m") is None
    assert book.account.version == version + 1


def test_a_preview_has_no_side_effects():
    book = Book(offer("aut-pbx"))
    book.do(JAN, "subscribe", id="pbx", product="autpbx-extension", quantity=10)
    book.do(JAN, "one_time", product="autpbx-setup")
    first = preview(book.uow, "c", JAN)
    assert preview(book.uow, "c", JAN) == first
    assert [p.line.amount for p in first.proposals] == [D("65.00"), D("349.00")]
    assert book.invoices == []
    (invoice,) = book.bill(JAN)
    assert invoice.totals.net == D("414.00")


def test_each_issuer_invoices_its_own_products_with_its_own_numbers():
    book = Book(offer("aut-pbx", "digital-phone"))
    book.do(JAN, "subscribe", id="pbx", product="autpbx-extension", quantity=10)
    book.do(JAN, "subscribe", id="dp", product="dp-base-basic")
    for month in month_starts(JAN, date(2026, 3, 1)):
        book.bill(month)
    numbers = [(inv.number, {line.product for line in inv.lines}) for inv in book.invoices]
    assert numbers == [
        ("AP-000001", {"autpbx-extension"}), ("DP-000001", {"dp-base-basic", "dp-activation"}),
        ("AP-000002", {"autpbx-extension"}), ("DP-000002", {"dp-base-basic"}),
        ("AP-000003", {"autpbx-extension"}), ("DP-000003", {"dp-base-basic"})]


def test_the_orphan_report_is_not_repeated_when_a_date_is_billed_again():
    book = Book(offer("smart-abo"), "CH", "ZH")
    book.do(JAN, "subscribe", id="s1", product="smart-s")
    book.do(date(2026, 1, 5), "device_plan", id="p1", subscription="s1", device="Phone",
            price="600.00", down_payment="0.00", installments=12, channel="shop")
    book.do(date(2026, 1, 20), "delete_order", subscription="s1")
    for _ in range(3):
        book.bill(date(2026, 2, 1))
    orphan = [n for n in book.uow.journal.notices("c") if n.code == "orphan_device_plan"]
    assert [n.day for n in orphan] == [date(2026, 1, 20), date(2026, 2, 1)]


def _due(book: Book, sub: str, last: date) -> D:
    """What the daily quantity profile makes due from the start to `last`, unrounded."""
    subscription = book.account.subscriptions[sub]
    product = book.account.offer.product("autpbx-extension")
    due, day = D(0), subscription.start
    while day <= last:
        quantity = subscription.state_on(day).quantity
        due += quantity * product.unit_price(quantity) / D(days_in_month(day))
        day += timedelta(days=1)
    return due


@settings(max_examples=40, deadline=None)
@given(months=st.integers(2, 8), back=st.integers(1, 200), quantity=st.integers(1, 130))
def test_a_back_dated_quantity_change_is_corrected_on_the_next_invoice_exactly(months, back,
                                                                              quantity):
    book = Book(offer("aut-pbx"))
    book.do(JAN, "subscribe", id="pbx", product="autpbx-extension", quantity=10)
    dates = month_starts(JAN, JAN + timedelta(days=31 * months))
    for month in dates:
        book.bill(month)
    billed_before = sum(line.amount for line in book.billed())
    day = max(JAN, dates[-1] - timedelta(days=back))
    assert book.do(day, "set_quantity", subscription="pbx", quantity=quantity) is None
    following = month_end(dates[-1]) + timedelta(days=1)
    invoices = book.bill(following)
    lines = [line for inv in invoices for line in inv.lines]
    total = billed_before + sum(line.amount for line in lines)
    assert abs(total - _due(book, "pbx", month_end(following))) <= D("0.005") * (
        len(book.billed()) + 1)
    assert book.bill(following) == []
    corrections = [line for line in lines if line.first < following]
    changed = _due(book, "pbx", month_end(dates[-1])) - billed_before
    assert (abs(sum(line.amount for line in corrections) - changed)
            <= D("0.005") * (len(book.billed()) + 1))


def test_a_back_dated_licence_increase_charges_its_activation_fees_on_the_next_invoice():
    book = Book(offer("digital-phone"))
    book.do(JAN, "subscribe", id="dp", product="dp-base-basic", quantity=7)
    for month in month_starts(JAN, date(2026, 3, 1)):
        book.bill(month)
    assert book.do(date(2026, 1, 20), "set_quantity", subscription="dp", quantity=9) is None
    (invoice,) = book.bill(date(2026, 4, 1))
    fees = [line for line in invoice.lines if line.product == "dp-activation"]
    assert [(f.quantity, f.amount, f.first) for f in fees] == [(D(2), D("19.98"),
                                                                date(2026, 1, 20))]
    extension = [line for line in invoice.lines if line.product == "dp-extension-basic"
                 and line.first < date(2026, 4, 1)]
    # 2 x 6.80: 20.-31.01. = 12/31, and February and March in full
    assert sum(line.amount for line in extension) == D("5.26") + D("13.60") + D("13.60")


EVENTS = {
    "digital-phone": [("subscribe", {"id": "a", "product": "dp-base-basic", "quantity": 7,
                                     "options": ["dp-efax"]}),
                      ("set_quantity", {"subscription": "a", "quantity": 12}),
                      ("set_quantity", {"subscription": "a", "quantity": 6}),
                      ("subscribe", {"id": "b", "product": "dp-extension-basic", "quantity": 3}),
                      ("add_option", {"subscription": "a", "product": "dp-business-option"}),
                      ("cancel", {"subscription": "a", "mode": "immediate", "bill_notice": True}),
                      ("cancel", {"subscription": "b"})],
    "smart-abo": [("subscribe", {"id": "a", "product": "smart-m", "aio": True}),
                  ("device_plan", {"id": "p1", "subscription": "a", "device": "X",
                                   "price": "500.00", "down_payment": "50.00",
                                   "installments": 12}),
                  ("device_plan", {"id": "p2", "subscription": "a", "device": "Y",
                                   "price": "1.00", "down_payment": "0.00",
                                   "installments": 36}),
                  ("cancel_device_plan", {"id": "p1", "override": {"ticket": "T", "agent": "a"}}),
                  ("change_plan", {"subscription": "a", "product": "smart-l"}),
                  ("cancel", {"subscription": "a", "mode": "immediate", "bill_notice": True})],
    "aut-pbx": [("subscribe", {"id": "a", "product": "autpbx-extension", "quantity": 10}),
                ("one_time", {"product": "autpbx-porting", "quantity": 2}),
                ("one_time", {"product": "autpbx-setup"}),
                ("add_option", {"subscription": "a", "product": "autpbx-flat-de-m"}),
                ("set_quantity", {"subscription": "a", "quantity": 60}),
                ("cancel", {"subscription": "a"})],
}
COUNTRY = {"smart-abo": ("CH", "ZH")}


@st.composite
def lives(draw):
    name = draw(st.sampled_from(sorted(EVENTS)))
    first, *rest = EVENTS[name]
    picked = draw(st.lists(st.tuples(st.integers(0, 300), st.sampled_from(rest)), max_size=8))
    return name, [(0, first), *sorted(picked, key=lambda p: p[0])]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(life=lives())
def test_billing_a_date_again_adds_nothing_for_any_charge_kind(life):
    name, events = life
    book = Book(offer(name), *COUNTRY.get(name, ("DE", "BY")))
    pending = [(JAN + timedelta(days=offset), do, fields) for offset, (do, fields) in events]
    for month in month_starts(JAN, JAN + timedelta(days=400)):
        while pending and pending[0][0] <= month:
            day, do, fields = pending.pop(0)
            book.do(day, do, **fields)
        book.bill(month)
        assert book.bill(month) == []
        assert [p for p in preview(book.uow, "c", month).proposals if p.line] == []
    numbers = [inv.number for inv in book.invoices]
    assert len(set(numbers)) == len(numbers)


def _two_versions(tmp_path: Path) -> Offer:
    text = Path(resolve("aut-pbx")).read_text().replace(
        'price: "6.50"', 'price: "7.00"').replace(
        "catalog: aut-pbx\n", 'catalog: aut-pbx\nversion: 2\nvalid_from: "2026-07-01"\n')
    newer = tmp_path / "aut-pbx-2.yaml"
    newer.write_text(text)
    return Offer((load_catalog(resolve("aut-pbx")), load_catalog(newer)))


def test_a_correction_of_a_past_period_uses_the_prices_of_that_period(tmp_path):
    book = Book(_two_versions(tmp_path))
    book.do(date(2026, 5, 1), "subscribe", id="pbx", product="autpbx-extension", quantity=10)
    for month in month_starts(date(2026, 5, 1), date(2026, 8, 1)):
        book.bill(month)
    assert [line.unit_price for line in book.billed("autpbx-extension")] == [
        D("6.50"), D("6.50"), D("7.00"), D("7.00")]
    assert book.do(date(2026, 6, 15), "set_quantity", subscription="pbx", quantity=20) is None
    (invoice,) = book.bill(date(2026, 9, 1))
    rows = [(line.first, line.quantity, line.unit_price, line.amount) for line in invoice.lines]
    assert rows == [
        (date(2026, 6, 15), D(10), D("6.50"), D("34.67")),   # 10 x 6.50 x 16/30 = 34.666
        (date(2026, 7, 1), D(10), D("7.00"), D("70.00")),
        (date(2026, 8, 1), D(10), D("7.00"), D("70.00")),
        (date(2026, 9, 1), D(20), D("7.00"), D("140.00"))]
    versions = [item.catalog_version for _, item in book.uow.billing.view("c").items[-4:]]
    assert versions == [1, 2, 2, 2]


def test_typed_commands_are_built_once_at_the_edge():
    command = from_event(JAN, "device_plan", {"id": "p", "subscription": "s", "device": "X",
                                              "price": "10.50", "installments": 12}, 3)
    assert (command.price, command.down_payment, command.index) == (D("10.50"), D(0), 3)
    with pytest.raises(TypeError):
        from_event(JAN, "one_time", {"product": "x", "colour": "red"})
    book = Book(offer("aut-pbx"))
    with pytest.raises(Refused) as refused:  # the API answers 404 for it
        execute(book.uow, "nobody", from_event(JAN, "one_time", {"product": "autpbx-setup"}))
    assert refused.value.code == "unknown_customer"


def test_a_back_dated_cancellation_credits_instalments_and_charges_the_remaining_amount():
    book = Book(offer("smart-abo"), "CH", "ZH")
    book.do(JAN, "subscribe", id="s1", product="smart-s")
    book.do(JAN, "device_plan", id="p1", subscription="s1", device="Phone", price="1200.00",
            down_payment="0.00", installments=12, channel="shop")
    for month in month_starts(JAN, date(2026, 4, 1)):
        book.bill(month)
    assert book.do(date(2026, 2, 10), "cancel", subscription="s1", mode="immediate") is None
    (invoice,) = book.bill(date(2026, 5, 1))
    device = sorted((line.kind, line.first, line.amount) for line in invoice.lines
                    if line.product == "device-plan")
    assert device == [
        ("credit", date(2026, 3, 1), D("-100.00")),       # Rate 3/12, due 01.03., after the end
        ("credit", date(2026, 4, 1), D("-100.00")),       # Rate 4/12
        ("remaining_amount", date(2026, 2, 10), D("1000.00"))]  # 1200 - 2 x 100
    assert sum(line.amount for line in book.billed("device-plan")) == D("1200.00")
    fees = sum(line.amount for line in invoice.lines if line.product == "smart-s")
    assert fees == -(D("29.00") * 18 / 28 + 2 * D("29.00")).quantize(D("0.01"))  # 11.-28.02.


def test_a_rollback_forgets_usage_records_and_their_ids():
    from datetime import UTC, datetime

    from kontor.domain.usage import UsageRecord

    book = Book(offer("aut-pbx"))
    record = UsageRecord("r1", "100", datetime(2026, 1, 5, tzinfo=UTC), date(2026, 1, 5),
                         "voice", "+4930123456", "DE", "landline", duration_s=60)
    book.uow.usage.add("c", "default", [record])
    with pytest.raises(Refused), book.uow as uow:
        uow.usage.add("c", "default", [replace_id(record, "r2")])
        uow.usage.add_quarantine("c", ["entry"])
        raise Refused("invalid_event", "no_subscription_named")
    assert [r.record_id for r in book.uow.usage.records("c")] == ["r1"]
    seen = book.uow.usage.seen("c", "default", pl.Series(["r1", "r2"]))
    assert seen.to_list() == [True, False] and book.uow.usage.quarantine("c") == []


def replace_id(record, record_id: str):
    from dataclasses import replace

    return replace(record, record_id=record_id)
