"""Kauf- und Ratenzahlungsvereinbarung: the purchase and instalment agreement of a device plan,
as a structured document that the PDF renderer lays out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kontor.domain.account import Customer
from kontor.domain.catalog import Issuer
from kontor.domain.devices import DevicePlan


@dataclass(frozen=True)
class ScheduledInstallment:
    number: int
    month: date  # the month it pays for
    due_on: date  # the billing date it is invoiced on
    amount: Decimal


@dataclass(frozen=True)
class PurchaseAgreement:
    title: str
    plan_id: str
    seller: Issuer
    buyer: Customer
    subscription: str | None
    device: str
    price: Decimal
    down_payment: Decimal
    financed: Decimal
    schedule: tuple[ScheduledInstallment, ...]
    total: Decimal
    signed_on: date
    channel: str


def purchase_agreement(plan: DevicePlan, seller: Issuer, buyer: Customer) -> PurchaseAgreement:
    schedule = tuple(
        ScheduledInstallment(n, plan.installment_month(n), plan.installment_due(n),
                             plan.installment_amount(n))
        for n in range(1, plan.count + 1))
    total = plan.down_payment + sum((s.amount for s in schedule), Decimal(0))
    return PurchaseAgreement(
        "Kauf- und Ratenzahlungsvereinbarung", plan.id, seller, buyer, plan.subscription_id,
        plan.device, plan.price, plan.down_payment, plan.financed, schedule, total,
        plan.activated_on, plan.channel)
