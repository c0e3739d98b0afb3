"""Draft, then issue. Drafting (pure, per customer, parallelisable) compares what is due with
the billed items and proposes lines for every charge kind; issuing groups the lines per
issuer, takes a gap-free number per invoice worth issuing and returns the items to record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl

from kontor.domain.account import Account
from kontor.domain.calendar import add_months, month_end, month_start, month_starts
from kontor.domain.catalog import Catalog, Offer
from kontor.domain.contracts import Subscription
from kontor.domain.invoicing.activation import Fee, fee_codes, fee_proposals
from kontor.domain.invoicing.charges import device_dues, notice_dues, order_dues
from kontor.domain.invoicing.invoice import Invoice, compose, worth_issuing
from kontor.domain.invoicing.items import BilledItem, BilledView, Cursor, Proposal
from kontor.domain.invoicing.licences import licence_subscriptions, option_licences
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.invoicing.lump import Due, settle
from kontor.domain.invoicing.recurring import Context, has_per_user, months_to_check, reconcile
from kontor.domain.invoicing.usage import usage_dues
from kontor.domain.rating.customer_columnar import UsageTotal, price_usage

NumberSource = Callable[[str], str]  # issuer prefix -> next gap-free number


@dataclass(frozen=True)
class Draft:
    customer: str
    billing_date: date
    proposals: tuple[Proposal, ...]
    cursors: tuple[tuple[str, Cursor], ...]


def draft(account: Account, billed: BilledView, billing_date: date,
          usage: pl.DataFrame | None = None, priced: list[UsageTotal] | None = None) -> Draft:
    """Everything due on `billing_date` that was not billed yet, with the usage of the months
    before it (`usage`: the customer's accepted records, in the order they came). No side
    effects: drafting the same date twice gives the same draft until it is issued.

    `priced`: the usage already priced for many customers at once (the billing run:
    rating.batch.price_usage_many(accounts, frames, usage_until(billing_date),
    drop_later=True)), used instead of pricing `usage` here; `usage` is still needed for
    the months to bill and the cursor."""
    offer = account.offer
    subs = list(account.subscriptions.values())
    holders = licence_subscriptions(subs, offer)
    ctx = Context(offer, lambda sub, day: option_licences(holders, offer, sub, day),
                  tuple(sorted({d for s in holders for d in s.breakpoints()}
                               | set(version_starts(offer.catalogs)))))
    proposals: list[Proposal] = []
    cursors: list[tuple[str, Cursor]] = []
    changed = _earliest_change(holders, billed)
    for sub in subs:
        others = changed if has_per_user(sub, offer) else None  # the customer's licences
        proposals += _subscription(sub, ctx, billed, billing_date, others)
        cursors.append((f"sub:{sub.id}", _advance(billed.cursor(f"sub:{sub.id}"),
                                                  billing_date, len(sub.touched))))
    for code in fee_codes(offer) if holders else ():
        fee = Fee(code, holders, offer, _issuer(offer, code))
        more, cursor = fee_proposals(fee, billing_date, billed, changed)
        proposals += more
        cursors.append((f"hwm:{code}", cursor))
    for plan in account.device_plans.values():
        catalog = _plan_catalog(account, plan.subscription_id)
        billed_keys = set(billed.lump_keys(f"device:{plan.id}:"))
        proposals += settle(device_dues(plan, billing_date, catalog.tax_rate, billed_keys),
                            billed, catalog.issuer.prefix)
    proposals += _orders(account, billed, billing_date, cursors)
    proposals += _usage(account, billed, billing_date, usage, cursors, priced)
    return Draft(account.customer.id, billing_date, tuple(proposals), tuple(cursors))


def _subscription(sub: Subscription, ctx: Context, billed: BilledView, billing_date: date,
                  others: date | None) -> list[Proposal]:
    cursor = billed.cursor(f"sub:{sub.id}")
    issuer = _issuer(ctx.offer, sub.initial.product)
    months = months_to_check(sub, cursor, billing_date, others)
    out = reconcile(sub, ctx, billed, months, issuer)
    if sub.notice_charge and (cursor is None or sub.touched[cursor.seen:]):
        out += settle(notice_dues(sub, ctx), billed, issuer)
    return out


def _orders(account: Account, billed: BilledView, billing_date: date,
            cursors: list[tuple[str, Cursor]]) -> list[Proposal]:
    """Orders not looked at yet; the cursor stops at the first one dated after the run."""
    cursor = billed.cursor("orders")
    seen = cursor.seen if cursor else 0
    fresh = account.orders[seen:]
    later = [i for i, order in enumerate(fresh) if order.day > billing_date]
    seen += later[0] if later else len(fresh)
    cursors.append(("orders", _advance(cursor, billing_date, seen)))
    out = []
    for due in order_dues(fresh, account.offer, billing_date):
        out += settle([due], billed, _issuer(account.offer, due.line.product or ""))
    return out


def _usage(account: Account, billed: BilledView, billing_date: date,
           usage: pl.DataFrame | None, cursors: list[tuple[str, Cursor]],
           priced: list[UsageTotal] | None = None) -> list[Proposal]:
    """Usage lines of the months before `billing_date` that are not billed yet or got records
    since the last run; a month is rated again as a whole, and a line billed before that is no
    longer due is credited."""
    cursor = billed.cursor("usage")
    if usage is None or usage.is_empty():
        return []
    cursors.append(("usage", _advance(cursor, billing_date, usage.height)))
    months = _usage_months(usage, cursor, billing_date)
    if not months:
        return []
    last = month_end(months[-1])  # always usage_until(billing_date)
    if priced is None:
        priced = price_usage(account, usage.filter(pl.col("day") <= last), last)
    out = []
    for month in months:
        dues = usage_dues(account, priced, month)
        due_keys = {d.key for d in dues}
        ym = f":{month:%Y-%m}:"
        for key in billed.lump_keys("usage:"):
            if ym in key and key not in due_keys:
                dues.append(_withdrawn(account, key, month))
        for due in dues:
            out += settle([due], billed, _issuer(account.offer, due.line.product or ""))
    return out


def usage_until(billing_date: date) -> date:
    """The last day whose usage an invoice of `billing_date` prices (the records up to it,
    the pools drawn up to it): the end of the month before."""
    return month_end(add_months(month_start(billing_date), -1))


def _usage_months(usage: pl.DataFrame, cursor: Cursor | None, billing_date: date
                  ) -> list[date]:
    """From the earliest month with records not seen before (or the month before the billing
    date) to the month before the billing date."""
    last = add_months(month_start(billing_date), -1)
    fresh = usage.slice(cursor.seen) if cursor else usage
    firsts = [] if fresh.is_empty() else [month_start(fresh["day"].min())]
    if cursor is None or cursor.settled_until < billing_date:
        firsts.append(last)
    return month_starts(min(firsts), last) if firsts else []


def _withdrawn(account: Account, key: str, month: date) -> Due:
    """A usage line billed before whose records now rate to nothing under that key."""
    sub_id = key.split(":")[1]
    code = account.subscriptions[sub_id].state_on(month_end(month)).product
    line = InvoiceLine(code, "usage", f"Nutzung {month:%m.%Y}", Decimal(0), None, Decimal(0),
                       month, month_end(month), account.offer.tax_rate(code), sub_id)
    return Due(key, sub_id, line)


def _earliest_change(subs: list[Subscription], billed: BilledView) -> date | None:
    """The earliest day a change since the last run affects, over `subs` (a new one: its
    start)."""
    days = []
    for sub in subs:
        cursor = billed.cursor(f"sub:{sub.id}")
        days += sub.touched[cursor.seen:] if cursor else [sub.start]
    return min(days, default=None)


def _advance(cursor: Cursor | None, billing_date: date, seen: int) -> Cursor:
    """A cursor never moves back: billing an earlier date again keeps the later one."""
    if cursor is not None and cursor.settled_until > billing_date:
        return Cursor(cursor.settled_until, seen)
    return Cursor(billing_date, seen)


def version_starts(catalogs: tuple[Catalog, ...]) -> list[date]:
    return [c.valid_from for c in catalogs if c.valid_from]


def _plan_catalog(account: Account, sub_id: str | None) -> Catalog:
    """A device plan is billed by its subscription's catalog (an orphan: the first one)."""
    sub = account.subscriptions.get(sub_id) if sub_id else None
    if sub is None:
        return account.offer.catalogs[0]
    return account.offer.catalog_of(sub.initial.product)


def _issuer(offer: Offer, code: str) -> str:
    return offer.catalog_of(code).issuer.prefix


@dataclass(frozen=True)
class Issued:
    invoices: tuple[Invoice, ...]
    items: tuple[tuple[str | None, BilledItem], ...]  # (invoice number, item)


def _by_issuer(billing: Draft) -> dict[str, list[Proposal]]:
    groups: dict[str, list[Proposal]] = {}
    for proposal in billing.proposals:
        groups.setdefault(proposal.issuer, []).append(proposal)
    return groups


def issue(billing: Draft, catalogs: tuple[Catalog, ...], numbers: NumberSource) -> Issued:
    """One invoice per issuer with a non-zero line, numbered gap-free per issuer; every
    proposal becomes a billed item (0.00 lines of an invoice not worth issuing too)."""
    invoices, items = [], []
    for prefix, proposals in _by_issuer(billing).items():
        lines = [p.line for p in proposals if p.line is not None]
        number = None
        if worth_issuing(lines):
            number = numbers(prefix)
            catalog = next(c for c in catalogs if c.issuer.prefix == prefix)
            invoices.append(compose(lines, catalog, billing.customer, billing.billing_date,
                                    number))
        items += [(number, p.item) for p in proposals]
    return Issued(tuple(invoices), tuple(items))
