from decimal import Decimal as D

import pytest

from kontor.domain.money import PriceBasis, cash_round, invoice_totals, round_cents, to_decimal


@pytest.mark.parametrize("raw, expected", [
    ("44.105", "44.11"), ("44.104999", "44.10"), ("-44.105", "-44.11"), ("0.005", "0.01"),
    ("207.642857", "207.64"),
])
def test_line_rounding_is_half_up_to_cents(raw, expected):
    assert round_cents(D(raw)) == D(expected)


@pytest.mark.parametrize("raw, expected", [
    ("57.87", "57.85"), ("57.875", "57.90"), ("57.874", "57.85"), ("57.88", "57.90"),
    ("29.00", "29.00"), ("-4.83", "-4.85"), ("0.02", "0.00"), ("0.03", "0.05"),
])
def test_chf_cash_rounding_to_five_rappen(raw, expected):
    assert cash_round(D(raw)) == D(expected)


def test_floats_are_refused_as_money():
    with pytest.raises(TypeError):
        to_decimal(6.5)
    assert to_decimal("6.50") == D("6.50")
    assert to_decimal(7) == D(7)


def test_net_invoice_adds_19_percent_once_on_the_total():
    totals = invoice_totals({D(19): D("469.53")}, PriceBasis.NET, None)
    assert (totals.net, totals.taxes[0].tax, totals.gross, totals.payable) == (
        D("469.53"), D("89.21"), D("558.74"), D("558.74"))
    assert totals.rounding == 0


def test_gross_invoice_shows_vat_contained_and_rounds_the_payable():
    # 57.87 - 57.87/1.081 = 4.3362 -> 4.34; payable 57.85, rounding -0.02
    totals = invoice_totals({D("8.1"): D("57.87")}, PriceBasis.GROSS, D("0.05"))
    assert totals.taxes[0].tax == D("4.34")
    assert totals.net == D("53.53")
    assert totals.gross == D("57.87")
    assert totals.payable == D("57.85")
    assert totals.rounding == D("-0.02")
