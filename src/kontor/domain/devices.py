"""Device plans (Geräteplan): down payment, monthly instalments, remaining amount on early end.

Over its life a plan always bills exactly the device price: down payment + instalments billed +
remaining amount. Nothing here reads the clock; billing passes the billing date in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from kontor.domain.calendar import add_months, month_end, month_start, next_month_start
from kontor.domain.errors import Refused
from kontor.domain.money import ZERO, round_cents

MIN_DURATION_DAYS = 120


@dataclass(frozen=True)
class DeviceCharge:
    """One thing a device plan bills: kind is down_payment, installment or remaining_amount."""

    kind: str
    amount: Decimal
    first: date
    last: date
    number: int = 0  # instalment number, 1-based


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
    down_payment_billed: bool = False
    installments_billed: int = 0
    billed_installment_sum: Decimal = ZERO
    remaining_billed: bool = False

    def __post_init__(self) -> None:
        if self.price <= 0 or self.down_payment < 0 or self.down_payment > self.price:
            raise Refused("invalid_event", "Die Anzahlung muss zwischen 0 und dem Gerätepreis "
                          f"liegen (Preis {self.price}, Anzahlung {self.down_payment}).")

    # --- the instalment plan ------------------------------------------------------------------
    @property
    def financed(self) -> Decimal:
        return self.price - self.down_payment

    @property
    def installment(self) -> Decimal:
        return round_cents(self.financed / self.installments)

    def installment_amount(self, number: int) -> Decimal:
        """Instalment `number` (1-based); the last one takes the rounding difference."""
        if number < self.installments:
            return self.installment
        return self.financed - self.installment * (self.installments - 1)

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

    def remaining_amount(self) -> Decimal:
        return self.financed - self.billed_installment_sum

    # --- lifecycle ----------------------------------------------------------------------------
    def earliest_end(self) -> date:
        return self.activated_on + timedelta(days=MIN_DURATION_DAYS)

    def cancel(self, effective: date, overridden: bool) -> bool:
        """End the plan on `effective`. Returns True when the 120-day rule was overridden."""
        if self.ended_on is not None:
            raise Refused("invalid_event", f"Der Geräteplan '{self.id}' ist bereits zum "
                          f"{self.ended_on.isoformat()} beendet.")
        too_early = effective < self.earliest_end()
        if too_early and not overridden:
            raise Refused("device_plan_min_duration", (
                f"Der Geräteplan '{self.id}' kann frühestens 120 Tage nach der Aktivierung "
                f"({self.activated_on.isoformat()}) enden, also am "
                f"{self.earliest_end().isoformat()}; früher nur mit Übersteuerung."))
        self.ended_on = max(effective, self.activated_on)
        return too_early

    def end(self, day: date) -> None:
        """End at once (a new plan replaces it, or its subscription is cancelled)."""
        if self.ended_on is None or self.ended_on > day:
            self.ended_on = max(day, self.activated_on)

    # --- billing ------------------------------------------------------------------------------
    def bill(self, billing_date: date) -> list[DeviceCharge]:
        """What this plan bills on `billing_date`, recorded as billed (re-running adds nothing)."""
        if self.activated_on > billing_date:
            return []
        charges = []
        if not self.down_payment_billed:
            self.down_payment_billed = True
            if self.down_payment:
                charges.append(DeviceCharge("down_payment", self.down_payment,
                                            self.activated_on, self.activated_on))
        while (not self.ended_by(billing_date) and self.installments_billed < self.installments
               and self.installment_due(self.installments_billed + 1) <= billing_date):
            number = self.installments_billed + 1
            amount = self.installment_amount(number)
            month = self.installment_month(number)
            charges.append(DeviceCharge("installment", amount, month, month_end(month), number))
            self.installments_billed = number
            self.billed_installment_sum += amount
        if self.ended_by(billing_date) and not self.remaining_billed:
            self.remaining_billed = True
            remaining = self.remaining_amount()
            if remaining:
                charges.append(DeviceCharge("remaining_amount", remaining,
                                            self.ended_on, self.ended_on))  # type: ignore[arg-type]
        return charges
