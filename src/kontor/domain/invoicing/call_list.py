"""The itemised call list (Einzelverbindungsnachweis, EVN) of an invoice, for customers who
asked for one (`Customer.call_list`): every call and SMS of the months whose usage the invoice
bills, oldest first, with the called number in full or with its last three digits masked.
Data sessions are not itemised: they are summed per month (sessions, volume, amount).

The calls are rated by the record-by-record reference (rating/customer.py) exactly as the
invoice's usage lines were priced: every record up to the end of the month before the invoice
date, pools drawn up to that day. A call's amount is informational and unrounded; money is
rounded once per invoice line, so a month's total (`CallMonth.due`) is its usage lines' sums,
each rounded once — what the invoice bills for that month when it bills it in one go. Pure."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

from kontor.domain.account import Account, CallList
from kontor.domain.calendar import add_months, month_end, month_start
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.usage import is_usage_line, totals
from kontor.domain.money import ZERO, round_cents
from kontor.domain.rating.plan import TOLLFREE
from kontor.domain.usage import DATA, SMS, VOICE, Rated

MASKED_DIGITS = 3
DIGIT = re.compile(r"\d")


def mask_number(number: str) -> str:
    """The last three digits of a number replaced by "x" (every digit of a shorter one); the
    other characters (+, spaces, brackets, hyphens) stay: "+49 89 123456789" ->
    "+49 89 123456xxx", "0171 12345-67" -> "0171 1234x-xx", "112" -> "xxx"."""
    positions = [m.start() for m in DIGIT.finditer(number)][-MASKED_DIGITS:]
    chars = list(number)
    for i in positions:
        chars[i] = "x"
    return "".join(chars)


def shown_number(number: str, choice: CallList) -> str:
    """A called number as the customer's call list shows it."""
    return mask_number(number) if choice is CallList.MASKED else number


@dataclass(frozen=True)
class Listing:
    """How calls are listed: full or masked numbers, the customer's local time, and how a
    number is written (E.164 grouped for reading; the adapter that knows numbering plans)."""

    choice: CallList
    zone: tzinfo
    readable: Callable[[str], str] = str


@dataclass(frozen=True)
class ItemisedCall:
    at: datetime  # start, in the customer's local time
    subscription: str
    subscriber: str  # the SIM or the PBX extension that called
    service: str  # voice | sms
    number: str  # the called number as shown (masked when the customer chose that)
    country: str | None  # of the called number
    kind: str | None  # landline | mobile | other
    zone: str | None  # the price zone of a call charged by the minute (de, eu, …)
    seconds: int  # duration of a call; 0 for an SMS
    covered: bool  # (partly) drawn from a package or pool, or included in the tariff
    amount: Decimal  # charged, unrounded (the invoice rounds once per line)


@dataclass(frozen=True)
class DataUsage:
    """A month's data sessions, summed (not itemised)."""

    sessions: int
    volume_bytes: int
    amount: Decimal  # unrounded


@dataclass(frozen=True)
class CallMonth:
    month: date
    calls: tuple[ItemisedCall, ...]
    data: DataUsage | None
    due: Decimal  # the month's usage lines as billed in one go: each rounded once, summed

    @property
    def amount(self) -> Decimal:
        """The listed amounts (calls, SMS and data), unrounded."""
        data = self.data.amount if self.data else ZERO
        return sum((c.amount for c in self.calls), data)


@dataclass(frozen=True)
class ItemisedCalls:
    months: tuple[CallMonth, ...]
    billed: Decimal  # what the invoice's usage lines of these months add up to
    masked: bool

    @property
    def due(self) -> Decimal:
        return sum((m.due for m in self.months), ZERO)

    @property
    def matches(self) -> bool:
        """The list accounts for exactly the invoice's usage amounts. It does not when the
        invoice corrects a month billed before (it bills the difference, the list shows the
        month), or when records of a listed month arrived after the invoice was issued."""
        return self.due == self.billed


