"""Device plans (Geräteplan): down payment, monthly instalments, remaining amount on early end.

Over its life a plan always bills exactly the device price: down payment + instalments billed +
remaining amount. What a plan makes due by a billing date is a pure function of the plan
(`due_charges`); what was already billed is compared by the invoicing step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from kontor.domain.calendar import add_months, month_end, month_start, next_month_start
from kontor.domain.errors import Refused
from kontor.domain.money import CENT, ZERO, round_cents

MIN_DURATION_DAYS = 120


@dataclass(frozen=True)
class DeviceCharge:
    """One thing a device plan bills: kind is down_payment, installment or remaining_amount."""

    kind: str
    amount: Decimal
    first: date
    last: date
    number: int = 0  # instalment number, 1-based

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.number}" if self.number else self.kind


@dataclass
class DevicePlan:
    id: str
    subscription_id: str | None
    device: str
    price: Decimal
    down_payment: Decimal
    installments: int
    channel: str
    activated_on: date
    ended_on: date | None = None

    def __post_init__(self) -> None:
        if self.price <= 0:
            raise Refused("invalid_event", "device_price_not_positive", price=self.price)
        if self.down_payment < 0 or self.down_payment > self.price:
            raise Refused("invalid_event", "down_payment_out_of_range", price=self.price,
                          down_payment=self.down_payment)

    # --- the instalment plan ------------------------------------------------------------------
    @property
    def financed(self) -> Decimal:
        return self.price - self.down_payment

    @property
    def count(self) -> int:
        """How many instalments are paid: none when nothing is financed."""
        return self.installments if self.financed else 0

    @property
    def installment(self) -> Decimal:
        """Half-up to the cent; rounded down instead where n − 1 half-up instalments would
        already exceed the financed amount (tiny plans), so the last one is never negative."""
        amount = round_cents(self.financed / self.installments)
        if amount * (self.installments - 1) > self.financed:
            amount = (self.financed / self.installments).quantize(CENT, rounding=ROUND_DOWN)
        return amount

    def installment_amount(self, number: int) -> Decimal:
        """Instalment `number` (1-based); the last one takes the rounding difference."""
        if number < self.count:
            return self.installment
        return self.financed - self.installment * (self.count - 1)

    def installment_month(self, number: int) -> date:
        """The first instalment is for the month of activation."""
        return add_months(month_start(self.activated_on), number - 1)

    def installment_due(self, number: int) -> date:
        """Billing date of instalment `number`: its month's 1st, the first after activation."""
        first_billing = (self.activated_on if self.activated_on.day == 1
                         else next_month_start(self.activated_on))
        return max(first_billing, self.installment_month(number))

    def ended_by(self, day: date) -> bool:
        return self.ended_on is not None and self.ended_on <= day

    # --- lifecycle ----------------------------------------------------------------------------
    def earliest_end(self) -> date:
        return self.activated_on + timedelta(days=MIN_DURATION_DAYS)

    def cancel(self, day: date, effective: date, overridden: bool) -> bool:
        """End the plan on `effective` (told on `day`); an end still to come is replaced, so a
        cancellation can be brought forward or put off. Returns True when the 120-day rule was
        overridden."""
        if self.ended_on is not None and self.ended_on <= day:
            raise Refused("invalid_event", "device_plan_ended", plan=self.id, end=self.ended_on)
        too_early = effective < self.earliest_end()
        if too_early and not overridden:
            raise Refused("device_plan_min_duration", "device_plan_min_duration", plan=self.id,
                          activated=self.activated_on, earliest=self.earliest_end())
        self.ended_on = max(effective, self.activated_on)
        return too_early

    def end(self, day: date) -> None:
        """End at once (a new plan replaces it, or its subscription is cancelled)."""
        if self.ended_on is None or self.ended_on > day:
            self.ended_on = max(day, self.activated_on)

    # --- billing ------------------------------------------------------------------------------
    def billed_installments(self, billing_date: date) -> range:
        """Numbers of the instalments due by `billing_date`: those whose billing date comes
        before the plan's end (an instalment due on the day the plan ends is not billed)."""
        last = 0
        while last < self.count and self.installment_due(last + 1) <= billing_date and (
                self.ended_on is None or self.installment_due(last + 1) < self.ended_on):
            last += 1
        return range(1, last + 1)

    def due_charges(self, billing_date: date) -> list[DeviceCharge]:
        """Everything this plan makes due up to `billing_date`."""
        if self.activated_on > billing_date:
            return []
        charges = []
        if self.down_payment:
            charges.append(DeviceCharge("down_payment", self.down_payment,
                                        self.activated_on, self.activated_on))
        paid = ZERO
        for number in self.billed_installments(billing_date):
            amount = self.installment_amount(number)
            month = self.installment_month(number)
            charges.append(DeviceCharge("installment", amount, month, month_end(month), number))
            paid += amount
        if self.ended_by(billing_date) and self.financed - paid:
            ended: date = self.ended_on  # type: ignore[assignment]
            charges.append(DeviceCharge("remaining_amount", self.financed - paid, ended, ended))
        return charges
