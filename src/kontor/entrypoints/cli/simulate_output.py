"""The JSON shape of `kontor simulate --json` (shared/spec/scenarios.md), one function per part."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kontor.domain.agreements import PurchaseAgreement
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.services.simulate import SimulationResult
from kontor.services.usage import ImportReport


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _n(value: Decimal) -> str:
    """A decimal string without exponent: 10 → '10', 6.50 stays '6.50'."""
    text = format(value, "f")
    return text


def _rate(value: Decimal) -> str:
    return _n(value.normalize()) if value == value.to_integral() else _n(value)


def line_json(line: InvoiceLine) -> dict:
    return {
        "product": line.product, "kind": line.kind, "text": line.text,
        "quantity": _n(line.quantity),
        "unit_price": _n(line.unit_price) if line.unit_price is not None else None,
        "amount": _n(line.amount), "from": _d(line.first), "to": _d(line.last),
        "subscription": line.subscription,
    }


def invoice_json(invoice: Invoice) -> dict:
    t = invoice.totals
    return {
        "number": invoice.number, "customer": invoice.customer,
        "issued_on": invoice.issued_on.isoformat(), "currency": invoice.currency.value,
        "lines": [line_json(line) for line in invoice.lines],
        "net": _n(t.net),
        "taxes": [{"rate": _rate(x.rate), "base": _n(x.base), "tax": _n(x.tax)} for x in t.taxes],
        "gross": _n(t.gross), "rounding": _n(t.rounding), "payable": _n(t.payable),
    }


def agreement_json(a: PurchaseAgreement) -> dict:
    return {
        "title": a.title, "device_plan": a.plan_id,
        "seller": {"name": a.seller.name, "address": a.seller.address},
        "buyer": {"id": a.buyer.id, "name": a.buyer.name},
        "subscription": a.subscription, "device": a.device, "price": _n(a.price),
        "down_payment": _n(a.down_payment), "financed": _n(a.financed),
        "installments": [{"number": s.number, "month": s.month.strftime("%Y-%m"),
                          "due_on": s.due_on.isoformat(), "amount": _n(s.amount)}
                         for s in a.schedule],
        "total": _n(a.total), "signed_on": a.signed_on.isoformat(), "channel": a.channel,
    }


def import_json(report: ImportReport) -> dict:
    """One usage import: read = rated + duplicates + not billable + quarantined."""
    c = report.counts
    return {
        "event": report.event, "source": report.source, "file": report.source_file,
        "read": c.read, "rated": c.rated, "duplicates": c.duplicates,
        "not_billable": c.not_billable, "quarantined": c.quarantined,
        "quarantine": [{"file": q.source_file, "line": q.line, "reason": q.reason}
                       for q in report.quarantine],
    }


def result_json(result: SimulationResult, lang: str = "de") -> dict:
    """The result as JSON; the sentences of refusals and notices in `lang` (de or en)."""
    return {
        "scenario": result.scenario.name,
        "file": result.scenario.file,
        "invoices": [invoice_json(i) for i in result.invoices],
        "rejected": [{"date": r.day.isoformat(), "event": r.event, "code": r.code,
                      "message": r.message(lang)} for r in result.rejected],
        "balances": [{"subscription": b.subscription, "product": b.product, "unit": b.unit,
                      "remaining": str(b.amount), "expires": _d(b.expires)}
                     for b in result.balances],
        "notices": [{"date": n.day.isoformat(), "code": n.code, "message": n.message(lang)}
                    for n in result.notices],
        "rewards": [{"date": g.day.isoformat(), "campaign": g.campaign, "action": g.action,
                     "mb": str(g.mb)} for g in result.rewards],
        "audit": [{"date": a.day.isoformat(), "event": a.event, "agent": a.agent,
                   "ticket": a.ticket, "rule": a.rule, "subject": a.subject}
                  for a in result.audit],
        "agreements": [agreement_json(a) for a in result.agreements],
        "usage": [import_json(r) for r in result.imports],
        "flagged": [{"record_id": f.record_id, "subscriber": f.subscriber,
                     "date": f.day.isoformat(), "flags": list(f.flags)}
                    for f in result.flagged],
    }
