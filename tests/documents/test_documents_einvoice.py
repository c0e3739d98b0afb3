"""Kontor's own e-invoices: every EUR invoice of every scenario passes the XSD, the EN 16931
schematron and the XRechnung rules; the XML says what the invoice says (totals, VAT breakdown,
type code, periods); a credit note is type 381; a correction names the invoice it corrects; the
Factur-X PDF carries the same XML as the standalone file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from document_support import EXAMPLES, SCENARIOS, replay, with_master_data
from lxml import etree

from kontor.adapters.catalog_yaml import load_catalog, resolve
from kontor.adapters.documents.cii import FACTURX_EN16931, XRECHNUNG, cii_xml
from kontor.adapters.documents.export import invoice_files
from kontor.adapters.documents.facturx_pdf import with_guideline
from kontor.adapters.documents.findings import NS
from kontor.adapters.documents.model import invoice_document
from kontor.adapters.documents.validation import invoice_xml, validate
from kontor.domain.account import Customer
from kontor.domain.invoicing.invoice import compose
from kontor.domain.invoicing.lines import InvoiceLine

EUR_SCENARIOS = sorted(p for p in SCENARIOS.rglob("*.yaml") if "smart_abo" not in p.parts)
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"
SUMS = SETTLEMENT + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation/"


def documents(path):
    result = replay(path)
    catalogs, customer = result.account.offer.catalogs, result.account.customer
    return [invoice_document(i, catalogs, customer, None, result.invoices)
            for i in result.invoices]


def value(root, path: str) -> Decimal:
    return Decimal(root.xpath(path, namespaces=NS)[0].text)


@pytest.mark.parametrize("path", EUR_SCENARIOS, ids=lambda p: str(p.relative_to(SCENARIOS)))
def test_every_scenario_invoice_is_a_valid_xrechnung(path):
    for doc in documents(path):
        if doc.swiss:  # a Smart Abo product in a regression scenario: CHF, no e-invoice
            continue
        xml = cii_xml(doc)
        report = validate(xml)
        assert report.valid, (doc.invoice.number, [str(f) for f in report.errors])
        assert not [f for f in report.warnings if f.rule.startswith("BR-DE")]
        root = etree.fromstring(xml)
        t = doc.invoice.totals
        sign = -1 if doc.credit_note else 1  # a credit note (381) states its amounts positive
        assert doc.credit_note == (t.gross < 0)
        assert value(root, SUMS + "ram:GrandTotalAmount") == sign * t.gross
        assert value(root, SUMS + "ram:DuePayableAmount") == sign * t.payable
        assert value(root, SUMS + "ram:TaxBasisTotalAmount") == sign * t.net
        lines = root.xpath("//ram:SpecifiedTradeSettlementLineMonetarySummation/"
                       "ram:LineTotalAmount/text()", namespaces=NS)
        assert sum(Decimal(x) for x in lines) == sign * t.net
        assert len(lines) == len(doc.lines)


def test_the_xml_says_what_the_invoice_says():
    doc = documents(EXAMPLES / "aut-pbx.yaml")[2]  # AP-000003: credit, pro rata, whole month
    root = etree.fromstring(cii_xml(doc))
    assert root.findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=NS) == "AP-000003"
    assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "380"
    assert root.xpath("string(//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID)",
                      namespaces=NS) == XRECHNUNG
    tax = root.xpath(SETTLEMENT + "/ram:ApplicableTradeTax", namespaces=NS)
    assert [(t.findtext("ram:CategoryCode", namespaces=NS),
             t.findtext("ram:RateApplicablePercent", namespaces=NS),
             t.findtext("ram:BasisAmount", namespaces=NS),
             t.findtext("ram:CalculatedAmount", namespaces=NS)) for t in tax] == [
        ("S", "19", "503.10", "95.59")]
    assert value(root, SUMS + "ram:GrandTotalAmount") == Decimal("598.69")
    # the credit of 10 licences for 10.–28.02.: 190 licence-days at 6.50 per 28 days
    first = root.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)[0]
    assert first.findtext(".//ram:BilledQuantity", namespaces=NS) == "-190"
    assert first.find(".//ram:BilledQuantity", NS).get("unitCode") == "DAY"
    assert first.findtext(".//ram:BasisQuantity", namespaces=NS) == "28"
    assert first.findtext(".//ram:LineTotalAmount", namespaces=NS) == "-44.11"
    assert first.xpath("string(.//ram:BillingSpecifiedPeriod/ram:StartDateTime)",
                       namespaces=NS).strip() == "20260210"
    # the correction names the invoice that billed February (BT-25)
    assert root.xpath("string(//ram:InvoiceReferencedDocument/ram:IssuerAssignedID)",
                      namespaces=NS) == "AP-000002"
    seller = root.xpath("//ram:SellerTradeParty", namespaces=NS)[0]
    assert seller.xpath("string(ram:SpecifiedTaxRegistration/ram:ID)", namespaces=NS) == (
        "DE812345673")
    assert root.xpath("string(//ram:PayeePartyCreditorFinancialAccount/ram:IBANID)",
                      namespaces=NS) == "DE47701500001234567890"
    assert root.xpath("string(//ram:BuyerReference)", namespaces=NS) == "acme"


def test_a_negative_invoice_is_a_credit_note_with_positive_amounts():
    catalog = load_catalog(resolve("aut-pbx"))
    line = InvoiceLine("autpbx-extension", "credit", "Gutschrift Teilnehmerlizenz aut-pbx",
                       Decimal(-10), Decimal("6.50"), Decimal("-65.00"), date(2026, 3, 1),
                       date(2026, 3, 31), Decimal(19))
    invoice = compose([line], catalog, "c", date(2026, 4, 1), "AP-000009")
    customer = with_master_data(Customer("c", "Kunde GmbH", "DE"))
    doc = invoice_document(invoice, [catalog], customer)
    xml = cii_xml(doc)
    report = validate(xml)
    assert report.valid, [str(f) for f in report.errors]
    root = etree.fromstring(xml)
    assert root.findtext(".//rsm:ExchangedDocument/ram:TypeCode", namespaces=NS) == "381"
    assert value(root, SUMS + "ram:GrandTotalAmount") == Decimal("77.35")
    assert value(root, SUMS + "ram:DuePayableAmount") == Decimal("77.35")
    assert root.xpath("string(//ram:BilledQuantity)", namespaces=NS) == "10"
    assert root.xpath("string(//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode)",
                      namespaces=NS) == "1"  # a refund: not a transfer to the seller


def test_a_wrong_total_in_our_own_xml_fails_br_co_15():
    xml = cii_xml(documents(EXAMPLES / "digital-phone.yaml")[0])
    root = etree.fromstring(xml)
    grand = root.xpath(SUMS + "ram:GrandTotalAmount", namespaces=NS)[0]
    grand.text = str(Decimal(grand.text) + Decimal("0.01"))
    report = validate(etree.tostring(root))
    assert "BR-CO-15" in report.rules()


def test_the_pdf_embeds_the_same_xml_as_the_standalone_file():
    doc = documents(EXAMPLES / "o2-unite.yaml")[1]
    files = invoice_files(doc)
    embedded = invoice_xml(files.pdf)
    assert embedded == files.xml  # byte for byte
    report = validate(files.pdf)  # the PDF itself: XSD, EN 16931 rules, XRechnung rules
    assert report.valid and report.guideline == XRECHNUNG
    plain = with_guideline(embedded, FACTURX_EN16931)  # the same as plain Factur-X
    assert validate(plain).valid and validate(plain).guideline == FACTURX_EN16931
