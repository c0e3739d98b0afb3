"""The e-invoice: EN 16931 in UN/CEFACT CII syntax (drafthorse), as XRechnung 3.0 (standalone
file) or as the Factur-X EN 16931 profile (embedded in the PDF). Both carry the same data; only
the specification identifier (BT-24) differs.

A credit note (total < 0) is type 381 with every line quantity negated, so its amounts are
positive; an invoice that corrects earlier ones names the latest of them (BT-25)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem
from lxml import etree

from kontor.adapters.documents.labels import label
from kontor.adapters.documents.lines_cii import LineQuantity, line_quantity
from kontor.adapters.documents.model import InvoiceDocument, Postal
from kontor.adapters.documents.validation import xsd_errors

XRECHNUNG = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
FACTURX_EN16931 = "urn:cen.eu:en16931:2017"
SEPA_CREDIT_TRANSFER, NOT_DEFINED = "58", "1"
INVOICE, CREDIT_NOTE = "380", "381"


def cii_xml(doc: InvoiceDocument, guideline: str = XRECHNUNG) -> bytes:
    """The CII XML of an EUR invoice (checked against the Factur-X EN 16931 XSD on the way,
    with the schema compiled once: drafthorse's own check compiles it for every document)."""
    if doc.swiss:
        raise ValueError("e-invoices (EN 16931) are made for EUR invoices only")
    x = Document()
    x.context.guideline_parameter.id = guideline
    sign = Decimal(-1) if doc.credit_note else Decimal(1)
    _header(x, doc)
    _parties(x, doc)
    for position, line in enumerate(doc.lines, start=1):
        x.trade.items.add(_line(position, line_quantity(line, sign), line, doc))
    _settlement(x, doc, sign)
    xml = x.serialize(schema=None)
    problems = xsd_errors(etree.fromstring(xml))
    if problems:  # a bug in this module, not bad input
        raise ValueError(f"{doc.invoice.number}: the XML fails the XSD: {problems[0]}")
    return xml


def _header(x: Document, doc: InvoiceDocument) -> None:
    x.header.id = doc.invoice.number
    x.header.type_code = CREDIT_NOTE if doc.credit_note else INVOICE
    x.header.issue_date_time = doc.invoice.issued_on
    if doc.issuer.register:
        note = IncludedNote()
        note.content = f"{doc.issuer.name}, {doc.issuer.register}"
        note.subject_code = "REG"
        x.header.notes.add(note)


def _address(party, where: Postal) -> None:
    street = list(where.street)
    if street:
        party.address.line_one = street[0]
    if len(street) > 1:
        party.address.line_two = ", ".join(street[1:])
    if where.postcode:
        party.address.postcode = where.postcode
    if where.city:
        party.address.city_name = where.city
    party.address.country_id = where.country


def _parties(x: Document, doc: InvoiceDocument) -> None:
    issuer, customer = doc.issuer, doc.customer
    x.trade.agreement.buyer_reference = customer.id
    seller = x.trade.agreement.seller
    seller.name = issuer.name
    _address(seller, doc.seller_address)
    if issuer.contact:
        seller.contact.person_name = issuer.contact.name
        seller.contact.telephone.number = issuer.contact.phone
        seller.contact.email.address = issuer.contact.email
        seller.electronic_address.uri_ID = ("EM", issuer.contact.email)
    if issuer.vat_id:
        seller.tax_registrations.add(TaxRegistration(id=("VA", issuer.vat_id)))
    if issuer.tax_number:
        seller.tax_registrations.add(TaxRegistration(id=("FC", issuer.tax_number)))
    buyer = x.trade.agreement.buyer
    buyer.id = customer.id
    buyer.name = customer.name
    _address(buyer, doc.buyer_address)
    if customer.email:
        buyer.electronic_address.uri_ID = ("EM", customer.email)
    if customer.vat_id:
        buyer.tax_registrations.add(TaxRegistration(id=("VA", customer.vat_id)))


def _line(position: int, q: LineQuantity, line, doc: InvoiceDocument) -> LineItem:
    item = LineItem()
    item.document.line_id = str(position)
    if line.product:
        item.product.seller_assigned_id = line.product
    item.product.name = q.name
    item.agreement.net.amount = q.price
    if q.basis != 1:
        item.agreement.net.basis_quantity = (q.basis, q.unit)
    item.delivery.billed_quantity = (q.quantity, q.unit)
    item.settlement.trade_tax.type_code = "VAT"
    item.settlement.trade_tax.category_code = _category(line.tax_rate)
    item.settlement.trade_tax.rate_applicable_percent = _rate(line.tax_rate)
    if line.first and line.last:
        item.settlement.period.start = line.first
        item.settlement.period.end = line.last
    item.settlement.monetary_summation.total_amount = q.amount
    return item


def _category(rate: Decimal) -> str:
    return "S" if rate else "Z"


def _rate(rate: Decimal) -> Decimal:
    return Decimal(format(rate.normalize(), "f"))


def _settlement(x: Document, doc: InvoiceDocument, sign: Decimal) -> None:
    s, t, cur = x.trade.settlement, doc.invoice.totals, doc.currency
    s.currency_code = cur
    s.payment_reference = doc.invoice.number
    s.payment_means.add(_means(doc))
    for tax in t.taxes:
        trade_tax = ApplicableTradeTax()
        trade_tax.calculated_amount = tax.tax * sign
        trade_tax.basis_amount = tax.base * sign
        trade_tax.type_code = "VAT"
        trade_tax.category_code = _category(tax.rate)
        if not tax.rate:
            trade_tax.exemption_reason = "Nicht steuerbar"
        trade_tax.rate_applicable_percent = _rate(tax.rate)
        s.trade_tax.add(trade_tax)
    first, last = doc.period
    s.period.start, s.period.end = first, last
    _terms(x, doc)
    if doc.preceding:
        number, issued = doc.preceding[-1]
        s.invoice_referenced_document.issuer_assigned_id = number
        s.invoice_referenced_document.issue_date_time = issued
    m = s.monetary_summation
    m.line_total = sum((line.amount for line in doc.lines), Decimal(0)) * sign
    m.charge_total = Decimal("0.00")
    m.allowance_total = Decimal("0.00")
    m.tax_basis_total = (t.net * sign, None)
    m.tax_total = (sum((x.tax for x in t.taxes), Decimal(0)) * sign, cur)
    m.grand_total = (t.gross * sign, None)
    m.due_amount = t.payable * sign


def _means(doc: InvoiceDocument) -> PaymentMeans:
    """SEPA credit transfer to the issuer's account when the customer pays; otherwise (a refund,
    nothing to pay) "instrument not defined" with the sentence of the PDF."""
    means = PaymentMeans()
    if doc.issuer.bank and doc.invoice.totals.payable > 0:
        means.type_code = SEPA_CREDIT_TRANSFER
        means.payee_account.iban = doc.issuer.bank.iban
        means.payee_account.account_name = doc.issuer.name
        if doc.issuer.bank.bic:
            means.payee_institution.bic = doc.issuer.bank.bic
    else:
        means.type_code = NOT_DEFINED
        means.information.add(_refund(doc))
    return means


def _refund(doc: InvoiceDocument) -> str:
    payable = abs(doc.invoice.totals.payable)
    if not payable:
        return label(doc.lang, "nothing_to_pay")
    return label(doc.lang, "refund_text", amount=f"{payable} {doc.currency}")


def _terms(x: Document, doc: InvoiceDocument) -> None:
    terms = PaymentTerms()
    if doc.invoice.totals.payable > 0:
        terms.description = label(doc.lang, "due") + " " + _iso(doc.due_on)
        terms.due = doc.due_on
    else:
        terms.description = _refund(doc)
    x.trade.settlement.terms.add(terms)


def _iso(day: date) -> str:
    return day.isoformat()
