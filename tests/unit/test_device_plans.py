"""Device plans: instalments, the 120-day minimum, and the life-time total (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from book import Book, offer
from kontor.domain.calendar import month_starts
from kontor.domain.devices import DevicePlan
from kontor.domain.errors import Refused
from kontor.domain.invoicing.charges import device_dues

SMART = offer("smart-abo")


def test_the_last_instalment_takes_the_rounding_difference():
    plan = DevicePlan("p", "abo", "Phone", D("999.00"), D("100.00"), 24, "order", date(2026, 3, 17))
    assert plan.installment == D("37.46")                     # 899 / 24 = 37.4583
    assert plan.installment_amount(23) == D("37.46")
    assert plan.installment_amount(24) == D("37.42")          # 899 - 23 x 37.46
    assert sum(plan.installment_amount(n) for n in range(1, 25)) == D("899.00")


def test_first_instalment_is_for_the_activation_month_billed_on_the_next_first():
    plan = DevicePlan("p", "abo", "Phone", D("600"), D("0"), 12, "shop", date(2026, 3, 17))
    assert plan.installment_month(1) == date(2026, 3, 1)
    assert plan.installment_due(1) == date(2026, 4, 1)
    assert plan.installment_due(2) == date(2026, 4, 1)
    assert plan.installment_due(3) == date(2026, 5, 1)


def test_a_run_settles_only_the_keys_due_or_billed_before():
    """The billing run passes the plan's keys billed so far: a 24-instalment plan makes the
    two instalments due, not 26 entries; a key billed before that is no longer due still
    comes back at 0.00, so settling credits it."""
    plan = DevicePlan("p", "abo", "Phone", D("600"), D("0"), 24, "shop", date(2026, 3, 17))
    every = device_dues(plan, date(2026, 4, 1), D("0.081"))
    assert len(every) == 26
    due = device_dues(plan, date(2026, 4, 1), D("0.081"), billed_keys=set())
    assert [(d.key, d.line.amount) for d in due] == [
        ("device:p:installment:1", D("25.00")), ("device:p:installment:2", D("25.00"))]
    again = device_dues(plan, date(2026, 4, 1), D("0.081"),
                        billed_keys={"device:p:installment:5"})
    assert [(d.key, d.line.amount) for d in again][2] == ("device:p:installment:5", D("0"))
    assert [d for d in every if d.line.amount] == due


@pytest.mark.parametrize("effective, refused", [
    (date(2026, 4, 30), True),    # 119 days
    (date(2026, 5, 1), False),    # 120 days: activated 1 Jan -> 1 May at the earliest
])
def test_minimum_duration_of_120_days(effective, refused):
    plan = DevicePlan("p", "abo", "Phone", D("600"), D("0"), 12, "order", date(2026, 1, 1))
    if refused:
        with pytest.raises(Refused) as exc:
            plan.cancel(TOLD, effective, overridden=False)
        assert exc.value.code == "device_plan_min_duration"
        assert plan.ended_on is None
        assert plan.cancel(TOLD, effective, overridden=True) is True  # the override lets it through
    else:
        assert plan.cancel(TOLD, effective, overridden=False) is False
    assert plan.ended_on == effective


TOLD = date(2026, 3, 1)  # the day the cancellation is told


def test_a_cancellation_still_to_come_is_replaced_an_end_reached_is_not():
    plan = DevicePlan("p", "abo", "Phone", D("600"), D("0"), 12, "order", date(2026, 1, 1))
    plan.cancel(date(2026, 2, 1), date(2026, 9, 30), overridden=False)
    plan.cancel(date(2026, 5, 20), date(2026, 5, 20), overridden=False)  # brought forward
    assert plan.ended_on == date(2026, 5, 20)
    with pytest.raises(Refused) as exc:
        plan.cancel(date(2026, 6, 1), date(2026, 6, 1), overridden=False)
    assert exc.value.code == "invalid_event" and exc.value.key == "device_plan_ended"


def test_down_payment_above_the_price_is_refused():
    with pytest.raises(Refused):
        DevicePlan("p", "abo", "Phone", D("100"), D("150"), 12, "order", date(2026, 1, 1))


START = date(2026, 1, 1)
OVERRIDE = {"ticket": "T-1", "agent": "agent"}


def _event(offset: int, do: str, **fields) -> tuple:
    return (START + timedelta(days=offset), do, fields)


life_events = st.lists(st.one_of(
    st.builds(lambda o, early: ("cancel_plan", o, early), st.integers(0, 400), st.booleans()),
    st.builds(lambda o: ("replace", o), st.integers(0, 400)),
    st.builds(lambda o, how: ("cancel_sub", o, how), st.integers(0, 400),
              st.sampled_from(["regular", "immediate", "immediate_billed"])),
    st.builds(lambda o, later: ("delete_order", o, later), st.integers(0, 400),
              st.integers(1, 60)),
), max_size=4)


@settings(max_examples=80, deadline=None)
@given(price=st.decimals(D("50.00"), D("2500.00"), places=2),
       down_share=st.integers(0, 100), n=st.sampled_from([12, 24, 36]),
       activation=st.integers(0, 45), events=life_events)
def test_a_device_plan_always_bills_exactly_the_device_price(price, down_share, n, activation,
                                                              events):
    """Whatever valid events happen to it, a plan bills down payment + instalments +
    remaining amount = device price: never more, never less."""
    down = (price * down_share / 100).quantize(D("0.01"))
    book = Book(SMART, "CH", "ZH")
    commands = [_event(0, "subscribe", id="abo", product="smart-m"),
                _event(activation, "device_plan", id="plan", subscription="abo", device="Phone",
                       price=price, down_payment=down, installments=n, channel="order")]
    for event in events:
        at = activation + event[1]
        if event[0] == "cancel_plan":
            fields = {"override": OVERRIDE} if event[2] else {}
            commands.append(_event(at, "cancel_device_plan", id="plan", **fields))
        elif event[0] == "replace":
            commands.append(_event(at, "device_plan", id=f"plan{at}", subscription="abo",
                                   device="Phone 2", price=price, down_payment=down,
                                   installments=n, channel="shop"))
        elif event[0] == "cancel_sub":
            how = event[2]
            commands.append(_event(at, "cancel", subscription="abo",
                                   mode="regular" if how == "regular" else "immediate",
                                   bill_notice=how == "immediate_billed"))
        else:
            commands.append(_event(at, "delete_order", subscription="abo"))
            commands.append(_event(at, "subscribe", id=f"new{at}", product="smart-s"))
            commands.append(_event(at + event[2], "link_device_plan", id="plan",
                                   subscription=f"new{at}"))
    commands.sort(key=lambda c: c[0])
    for billing_date in month_starts(START, START + timedelta(days=activation + 400 + 40 * 31)):
        while commands and commands[0][0] <= billing_date:
            day, do, fields = commands.pop(0)
            book.do(day, do, **fields)  # an event the rules refuse changes nothing
        book.bill(billing_date)
    for plan_id, plan in book.account.device_plans.items():
        billed = sum(line.amount for line in book.billed("device-plan")
                     if f"Geräteplan {plan_id} " in line.text)
        assert billed == plan.price, (plan_id, billed, plan.price)
