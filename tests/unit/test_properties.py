"""Properties of the money and calendar core and of billing (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from book import Book, offer
from kontor.domain.calendar import days_in_month, month_end, month_starts, pro_rata
from kontor.domain.invoicing.lines import pro_rata_amount

AUT_PBX = offer("aut-pbx")
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)
months = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 1)).map(
    lambda d: d.replace(day=1))


@given(first=months, quantity=st.integers(1, 500), price=money, data=st.data())
def test_pro_rata_of_a_split_month_sums_to_the_whole_month(first, quantity, price, data):
    cuts = sorted(data.draw(st.lists(st.integers(2, days_in_month(first)), max_size=4,
                                     unique=True)))
    bounds = [first.day, *cuts]
    parts = [(first.replace(day=a), first.replace(day=b - 1)) for a, b in zip(bounds, cuts, strict=False)]
    parts.append((first.replace(day=bounds[-1]), month_end(first)))
    assert sum((b - a).days + 1 for a, b in parts) == days_in_month(first)
    assert abs(sum(pro_rata(a, b) for a, b in parts) - 1) < Decimal("1e-20")
    total = sum(pro_rata_amount(Decimal(quantity), price, a, b) for a, b in parts)
    assert abs(total - quantity * price) <= Decimal("0.005") * len(parts)


quantity_changes = st.lists(
    st.tuples(st.integers(1, 180), st.integers(1, 130)), min_size=0, max_size=8)


def _replay(start: date, changes, rerun: bool):
    book, sub_lines = Book(AUT_PBX), []
    book.do(start, "subscribe", id="pbx", product="autpbx-extension", quantity=10)
    events = sorted((start + timedelta(days=offset), q) for offset, q in changes)
    end = start + timedelta(days=200)
    for billing_date in month_starts(start, end):
        while events and events[0][0] <= billing_date:
            day, quantity = events.pop(0)
            assert book.do(day, "set_quantity", subscription="pbx", quantity=quantity) is None
        for invoice in book.bill(billing_date):
            sub_lines += list(invoice.lines)
        if rerun:
            assert book.bill(billing_date) == []
    return book, sub_lines, billing_date


@settings(max_examples=60, deadline=None)
@given(start=st.dates(date(2026, 1, 1), date(2028, 12, 31)), changes=quantity_changes)
def test_billing_a_date_again_adds_nothing(start, changes):
    book, _, _ = _replay(start, changes, rerun=True)
    numbers = [inv.number for inv in book.invoices]
    assert numbers == [f"AP-{i:06d}" for i in range(1, len(numbers) + 1)]  # gap-free


@settings(max_examples=60, deadline=None)
@given(start=st.dates(date(2026, 1, 1), date(2028, 12, 31)), changes=quantity_changes)
def test_all_invoices_sum_to_what_the_daily_quantity_profile_makes_due(start, changes):
    book, lines, last_billing = _replay(start, changes, rerun=False)
    sub = book.account.subscriptions["pbx"]
    product = AUT_PBX.product("autpbx-extension")
    due, day = Decimal(0), start
    while day <= month_end(last_billing):
        quantity = sub.state_on(day).quantity
        due += quantity * product.unit_price(quantity) / Decimal(days_in_month(day))
        day += timedelta(days=1)
    billed = sum(line.amount for line in lines)
    assert abs(billed - due) <= Decimal("0.005") * max(1, len(lines))
