"""The subscription aggregate: what a customer has, from when, and the rules for changing it.

A subscription keeps a dated list of changes. It yields them as a timeline of periods
(first, last, state) — cached, searched by bisection — and billing, allowances and the
high-water mark walk those periods (the billing-event seam), never single days or the events.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from kontor.domain.calendar import ONE_DAY, Region, days_between, next_month_start
from kontor.domain.catalog import Offer, Product
from kontor.domain.errors import Refused
from kontor.domain.terms import current_term_end, regular_end


@dataclass(frozen=True)
class State:
    """A subscription on one day."""

    product: str
    quantity: int
    options: tuple[str, ...] = ()
    pools: tuple[tuple[str, int], ...] = ()  # (block product, blocks)
    aio: bool = False


@dataclass(frozen=True)
class Change:
    effective: date
    kind: str  # product | quantity | pools | option+ | option-
    value: object

    def apply(self, state: State) -> State:
        if self.kind == "option+":
            return replace(state, options=(*state.options, self.value))
        if self.kind == "option-":
            return replace(state, options=tuple(o for o in state.options if o != self.value))
        return replace(state, **{self.kind: self.value})


@dataclass(frozen=True)
class Override:
    ticket: str
    agent: str


@dataclass(frozen=True)
class NoticeCharge:
    """Fees of a notice period billed at once after an immediate cancellation: the days
    first..last, billed as the subscription would have run (scheduled changes apply)."""

    first: date
    last: date


@dataclass(frozen=True)
class Period:
    """Days first..last (None: open-ended) on which a subscription has one state."""

    first: date
    last: date | None
    state: State


@dataclass(frozen=True)
class Segment:
    """A stretch of days inside one query on which state and trial do not change."""

    first: date
    last: date
    state: State
    trial: bool


@dataclass
class Subscription:
    id: str
    start: date
    initial: State
    combined_with: frozenset[str] = frozenset()
    trial_until: date | None = None
    site: str | None = None
    changes: list[Change] = field(default_factory=list)
    service_end: date | None = None  # last day of service
    billing_end: date | None = None  # last day of recurring fees
    notice_charge: NoticeCharge | None = None
    touched: list[date] = field(default_factory=list)  # earliest day each change affects
    _timeline: tuple[Period, ...] | None = field(default=None, init=False, repr=False,
                                                 compare=False)
    _starts: list[date] = field(default_factory=list, init=False, repr=False, compare=False)
    _dirty_from: date | None = field(default=None, init=False, repr=False, compare=False)

    def copy(self) -> Subscription:
        """A copy to change inside a unit of work (the lists are copied, the changes shared)."""
        twin = replace(self, changes=list(self.changes), touched=list(self.touched))
        twin._timeline, twin._starts = self._timeline, self._starts
        twin._dirty_from = self._dirty_from
        return twin

    def _invalidate(self, day: date) -> None:
        """The timeline from `day` on must be folded again."""
        self._dirty_from = day if self._dirty_from is None else min(day, self._dirty_from)

    # --- reading -------------------------------------------------------------------------
    def timeline(self) -> tuple[Period, ...]:
        """The periods from the start on; the last one is open-ended. Cached; after a change
        only the periods from the first day it affects are folded again."""
        if self._timeline is not None and self._dirty_from is None:
            return self._timeline
        keep = [] if self._timeline is None else [
            p for p in self._timeline if self._dirty_from is None or p.first < self._dirty_from]
        if not keep:
            self._timeline = self._fold((), self.start, self.initial, self.start - ONE_DAY)
        else:
            last = keep.pop()
            self._timeline = self._fold(tuple(keep), last.first, last.state, last.first)
        self._dirty_from = None
        self._starts = [p.first for p in self._timeline]
        return self._timeline

    def _fold(self, kept: tuple[Period, ...], first: date, state: State, base: date
              ) -> tuple[Period, ...]:
        """Continue the timeline from `first` in `state`, which holds every change effective
        on or before `base`, with the changes after `base`."""
        periods = list(kept)
        for change in self.changes:
            effective = max(change.effective, self.start)
            if effective <= base:
                continue
            if effective > first:
                periods.append(Period(first, effective - ONE_DAY, state))
                first = effective
            state = change.apply(state)
        periods.append(Period(first, None, state))
        return tuple(periods)

    def state_on(self, day: date) -> State:
        periods = self.timeline()
        return periods[max(0, bisect_right(self._starts, day) - 1)].state

    def segments(self, first: date, last: date, until: date | None) -> Iterator[Segment]:
        """The stretches of first..last from the start up to `until` (None: open), split where
        the state changes and where a trial ends."""
        lo, hi = max(first, self.start), last if until is None else min(last, until)
        if lo > hi:
            return
        periods = self.timeline()
        for period in periods[max(0, bisect_right(self._starts, lo) - 1):]:
            if period.first > hi:
                break
            a = max(lo, period.first)
            b = hi if period.last is None else min(hi, period.last)
            if a > b:
                continue
            yield from self._split_at_trial(a, b, period.state)

    def _split_at_trial(self, a: date, b: date, state: State) -> Iterator[Segment]:
        t = self.trial_until
        if t is None or t < a or t >= b:
            yield Segment(a, b, state, t is not None and a <= t)
            return
        yield Segment(a, t, state, True)
        yield Segment(t + ONE_DAY, b, state, False)

    def breakpoints(self) -> list[date]:
        """Every day on which something that billing reads may change."""
        days = [p.first for p in self.timeline()]
        for end in (self.trial_until, self.service_end, self.billing_end):
            if end is not None:
                days.append(end + ONE_DAY)
        return days

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.service_end is None or day <= self.service_end)

    def billed_on(self, day: date) -> bool:
        return self.start <= day and (self.billing_end is None or day <= self.billing_end)

    def in_trial(self, day: date) -> bool:
        return self.trial_until is not None and self.start <= day <= self.trial_until

    def product_history(self) -> list[tuple[date, str]]:
        history = [(self.start, self.initial.product)]
        history += [(c.effective, c.value) for c in self.changes if c.kind == "product"]
        return history

    def last_upgrade(self, offer: Offer, before: date) -> date | None:
        """Effective date of the last change to a plan with a higher monthly price."""
        found = None
        history = [h for h in self.product_history() if h[0] < before]
        for (_, old), (when, new) in zip(history, history[1:], strict=False):
            if offer.product(new).monthly_list_price > offer.product(old).monthly_list_price:
                found = when
        return found

    # --- changing ----------------------------------------------------------------------------
    def _schedule(self, kind: str, effective: date, value: object, day: date,
                  same_value: bool = False) -> None:
        """Add a change; a change of the same kind (and value, for options) still pending after
        `day` is replaced: the newest instruction wins."""
        replaced = [c for c in self.changes if
                    c.kind == kind and c.effective > day and (not same_value or c.value == value)]
        self.touched.append(min([day, effective, *(c.effective for c in replaced)]))
        self._invalidate(min([effective, *(c.effective for c in replaced)]))
        self.changes = [c for c in self.changes if c not in replaced] if replaced else self.changes
        self.changes.append(Change(effective, kind, value))
        self.changes.sort(key=lambda c: c.effective)

    def _withdraw(self, kind: str, day: date) -> None:
        """Drop the changes of `kind` still pending after `day` (a new instruction undoes
        them)."""
        pending = [c for c in self.changes if c.kind == kind and c.effective > day]
        if not pending:
            return
        self.touched.append(day)
        self._invalidate(min(c.effective for c in pending))
        self.changes = [c for c in self.changes if c not in pending]

    def ensure_running(self, day: date) -> None:
        if self.service_end is not None and day > self.service_end:
            raise Refused("invalid_event", "subscription_ended", subscription=self.id,
                          end=self.service_end)

    def ensure_changeable(self, day: date, effective: date) -> None:
        """A change of a cancelled subscription must take effect by its last day of service;
        after an immediate cancellation whose notice period is billed, none is taken (the
        notice period is billed as the subscription stood when it was cancelled)."""
        self.ensure_running(day)
        if self.notice_charge is not None or (
                self.service_end is not None and effective > self.service_end):
            raise Refused("subscription_ending", "change_after_end", subscription=self.id,
                          end=self.service_end, effective=effective)

    @staticmethod
    def _effective(day: date, increase: bool) -> date:
        """An increase counts the same day, a decrease from the next 1st — also in a trial
        (only O2 Unite's pools change at once in a trial: set_pools)."""
        return day if increase else next_month_start(day)

    def set_quantity(self, day: date, quantity: int) -> date:
        current = self.state_on(day).quantity
        effective = self._effective(day, quantity >= current)
        self.ensure_changeable(day, effective)
        self._schedule("quantity", effective, quantity, day)
        return effective

    def set_pools(self, day: date, blocks: dict[str, int]) -> None:
        """Each pool moves on its own: raised at once, lowered from the next 1st (at once in a
        trial). Pools not named keep what they have or what is pending for them."""
        self.ensure_changeable(day, day)
        current = dict(self.state_on(day).pools)
        now, later = dict(current), dict(self.state_on(next_month_start(day)).pools)
        for code, count in blocks.items():
            if count >= current.get(code, 0) or self.in_trial(day):
                now[code] = count
            later[code] = count
        self._schedule("pools", day, tuple(sorted(now.items())), day)
        if later != now:
            lowered = tuple(sorted(later.items()))
            self.changes.append(Change(next_month_start(day), "pools", lowered))
            self.changes.sort(key=lambda c: c.effective)
            self._invalidate(next_month_start(day))

    def add_option(self, day: date, code: str) -> None:
        self.ensure_changeable(day, day)
        options = self.state_on(day).options
        if code in options:
            raise Refused("invalid_event", "option_already_booked", option=code)
        self._schedule("option+", day, code, day, same_value=True)

    def remove_option(self, day: date, code: str, last_day: date) -> None:
        # an option ends with its subscription anyway: only a billed notice period forbids it
        self.ensure_changeable(day, min(last_day, self.service_end or last_day))
        options = self.state_on(day).options
        if code not in options:
            raise Refused("invalid_event", "option_not_booked", option=code)
        self._schedule("option-", last_day + ONE_DAY, code, day, same_value=True)

    def option_start(self, code: str, day: date) -> date:
        """When the option `code` in force on `day` was added."""
        started = self.start
        for change in self.changes:
            if change.kind == "option+" and change.value == code and change.effective <= day:
                started = change.effective
        return started

    def change_plan(
        self, day: date, target: Product, offer: Offer, override: Override | None
    ) -> tuple[date, str | None]:
        """Schedule a plan change for the 1st of next month.

        Returns the effective date and the rule an override let through (or None)."""
        current = offer.product(self.state_on(day).product)
        effective = next_month_start(day)
        self.ensure_changeable(day, effective)  # refuses an ended subscription first
        if target.code == self.state_on(effective).product:
            raise Refused("invalid_event", "plan_unchanged", subscription=self.id,
                          product=target.code)
        if target.code == current.code:  # back to the plan it has: the pending change goes
            self._withdraw("product", day)
            return effective, None
        if current.group is None or target.group != current.group:
            raise Refused("invalid_event", "plan_change_not_allowed", current=current.code,
                          target=target.code)
        overridden = None
        if target.monthly_list_price < current.monthly_list_price and current.downgrade_lock_days:
            upgraded = self.last_upgrade(offer, before=effective)
            if upgraded and days_between(upgraded, effective) < current.downgrade_lock_days:
                if override is None:
                    unlocked = upgraded + current.downgrade_lock_days * ONE_DAY
                    earliest = unlocked if unlocked.day == 1 else next_month_start(unlocked)
                    raise Refused("downgrade_locked", "downgrade_locked",
                                  days=current.downgrade_lock_days, upgraded=upgraded,
                                  earliest=earliest)
                overridden = "downgrade_locked"
        self._schedule("product", effective, target.code, day)
        return effective, overridden

    # --- ending -------------------------------------------------------------------------------
    def regular_end(self, day: date, offer: Offer, region: Region) -> date:
        product = offer.product(self.state_on(day).product)
        if self.in_trial(day):
            return self.trial_until  # type: ignore[return-value]
        return regular_end(self.start, product, self.trial_until, day, region)

    def contract_end(self, day: date, offer: Offer) -> date | None:
        """The known end, or the end of the term running on `day`; None without a term."""
        if self.service_end:
            return self.service_end
        product = offer.product(self.state_on(day).product)
        if not (product.terms.min_months or product.trial):
            return None
        return current_term_end(self.start, product, self.trial_until, day)

    def cancel_regular(self, day: date, offer: Offer, region: Region) -> date:
        self.ensure_running(day)
        end = self.regular_end(day, offer, region)
        if self.service_end is not None and self.service_end <= end:
            raise Refused("invalid_event", "already_cancelled", subscription=self.id,
                          end=self.service_end)
        self.service_end = self.billing_end = end
        self.touched.append(day)
        return end

    def end_by(self, day: date, last: date) -> bool:
        """End on `last` at the latest (what it depends on ends then); False if it ends by
        then anyway."""
        if self.service_end is not None and self.service_end <= last:
            return False
        self.service_end = self.billing_end = last
        self.touched.append(day)
        return True

    def cancel_immediate(self, day: date, offer: Offer, region: Region, bill_notice: bool) -> date:
        self.ensure_running(day)
        end = self.regular_end(day, offer, region)
        if self.service_end is not None:  # already cancelled: that end stands
            end = min(end, self.service_end)
        self.service_end = day
        self.touched.append(day)
        if bill_notice:
            self.billing_end = max(day, min(end, next_month_start(day) - ONE_DAY))
            if end > self.billing_end:
                self.notice_charge = NoticeCharge(self.billing_end + ONE_DAY, end)
        else:
            self.billing_end = day
        return end

    def delete_order(self, day: date) -> None:
        self.ensure_running(day)
        self.service_end = self.billing_end = day
        self.notice_charge = None  # the order was a mistake: no notice period is billed
        self.touched.append(day)
