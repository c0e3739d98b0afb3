"""The itemised call list (Einzelverbindungsnachweis) in the domain: the masking rule, the
months an invoice lists, and the list itself from a replayed scenario (amounts by hand)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kontor.adapters.scenario_yaml import parse_scenario
from kontor.adapters.yaml_source import read_yaml
from kontor.domain.account import CallList
from kontor.domain.invoicing.call_list import (
    Listing,
    duration_text,
    itemise,
    mask_number,
    shown_number,
    usage_months,
)
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.money import Currency, InvoiceTotals
from kontor.domain.rating.customer import rate_customer
from kontor.services.call_list import call_lists
from kontor.services.simulate import simulate

SCENARIO = (Path(__file__).resolve().parents[1] / "scenarios" / "aut_pbx" / "usage"
            / "itemised_call_list_masked.yaml")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(("number", "masked"), [
    ("+49 89 123456789", "+49 89 123456xxx"),      # international, grouped
    ("+4989123456789", "+4989123456xxx"),          # E.164
    ("089 123456789", "089 123456xxx"),            # national
    ("(089) 1234-567", "(089) 1234-xxx"),          # brackets and a hyphen stay
    ("0171 12345-67", "0171 1234x-xx"),            # the last three digits, across a hyphen
    ("+41 44 123 45 67", "+41 44 123 4x xx"),      # Swiss grouping
    ("1234", "1xxx"),                              # a short number
    ("112", "xxx"),                                # exactly three digits: all masked
    ("12", "xx"), ("7", "x"),                      # fewer than three: every digit
    ("", ""), ("anonymous", "anonymous"),          # no digits: nothing to mask
])
def test_the_last_three_digits_are_masked(number, masked):
    assert mask_number(number) == masked


def test_a_full_list_shows_the_number_as_it_is():
    assert shown_number("+49 89 123456789", CallList.FULL) == "+49 89 123456789"
    assert shown_number("+49 89 123456789", CallList.MASKED) == "+49 89 123456xxx"


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0:00:00"), (59, "0:00:59"), (61, "0:01:01"), (3725, "1:02:05"), (36000, "10:00:00")])
def test_durations_read_h_mm_ss(seconds, text):
    assert duration_text(seconds) == text


def _invoice(number: str, issued_on: date, *lines: InvoiceLine) -> Invoice:
    zero = Decimal(0)
    return Invoice(number, "c", issued_on, Currency.EUR, lines,
                   InvoiceTotals(zero, (), zero, zero, zero))


def _usage(month: date, amount: str, kind: str = "usage", text: str = "Verbindungen Deutschland"
           " Festnetz (Minuten), 01.2026", corrects: str | None = None) -> InvoiceLine:
    last = date(month.year, month.month, 28)
    return InvoiceLine("p", kind, text, Decimal(1), None, Decimal(amount), month, last,
                       Decimal(19), "pbx", corrects)


def test_the_months_listed_are_those_of_the_usage_lines_and_the_month_before():
    jan, feb, mar = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
    first = _invoice("AP-000002", feb)  # the first invoice after January: January's calls
    assert usage_months(first, [first]) == [jan]
    again = _invoice("AP-000003", date(2026, 2, 15))  # billed again in February: not again
    assert usage_months(again, [first, again]) == []
    other = _invoice("SA-000001", date(2026, 2, 15))  # another issuer's invoice does not count
    assert usage_months(other, [first, other]) == [jan]
    # March bills February and corrects January (a late record): both months
    correcting = _invoice("AP-000004", mar, _usage(jan, "0.50"))
    assert usage_months(correcting, [first, again, correcting]) == [jan, feb]
    # a usage credit corrects a month too; a recurring credit of a month does not — told
    # apart by what the line corrects, whatever its text says
    credit = _invoice("AP-000005", date(2026, 4, 1),
                      _usage(jan, "-0.20", "credit", "Credit: calls", corrects="usage"),
                      _usage(feb, "-6.50", "credit", "Gutschrift Verbindungen, 02.2026",
                             corrects="recurring"))
    assert usage_months(credit, [credit]) == [jan, mar]


def _replayed(call_list: CallList = CallList.MASKED):
    doc = read_yaml(SCENARIO)
    doc.data.pop("expect", None)
    scenario = parse_scenario(doc, SCENARIO.parent)
    return simulate(replace(scenario, customer=replace(scenario.customer,
                                                       call_list=call_list)))


def test_the_list_of_the_february_invoice():
    result = _replayed()
    feb = result.invoices[1]
    account = result.account
    with result.uow:
        records = result.uow.usage.records(result.customer)
    rated = rate_customer(account, records, date(2026, 1, 31)).rated
    calls = itemise(account, rated, feb, [date(2026, 1, 1)],
                    Listing(CallList.MASKED, BERLIN, mask_free_readable))
    [month] = calls.months
    # oldest first, in Berlin time; c4 to a toll-free number is not listed
    assert [(c.at.strftime("%d.%m. %H:%M:%S"), c.subscriber, c.number, c.zone, c.kind,
             c.seconds, c.amount) for c in month.calls] == [
        ("05.01. 09:30:00", "100", "+4989123456xxx", "de", "landline", 125, Decimal("0.03125")),
        ("12.01. 14:05:10", "101", "+4915112345xxx", "de", "mobile", 61, Decimal("0.0915")),
        ("20.01. 18:00:00", "100", "+431234xxx", "eu", "landline", 30, Decimal("0.05")),
        ("31.01. 22:10:00", "100", "+4930123xxx", "de", "landline", 3725, Decimal("0.93125"))]
    # 125 s x 0.015/60 = 0.03125; 61 s x 0.09/60 = 0.0915; 30 s billed as 60 s x 0.05/60 =
    # 0.05; 3725 s x 0.015/60 = 0.93125. Listed: 1.104 unrounded. Per invoice line, rounded
    # once: landline 3850 s = 0.9625 -> 0.96, mobile 0.0915 -> 0.09, eu 0.05: due 1.10 — the
    # invoice's usage lines (tests/scenarios/aut_pbx/usage/itemised_call_list_masked.yaml)
    assert month.amount == Decimal("1.104")
    assert month.due == calls.due == calls.billed == Decimal("1.10") and calls.matches
    assert calls.masked and month.data is None
    assert not any(c.covered for c in month.calls)


def mask_free_readable(number: str) -> str:
    return number  # E.164 as stored, to see the masking without the numbering plan


def test_another_issuer_s_invoice_lists_no_calls_of_this_subscription():
    result = _replayed()
    feb = replace(result.invoices[1], number="XX-000001")
    with result.uow:
        records = result.uow.usage.records(result.customer)
    rated = rate_customer(result.account, records, date(2026, 1, 31)).rated
    calls = itemise(result.account, rated, feb, [date(2026, 1, 1)],
                    Listing(CallList.MASKED, BERLIN))
    assert calls.months == () and calls.due == 0


def test_the_service_follows_the_customer_s_choice_unless_told_otherwise():
    masked = _replayed(CallList.MASKED)
    lists = call_lists(masked.uow, masked.customer)
    assert list(lists) == ["AP-000002"]  # January's calls; 1 January lists December: none
    numbers = [c.number for c in lists["AP-000002"].months[0].calls]
    assert numbers == ["+49 89 123456xxx", "+49 1511 2345xxx", "+43 1 234xxx", "+49 30 123xxx"]
    full = call_lists(masked.uow, masked.customer, choice=CallList.FULL)
    assert [c.number for c in full["AP-000002"].months[0].calls] == [
        "+49 89 123456789", "+49 1511 2345678", "+43 1 234567", "+49 30 123456"]
    assert call_lists(masked.uow, masked.customer, choice=CallList.NONE) == {}
    none = _replayed(CallList.NONE)
    assert call_lists(none.uow, none.customer) == {}
    assert list(call_lists(none.uow, none.customer, choice=CallList.MASKED)) == ["AP-000002"]


USAGE_SCENARIOS = sorted(SCENARIO.parents[2].rglob("usage/*.yaml"))


@pytest.mark.parametrize("path", USAGE_SCENARIOS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_list_adds_up_to_its_invoice_s_usage(path):
    """No scenario sends records late: every list must account for exactly the usage its
    invoice bills (the same months, subscriptions and rating as billing), and list every
    priced record of those months (the unrounded listed amount is within half a cent per
    usage line of the rounded total)."""
    doc = read_yaml(path)
    doc.data.pop("expect", None)
    result = simulate(parse_scenario(doc, path.parent))
    lists = call_lists(result.uow, result.customer, choice=CallList.MASKED)
    for invoice in result.invoices:
        usage = [line for line in invoice.lines if line.kind == "usage"]
        if usage:  # an invoice billing usage has a list (its months had records)
            assert invoice.number in lists, invoice.number
        calls = lists.get(invoice.number)
        if calls is None:
            continue
        assert calls.matches, (invoice.number, calls.due, calls.billed)
        listed = sum((m.amount for m in calls.months), Decimal(0))
        assert abs(listed - calls.due) <= Decimal("0.005") * max(len(usage), 1)
        for month in calls.months:
            for call in month.calls:
                digits = [ch for ch in call.number if ch.isdigit() or ch == "x"]
                assert digits[-3:] == ["x", "x", "x"], call.number
