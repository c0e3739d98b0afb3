"""The Kauf- und Ratenzahlungsvereinbarung (purchase and instalment agreement) of a device plan,
from the agreement model `kontor simulate --json` outputs: seller with address, buyer, device,
price, down payment, the instalment plan and two signature fields (PDF form fields of type
signature, so the buyer and the seller can sign it in a PDF reader, or on paper)."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from kontor.adapters.documents.formatting import Formats, locale_for
from kontor.adapters.documents.html_parts import (
    e,
    footer,
    head,
    issuer_head,
    meta_table,
    page,
    recipient,
)
from kontor.adapters.documents.labels import label, title
from kontor.adapters.documents.pdf import render_pdf
from kontor.domain.agreements import PurchaseAgreement

SIGNATURES = ("signature_seller", "signature_buyer")


def agreement_html(a: PurchaseAgreement, currency: str, lang: str = "de") -> str:
    fmt = Formats(locale_for(lang, a.buyer.country))
    heading = title(lang, a.title)
    facts = [
        (label(lang, "plan"), a.plan_id),
        (label(lang, "customer_number"), a.buyer.id),
        (label(lang, "subscription"), a.subscription or ""),
        (label(lang, "signed_on"), fmt.day(a.signed_on)),
        (label(lang, "channel"), a.channel),
    ]
    money = [
        (label(lang, "device"), a.device),
        (label(lang, "agreement_price"), fmt.money(a.price, currency)),
        (label(lang, "agreement_down"), fmt.money(a.down_payment, currency)),
        (label(lang, "agreement_financed"), fmt.money(a.financed, currency)),
        (label(lang, "agreement_total"), fmt.money(a.total, currency)),
    ]
    rows = "".join(
        f'<tr><td class="num">{s.number}</td><td>{e(fmt.month(s.month))}</td>'
        f"<td>{e(fmt.day(s.due_on))}</td>"
        f'<td class="num">{e(fmt.amount(s.amount))}</td></tr>' for s in a.schedule)
    schedule = (
        f"<h2>{e(label(lang, 'agreement_instalments'))}</h2><table class=\"lines compact\"><thead>"
        f'<tr><th class="num">{e(label(lang, "agreement_no"))}</th>'
        f"<th>{e(label(lang, 'agreement_month'))}</th><th>{e(label(lang, 'agreement_due'))}</th>"
        f'<th class="num">{e(label(lang, "agreement_amount"))} ({e(currency)})</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>")
    body = "".join([
        footer(a.seller, lang), issuer_head(a.seller),
        head(recipient(a.seller, a.buyer, lang), meta_table(facts)),
        f"<h1>{e(heading)}</h1>", _parties(a, lang), meta_table(money),
        f"<p>{e(label(lang, 'interest_free'))}</p>", schedule, _signatures(lang),
    ])
    return page(f"{heading} {a.plan_id}", lang, body)


def _parties(a: PurchaseAgreement, lang: str) -> str:
    seller = ", ".join([a.seller.name, *a.seller.address_lines])
    buyer = ", ".join([a.buyer.name, *a.buyer.address])
    return meta_table([(label(lang, "seller"), seller), (label(lang, "buyer"), buyer)])


def _signatures(lang: str) -> str:
    """Per party: a signature field above a line saying place, date and who signs."""
    boxes = "".join(
        f'<div><input class="field" type="text" name="{name}" '
        f'style="width: 100%; border: none; background: none">'
        f'<div class="line">{e(label(lang, "place_date"))}, {e(label(lang, name))}</div></div>'
        for name in SIGNATURES)
    return f'<div class="signatures">{boxes}</div>'


def agreement_pdf(a: PurchaseAgreement, currency: str, lang: str = "de") -> bytes:
    return signature_fields(render_pdf(agreement_html(a, currency, lang), forms=True))


def signature_fields(pdf: bytes) -> bytes:
    """Turn the form fields named like SIGNATURES into empty signature fields (/FT /Sig)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page_ in writer.pages:
        for ref in page_.get("/Annots", []) or []:
            widget = ref.get_object()
            if widget.get("/T") in SIGNATURES:
                widget[NameObject("/FT")] = NameObject("/Sig")
                for key in ("/V", "/DV", "/MaxLen", "/Ff"):
                    widget.pop(key, None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
