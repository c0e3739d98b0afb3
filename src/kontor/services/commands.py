"""Typed commands: one per scenario event (shared/spec/scenarios.md), built and checked once at
the edge (scenario files, CLI, API) by `from_event`; the use cases take only these."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from kontor.domain.contracts import Override
from kontor.domain.money import to_decimal


@dataclass(frozen=True, kw_only=True)
class Command:
    day: date
    index: int | None = None  # the event's place in its file, for messages


@dataclass(frozen=True, kw_only=True)
class Subscribe(Command):
    id: str
    product: str
    quantity: int = 1
    options: tuple[str, ...] = ()
    combined_with: frozenset[str] = frozenset()
    aio: bool = False
    trial: bool = False
    site: str | None = None


@dataclass(frozen=True, kw_only=True)
class SetQuantity(Command):
    subscription: str | None = None
    quantity: int


@dataclass(frozen=True, kw_only=True)
class ChangePlan(Command):
    subscription: str | None = None
    product: str
    override: Override | None = None


@dataclass(frozen=True, kw_only=True)
class Cancel(Command):
    subscription: str | None = None
    mode: str = "regular"
    bill_notice: bool = False
    override: Override | None = None


@dataclass(frozen=True, kw_only=True)
class AddOption(Command):
    subscription: str | None = None
    product: str


@dataclass(frozen=True, kw_only=True)
class RemoveOption(Command):
    subscription: str | None = None
    product: str


@dataclass(frozen=True, kw_only=True)
class SetPools(Command):
    subscription: str | None = None
    voice: int | None = None
    sms: int | None = None
    data: int | None = None


@dataclass(frozen=True, kw_only=True)
class AddSim(Command):
    id: str
    subscription: str | None = None
    profile: str | None = None


@dataclass(frozen=True, kw_only=True)
class RemoveSim(Command):
    id: str
    subscription: str | None = None  # when given: the pool the SIM must be in


@dataclass(frozen=True, kw_only=True)
class SetProfile(Command):
    sim: str
    roaming: bool | None = None  # None: unchanged
    data_cap_mb: int | None = None
    cap_given: bool = False  # data_cap_mb was named (null removes the cap)


@dataclass(frozen=True, kw_only=True)
class SetOverage(Command):
    subscription: str | None = None
    policy: str


@dataclass(frozen=True, kw_only=True)
class ActivateDevicePlan(Command):
    id: str
    subscription: str | None = None
    device: str
    price: Decimal
    down_payment: Decimal = Decimal(0)
    installments: int
    channel: str = "order"


@dataclass(frozen=True, kw_only=True)
class CancelDevicePlan(Command):
    id: str
    effective: date | None = None  # None: the event's day
    override: Override | None = None


@dataclass(frozen=True, kw_only=True)
class DeleteOrder(Command):
    subscription: str | None = None


@dataclass(frozen=True, kw_only=True)
class LinkDevicePlan(Command):
    id: str
    subscription: str | None = None


@dataclass(frozen=True, kw_only=True)
class OneTime(Command):
    product: str
    quantity: int = 1


@dataclass(frozen=True, kw_only=True)
class RecordUsage(Command):
    """Usage records: inline (`records`) or a file (`file`, resolved by the edge) in a format
    (`canonical`, `asterisk`, `freeswitch`), optionally a named `layout` or a `columns` order;
    `file_name` is what the file is called in the report and the quarantine (an upload's own
    name; default: `file`)."""

    records: tuple[dict, ...] | None = None
    file: str | None = None
    file_name: str | None = None
    format: str = "canonical"
    layout: str | None = None
    columns: str | None = None
    source: str = "default"


@dataclass(frozen=True, kw_only=True)
class Invite(Command):
    """Invite the customer to a campaign (by its name), by `channel` (sms, email; None: the
    campaign's default for the customer)."""

    campaign: str
    channel: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordAction(Command):
    """A customer's action in a campaign: portal_registered, app_installed, hotline_call, …"""

    campaign: str
    action: str


KINDS: dict[str, type[Command]] = {
    "subscribe": Subscribe, "set_quantity": SetQuantity, "change_plan": ChangePlan,
    "cancel": Cancel, "add_option": AddOption, "remove_option": RemoveOption,
    "set_pools": SetPools, "add_sim": AddSim, "remove_sim": RemoveSim,
    "set_profile": SetProfile, "set_overage": SetOverage, "device_plan": ActivateDevicePlan,
    "cancel_device_plan": CancelDevicePlan, "delete_order": DeleteOrder,
    "link_device_plan": LinkDevicePlan, "one_time": OneTime, "usage": RecordUsage,
    "invite": Invite, "action": RecordAction,
}


def _override(raw) -> Override:
    return Override(str(raw["ticket"]), str(raw["agent"]))


CONVERT = {
    "quantity": int, "voice": int, "sms": int, "data": int, "installments": int,
    "data_cap_mb": int, "options": lambda v: tuple(map(str, v)),
    "combined_with": lambda v: frozenset(map(str, v)), "aio": bool, "trial": bool,
    "bill_notice": bool, "roaming": bool, "price": to_decimal, "down_payment": to_decimal,
    "override": _override, "effective": lambda v: v,
    "records": lambda v: tuple(dict(r) if isinstance(r, dict) else r for r in v),
}


def from_event(day: date, do: str, values: dict, index: int | None = None) -> Command:
    """The typed command of one event whose fields were validated (a scenario file, a request).
    A wrong field here is a programming error of the edge, not a refusal."""
    cls = KINDS[do]
    names = {f.name for f in fields(cls)} - {"day", "index", "cap_given"}
    kwargs = {k: CONVERT.get(k, str)(v) for k, v in values.items()
              if k in names and v is not None}
    unknown = set(values) - names
    if unknown:
        raise TypeError(f"{do}: unknown fields {sorted(unknown)}")
    if cls is SetProfile:
        kwargs["cap_given"] = "data_cap_mb" in values
    return cls(day=day, index=index, **kwargs)
