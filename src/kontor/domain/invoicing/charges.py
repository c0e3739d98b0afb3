"""What is due as lump charges: one-time orders, device-plan charges and billed notice periods
(activation fees are in activation.py). Each function is pure and returns `Due` entries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from datetime import date
from decimal import Decimal

from kontor.domain.account import OneTimeOrder
from kontor.domain.calendar import month_end, month_start, month_starts
from kontor.domain.catalog import Offer
from kontor.domain.contracts import Subscription
from kontor.domain.devices import DevicePlan
from kontor.domain.invoicing.items import Rate
from kontor.domain.invoicing.lines import InvoiceLine, monthly_share, months_text, period_text
from kontor.domain.invoicing.lump import Due, day_line
from kontor.domain.invoicing.recurring import Context, due_stretches
from kontor.domain.money import ZERO, round_cents

DEVICE_TEXT = {"down_payment": "Anzahlung", "remaining_amount": "Restbetrag"}


def order_dues(orders: tuple[OneTimeOrder, ...], offer: Offer, billing_date: date) -> list[Due]:
    """A one-time order is due on the first invoice made after it."""
    out = []
    for order in orders:
        if order.day > billing_date:
            continue
        product = offer.product(order.product, order.day)
        rate = offer.tax_rate(order.product)
        version = offer.catalog_of(order.product, order.day).version
        if order.free:
            line = day_line(product.code, "one_time", f"{product.name} (kostenlos)", order.free,
                            Decimal("0.00"), Decimal("0.00"), order.day, rate)
            out.append(Due(f"order:{order.number}:free", None, line, True, version))
        paid = order.quantity - order.free
        if paid:
            line = day_line(product.code, "one_time", product.name, paid, order.unit_price,
                            round_cents(paid * order.unit_price), order.day, rate)
            out.append(Due(f"order:{order.number}", None, line, False, version))
    return out


def device_dues(plan: DevicePlan, billing_date: date, tax_rate: Decimal,
                billed_keys: Collection[str] | None = None) -> list[Due]:
    """Every charge key of the plan: what is due by `billing_date`, and 0.00 for instalments not
    (or no longer) due, so one billed after a back-dated end is credited. With `billed_keys`
    (the plan's keys billed so far), a key neither due nor ever billed is left out: settling
    its 0.00 against nothing makes no line anyway (a plan of 24 instalments would make 26
    entries on every run)."""
    due = {c.key: c for c in plan.due_charges(billing_date)}
    out = []
    keys = ["down_payment", *(f"installment:{n}" for n in range(1, plan.count + 1)),
            "remaining_amount"]
    for key in keys:
        charge = due.get(key)
        if charge is None and billed_keys is not None and \
                f"device:{plan.id}:{key}" not in billed_keys:
            continue
        kind, _, number = key.partition(":")
        text = (f"Rate {number}/{plan.count}" if number else DEVICE_TEXT[kind])
        text = f"{text} Geräteplan {plan.id} ({plan.device})"
        amount = charge.amount if charge else ZERO
        if charge:
            first, last = charge.first, charge.last
        elif number:  # not (or no longer) due: its month, for the credit's dates
            first = plan.installment_month(int(number))
            last = month_end(first)
        else:
            first = last = plan.ended_on or plan.activated_on
        line = InvoiceLine("device-plan", kind, text, Decimal(1 if charge else 0), amount,
                           amount, first, last, tax_rate, plan.subscription_id)
        out.append(Due(f"device:{plan.id}:{key}", plan.subscription_id, line))
    return out


def notice_dues(sub: Subscription, ctx: Context) -> list[Due]:
    """After an immediate cancellation with the notice period billed: the fees of the notice
    period as the subscription would have run, one line per product, price and quantity."""
    charge = sub.notice_charge
    if charge is None:
        return []
    totals: dict[tuple[Rate, int], list] = defaultdict(lambda: [ZERO, None, None])
    ctx = replace(ctx, licences=None)  # its own licences: the subscription no longer runs
    for first in month_starts(month_start(charge.first), charge.last):
        a, b = max(first, charge.first), min(month_end(first), charge.last)
        for s, e, position in due_stretches(sub, ctx, a, b, None):  # as if it ran on
            for rate, quantity in position.items():
                entry = totals[(rate, quantity)]
                entry[0] += monthly_share(quantity * rate.unit_price, s, e)
                entry[1] = entry[1] or s
                entry[2] = e
    out = []
    for (rate, quantity), (total, first, last) in totals.items():
        name = ctx.offer.product(rate.product, first).name
        months = months_text(first, last)
        line = InvoiceLine(
            rate.product, rate.kind, f"{name}, Kündigungsfrist {period_text(first, last)}"
            + (f" ({months})" if months else ""),
            Decimal(quantity), rate.unit_price, round_cents(total), first, last,
            ctx.offer.tax_rate(rate.product), sub.id)
        key = f"notice:{sub.id}:{rate.product}:{rate.label}:{rate.unit_price}:{quantity}"
        out.append(Due(key, sub.id, line, False, rate.version))
    return out
