"""Activation fees by high-water mark: a fee only for licences above the highest number ever
active (seed 004). Licences are counted per customer over every licence subscription, on paid
days only (a free trial day does not raise the mark). The mark is walked period by period, from
where the last run left it unless a change since reaches back before that."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kontor.domain.catalog import Offer
from kontor.domain.contracts import Subscription
from kontor.domain.invoicing.items import BilledItem, BilledView, Cursor, Proposal
from kontor.domain.invoicing.licences import customer_licences
from kontor.domain.invoicing.lump import day_line
from kontor.domain.money import round_cents


def fee_codes(offer: Offer) -> list[str]:
    return sorted({p.activation_fee for c in offer.catalogs for p in c.products.values()
                   if p.activation_fee})


def raises(subs: list[Subscription], offer: Offer, after: date, until: date, mark: int
           ) -> list[tuple[date, int]]:
    """(day, new mark) for every raise above `mark` on the days after `after` up to `until`."""
    days = sorted({d for s in subs for d in (*s.breakpoints(), s.start) if after < d <= until})
    out = []
    for day in days:
        count = customer_licences(subs, offer, day, paid_only=True)
        if count > mark:
            out.append((day, count))
            mark = count
    return out


@dataclass(frozen=True)
class Fee:
    """One activation fee of a customer: its product, its licence subscriptions, its issuer."""

    code: str
    holders: list[Subscription]
    offer: Offer
    issuer: str


def fee_proposals(fee: Fee, billing_date: date, billed: BilledView, changed: date | None
                  ) -> tuple[list[Proposal], Cursor]:
    """Fees for the raises of the mark not yet billed; a mark lowered by a back-dated change
    gives a credit for the fees billed above it. `changed`: the earliest day a change since the
    last run affects (None: nothing changed)."""
    key = f"hwm:{fee.code}"
    cursor = billed.cursor(key)
    billed_count = int(billed.lump(key)[0])
    if cursor and (changed is None or changed > cursor.settled_until):
        after, mark = cursor.settled_until, cursor.seen
    else:
        after, mark = date.min, 0
    steps = raises(fee.holders, fee.offer, after, billing_date, mark)
    top = steps[-1][1] if steps else mark
    product, rate = fee.offer.product(fee.code), fee.offer.tax_rate(fee.code)
    lines, counted = [], billed_count
    for day, reached in steps:
        if reached > counted:
            above = reached - counted
            text = f"{product.name}: {above} Lizenz(en) über der bisherigen Höchstzahl {counted}"
            lines.append(day_line(product.code, "one_time", text, above, product.price,
                                  round_cents(above * product.price), day, rate))
            counted = reached
    if top < billed_count:
        less = billed_count - top
        lines.append(day_line(
            product.code, "credit", f"Gutschrift {product.name}: Höchstzahl {top} statt "
            f"{billed_count}", -less, product.price, -round_cents(less * product.price),
            billing_date, rate, corrects="one_time"))
    proposals = [Proposal(fee.issuer, line, BilledItem(None, key, None, product.code,
                                                       line.quantity, line.amount,
                                                       line.first, line.last))
                 for line in lines]
    return proposals, Cursor(max(billing_date, cursor.settled_until if cursor else billing_date),
                             top)
