"""Activation fees by high-water mark: a fee only for licences above the highest number ever
active (seed 004). Counted over all subscriptions of the customer that share the fee product, on
paid days only (a free trial day does not raise the mark)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kontor.domain.calendar import ONE_DAY
from kontor.domain.catalog import Offer
from kontor.domain.contracts import Subscription
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.invoicing.recurring import licences
from kontor.domain.money import round_cents


@dataclass
class HighWaterMark:
    fee_product: str
    mark: int = 0
    counted_until: date | None = None


def licences_on(subs: list[Subscription], fee: str, day: date, offer: Offer) -> int:
    count = 0
    for sub in subs:
        if sub.active_on(day) and not sub.in_trial(day):
            state = sub.state_on(day)
            product = offer.product(state.product)
            if product.activation_fee == fee:
                count += licences(state, product)
    return count


def activation_fee_lines(hwm: HighWaterMark, subs: list[Subscription], offer: Offer,
                         until: date) -> list[InvoiceLine]:
    """Fees for every raise of the mark from the last counted day up to `until`."""
    if not subs:
        return []
    day = hwm.counted_until + ONE_DAY if hwm.counted_until else min(s.start for s in subs)
    fee = offer.product(hwm.fee_product)
    lines = []
    while day <= until:
        count = licences_on(subs, hwm.fee_product, day, offer)
        if count > hwm.mark:
            above = count - hwm.mark
            lines.append(InvoiceLine(
                fee.code, "one_time",
                f"{fee.name}: {above} Lizenz(en) über der bisherigen Höchstzahl {hwm.mark}",
                Decimal(above), fee.price, round_cents(above * fee.price), day, day,
                offer.tax_rate(fee.code)))
            hwm.mark = count
        day += ONE_DAY
    hwm.counted_until = until
    return lines
