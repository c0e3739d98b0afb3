"""A customer's account: the aggregate of everything a command may change for one customer
(subscriptions, device plans, SIMs, one-time orders, campaign invitations and rewards), with a
version number.

What was billed, the invoices, notices and audit records are not part of it: they are
append-only collections beside it (see services/unit_of_work.py).

Inside a unit of work the account copies an entity the first time it is taken for a change
(copy on write), so a rollback restores the account by putting back the containers it had.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from kontor.domain.calendar import Region
from kontor.domain.campaigns import GrantedReward, Invitation, Restart
from kontor.domain.catalog import Offer
from kontor.domain.contracts import Override, Subscription
from kontor.domain.devices import DevicePlan
from kontor.domain.errors import Refused

T = TypeVar("T")


class CallList(StrEnum):
    """Whether the customer gets an itemised call list (Einzelverbindungsnachweis) with its
    invoices, and whether the last three digits of the called numbers are masked."""

    NONE = "none"
    FULL = "full"
    MASKED = "masked"


MOBILE_NUMBER = r"^\+[1-9][0-9]{6,20}$"  # as stored and sent: E.164, no spaces (+491711234567)


def mobile_number(written: str) -> str | None:
    """A customer's mobile number for SMS as written (+49 171 1234567) in the form stored, or
    None when it is no international number."""
    number = written.replace(" ", "")
    return number if re.match(MOBILE_NUMBER, number) else None


# A VAT id as written: German (DE + 9 digits), Swiss UID (CHE-123.456.789, optionally with
# MWST/TVA/IVA) or another EU member state's (its prefix, 2-12 letters and digits; EL: Greece,
# XI: Northern Ireland), spaces allowed.
VAT_ID = (r"^ *(DE( *[0-9]){9}|CHE[- ]?[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}( *(MWST|TVA|IVA))?|"
          r"(AT|BE|BG|CY|CZ|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)"
          r"( *[0-9A-Z+*]){2,12}) *$")


def vat_id(written: str) -> str | None:
    """A customer's VAT id as written in the form stored and put on e-invoices (DE123456789,
    CHE-123.456.789 MWST), or None when it is none of the forms of VAT_ID."""
    text = written.strip().upper()
    if not re.match(VAT_ID, text):
        return None
    if text.startswith("CHE"):
        digits = re.sub(r"[^0-9]", "", text)
        suffix = re.search(r"(MWST|TVA|IVA)$", text)
        uid = f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:]}"
        return f"{uid} {suffix.group(1)}" if suffix else uid
    return text.replace(" ", "")


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    country: str
    region: str | None = None
    address: tuple[str, ...] = ()  # postal address lines
    vat_id: str | None = None
    email: str | None = None
    language: str = "de"
    phone: str | None = None  # mobile number for SMS (MOBILE_NUMBER)
    call_list: CallList = CallList.NONE  # itemised call list on the invoice (EVN)

    @property
    def holidays(self) -> Region:
        return Region(self.country, self.region)


@dataclass(frozen=True)
class Notice:
    """Something a person should know about: a stable code and the parameters of its sentence."""

    day: date
    code: str
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str = "de") -> str:
        from kontor.messages import render

        return render(self.code, dict(self.params), lang)


def notice(day: date, code: str, **params: object) -> Notice:
    return Notice(day, code, tuple(params.items()))


@dataclass(frozen=True)
class AuditRecord:
    """An override of a rule: who, under which ticket, when, which rule, on what."""

    day: date
    agent: str
    ticket: str
    rule: str
    subject: str
    event: int | None = None

    @classmethod
    def of(cls, day: date, override: Override, rule: str, subject: str,
           event: int | None) -> AuditRecord:
        return cls(day, override.agent, override.ticket, rule, subject, event)


def in_force(history: tuple[tuple[date, T], ...], day: date, default: T) -> T:
    """The value of a dated history on `day`: the last one set on or before it."""
    value = default
    for since, entry in history:
        if since <= day:
            value = entry
    return value


@dataclass(frozen=True)
class Profile:
    """A SIM's user profile: roaming allowed or not, an optional monthly data cap."""

    roaming: bool = True
    data_cap_mb: int | None = None


@dataclass
class Sim:
    id: str
    subscription: str
    profile: str | None = None  # the profile's name, as the customer's admin calls it
    added_on: date | None = None
    removed_on: date | None = None
    profiles: tuple[tuple[date, Profile], ...] = ()  # dated: a record is judged by its day's

    def profile_on(self, day: date) -> Profile:
        return in_force(self.profiles, day, Profile())


