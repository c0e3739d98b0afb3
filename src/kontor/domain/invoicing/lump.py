"""Lump charges: one-time orders, activation fees, device-plan charges and billed notice
periods. Each is due under a stable key; what was billed under that key is compared with it and
only the difference becomes a line (a credit where less is due than was billed). Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from kontor.domain.invoicing.items import BilledItem, BilledView, Proposal
from kontor.domain.invoicing.lines import InvoiceLine


@dataclass(frozen=True)
class Due:
    """One lump charge as it should stand: the line it makes when billed for the first time."""

    key: str
    subscription: str | None  # None: customer-wide (orders); its line names it when settled
    line: InvoiceLine
    show_zero: bool = False  # a free order (the first porting) is shown with 0.00 once
    catalog_version: int = 1


def settle(dues: list[Due], billed: BilledView, issuer: str) -> list[Proposal]:
    """Proposals for every key whose due amount or quantity differs from what was billed."""
    out = []
    for due in dues:
        quantity, amount = billed.lump(due.key)
        line = due.line
        if (quantity, amount) == (Decimal(0), Decimal(0)):
            if not line.amount and not (due.show_zero and line.quantity):
                continue
        elif (line.quantity, line.amount) == (quantity, amount):
            continue
        else:
            line = correction(line, quantity, amount)
        if line.subscription != due.subscription:  # a line names the subscription of its key
            line = replace(line, subscription=due.subscription)
        item = BilledItem(due.subscription, due.key, None, line.product, line.quantity,
                          line.amount, line.first, line.last, due.catalog_version)
        out.append(Proposal(issuer, line, item))
    return out


def correction(line: InvoiceLine, quantity: Decimal, amount: Decimal) -> InvoiceLine:
    """The difference between a due line and what was billed under its key; a credit names
    the kind of line it corrects."""
    diff = line.amount - amount
    if diff >= 0:
        return replace(line, quantity=line.quantity - quantity, amount=diff)
    return replace(line, kind="credit", text=f"Gutschrift {line.text}",
                   corrects=line.corrects or line.kind, quantity=line.quantity - quantity,
                   amount=diff)


def day_line(product: str, kind: str, text: str, quantity: int, unit_price: Decimal,
             amount: Decimal, day: date, tax_rate: Decimal, corrects: str | None = None
             ) -> InvoiceLine:
    return InvoiceLine(product, kind, text, Decimal(quantity), unit_price, amount, day, day,
                       tax_rate, corrects=corrects)
