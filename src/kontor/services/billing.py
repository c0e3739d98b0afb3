"""run_billing: the invoice of one billing date for one account."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from kontor.domain.account import Account
from kontor.domain.invoicing.activation import activation_fee_lines
from kontor.domain.invoicing.invoice import Invoice, compose, worth_issuing
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.invoicing.recurring import notice_period_lines, reconcile
from kontor.services.devices import report_orphans

NumberSource = Callable[[str], str]  # issuer prefix -> next gap-free number


def due_lines(account: Account, billing_date: date) -> list[InvoiceLine]:
    """Everything due on `billing_date`, recorded as billed (a second call returns nothing)."""
    offer = account.offer
    lines: list[InvoiceLine] = []
    for sub in account.subscriptions.values():
        lines += reconcile(sub, offer, account.ledgers[sub.id], billing_date)
        if sub.notice_charge and sub.id not in account.notice_charges_billed:
            account.notice_charges_billed.add(sub.id)
            lines += notice_period_lines(sub, offer)
    for mark in account.marks.values():
        lines += activation_fee_lines(mark, list(account.subscriptions.values()), offer,
                                      billing_date)
    for plan in account.device_plans.values():
        for charge in plan.bill(billing_date):
            text = {"down_payment": "Anzahlung", "installment": f"Rate {charge.number}/"
                    f"{plan.installments}", "remaining_amount": "Restbetrag"}[charge.kind]
            lines.append(InvoiceLine(
                "device-plan", charge.kind, f"{text} Geräteplan {plan.id} ({plan.device})",
                Decimal(1), charge.amount, charge.amount, charge.first, charge.last,
                offer.catalogs[0].tax_rate))
    due_now = [line for line in account.pending if line.first <= billing_date]
    account.pending = [line for line in account.pending if line.first > billing_date]
    return lines + due_now


def run_billing(account: Account, billing_date: date, numbers: NumberSource) -> Invoice | None:
    """Bill one date. An invoice (and a number) exists only when a line has a non-zero amount."""
    report_orphans(account, billing_date)
    lines = due_lines(account, billing_date)
    if not worth_issuing(lines):
        return None
    invoice = compose(lines, account.offer, account.customer.id, billing_date,
                      numbers(account.offer.issuer.prefix))
    account.invoices.append(invoice)
    return invoice
