"""When a contract can end: terms, renewals, notice periods, trials (table-driven)."""

from __future__ import annotations

from datetime import date as d

import pytest

from kontor.adapters.catalog_yaml import load_catalog, resolve
from kontor.domain.calendar import Region, period_end
from kontor.domain.terms import regular_end

PRODUCTS = {name: load_catalog(resolve(name)).products
            for name in ("aut-pbx", "digital-phone", "o2-unite", "smart-abo")}
BY = Region("DE", "BY")


@pytest.mark.parametrize("catalog, code, start, trial_until, notice_day, end", [
    # aut-pbx licences: 12 months, notice 1 month before the end, renews by 1 month
    ("aut-pbx", "autpbx-extension", d(2026, 1, 1), None, d(2026, 11, 30), d(2026, 12, 31)),
    ("aut-pbx", "autpbx-extension", d(2026, 1, 1), None, d(2026, 12, 1), d(2027, 1, 31)),
    ("aut-pbx", "autpbx-extension", d(2026, 3, 17), None, d(2027, 2, 16), d(2027, 3, 16)),
    ("aut-pbx", "autpbx-extension", d(2026, 3, 17), None, d(2027, 2, 17), d(2027, 4, 16)),
    # ... from the 31st: each renewal runs from the day after the last end (BGB §188), so once
    # a renewal has ended on a month's last day the next ones are calendar months
    ("aut-pbx", "autpbx-extension", d(2026, 1, 31), None, d(2026, 12, 30), d(2027, 1, 30)),
    ("aut-pbx", "autpbx-extension", d(2026, 1, 31), None, d(2026, 12, 31), d(2027, 2, 28)),
    ("aut-pbx", "autpbx-extension", d(2026, 1, 31), None, d(2027, 2, 5), d(2027, 3, 31)),
    ("aut-pbx", "autpbx-extension", d(2028, 2, 29), None, d(2029, 2, 15), d(2029, 3, 31)),
    # minute package: minimum 1 month, 10 Werktage to a month end
    ("aut-pbx", "autpbx-flat-de-s", d(2026, 3, 17), None, d(2026, 3, 18), d(2026, 4, 30)),
    ("aut-pbx", "autpbx-flat-de-s", d(2026, 1, 1), None, d(2026, 5, 18), d(2026, 5, 31)),
    ("aut-pbx", "autpbx-flat-de-s", d(2026, 1, 1), None, d(2026, 5, 19), d(2026, 6, 30)),
    # Digital Phone base: 24 months, notice 3 months before, renews by 12
    ("digital-phone", "dp-base-basic", d(2026, 1, 1), None, d(2027, 9, 30), d(2027, 12, 31)),
    ("digital-phone", "dp-base-basic", d(2026, 1, 1), None, d(2027, 10, 1), d(2028, 12, 31)),
    # ... with the 30-day test account the term starts after it
    ("digital-phone", "dp-base-basic", d(2026, 1, 1), d(2026, 1, 30), d(2027, 10, 30),
     d(2028, 1, 30)),
    # O2 Unite: 27 months from start with Try&Buy, 24 without; then 1 month at a time
    ("o2-unite", "unite", d(2026, 1, 1), d(2026, 3, 31), d(2027, 12, 31), d(2028, 3, 31)),
    ("o2-unite", "unite", d(2026, 1, 1), d(2026, 3, 31), d(2028, 1, 1), d(2028, 4, 30)),
    ("o2-unite", "unite", d(2026, 1, 1), None, d(2027, 9, 30), d(2027, 12, 31)),
    ("o2-unite", "unite", d(2026, 1, 31), d(2026, 4, 30), d(2028, 2, 1), d(2028, 5, 31)),
    # Smart Abo: no term, 3 months to a month end
    ("smart-abo", "smart-s", d(2026, 1, 1), None, d(2026, 2, 10), d(2026, 5, 31)),
    ("smart-abo", "smart-s", d(2026, 1, 1), None, d(2026, 1, 31), d(2026, 4, 30)),
    ("smart-abo", "smart-s", d(2026, 1, 1), None, d(2026, 2, 28), d(2026, 5, 31)),
    ("smart-abo", "smart-s", d(2026, 1, 1), None, d(2026, 3, 1), d(2026, 6, 30)),
])
def test_regular_end(catalog, code, start, trial_until, notice_day, end):
    product = PRODUCTS[catalog][code]
    assert regular_end(start, product, trial_until, notice_day, BY) == end


def test_o2_unite_try_and_buy_term_is_27_months():
    assert period_end(d(2026, 1, 1), 27) == d(2028, 3, 31)
