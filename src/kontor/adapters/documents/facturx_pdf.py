"""Factur-X/ZUGFeRD: the CII XML embedded in the PDF/A-3 invoice (factur-x package). The PDF
carries exactly the standalone XRechnung file (an XRechnung is a CIUS of EN 16931, so the XMP
conformance level is EN 16931); `with_guideline` gives the same XML under another
specification identifier for a receiver that wants plain Factur-X."""

from __future__ import annotations

import logging

from facturx import generate_from_binary

from kontor.adapters.documents.cii import FACTURX_EN16931, XRECHNUNG  # noqa: F401
from kontor.adapters.documents.model import InvoiceDocument

logging.getLogger("factur-x").setLevel(logging.WARNING)


def with_guideline(xml: bytes, guideline: str) -> bytes:
    """The same XML with another specification identifier (BT-24); nothing else changes."""
    current = next(g for g in (XRECHNUNG, FACTURX_EN16931)
                   if f"<ram:ID>{g}</ram:ID>".encode() in xml)
    old, new = f"<ram:ID>{current}</ram:ID>".encode(), f"<ram:ID>{guideline}</ram:ID>".encode()
    if xml.count(old) != 1:
        raise ValueError("the specification identifier must occur exactly once")
    return xml.replace(old, new)


def facturx_pdf(pdf: bytes, xml: bytes, doc: InvoiceDocument) -> bytes:
    """The PDF/A-3 with the XML attached as factur-x.xml (AFRelationship Data) and the
    Factur-X XMP metadata (conformance level EN 16931)."""
    title = f"{doc.issuer.name}: {doc.invoice.number}"
    metadata = {"author": doc.issuer.name, "keywords": "Factur-X, ZUGFeRD, EN 16931",
                "title": title, "subject": f"{title} ({doc.invoice.issued_on.isoformat()})"}
    return generate_from_binary(
        pdf, xml, flavor="factur-x", level="en16931",
        check_xsd=False, pdf_metadata=metadata,
        lang="de-DE" if doc.lang == "de" else "en-GB")
