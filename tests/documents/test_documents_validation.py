"""The validator really validates: the official samples pass, broken copies fail with the rule
that names what is broken (XSD, EN 16931 schematron, XRechnung BR-DE, Kontor's line check)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from document_support import ROOT, SAMPLES
from lxml import etree

from kontor.adapters.documents.findings import NS
from kontor.adapters.documents.validation import NotAnInvoice, validate

VALID = [
    "xrechnung-testsuite_01.01a-INVOICE_uncefact.xml",
    "xrechnung-testsuite_01.06_minimal_test_uncefact.xml",
    "xrechnung-testsuite_01.07a-INVOICE_uncefact.xml",
    "xrechnung-testsuite_01.18a-INVOICE_uncefact.xml",
    "en16931_CII-BR-CO-10-RoundingIssue.xml",
]


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def broken(name: str, old: str, new: str) -> bytes:
    data = sample(name)
    assert data.count(old.encode()) == 1, f"{old!r} must occur once in {name}"
    return data.replace(old.encode(), new.encode())


@pytest.mark.parametrize("name", VALID)
def test_every_valid_sample_is_accepted(name):
    report = validate(sample(name))
    assert report.valid, [str(f) for f in report.errors]
    if "xrechnung" in name:  # the XRechnung rules of Kontor's own checks hold for KoSIT's files
        assert report.guideline.endswith("xrechnung_3.0")
        assert not {f.rule for f in report.warnings if f.rule.startswith("BR-DE")}


def test_a_wrong_grand_total_fails_br_co_15():
    report = validate(broken(VALID[0], "<ram:GrandTotalAmount>336.9<",
                             "<ram:GrandTotalAmount>337.00<"))
    assert not report.valid
    assert {"BR-CO-15", "BR-CO-16"} <= report.rules()


def test_a_wrong_vat_total_fails_its_rule():
    report = validate(broken(VALID[2], '<ram:TaxTotalAmount currencyID="EUR">7.22<',
                             '<ram:TaxTotalAmount currencyID="EUR">7.23<'))
    assert "BR-CO-15" in report.rules()


def test_a_missing_mandatory_element_fails_the_xsd():
    data = sample(VALID[2])
    start = data.index(b"<ram:TypeCode>380</ram:TypeCode>")
    report = validate(data[:start] + data[start + len(b"<ram:TypeCode>380</ram:TypeCode>"):])
    assert report.rules() == {"XSD"}


def test_wrong_line_arithmetic_is_caught_by_kontors_own_check():
    """EN 16931 does not check quantity × price = line amount (Mustang: only warnings)."""
    report = validate(sample("edge/mustangproject_invalidArithmetics.xml"))
    assert report.rules() == {"KONTOR-LINE-1"}
    assert "line 1" in report.errors[0].message


def test_exemption_reason_on_standard_rate_fails_br_s_10():
    report = validate(sample("edge/mustangproject_roundingDifferenceIsInTolerance.xml"))
    assert "BR-S-10" in report.rules()
    assert "KONTOR-LINE-1" not in report.rules()  # 11.6667 × 60.9244 = 710.79 is right


def without(data: bytes, path: str) -> bytes:
    """The sample with the element at `path` (an XPath in the ram/rsm namespaces) removed."""
    root = etree.fromstring(data)
    nodes = root.xpath(path, namespaces=NS)
    assert len(nodes) == 1, path
    nodes[0].getparent().remove(nodes[0])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


AGREEMENT = "//ram:ApplicableHeaderTradeAgreement"
SELLER = AGREEMENT + "/ram:SellerTradeParty"


@pytest.mark.parametrize(("rule", "path"), [
    ("BR-DE-15", AGREEMENT + "/ram:BuyerReference"),
    ("BR-DE-1", "//ram:SpecifiedTradeSettlementPaymentMeans"),
    ("BR-DE-2", SELLER + "/ram:DefinedTradeContact"),
    ("BR-DE-6", SELLER + "/ram:DefinedTradeContact/ram:TelephoneUniversalCommunication"),
    ("BR-DE-7", SELLER + "/ram:DefinedTradeContact/ram:EmailURIUniversalCommunication"),
    ("BR-DE-3", SELLER + "/ram:PostalTradeAddress/ram:CityName"),
    ("BR-DE-9", AGREEMENT + "/ram:BuyerTradeParty/ram:PostalTradeAddress/ram:PostcodeCode"),
    ("BR-DE-16", SELLER + "/ram:SpecifiedTaxRegistration"),
    ("PEPPOL-EN16931-R010", AGREEMENT + "/ram:BuyerTradeParty/ram:URIUniversalCommunication"),
])
def test_xrechnung_rules_are_checked(rule, path):
    assert rule in validate(without(sample(VALID[2]), path)).rules()


def test_not_an_invoice_is_said_so():
    with pytest.raises(NotAnInvoice):
        validate(b"<html/>")
    with pytest.raises(NotAnInvoice):
        validate(b"not xml at all")


def kontor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kontor.entrypoints.cli.main", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_validate_prints_rule_ids_and_exits_non_zero(tmp_path: Path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(broken(VALID[0], "<ram:GrandTotalAmount>336.9<",
                           "<ram:GrandTotalAmount>337.00<"))
    run = kontor("invoices", "validate", str(SAMPLES / VALID[0]), str(bad))
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"{SAMPLES / VALID[0]}: valid")
    assert any(line.strip().startswith("error BR-CO-15") for line in lines)
    good = kontor("invoices", "validate", str(SAMPLES / VALID[1]))
    assert good.returncode == 0 and "valid" in good.stdout
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert kontor("invoices", "validate", str(text)).returncode == 2
