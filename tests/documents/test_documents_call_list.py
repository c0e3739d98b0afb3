"""The itemised call list (Einzelverbindungsnachweis) in the invoice PDF, as a customer reads
it (pdftotext): masked numbers when the customer chose that, full ones when chosen, no list
for none; the month's total equals the invoice's usage lines; the e-invoice stays valid.

The scenario (tests/scenarios/aut_pbx/usage/itemised_call_list_masked.yaml), by hand: five
January calls of an aut-pbx customer without minute packages, pay-as-you-go 60/1:
  c1 05.01. 09:30:00  +49 89 123456789  DE landline  125 s × 0.015/60 = 0.03125
  c2 12.01. 14:05:10  +49 1511 2345678  DE mobile     61 s × 0.09/60  = 0.0915
  c3 20.01. 18:00:00  +43 1 234567      AT landline   30 s, billed 60 s × 0.05/60 = 0.05
  c4 21.01. 08:00:00  +49 800 1234567   toll-free: free, not listed
  c5 31.01. 22:10:00  +49 30 123456     DE landline 3725 s × 0.015/60 = 0.93125
Shown to four decimals: 0,0313 0,0915 0,0500 0,9313. The invoice of 1 February rounds once
per line: DE landline (c1 + c5) 3850 s = 0.9625 -> 0.96, DE mobile 0.0915 -> 0.09, eu 0.05:
1.10, the list's January total (and not 1.104, the unrounded sum, nor 1.1041, the sum of the
shown amounts)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from document_support import SCENARIOS, pdf_text, replay

from kontor.adapters.documents.export import invoice_files, write_documents
from kontor.adapters.documents.model import invoice_document
from kontor.adapters.documents.validation import invoice_xml, validate
from kontor.domain.account import CallList
from kontor.domain.invoicing.usage import is_usage_line
from kontor.entrypoints.cli.documents_cmds import documents_of

SCENARIO = SCENARIOS / "aut_pbx" / "usage" / "itemised_call_list_masked.yaml"
MASKED = ("+49 89 123456xxx", "+49 1511 2345xxx", "+43 1 234xxx", "+49 30 123xxx")
FULL = ("+49 89 123456789", "+49 1511 2345678", "+43 1 234567", "+49 30 123456")
CALLS = [  # date, time, line, duration, amount (four decimals), in this order: oldest first
    ("05.01.2026", "09:30:00", "100", "0:02:05", "0,0313"),
    ("12.01.2026", "14:05:10", "101", "0:01:01", "0,0915"),
    ("20.01.2026", "18:00:00", "100", "0:00:30", "0,0500"),
    ("31.01.2026", "22:10:00", "100", "1:02:05", "0,9313")]


def _files(result, tmp_path, call_list=None, lang=None) -> dict:
    """The files `simulate --documents` writes (the same helper), by name."""
    paths = write_documents(documents_of(result, call_list), tmp_path / "out", lang)
    return {p.name: p.read_bytes() for p in paths}


@pytest.fixture(scope="module")
def masked():
    return replay(SCENARIO)  # the scenario's customer chose call_list: masked


def test_masked_numbers_and_never_the_full_ones(masked, tmp_path):
    files = _files(masked, tmp_path)
    text = pdf_text(files["AP-000002.pdf"], tmp_path)
    assert "Einzelverbindungsnachweis" in text
    assert "um die letzten drei Ziffern gekürzt" in text
    for number in MASKED:
        assert number in text, number
    for number in FULL + ("+4989123456789", "+4915112345678", "+431234567", "+4930123456"):
        assert number not in text, number
    # the list itself (the customer's VAT id DE123456789 is above it, the issuer's
    # DE812345673 in the footer of every page)
    calls = text.split("Einzelverbindungsnachweis", 1)[1].split("Summe Einzelverbindungs")[0]
    for digits in ("123456789", "2345678", "234567", "30 123456", "1234567"):
        assert digits not in calls, digits
    assert "800" not in calls  # c4: toll-free, not listed
    rows = [re.search(rf"{d}\s+{t}\s+{line}\s+\S.*?\s{dur}\s+{amount}", text)
            for d, t, line, dur, amount in CALLS]
    assert all(rows), [c for c, row in zip(CALLS, rows, strict=True) if not row]
    assert [row.start() for row in rows] == sorted(row.start() for row in rows)  # oldest first
    assert re.search(r"Summe Januar 2026 \(je Rechnungsposition gerundet\)\s+1,10", text)
    assert re.search(r"Summe Einzelverbindungsnachweis\s+1,10 €", text)
    assert "berechnet für die aufgeführten Monate" not in text  # the list matches the invoice
    assert "Datenverbindungen" not in text  # a PBX has no data sessions to speak of
    # the invoice's usage lines: 0.96 + 0.09 + 0.05 = 1.10, the total the list shows
    invoice = masked.invoices[1]
    assert sum(line.amount for line in invoice.lines if is_usage_line(line)) == Decimal("1.10")


def test_the_list_is_a_page_of_its_own_after_the_usage_summary(masked, tmp_path):
    pdf = _files(masked, tmp_path)["AP-000002.pdf"]
    first = pdf_text(pdf, tmp_path, 1, 1)
    assert "Verbindungen und Verbrauch im Überblick" in first
    assert "Einzelverbindungsnachweis" not in first
    assert "Einzelverbindungsnachweis" in pdf_text(pdf, tmp_path, 2, 2)


def test_an_invoice_without_calls_has_no_list(masked, tmp_path):
    # 1 January bills December's usage: there was none
    text = pdf_text(_files(masked, tmp_path)["AP-000001.pdf"], tmp_path)
    assert "Einzelverbindungsnachweis" not in text


def test_full_numbers_when_chosen(tmp_path):
    result = replay(SCENARIO, call_list=CallList.FULL)
    text = pdf_text(_files(result, tmp_path)["AP-000002.pdf"], tmp_path)
    assert "Die Zielrufnummern sind auf Ihren Wunsch vollständig angegeben." in text
    for number in FULL:
        assert number in text, number
    assert "xxx" not in text


def test_no_list_for_none_and_the_override(tmp_path):
    result = replay(SCENARIO, call_list=CallList.NONE)
    text = pdf_text(_files(result, tmp_path)["AP-000002.pdf"], tmp_path)
    assert "Einzelverbindungsnachweis" not in text and "+49 89 1234" not in text
    assert "Verbindungen und Verbrauch im Überblick" in text  # the summary stays
    # --call-list masked overrides the customer's choice
    text = pdf_text(_files(result, tmp_path, CallList.MASKED)["AP-000002.pdf"], tmp_path)
    assert "+49 89 123456xxx" in text and "+49 89 123456789" not in text


def test_english_labels(masked, tmp_path):
    text = pdf_text(_files(masked, tmp_path, lang="en")["AP-000002.pdf"], tmp_path)
    assert "Itemised call list" in text
    assert "the last three digits of the numbers called are masked" in text
    assert re.search(r"Total January 2026 \(rounded per invoice line\)\s+1,10", text)
    assert re.search(r"Total of the itemised call list\s+1,10 €", text)  # en_DE: 1,10 €


def test_the_e_invoice_of_a_pdf_with_a_call_list_stays_valid(masked, tmp_path):
    files = _files(masked, tmp_path)
    report = validate(files["AP-000002.pdf"])
    assert report.valid, [str(f) for f in report.errors]
    assert invoice_xml(files["AP-000002.pdf"]) == files["AP-000002.xml"]
    for needle in (b"Einzelverbindungsnachweis", b"xxx", b"1511", b"4989123", b"0,0915"):
        assert needle not in files["AP-000002.xml"], needle  # the calls are in the PDF only


LATE = """
  - date: 2026-02-15
    do: usage
    records:
      - {record_id: "c6", subscriber: "101", started_at: "2026-01-25T10:00:00+01:00",
         service: voice, destination: "+4989123456789", duration_s: 600}
