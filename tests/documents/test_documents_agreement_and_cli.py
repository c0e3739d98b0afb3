"""The purchase and instalment agreement PDF (seller with address, schedule, signature fields)
and `kontor simulate FILE --documents DIR` as a user runs it."""

from __future__ import annotations

import io
import subprocess
import sys

from document_support import EXAMPLES, ROOT, pdf_text, replay
from pypdf import PdfReader

from kontor.adapters.documents.agreement_pdf import agreement_pdf
from kontor.adapters.documents.validation import validate


def test_the_agreement_of_a_device_plan(tmp_path):
    agreement = replay(EXAMPLES / "smart-abo.yaml").agreements[0]
    pdf = agreement_pdf(agreement, "CHF")
    text = pdf_text(pdf, tmp_path)
    for expected in ("Kauf- und Ratenzahlungsvereinbarung", "Smart Mobile AG",
                     "Hardturmstrasse 161", "8005 Zürich", "Müller Treuhand AG",
                     "Bahnhofstrasse 1", "iPhone 17 128 GB", "CHF 999.00", "CHF 100.00",
                     "CHF 899.00", "Unterschrift Käufer", "Unterschrift Verkäufer"):
        assert expected in text, expected
    amounts = [s.amount for s in agreement.schedule]
    assert len(amounts) == 24 and f"{amounts[-1]}" in text  # the last instalment settles
    fields = PdfReader(io.BytesIO(pdf)).get_fields()
    assert {name: f["/FT"] for name, f in fields.items()} == {
        "signature_seller": "/Sig", "signature_buyer": "/Sig"}


def test_the_agreement_in_english(tmp_path):
    agreement = replay(EXAMPLES / "smart-abo.yaml").agreements[0]
    text = pdf_text(agreement_pdf(agreement, "CHF", "en"), tmp_path)
    assert "Purchase and instalment agreement" in text and "Signature buyer" in text


def kontor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kontor.entrypoints.cli.main", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_simulate_writes_the_documents(tmp_path):
    out = tmp_path / "out"
    run = kontor("simulate", str(EXAMPLES / "aut-pbx.yaml"), str(EXAMPLES / "smart-abo.yaml"),
                 "--documents", str(out), "--json")
    assert run.returncode == 0, run.stderr
    eur = sorted(p.name for p in (out / "aut-pbx").iterdir())
    assert eur == [f"AP-00000{n}.{ext}" for n in range(1, 5) for ext in ("pdf", "xml")]
    chf = sorted(p.name for p in (out / "smart-abo").iterdir())
    assert chf == ["SA-000001.pdf", "SA-000002.pdf", "SA-000003.pdf", "SA-000004.pdf",
                   "SA-000005.pdf", "agreement-phone.pdf"]
    assert validate((out / "aut-pbx" / "AP-000001.pdf").read_bytes()).valid
    assert "documents of ACME GmbH written to" in run.stderr
    # the example customers have a postal address and an e-mail: every XRechnung is valid
    assert "BR-" not in run.stderr and "PEPPOL" not in run.stderr
    assert all(validate(p.read_bytes()).valid for p in (out / "aut-pbx").glob("*.xml"))
    # the example customer chose a masked call list: March's calls on the invoice of 1 April
    text = pdf_text((out / "aut-pbx" / "AP-000004.pdf").read_bytes(), tmp_path)
    assert "Einzelverbindungsnachweis" in text and "+43 1 234xxx" in text
    assert "+43 1 234567" not in text
    assert validate((out / "aut-pbx" / "AP-000004.pdf").read_bytes()).valid


def test_simulate_call_list_overrides_the_customer_s_choice(tmp_path):
    out = tmp_path / "out"
    run = kontor("simulate", str(EXAMPLES / "aut-pbx.yaml"), "--documents", str(out),
                 "--call-list", "full", "--json")
    assert run.returncode == 0, run.stderr
    text = pdf_text((out / "AP-000004.pdf").read_bytes(), tmp_path)
    assert "+43 1 234567" in text and "xxx" not in text
    refused = kontor("simulate", str(EXAMPLES / "aut-pbx.yaml"), "--documents", str(out),
                     "--call-list", "partly")
    assert refused.returncode == 2 and "--call-list" in refused.stderr
