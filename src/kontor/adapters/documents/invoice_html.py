"""The invoice as HTML (weasyprint makes the PDF): what §14 UStG asks of a German invoice and
the Swiss equivalents (MWST number, VAT contained, the 0.05 rounding line)."""

from __future__ import annotations

import re
from decimal import Decimal

from kontor.adapters.documents.call_list_html import call_list_html
from kontor.adapters.documents.formatting import Formats, locale_for
from kontor.adapters.documents.html_parts import (
    e,
    footer,
    head,
    iban_text,
    issuer_head,
    meta_table,
    page,
    recipient,
)
from kontor.adapters.documents.labels import label
from kontor.adapters.documents.model import InvoiceDocument
from kontor.domain.invoicing.lines import InvoiceLine

# "Teilnehmerlizenz, 10.02.2026–28.02.2026 (19/28 Tage)" or "Verbindungen …, 03.2026"
PERIOD_SUFFIX = re.compile(
    r",\s*(?:\d{2}\.\d{2}\.\d{4}(?:–\d{2}\.\d{2}\.\d{4})?(?:\s*\((\d+)/(\d+) Tage\))?"
    r"|(?P<month>\d{2}\.\d{4}))$")
DAYS = {"de": "Tage", "en": "days"}


def formats(doc: InvoiceDocument) -> Formats:
    return Formats(locale_for(doc.lang, doc.customer.country))


def invoice_html(doc: InvoiceDocument, payment_part: str = "") -> str:
    """The whole invoice; `payment_part` (HTML of a last page, the Swiss QR-bill) is appended."""
    fmt = formats(doc)
    heading = label(doc.lang, "credit_note" if doc.credit_note else "invoice")
    body = "".join([
        footer(doc.issuer, doc.lang), issuer_head(doc.issuer),
        head(recipient(doc.issuer, doc.customer, doc.lang), meta_table(_meta(doc, fmt))),
        f"<h1>{e(heading)} {e(doc.invoice.number)}</h1>",
        _lines(doc, fmt), _totals(doc, fmt), _payment(doc, fmt), _usage(doc, fmt),
        call_list_html(doc.calls, doc.lang, fmt, doc.currency) if doc.calls else "",
        payment_part,
    ])
    return page(f"{heading} {doc.invoice.number}", doc.lang, body)


def _meta(doc: InvoiceDocument, fmt: Formats) -> list[tuple[str, str]]:
    lang, inv = doc.lang, doc.invoice
    first, last = doc.period
    vat_key = "your_vat_id_ch" if doc.swiss else "your_vat_id"
    return [
        (label(lang, "credit_number" if doc.credit_note else "number"), inv.number),
        (label(lang, "date"), fmt.day(inv.issued_on)),
        (label(lang, "customer_number"), doc.customer.id),
        (label(lang, "period"), fmt.span(first, last)),
        (label(lang, "due"), fmt.day(doc.due_on) if inv.totals.payable > 0 else ""),
        (label(lang, vat_key), doc.customer.vat_id or ""),
        (_seller_vat_label(doc), doc.issuer.vat_id or doc.issuer.tax_number or ""),
    ]


def _seller_vat_label(doc: InvoiceDocument) -> str:
    if not doc.issuer.vat_id:
        return label(doc.lang, "our_tax_number")
    return label(doc.lang, "our_vat_id_ch" if doc.swiss else "our_vat_id")


def split_text(line: InvoiceLine, fmt: Formats) -> tuple[str, str]:
    """A line's description without its period, and the period in the reader's format."""
    match = PERIOD_SUFFIX.search(line.text)
    text = line.text[:match.start()] if match else line.text
    if not line.first or not line.last:
        return text, ""
    when = fmt.span(line.first, line.last)
    if match and match.group(1):
        when += f" ({match.group(1)}/{match.group(2)} {DAYS.get(fmt.lang, 'Tage')})"
    elif match and match.group("month"):  # usage of a month: "03.2026"
        when = fmt.month(line.first)
    return text, when


