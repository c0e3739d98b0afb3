"""Invoice PDFs as a person sees them: every example invoice renders; page 1 is not blank and
shows number, date and total; German by default, English on request; Swiss invoices show the
VAT contained, the rounding line once and a QR-bill that decodes to the right payment."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import zxingcpp
from document_support import EXAMPLES, SCENARIOS, page_png, pdf_text, replay
from PIL import Image, ImageStat
from pypdf import PdfReader

from kontor.adapters.documents.export import invoice_files, write_documents
from kontor.adapters.documents.formatting import Formats
from kontor.adapters.documents.model import invoice_document
from kontor.adapters.documents.swiss_qr import reference
from kontor.entrypoints.cli.documents_cmds import documents_of

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def documents(path, lang=None, **changes):
    result = replay(path, **changes)
    catalogs, customer = result.account.offer.catalogs, result.account.customer
    return [invoice_document(i, catalogs, customer, lang, result.invoices)
            for i in result.invoices]


def money(doc, amount: Decimal) -> str:
    return Formats("de_CH" if doc.swiss else "de_DE").amount(amount)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_invoice_renders(path, tmp_path):
    for doc in documents(path):
        pdf = invoice_files(doc).pdf
        image = Image.open(page_png(pdf, tmp_path)).convert("L")
        assert image.size[0] > 400
        assert ImageStat.Stat(image).extrema[0][0] < 100  # there is ink on page 1
        text = pdf_text(pdf, tmp_path, 1, 1)
        assert doc.invoice.number in text
        assert doc.invoice.issued_on.strftime("%d.%m.%Y") in text
        assert money(doc, doc.invoice.totals.payable) in text
        assert doc.issuer.name in text and doc.customer.name in text


def test_a_german_invoice_carries_what_14_ustg_asks(tmp_path):
    doc = documents(EXAMPLES / "aut-pbx.yaml")[2]
    text = pdf_text(invoice_files(doc).pdf, tmp_path)
    for expected in ("Rechnung AP-000003", "Landsberger Straße 155", "80687 München",
                     "USt-IdNr. DE812345673", "DE123456789", "Musterstraße 12",
                     "Leistungszeitraum", "10.02.2026 – 31.03.2026", "Summe netto (19 %)",
                     "503,10 €", "Umsatzsteuer 19 % auf 503,10 €", "95,59 €", "598,69 €",
                     "DE47 7015 0000 1234 5678 90", "19/28 Tage"):
        assert expected in text, expected
    assert re.search(r"Zahlbar bis\s+15\.03\.2026", text)
    assert "Rundungsdifferenz" not in text


def test_english_on_request(tmp_path):
    doc = documents(EXAMPLES / "aut-pbx.yaml", lang="en")[0]
    text = pdf_text(invoice_files(doc).pdf, tmp_path)
    assert "Invoice AP-000001" in text and "Invoice date" in text and "1 Jan 2026" in text
    assert "Amount due" in text


def test_usage_is_summed_per_zone_and_service(tmp_path):
    doc = documents(EXAMPLES / "aut-pbx.yaml")[3]
    text = pdf_text(invoice_files(doc).pdf, tmp_path)
    assert "Verbindungen und Verbrauch im Überblick" in text
    assert re.search(r"Verbindungen Europa Festnetz \(Minuten\)\s+2,25\s+0,11", text)


def test_a_unit_price_is_shown_as_exact_as_the_catalog_gives_it(tmp_path):
    """4 German landline minutes at 0.015 make 0.06: the PDF says 0,015, not 0,02 (4 × 0,02
    would be 0,08); prices in cents keep their two decimals."""
    doc = documents(SCENARIOS / "aut_pbx" / "usage" /
                    "package_pro_rata_split_and_pay_as_you_go.yaml")[0]
    text = pdf_text(invoice_files(doc).pdf, tmp_path)
    assert re.search(r"Deutschland Festnetz\s+Januar 2026\s+4\s+0,015\s+0,06\n", text)
    assert re.search(r"Deutschland Mobilfunk\s+Januar 2026\s+1,25\s+0,09\s+0,11\n", text)
    assert Formats("de_DE").price(Decimal("6.5")) == "6,50"
    assert Formats("en_GB").price(Decimal("1234.0915")) == "1,234.0915"


def test_swiss_invoice_vat_contained_rounding_once_and_qr_bill(tmp_path):
    docs = documents(SCENARIOS / "smart_abo" / "rappenrundung_vat_contained.yaml")
    doc = docs[0]  # 84.28 gross, 6.32 VAT contained, +0.02 rounding, 84.30 payable
    pdf = invoice_files(doc).pdf
    assert len(PdfReader(__import__("io").BytesIO(pdf)).pages) == 2
    text = pdf_text(pdf, tmp_path, 1, 1)
    assert "Total inkl. MWST" in text and "CHF 84.28" in text
    assert "darin enthaltene MWST 8.1 % auf CHF 77.96 (netto)" in text and "CHF 6.32" in text
    assert text.count("Rundungsdifferenz (Rappenrundung)") == 1 and "CHF 0.02" in text
    assert "Zu zahlen" in text and "CHF 84.30" in text
    assert "MWST-Nr." in text and "CHE-123.456.788 MWST" in text
    fields = qr_fields(pdf, tmp_path)
    assert fields[0:3] == ["SPC", "0200", "1"]
    assert fields[3] == "CH4431999123000889012"  # the issuer's QR-IBAN
    assert fields[18:20] == ["84.30", "CHF"]  # amount after the 0.05 rounding
    assert fields[27] == "QRR" and fields[28] == reference(doc.invoice.number, fields[3])
    assert fields[21] == "Zora Gerber"  # the debtor


def qr_fields(pdf: bytes, tmp_path) -> list[str]:
    image = Image.open(page_png(pdf, tmp_path, page=2, dpi=200))
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    return codes[0].text.replace("\r\n", "\n").split("\n")


def test_qr_and_creditor_references():
    assert reference("SA-000001", "CH4431999123000889012") == "000000000000000000000000011"
    scor = reference("SA-000001", "CH5800791123000889012")
    assert scor.startswith("RF") and scor.endswith("SA000001")
    from stdnum import iso11649
    assert iso11649.is_valid(scor)


def test_a_swiss_credit_has_no_payment_part(tmp_path):
    docs = documents(SCENARIOS / "smart_abo" / "immediate_cancel_notice_not_billed.yaml")
    credit = next(d for d in docs if d.invoice.totals.payable < 0)
    pdf = invoice_files(credit).pdf
    assert len(PdfReader(__import__("io").BytesIO(pdf)).pages) == 1
    text = pdf_text(pdf, tmp_path)
    assert f"Gutschrift {credit.invoice.number}" in text
    assert "Guthaben zu Ihren Gunsten" in text and "CHF 26.40" in text


def test_the_subscription_is_shown_only_where_a_product_has_several(tmp_path):
    # three subscriptions bill dp-extension-basic: the base (its 6th licence), hh (Hamburg)
    # and hl (Lübeck); the base package and the activation fee have one (or none)
    result = replay(SCENARIOS / "digital_phone" / "extensions_at_two_sites.yaml")
    paths = write_documents(documents_of(result), tmp_path / "out")
    text = pdf_text(next(p for p in paths if p.name == "DP-000001.pdf").read_bytes(), tmp_path)
    for shown in ("Abonnement base", "Abonnement hh, Standort Hamburg",
                  "Abonnement hl, Standort Lübeck"):
        assert shown in text, shown
    assert text.count("Abonnement") == 3
    english = write_documents(documents_of(result), tmp_path / "en", "en")
    text = pdf_text(next(p for p in english if p.name == "DP-000001.pdf").read_bytes(), tmp_path)
    assert "Subscription hh, site Hamburg" in text
    for doc in documents(EXAMPLES / "aut-pbx.yaml"):  # one subscription: never shown
        assert "Abonnement" not in pdf_text(invoice_files(doc).pdf, tmp_path)
