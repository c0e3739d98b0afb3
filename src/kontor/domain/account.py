"""A customer's account: everything Kontor keeps about one customer, in one aggregate."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from kontor.domain.calendar import Region
from kontor.domain.catalog import Offer
from kontor.domain.contracts import Override, Subscription
from kontor.domain.devices import DevicePlan
from kontor.domain.errors import Refused
from kontor.domain.invoicing.activation import HighWaterMark
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.invoicing.recurring import Ledger


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    country: str
    region: str | None = None

    @property
    def holidays(self) -> Region:
        return Region(self.country, self.region)


@dataclass(frozen=True)
class Notice:
    day: date
    code: str
    message: str


@dataclass(frozen=True)
class AuditRecord:
    """An override of a rule: who, under which ticket, when, which rule, on what."""

    day: date
    agent: str
    ticket: str
    rule: str
    subject: str
    event: int | None = None


@dataclass
class Sim:
    id: str
    subscription: str
    profile: str | None = None
    roaming: bool = True
    data_cap_mb: int | None = None
    added_on: date | None = None
    removed_on: date | None = None


@dataclass
class Account:
    customer: Customer
    offer: Offer
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    device_plans: dict[str, DevicePlan] = field(default_factory=dict)
    pending: list[InvoiceLine] = field(default_factory=list)  # one-time lines not yet invoiced
    ledgers: dict[str, Ledger] = field(default_factory=dict)
    marks: dict[str, HighWaterMark] = field(default_factory=dict)
    notice_charges_billed: set[str] = field(default_factory=set)
    orders: Counter = field(default_factory=Counter)  # one-time orders per product
    sims: dict[str, Sim] = field(default_factory=dict)
    overage: dict[str, str] = field(default_factory=dict)  # subscription -> block | overage
    invoices: list[Invoice] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    audit: list[AuditRecord] = field(default_factory=list)
    agreements: list = field(default_factory=list)  # PurchaseAgreement per device plan

    def subscription(self, sub_id: str | None) -> Subscription:
        if not sub_id:
            raise Refused("no_subscription", "Es ist kein Abo angegeben.")
        try:
            return self.subscriptions[sub_id]
        except KeyError:
            raise Refused("unknown_subscription",
                          f"Ein Abo '{sub_id}' gibt es für diesen Kunden nicht.") from None

    def device_plan(self, plan_id: str) -> DevicePlan:
        try:
            return self.device_plans[plan_id]
        except KeyError:
            raise Refused("invalid_event", f"Einen Geräteplan '{plan_id}' gibt es für diesen "
                          "Kunden nicht.") from None

    def active_device_plan(self, sub_id: str, day: date) -> DevicePlan | None:
        for plan in self.device_plans.values():
            if plan.subscription_id == sub_id and not plan.ended_by(day):
                return plan
        return None

    def record_override(self, day: date, override: Override, rule: str, subject: str,
                        event: int | None) -> None:
        self.audit.append(AuditRecord(day, override.agent, override.ticket, rule, subject, event))

    def notify(self, day: date, code: str, message: str) -> None:
        self.notices.append(Notice(day, code, message))