"""


def test_a_late_call_is_listed_and_the_difference_is_said(tmp_path):
    """c6, a January call of 600 s to a German landline (10 min × 0.015 = 0.15), arrives on 15
    February: the invoice of 1 March corrects January by 0.15. January's list now sums to
    DE landline 4450 s = 1.1125 -> 1.11, + 0.09 + 0.05 = 1.25: the February invoice billed
    1.10 of it, the March one 0.15, and each list says what its invoice billed."""
    text = SCENARIO.read_text(encoding="utf-8")
    text = text[:text.index("expect:")].replace("end: 2026-02-01", "end: 2026-03-01") + LATE
    path = tmp_path / "late.yaml"
    path.write_text(text, encoding="utf-8")
    result = replay(path)
    files = _files(result, tmp_path)
    february = pdf_text(files["AP-000002.pdf"], tmp_path)
    assert re.search(r"Summe Einzelverbindungsnachweis\s+1,25 €", february)
    assert re.search(r"berechnet für die aufgeführten\s+Monate 1,10 €", february)
    march = pdf_text(files["AP-000003.pdf"], tmp_path)
    assert re.search(r"25\.01\.2026\s+10:00:00\s+101\s+\+49 89 123456xxx", march)
    assert re.search(r"Summe Einzelverbindungsnachweis\s+1,25 €", march)
    assert re.search(r"berechnet für die aufgeführten\s+Monate 0,15 €", march)
    correction = [line for line in result.invoices[2].lines if is_usage_line(line)]
    assert [(line.amount, line.first.month) for line in correction] == [(Decimal("0.15"), 1)]


def test_a_document_without_a_list_renders_as_before(masked, tmp_path):
    invoice = masked.invoices[1]
    account = masked.account
    doc = invoice_document(invoice, account.offer.catalogs, account.customer, None,
                           masked.invoices)
    assert doc.calls is None
    assert "Einzelverbindungsnachweis" not in pdf_text(invoice_files(doc).pdf, tmp_path)