def _lines(doc: InvoiceDocument, fmt: Formats) -> str:
    lang = doc.lang
    amount = label(lang, "amount_gross" if doc.swiss else "amount_net")
    head = (f"<tr><th>{e(label(lang, 'service'))}</th><th>{e(label(lang, 'when'))}</th>"
            f'<th class="num">{e(label(lang, "quantity"))}</th>'
            f'<th class="num">{e(label(lang, "unit_price"))}</th>'
            f'<th class="num">{e(amount)} ({e(doc.currency)})</th></tr>')
    rows = []
    for line in doc.lines:
        text, when = split_text(line, fmt)
        price = fmt.price(line.unit_price) if line.unit_price is not None else ""
        rows.append(f"<tr><td>{e(text)}{_subscription(doc, line)}</td>"
                    f"<td class=\"muted\">{e(when)}</td>"
                    f'<td class="num">{e(fmt.number(line.quantity))}</td>'
                    f'<td class="num">{e(price)}</td>'
                    f'<td class="num">{e(fmt.amount(line.amount))}</td></tr>')
    return f'<table class="lines"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _subscription(doc: InvoiceDocument, line: InvoiceLine) -> str:
    """The subscription (and its site) under a line's text, where the invoice needs it."""
    shown = doc.line_subscription(line)
    if shown is None:
        return ""
    sub, site = shown
    text = label(doc.lang, "line_subscription_site" if site else "line_subscription",
                 subscription=sub, site=site)
    return f'<br><span class="muted">{e(text)}</span>'


def _row(text: str, value: str, css: str = "") -> str:
    return f'<tr class="{css}"><td>{e(text)}</td><td class="num">{e(value)}</td></tr>'


def _totals(doc: InvoiceDocument, fmt: Formats) -> str:
    t, lang, cur = doc.invoice.totals, doc.lang, doc.currency
    rows = []
    if doc.swiss:
        rows.append(_row(label(lang, "gross_total_ch"), fmt.money(t.gross, cur), "sub"))
        for tax in t.taxes:
            rows.append(_row(label(lang, "vat_contained", rate=fmt.percent(tax.rate),
                                   base=fmt.money(tax.base, cur)), fmt.money(tax.tax, cur)))
        if t.rounding:
            rows.append(_row(label(lang, "rounding"), fmt.money(t.rounding, cur)))
    else:
        for tax in t.taxes:
            rows.append(_row(label(lang, "net_at", rate=fmt.percent(tax.rate)),
                             fmt.money(tax.base, cur)))
        if len(t.taxes) > 1:
            rows.append(_row(label(lang, "net_total"), fmt.money(t.net, cur), "sub"))
        for tax in t.taxes:
            rows.append(_row(label(lang, "vat_at", rate=fmt.percent(tax.rate),
                                   base=fmt.money(tax.base, cur)), fmt.money(tax.tax, cur)))
        rows.append(_row(label(lang, "gross_total"), fmt.money(t.gross, cur), "sub"))
    due = "refund" if t.payable < 0 else "payable"
    rows.append(_row(label(lang, due), fmt.money(abs(t.payable), cur), "sum"))
    return f'<table class="totals">{"".join(rows)}</table>'


def _payment(doc: InvoiceDocument, fmt: Formats) -> str:
    t, lang = doc.invoice.totals, doc.lang
    amount = fmt.money(abs(t.payable), doc.currency)
    if t.payable < 0:
        text = label(lang, "refund_text", amount=amount)
    elif t.payable == 0:
        text = label(lang, "nothing_to_pay")
    elif doc.swiss:
        text = label(lang, "pay_by_qr", amount=amount, due=fmt.day(doc.due_on))
    elif doc.issuer.bank:
        bank = doc.issuer.bank
        text = label(lang, "pay_by_transfer", amount=amount, due=fmt.day(doc.due_on),
                     iban=iban_text(bank.iban), bic=f" (BIC {bank.bic})" if bank.bic else "",
                     number=doc.invoice.number)
    else:
        text = ""
    note = "" if doc.swiss else f'<br><span class="muted">{e(label(lang, "einvoice_note"))}</span>'
    return f'<p class="pay">{e(text)}{note}</p>'


def _usage(doc: InvoiceDocument, fmt: Formats) -> str:
    sums = doc.usage()
    if not sums:
        return ""
    lang = doc.lang
    rows = "".join(
        f"<tr><td>{e(s.service)}</td><td class=\"num\">{e(fmt.number(s.quantity))}</td>"
        f'<td class="num">{e(fmt.amount(s.amount))}</td></tr>' for s in sums)
    total = sum((s.amount for s in sums), Decimal(0))
    rows += (f'<tr><td></td><td></td><td class="num"><b>{e(fmt.amount(total))}</b></td></tr>')
    return (f"<h2>{e(label(lang, 'usage'))}</h2><table class=\"lines\"><thead><tr>"
            f"<th>{e(label(lang, 'usage_service'))}</th>"
            f'<th class="num">{e(label(lang, "usage_quantity"))}</th>'
            f'<th class="num">{e(label(lang, "usage_amount"))} ({e(doc.currency)})</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>")
