"""Rollover is a policy in the catalog, not O2 Unite code: none, all, or capped (an amount or a
share of the month's grant), valid N months after the grant or N months after the contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from kontor.domain.balances import grant_buckets
from kontor.domain.catalog import Charge, Product, Rollover

MARCH = date(2026, 3, 1)
END = date(2027, 12, 31)


def _product(rollover: Rollover | None) -> Product:
    return Product("pool", "Pool", Charge.RECURRING, D("10"), allowances={"voice_min": 1000},
                   rollover=rollover)


@pytest.mark.parametrize("rollover, buckets", [
    (None, [(1000, date(2026, 3, 31))]),                                  # none: month end
    (Rollover(), [(1000, date(2028, 12, 31))]),                           # all, contract + 12
    (Rollover("cap", D(300)), [(700, date(2026, 3, 31)), (300, date(2028, 12, 31))]),
    (Rollover("share", D("0.25")), [(750, date(2026, 3, 31)), (250, date(2028, 12, 31))]),
    (Rollover("all", D(0), 2, None), [(1000, date(2026, 5, 31))]),        # 2 months after grant
    (Rollover("cap", D(5000), None, 0), [(1000, END)]),                   # cap above the grant
])
def test_a_months_grant_splits_into_what_rolls_over_and_what_lapses(rollover, buckets):
    got = grant_buckets("pool", _product(rollover), "voice_min", MARCH, 1000, None, END)
    assert [(b.amount, b.expires) for b in got] == buckets


def test_trial_units_never_roll_over_out_of_the_trial():
    (bucket,) = grant_buckets("pool", _product(Rollover()), "voice_min", MARCH, 1000,
                       date(2026, 3, 16), END)
    assert (bucket.expires, bucket.source) == (date(2026, 3, 16), "trial")
