"""The Swiss QR-bill (qrbill) for CHF invoices: the payment part on the last page, with a QR
reference (QR-IBAN) or a creditor reference (ISO 11649, other IBANs), and the amount payable
after the 0.05 rounding. A credit note or an invoice with nothing to pay has no payment part."""

from __future__ import annotations

import base64
import io
import re

from qrbill import QRBill
from qrbill.bill import QR_IID
from stdnum.ch import esr
from stdnum.iso7064 import mod_97_10

from kontor.adapters.documents.formatting import Formats
from kontor.adapters.documents.html_parts import e
from kontor.adapters.documents.labels import label
from kontor.adapters.documents.model import DocumentError, InvoiceDocument

QR_LANGUAGES = ("de", "en", "fr", "it")


def is_qr_iban(iban: str) -> bool:
    """A QR-IBAN has an institution id (positions 5–9) from 30000 to 31999."""
    return QR_IID["start"] <= int(iban[4:9]) <= QR_IID["end"]


def reference(number: str, iban: str) -> str:
    """The payment reference of an invoice number: with a QR-IBAN the 27-digit QR reference
    (the number's digits, zero-padded, with the modulo-10 recursive check digit); otherwise
    the creditor reference RFnn + the number's letters and digits."""
    if is_qr_iban(iban):
        digits = re.sub(r"\D", "", number).zfill(26)
        return digits + esr.calc_check_digit(digits)
    body = re.sub(r"[^0-9A-Za-z]", "", number).upper()
    return f"RF{mod_97_10.calc_check_digits(body + 'RF')}{body}"


def qr_bill(doc: InvoiceDocument) -> QRBill | None:
    """The QR-bill of a CHF invoice with something to pay; None otherwise."""
    payable = doc.invoice.totals.payable
    if not doc.swiss or payable <= 0:
        return None
    if not doc.issuer.bank:
        raise DocumentError(f"issuer {doc.issuer.name} has no bank account for the QR-bill")
    iban = doc.issuer.bank.iban
    seller, buyer = doc.seller_address, doc.buyer_address
    creditor = {"name": doc.issuer.name, "street": " ".join(seller.street),
                "pcode": seller.postcode, "city": seller.city, "country": seller.country}
    debtor = None
    if buyer.complete:
        debtor = {"name": doc.customer.name, "street": " ".join(buyer.street),
                  "pcode": buyer.postcode, "city": buyer.city, "country": buyer.country}
    return QRBill(
        account=iban, creditor=creditor, debtor=debtor, amount=payable, currency="CHF",
        reference_number=reference(doc.invoice.number, iban),
        additional_information=f"{label(doc.lang, 'invoice')} {doc.invoice.number}",
        billing_information=_swico(doc),
        language=doc.lang if doc.lang in QR_LANGUAGES else "de")


def _swico(doc: InvoiceDocument) -> str:
    """Swico S1 billing information: invoice number, date, UID and VAT rate."""
    parts = [f"//S1/10/{doc.invoice.number}/11/{doc.invoice.issued_on:%y%m%d}"]
    if doc.issuer.vat_id:
        parts.append("/30/" + re.sub(r"\D", "", doc.issuer.vat_id))
    rates = [t.rate for t in doc.invoice.totals.taxes]
    if len(rates) == 1:
        parts.append(f"/32/{rates[0].normalize():f}")
    return "".join(parts)


def payment_part(doc: InvoiceDocument, fmt: Formats) -> str:
    """The last page: a short heading and the QR-bill at the bottom (105 mm, full width)."""
    bill = qr_bill(doc)
    if bill is None:
        return ""
    svg = io.StringIO()
    bill.as_svg(svg)
    data = base64.b64encode(svg.getvalue().encode()).decode()
    intro = (f"<h2>{e(label(doc.lang, 'payment_part'))} – {e(label(doc.lang, 'invoice'))} "
             f"{e(doc.invoice.number)}</h2>"
             f"<p>{e(fmt.money(doc.invoice.totals.payable, 'CHF'))}, "
             f"{e(label(doc.lang, 'due'))} {e(fmt.day(doc.due_on))}</p>")
    return (f'<section class="qr-page"><div class="intro">{intro}</div>'
            f'<img alt="QR-bill" src="data:image/svg+xml;base64,{data}"></section>')