def usage_months(invoice: Invoice, invoices: Iterable[Invoice]) -> list[date]:
    """The months whose calls an invoice lists: the months of its usage lines, and the month
    before its date when it is the first invoice of its issuer after that month ended (the one
    that bills the month's usage, also when packages or the pool covered all of it).
    `invoices`: the customer's invoices (others than `invoice` count, itself is skipped)."""
    months = {month_start(line.first) for line in invoice.lines
              if is_usage_line(line) and line.first is not None}
    previous = add_months(month_start(invoice.issued_on), -1)
    prefix = _prefix(invoice.number)
    if not any(_prefix(other.number) == prefix and month_end(previous) < other.issued_on
               and (other.issued_on, other.number) < (invoice.issued_on, invoice.number)
               for other in invoices):
        months.add(previous)
    return sorted(months)


def itemise(account: Account, rated: Iterable[Rated], invoice: Invoice, months: list[date],
            listing: Listing) -> ItemisedCalls:
    """The call list of `invoice` for `months` from the customer's rated records (rated as the
    invoice was: up to the end of the month before its date). Only the subscriptions the
    invoice's issuer bills are listed."""
    subs = _billed_by(account, invoice, months)
    chosen = sorted((r for r in rated if r.subscription in subs
                     and month_start(r.record.day) in months),
                    key=lambda r: r.record.started_at)
    out = []
    for month in months:
        of_month = [r for r in chosen if month_start(r.record.day) == month]
        calls = tuple(_call(r, listing) for r in of_month if _listed(r))
        data = _data([r for r in of_month if r.record.service == DATA])
        if calls or data:
            due = sum((round_cents(t.amount) for t in totals(of_month)), ZERO)
            out.append(CallMonth(month, calls, data, due))
    billed = sum((line.amount for line in invoice.lines if is_usage_line(line)
                  and line.first is not None and month_start(line.first) in months
                  and line.subscription in subs), ZERO)
    return ItemisedCalls(tuple(out), billed, listing.choice is CallList.MASKED)


def _billed_by(account: Account, invoice: Invoice, months: list[date]) -> set[str]:
    """The subscriptions whose usage of `months` the invoice's issuer bills."""
    prefix = _prefix(invoice.number)
    out = set()
    for sub in account.subscriptions.values():
        for month in months:
            code = sub.state_on(month_end(month)).product
            if account.offer.catalog_of(code).issuer.prefix == prefix:
                out.add(sub.id)
    return out


def _listed(rated: Rated) -> bool:
    """Calls that took place and SMS. Calls to toll-free numbers are left out (counselling
    lines are among them) unless rating charged them or drew units for them, so the listed
    amounts always add up to what was priced."""
    record = rated.record
    if record.service == SMS:
        return True
    if record.service != VOICE or record.duration_s <= 0:
        return False
    return record.kind != TOLLFREE or bool(rated.priced or rated.drawn)


def _call(rated: Rated, listing: Listing) -> ItemisedCall:
    record = rated.record
    number = shown_number(listing.readable(record.destination or ""), listing.choice)
    zone = next((p.group[1] for p in rated.priced if p.group[0] in ("payg", "included")),
                None)
    covered = bool(rated.drawn) or any(p.group[0] == "included" for p in rated.priced)
    return ItemisedCall(record.started_at.astimezone(listing.zone), rated.subscription or "",
                        record.subscriber, record.service, number, record.country,
                        record.kind, zone, record.duration_s if record.service == VOICE else 0,
                        covered, rated.amount)


def _data(sessions: list[Rated]) -> DataUsage | None:
    if not sessions:
        return None
    return DataUsage(len(sessions), sum(r.record.volume_bytes for r in sessions),
                     sum((r.amount for r in sessions), ZERO))


def _prefix(number: str) -> str:
    return number.rsplit("-", 1)[0]


def duration_text(seconds: int) -> str:
    """A call's duration as h:mm:ss: 600 -> "0:10:00"."""
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
