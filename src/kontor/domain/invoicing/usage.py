"""Usage on the invoice: the usage of month M is billed on the invoice of M+1, one line per
subscription, month and group (pay-as-you-go zone and kind of number; overage per pool unit),
rounded once per line. Lines are lump charges keyed by month and group, so records that arrive
late for a month already billed are corrected on the next invoice."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from kontor.domain.account import Account
from kontor.domain.calendar import month_end
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.invoicing.lump import Due
from kontor.domain.money import round_cents
from kontor.domain.usage import Rated

KIND_TEXT = {"landline": "Festnetz", "mobile": "Mobilfunk"}
UNIT_TEXT = {"voice_min": "Minuten", "sms": "SMS", "data_mb": "Daten (MB)"}
ZONE_TEXT = {"de": "Deutschland", "eu": "Europa", "export": "Export", "world": "Welt"}
MINUTES = Decimal("0.01")


def usage_dues(account: Account, rated: list[Rated], month: date) -> list[Due]:
    """The usage lines of one month from its rated records."""
    totals: dict[tuple, list] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for record in rated:
        for part in record.priced:
            if part.amount or part.unit_price:
                entry = totals[(record.subscription, part.group, part.unit_price)]
                entry[0] += part.quantity
                entry[1] += part.amount
    out = []
    for (sub_id, group, price), (quantity, amount) in sorted(totals.items(), key=str):
        code = account.subscriptions[sub_id].state_on(month_end(month)).product
        text = f"{_text(group)}, {month:%m.%Y}"
        line = InvoiceLine(code, "usage", text, quantity.quantize(MINUTES), price,
                           round_cents(amount), month, month_end(month),
                           account.offer.tax_rate(code))
        key = f"usage:{sub_id}:{month:%Y-%m}:{':'.join(group)}:{price}"
        out.append(Due(key, sub_id, line))
    return out


def _text(group: tuple[str, ...]) -> str:
    if group[0] == "payg":
        zone = ZONE_TEXT.get(group[1], group[1].upper())
        return f"Verbindungen {zone} {KIND_TEXT.get(group[2], group[2])} (Minuten)"
    if group[0] == "overage":
        return f"Mehrverbrauch über den Pool: {UNIT_TEXT.get(group[1], group[1])}"
    return " ".join(group)
