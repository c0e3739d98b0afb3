"""The subscription aggregate: what a customer has, from when, and the rules for changing it.

A subscription keeps a dated list of changes; its state on any day is the fold of the changes in
force that day. Billing reads those states (see invoicing/recurring.py) and never the events.
"""

from __future__ import annotations

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
    """Fees of a notice period billed at once after an immediate cancellation."""

    first: date
    last: date
    state: State


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
    touched: list[date] = field(default_factory=list)  # days of every change, in order

    # --- reading -------------------------------------------------------------------------
    def state_on(self, day: date) -> State:
        state = self.initial
        for change in self.changes:
            if change.effective <= day:
                state = change.apply(state)
        return state

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
        self.touched.append(day)
        self.changes = [c for c in self.changes if not (
            c.kind == kind and c.effective > day and (not same_value or c.value == value))]
        self.changes.append(Change(effective, kind, value))
        self.changes.sort(key=lambda c: c.effective)

    def ensure_running(self, day: date) -> None:
        if self.service_end is not None and day > self.service_end:
            raise Refused("invalid_event", f"Das Abo '{self.id}' ist seit dem "
                          f"{self.service_end.isoformat()} beendet.")

    def _effective(self, day: date, increase: bool) -> date:
        return day if increase or self.in_trial(day) else next_month_start(day)

    def set_quantity(self, day: date, quantity: int) -> date:
        self.ensure_running(day)
        current = self.state_on(day).quantity
        effective = self._effective(day, quantity >= current)
        self._schedule("quantity", effective, quantity, day)
        return effective

    def set_pools(self, day: date, blocks: dict[str, int]) -> None:
        """Each pool moves on its own: raised at once, lowered from the next 1st (at once in a
        trial). Pools not named keep what they have or what is pending for them."""
        self.ensure_running(day)
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

    def add_option(self, day: date, code: str) -> None:
        self.ensure_running(day)
        options = self.state_on(day).options
        if code in options:
            raise Refused("invalid_event", f"Die Option '{code}' ist bereits gebucht.")
        self._schedule("option+", day, code, day, same_value=True)

    def remove_option(self, day: date, code: str, last_day: date) -> None:
        self.ensure_running(day)
        options = self.state_on(day).options
        if code not in options:
            raise Refused("invalid_event", f"Die Option '{code}' ist nicht gebucht.")
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
        self.ensure_running(day)
        current = offer.product(self.state_on(day).product)
        if target.code == current.code:
            raise Refused("invalid_event", f"Das Abo '{self.id}' hat bereits '{target.code}'.")
        if current.group is None or target.group != current.group:
            raise Refused("invalid_event", f"Von '{current.code}' kann nicht auf "
                          f"'{target.code}' gewechselt werden.")
        effective = next_month_start(day)
        overridden = None
        if target.monthly_list_price < current.monthly_list_price and current.downgrade_lock_days:
            upgraded = self.last_upgrade(offer, before=effective)
            if upgraded and days_between(upgraded, effective) < current.downgrade_lock_days:
                if override is None:
                    unlocked = upgraded + current.downgrade_lock_days * ONE_DAY
                    earliest = unlocked if unlocked.day == 1 else next_month_start(unlocked)
                    raise Refused("downgrade_locked", (
                        f"Ein Downgrade ist erst {current.downgrade_lock_days} Tage nach dem "
                        f"Upgrade vom {upgraded:%d.%m.%Y} möglich, also frühestens zum "
                        f"{earliest:%d.%m.%Y}; früher nur per Ticket beim Kundendienst."))
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
            raise Refused("invalid_event", f"Das Abo '{self.id}' ist bereits zum "
                          f"{self.service_end.isoformat()} gekündigt.")
        self.service_end = self.billing_end = end
        self.touched.append(day)
        return end

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
                self.notice_charge = NoticeCharge(
                    self.billing_end + ONE_DAY, end, self.state_on(day))
        else:
            self.billing_end = day
        return end

    def delete_order(self, day: date) -> None:
        self.ensure_running(day)
        self.service_end = self.billing_end = day
        self.touched.append(day)
