"""When a contract can end: minimum terms, renewals and notice periods."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from kontor.domain.calendar import (
    ONE_DAY,
    Region,
    month_end,
    next_month_start,
    notice_deadline,
    period_end,
    werktage_after,
)
from kontor.domain.catalog import Notice, Product


def term_start(start: date, product: Product, trial_until: date | None) -> date:
    """The paid term starts at the subscription start, or after a trial that is not part of it."""
    if trial_until and product.trial and product.trial.min_months is None:
        return trial_until + ONE_DAY
    return start


def minimum_months(product: Product, with_trial: bool) -> int:
    if with_trial and product.trial and product.trial.min_months is not None:
        return product.trial.min_months
    return product.terms.min_months


def possible_ends(start: date, product: Product, trial_until: date | None) -> Iterator[date]:
    """Every date the contract may end on, in order (an endless iterator)."""
    begin = term_start(start, product, trial_until)
    months = minimum_months(product, trial_until is not None)
    if product.terms.notice.to == "month_end":
        day = month_end(period_end(begin, months) if months else begin)
        while True:
            yield day
            day = month_end(next_month_start(day))
    renewal = product.terms.renewal_months or 1
    day = period_end(begin, months)
    while True:  # each renewal is a period of its own, from the day after the last end
        yield day
        day = period_end(day + ONE_DAY, renewal)


def in_time(notice: Notice, notice_day: date, end: date, region: Region) -> bool:
    if end < notice_day:
        return False
    if notice.werktage:
        return werktage_after(notice_day, end, region) >= notice.werktage
    if notice.months:
        return notice_day <= notice_deadline(end, notice.months)
    return True


def regular_end(
    start: date, product: Product, trial_until: date | None, notice_day: date, region: Region
) -> date:
    """The first possible end a notice given on `notice_day` reaches; a late notice is never
    refused, it takes the next one."""
    for end in possible_ends(start, product, trial_until):
        if in_time(product.terms.notice, notice_day, end, region):
            return end
    raise AssertionError("unreachable: possible_ends is endless")


def current_term_end(
    start: date, product: Product, trial_until: date | None, day: date
) -> date:
    """End of the term running on `day` (the first possible end not before it)."""
    for end in possible_ends(start, product, trial_until):
        if end >= day:
            return end
    raise AssertionError("unreachable")
