"""Request models: one per command of the scenario vocabulary (shared/spec/scenarios.md), its
fields as in the event plus `date`, checked as strictly as the scenario schema; and the bodies
of customers and usage. Unknown fields are refused (422), never ignored."""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from kontor.domain.account import MOBILE_NUMBER

# The days Kontor bills: from 2000 to 2199 (the calendar reaches years ahead of a day, for
# contract terms and renewals, so a day near 9999 cannot be handled, and none is meant).
DATE_PATTERN = r"^2[01][0-9]{2}-[0-9]{2}-[0-9]{2}$"


def _iso_date(value: object) -> object:
    """Only an ISO date text (YYYY-MM-DD) of 2000..2199 is a date: no timestamp, no date-time."""
    if not isinstance(value, str) or not re.match(DATE_PATTERN, value):
        raise ValueError("must be an ISO date YYYY-MM-DD from 2000-01-01 to 2199-12-31")
    return Date.fromisoformat(value)  # a date that does not exist: ValueError too


def _whole(value: object) -> object:
    """A JSON number without fraction is an integer (JSON Schema): 13.0 is 13; a text is not."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


IsoDate = Annotated[Date, BeforeValidator(_iso_date), WithJsonSchema(
    {"type": "string", "format": "date", "pattern": DATE_PATTERN})]
Int = Annotated[int, BeforeValidator(_whole)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
# a quantity or a number of pool blocks; a quantity of 0 is refused by the rule (invalid_event)
Count = Annotated[Int, Field(ge=0, le=1_000_000)]
MoneyIn = Annotated[str, Field(pattern=r"^[0-9]{1,10}(\.[0-9]{1,10})?$", examples=["349.00"],
                               description="an amount as a decimal string (never a float)")]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Event(In):
    date: IsoDate = Field(description="the day the command takes effect (ISO date)")


class Override(In):
    """Lets a rule through; recorded in the audit log."""

    ticket: Text
    agent: Text


class Subscribe(Event):
    id: Text
    product: Text
    quantity: Count = 1
    options: list[Text] = Field(default_factory=list, max_length=100)
    combined_with: list[Literal["mobile", "all-ip"]] = Field(default_factory=list, max_length=2)
    aio: bool = False
    trial: bool = False
    site: Text | None = None


class SetQuantity(Event):
    subscription: Text
    quantity: Count


class ChangePlan(Event):
    subscription: Text
    product: Text
    override: Override | None = None


class Cancel(Event):
    subscription: Text
    mode: Literal["regular", "immediate"] = "regular"
    bill_notice: bool = False
    override: Override | None = None


class AddOption(Event):
    subscription: Text
    product: Text


class RemoveOption(Event):
    subscription: Text
    product: Text


class SetPools(Event):
    subscription: Text
    voice: Count | None = None
    sms: Count | None = None
    data: Count | None = None


class AddSim(Event):
    id: Text
    subscription: Text
    profile: Text | None = None


class RemoveSim(Event):
    id: Text
    subscription: Text | None = Field(None, description="when given: the pool the SIM is in")


class SetProfile(Event):
    sim: Text
    roaming: bool | None = Field(None, description="absent: unchanged")
    data_cap_mb: Annotated[Int, Field(ge=0, le=1_000_000_000)] | None = Field(
        None, description="absent: unchanged; null: no cap")


class SetOverage(Event):
    subscription: Text
    policy: Literal["block", "overage"]


class DevicePlan(Event):
    id: Text
    subscription: Text | None = None
    device: Text
    price: MoneyIn
    down_payment: MoneyIn = "0"
    installments: Annotated[Int, Field(ge=1, le=120)]
    channel: Literal["order", "shop"] = "order"


class CancelDevicePlan(Event):
    id: Text
    effective: IsoDate | None = Field(None, description="default: the command's date")
    override: Override | None = None


class DeleteOrder(Event):
    subscription: Text


class LinkDevicePlan(Event):
    id: Text
    subscription: Text


class OneTime(Event):
    product: Text
    quantity: Count = 1


class Invite(Event):
    """Invite the customer to a campaign; its e-mail or SMS waits in the outbox for
    `kontor notify send`."""

    campaign: Text = Field(examples=["online-statt-hotline"],
                           description="the name of a shipped campaign")
    channel: Literal["sms", "email"] | None = Field(
        None, description="default: e-mail when the customer has an address")


class Action(Event):
    """A customer's action in a campaign (portal, app, hotline): earns its reward once; a
    customer not invited, or a repeated action, earns nothing (notice)."""

    campaign: Text = Field(examples=["online-statt-hotline"])
    action: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,59}$",
                                 examples=["portal_registered"])]


# `do` of the vocabulary -> its request model (usage has endpoints of its own)
COMMANDS: dict[str, type[Event]] = {
    "subscribe": Subscribe, "set_quantity": SetQuantity, "change_plan": ChangePlan,
    "cancel": Cancel, "add_option": AddOption, "remove_option": RemoveOption,
    "set_pools": SetPools, "add_sim": AddSim, "remove_sim": RemoveSim,
    "set_profile": SetProfile, "set_overage": SetOverage, "device_plan": DevicePlan,
    "cancel_device_plan": CancelDevicePlan, "delete_order": DeleteOrder,
    "link_device_plan": LinkDevicePlan, "one_time": OneTime,
    "invite": Invite, "action": Action,
}

Field_ = str | Int | None


class UsageRecordIn(BaseModel):
    """A canonical usage record (shared/spec/usage.md). Values are read by the canonical rules:
    a record that breaks them (or names an unknown column) is quarantined with a reason, not
    refused."""

    model_config = ConfigDict(extra="allow", strict=True)

    record_id: Field_ = None
    subscriber: Field_ = None
    started_at: Field_ = Field(None, examples=["2026-01-05T10:00:00+01:00"])
    service: Field_ = Field(None, examples=["voice"])
    destination: Field_ = Field(None, examples=["+4930123456"])
    duration_s: Field_ = None
    volume_bytes: Field_ = None
    roaming_country: Field_ = None


class Usage(Event):
    records: list[UsageRecordIn] = Field(max_length=100_000)
    source: Text = Field("default", description="the system the records come from")


class Correction(In):
    entry: Annotated[Int, Field(ge=0)] = Field(description="the quarantine entry's number")
    raw: Annotated[str, Field(min_length=1, max_length=10_000)] = Field(
        description="the corrected text of the record")


class Resubmit(In):
    corrections: list[Correction] = Field(min_length=1, max_length=10_000)
    format: Literal["asterisk", "freeswitch"] = Field(
        "asterisk", description="the format of PBX lines (entries without a header)")
    layout: Text | None = None
    columns: Text | None = None
    source: Text | None = Field(
        None, description="default: the source of the import the entry came from")


class NewCustomer(In):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    name: Text
    country: Literal["DE", "CH"]
    region: Annotated[str, Field(min_length=1, max_length=3)] | None = Field(
        None, description="federal state / canton, for public holidays (e.g. BY, ZH)")
    address: list[Text] = Field(default_factory=list, max_length=8)
    vat_id: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        None, description="DE123456789, CHE-123.456.789 MWST or another EU VAT id (spaces "
                          "and lower case allowed; stored in one form)")
    email: Text | None = None
    language: Literal["de", "en"] = "de"
    phone: Annotated[str, Field(pattern=MOBILE_NUMBER)] | None = Field(
        None, description="mobile number for SMS invitations, international (+491711234567)")
    call_list: Literal["none", "full", "masked"] = Field(
        "none", description="itemised call list with the invoices; masked: the last three "
                            "digits of called numbers hidden")
    catalogs: list[Text] = Field(min_length=1, max_length=10)
