from datetime import date as d
from decimal import Decimal as D

import pytest

from kontor.domain.calendar import (
    Region,
    add_months,
    days_between,
    is_werktag,
    notice_deadline,
    period_end,
    pro_rata,
    werktage_after,
)


@pytest.mark.parametrize("first, last, fraction", [
    (d(2026, 3, 17), d(2026, 3, 31), D(15) / D(31)),   # offers.md §0 example
    (d(2026, 3, 31), d(2026, 3, 31), D(1) / D(31)),    # the 31st alone
    (d(2028, 2, 1), d(2028, 2, 29), D(1)),             # leap February is whole
    (d(2028, 2, 15), d(2028, 2, 29), D(15) / D(29)),
    (d(2026, 2, 15), d(2026, 2, 28), D(14) / D(28)),
])
def test_pro_rata_counts_both_end_days(first, last, fraction):
    assert pro_rata(first, last) == fraction


def test_pro_rata_refuses_a_span_across_months():
    with pytest.raises(ValueError):
        pro_rata(d(2026, 1, 20), d(2026, 2, 3))


@pytest.mark.parametrize("start, months, expected", [
    (d(2026, 1, 31), 1, d(2026, 2, 28)),
    (d(2028, 1, 31), 1, d(2028, 2, 29)),
    (d(2026, 3, 31), -1, d(2026, 2, 28)),
    (d(2026, 8, 31), 6, d(2027, 2, 28)),
    (d(2026, 1, 15), 13, d(2027, 2, 15)),
])
def test_add_months_survives_the_31st_and_february(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("start, months, end", [
    (d(2026, 1, 1), 12, d(2026, 12, 31)),
    (d(2026, 3, 17), 12, d(2027, 3, 16)),
    (d(2026, 1, 31), 1, d(2026, 2, 28)),
    (d(2026, 1, 1), 27, d(2028, 3, 31)),  # O2 Unite with Try&Buy
])
def test_period_end(start, months, end):
    assert period_end(start, months) == end


@pytest.mark.parametrize("end, months, deadline", [
    (d(2026, 12, 31), 1, d(2026, 11, 30)),  # offers.md: term ending 31.12. -> notice by 30.11.
    (d(2026, 5, 31), 3, d(2026, 2, 28)),
    (d(2027, 3, 16), 1, d(2027, 2, 16)),
    (d(2028, 5, 31), 3, d(2028, 2, 29)),
])
def test_notice_deadline(end, months, deadline):
    assert notice_deadline(end, months) == deadline


def test_days_between_is_the_date_difference():
    assert days_between(d(2026, 2, 1), d(2026, 5, 1)) == 89


BY = Region("DE", "BY")
BE = Region("DE", "BE")


def test_werktage_are_monday_to_saturday_without_regional_holidays():
    assert is_werktag(d(2026, 6, 6), BY)          # a Saturday
    assert not is_werktag(d(2026, 6, 7), BY)      # a Sunday
    assert not is_werktag(d(2026, 6, 4), BY)      # Corpus Christi in Bavaria ...
    assert is_werktag(d(2026, 6, 4), BE)          # ... but not in Berlin
    assert not is_werktag(d(2026, 8, 15), BY) or d(2026, 8, 15).weekday() == 6  # Assumption
    assert not is_werktag(d(2026, 12, 25), BE)


def test_holidays_of_a_few_catholic_municipalities_do_not_count_for_the_whole_state():
    # Corpus Christi (Thu 27 May 2027) is a holiday in all of Bavaria, but in Saxony and
    # Thuringia only in a few municipalities: a Werktag there
    assert not is_werktag(d(2027, 5, 27), BY)
    assert is_werktag(d(2027, 5, 27), Region("DE", "SN"))
    assert is_werktag(d(2027, 5, 27), Region("DE", "TH"))
    # Assumption Day (Sat 15 Aug 2026) is a holiday in most Bavarian municipalities: counted
    assert not is_werktag(d(2026, 8, 15), BY)
    assert is_werktag(d(2026, 8, 15), Region("DE", "SN"))


def test_werktage_after_counts_from_the_next_day_to_the_end_inclusive():
    # 18.06.2026 (Thu) -> 30.06.2026 (Tue): 19,20,22,23,24,25,26,27,29,30 = 10
    assert werktage_after(d(2026, 6, 18), d(2026, 6, 30), BY) == 10
    # around Corpus Christi: 20.05. -> 31.05. in BY: 21,22,23,26,27,28,29,30 (25 = Whit Monday)
    assert werktage_after(d(2026, 5, 20), d(2026, 5, 31), BY) == 8
