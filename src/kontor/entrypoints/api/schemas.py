"""Response models: the JSON of invoices, notices, import reports, balances and pools. Money and
quantities are decimal strings with a pattern, never floats; dates are ISO dates."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Amount = Annotated[str, Field(pattern=r"^-?[0-9]+\.[0-9]{2}$", examples=["6.50"],
                              description="money, rounded to cents")]
Decimal_ = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$", examples=["0.015"],
                                description="a decimal: a quantity, unit price or rate")]
Whole = Annotated[str, Field(pattern=r"^-?[0-9]+$", examples=["120"])]

LineKind = Literal["recurring", "one_time", "usage", "installment", "down_payment",
                   "remaining_amount", "discount", "credit", "rounding"]


class Out(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")


class InvoiceLineOut(Out):
    product: str | None
    kind: LineKind
    text: str
    quantity: Decimal_
    unit_price: Decimal_ | None
    amount: Amount
    from_: date | None = Field(alias="from")
    to: date | None
    subscription: str | None = Field(
        description="the subscription the line bills; null for a customer-wide line (orders, "
                    "activation fees by high-water mark, rounding)")


class TaxOut(Out):
    rate: Decimal_
    base: Amount
    tax: Amount


class InvoiceOut(Out):
    number: str
    customer: str
    issued_on: date
    currency: Literal["EUR", "CHF"]
    lines: list[InvoiceLineOut]
    net: Amount
    taxes: list[TaxOut]
    gross: Amount
    rounding: Amount
    payable: Amount


class PreviewInvoiceOut(InvoiceOut):
    number: str | None = Field(description="null: a preview takes no number")  # type: ignore


class PreviewOut(Out):
    customer: str
    billing_date: date
    invoices: list[PreviewInvoiceOut]


class NoticeOut(Out):
    date: date
    code: str
    message: str


class CommandOut(Out):
    notices: list[NoticeOut]


# why a record is quarantined: as stored, as codes, and in the language asked for
Reason = Annotated[str, Field(description="English sentences joined by '; ', as stored")]
ReasonCodes = Annotated[list[str], Field(
    description="the key of each sentence (kontor.messages.reasons); empty for a reason "
                "written before them")]
ReasonMessage = Annotated[str, Field(
    description="the reason in the language asked for (Accept-Language)")]


class QuarantinedOut(Out):
    file: str
    line: int
    reason: Reason
    codes: ReasonCodes
    message: ReasonMessage


class ImportOut(Out):
    """read = rated + duplicates + not_billable + quarantined"""

    event: int | None
    source: str
    file: str
    read: int
    rated: int
    duplicates: int
    not_billable: int
    quarantined: int
    quarantine: list[QuarantinedOut]


class ResubmitOut(Out):
    imports: list[ImportOut]


class QuarantineEntryOut(Out):
    entry: int = Field(description="the entry's number, to correct it by")
    file: str
    line: int
    reason: Reason
    codes: ReasonCodes
    message: ReasonMessage
    raw: str = Field(description="the record's text, to correct")
    header: list[str] | None = Field(
        description="the column order of raw (canonical); null for a PBX line")
    resubmitted: bool = Field(
        description="a correction of it was re-submitted (the entry stays, so numbers never "
                    "change; the outcome is in the import that re-submitted it)")


class BalanceOut(Out):
    subscription: str
    product: str
    unit: str
    remaining: Whole
    expires: date | None


class BalancesOut(Out):
    customer: str
    at: date
    balances: list[BalanceOut]


class ExpiringOut(Out):
    expires: date | None
    amount: int


class PoolUnitOut(Out):
    subscription: str
    unit: str
    allowance: int
    carried_over: int
    used: int
    beyond: int
    remaining: int
    expiring: list[ExpiringOut]


class PoolsOut(Out):
    customer: str
    at: date
    pools: list[PoolUnitOut]
    by_sim: dict[str, dict[str, int]]
    by_profile: dict[str, dict[str, int]]


class PeriodOut(Out):
    from_: date = Field(alias="from")
    to: date | None
    product: str
    quantity: int
    options: list[str]
    pools: dict[str, int]


class SubscriptionOut(Out):
    id: str
    start: date
    end: date | None = Field(description="last day of service, once cancelled")
    trial_until: date | None
    site: str | None
    periods: list[PeriodOut]


class CustomerOut(Out):
    id: str
    name: str
    country: str = Field(examples=["DE"])
    region: str | None
    address: list[str]
    vat_id: str | None
    email: str | None
    language: str = Field(examples=["de"])
    phone: str | None
    call_list: str = Field(examples=["none"])
    catalogs: list[str]


class CustomerDetailOut(CustomerOut):
    subscriptions: list[SubscriptionOut]
    sims: list[str]
    device_plans: list[str]


class CustomersOut(Out):
    customers: list[CustomerOut]