@dataclass(frozen=True)
class OneTimeOrder:
    """A one-time service ordered on `day`; `free` of its `quantity` cost nothing."""

    number: int
    day: date
    product: str
    quantity: int
    free: int
    unit_price: Decimal


@dataclass(frozen=True)
class Snapshot:
    """The containers of an account at the start of a unit of work."""

    subscriptions: dict
    device_plans: dict
    sims: dict
    overage: dict
    orders: tuple
    version: int
    invitations: tuple = ()
    restarts: tuple = ()
    rewards: tuple = ()


@dataclass
class Account:
    customer: Customer
    offer: Offer
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    device_plans: dict[str, DevicePlan] = field(default_factory=dict)
    sims: dict[str, Sim] = field(default_factory=dict)
    overage: dict[str, tuple[tuple[date, str], ...]] = field(default_factory=dict)  # dated
    orders: tuple[OneTimeOrder, ...] = ()
    version: int = 0
    invitations: tuple[Invitation, ...] = ()  # campaigns the customer was invited to
    restarts: tuple[Restart, ...] = ()  # days a campaign timer's clock restarted
    rewards: tuple[GrantedReward, ...] = ()  # campaign rewards granted, in order
    _copied: set | None = field(default=None, init=False, repr=False, compare=False)

    # --- unit of work -------------------------------------------------------------------------
    def begin(self) -> Snapshot:
        self._copied = set()
        return Snapshot(dict(self.subscriptions), dict(self.device_plans), dict(self.sims),
                        dict(self.overage), self.orders, self.version, self.invitations,
                        self.restarts, self.rewards)

    def restore(self, snapshot: Snapshot) -> None:
        self.subscriptions, self.device_plans = snapshot.subscriptions, snapshot.device_plans
        self.sims, self.overage = snapshot.sims, snapshot.overage
        self.orders, self.version = snapshot.orders, snapshot.version
        self.invitations, self.restarts = snapshot.invitations, snapshot.restarts
        self.rewards = snapshot.rewards
        self._copied = None

    def committed(self) -> None:
        self.version += 1
        self._copied = None

    def _writable(self, kind: str, items: dict, key: str, clone):
        if self._copied is not None and (kind, key) not in self._copied:
            items[key] = clone(items[key])
            self._copied.add((kind, key))
        return items[key]

    # --- entities, taken for a change ---------------------------------------------------------
    def subscription(self, sub_id: str | None) -> Subscription:
        if not sub_id:
            raise Refused("no_subscription", "no_subscription_named")
        if sub_id not in self.subscriptions:
            raise Refused("unknown_subscription", "unknown_subscription", subscription=sub_id)
        return self._writable("sub", self.subscriptions, sub_id, Subscription.copy)

    def device_plan(self, plan_id: str) -> DevicePlan:
        if plan_id not in self.device_plans:
            raise Refused("invalid_event", "unknown_device_plan", plan=plan_id)
        return self._writable("plan", self.device_plans, plan_id, copy.copy)

    def sim(self, sim_id: str) -> Sim:
        found = self.sims.get(sim_id)
        if found is None or found.removed_on is not None:
            raise Refused("invalid_event", "sim_unknown", sim=sim_id)
        return self._writable("sim", self.sims, sim_id, copy.copy)

    def active_device_plan(self, sub_id: str, day: date) -> DevicePlan | None:
        for plan in self.device_plans.values():
            if plan.subscription_id == sub_id and not plan.ended_by(day):
                return self.device_plan(plan.id)
        return None

    def overage_on(self, sub_id: str, day: date) -> str:
        """A pool's policy when empty on `day`: block (the default) or overage."""
        return in_force(self.overage.get(sub_id, ()), day, "block")

    def add_order(self, order: OneTimeOrder) -> None:
        self.orders = (*self.orders, order)

    def add_invitation(self, invitation: Invitation) -> None:
        self.invitations = (*self.invitations, invitation)

    def add_restart(self, restart: Restart) -> None:
        self.restarts = (*self.restarts, restart)

    def add_reward(self, reward: GrantedReward) -> None:
        self.rewards = (*self.rewards, reward)

    def sites(self) -> dict[str, str]:
        """Subscription id -> its site, for the subscriptions that name one."""
        return {sub.id: sub.site for sub in self.subscriptions.values() if sub.site}

    def ordered(self, product: str) -> int:
        return sum(o.quantity for o in self.orders if o.product == product)
