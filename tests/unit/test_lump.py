"""Lump charges settled against what was billed under their key: only the difference becomes a
line, and a credit says which kind of line it corrects (the call list finds usage credits by
that, not by their German text)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kontor.adapters.memory import MemoryBilled
from kontor.domain.invoicing.items import BilledItem
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.invoicing.lump import Due, settle
from kontor.domain.invoicing.usage import is_usage_line

JAN, JAN_END = date(2026, 1, 1), date(2026, 1, 31)
KEY = "usage:pbx:2026-01:de-landline"


def _usage_line(quantity: str, amount: str) -> InvoiceLine:
    return InvoiceLine("autpbx-extension", "usage", "Verbindungen Deutschland Festnetz "
                       "(Minuten), 01.2026", Decimal(quantity), Decimal("0.02"),
                       Decimal(amount), JAN, JAN_END, Decimal(19), "pbx")


def _billed(quantity: str, amount: str) -> MemoryBilled:
    billed = MemoryBilled()  # January's usage as the February invoice billed it
    billed.add("AP-000002", BilledItem("pbx", KEY, None, "autpbx-extension",
                                       Decimal(quantity), Decimal(amount), JAN, JAN_END))
    return billed


def test_less_usage_than_billed_is_a_credit_that_corrects_usage() -> None:
    # 25 January minutes at 0.02 billed (0.50); a re-rating makes them 10 (0.20)
    (proposal,) = settle([Due(KEY, "pbx", _usage_line("10", "0.20"))], _billed("25", "0.50"),
                         "AP")
    line = proposal.line
    assert (line.kind, line.corrects, line.quantity, line.amount) == (
        "credit", "usage", Decimal(-15), Decimal("-0.30"))
    assert line.text.startswith("Gutschrift Verbindungen")
    assert is_usage_line(line)
    assert is_usage_line(InvoiceLine(**{**line.__dict__, "text": "Credit: calls"}))


def test_more_usage_than_billed_is_a_usage_line_and_corrects_nothing() -> None:
    (proposal,) = settle([Due(KEY, "pbx", _usage_line("40", "0.80"))], _billed("25", "0.50"),
                         "AP")
    assert (proposal.line.kind, proposal.line.corrects, proposal.line.amount) == (
        "usage", None, Decimal("0.30"))


def test_what_was_billed_as_due_gives_no_line() -> None:
    assert settle([Due(KEY, "pbx", _usage_line("25", "0.50"))], _billed("25", "0.50"),
                  "AP") == []


def test_a_credit_of_another_kind_is_no_usage_line() -> None:
    billed = MemoryBilled()  # an instalment billed, then no longer due (a back-dated end)
    billed.add("SA-000001", BilledItem("s", "device:p:1", None, "device-plan", Decimal(1),
                                       Decimal(50), JAN, JAN))
    withdrawn = Due("device:p:1", "s", InvoiceLine("device-plan", "installment", "Rate 1/24",
                                                   Decimal(0), Decimal(50), Decimal(0), JAN,
                                                   JAN, Decimal(19), "s"))
    (proposal,) = settle([withdrawn], billed, "SA")
    assert (proposal.line.kind, proposal.line.corrects) == ("credit", "installment")
    assert not is_usage_line(proposal.line)
