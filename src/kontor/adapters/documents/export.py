"""The files of a customer's invoices and agreements: NUMBER.pdf (EUR: Factur-X PDF/A-3 with
the CII XML; CHF: with the QR-bill), NUMBER.xml (EUR: XRechnung CII), agreement-PLANID.pdf."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kontor.adapters.documents.agreement_pdf import agreement_pdf
from kontor.adapters.documents.cii import cii_xml
from kontor.adapters.documents.facturx_pdf import facturx_pdf
from kontor.adapters.documents.invoice_html import formats, invoice_html
from kontor.adapters.documents.model import InvoiceDocument, invoice_document
from kontor.adapters.documents.pdf import render_pdf
from kontor.adapters.documents.swiss_qr import payment_part
from kontor.domain.account import Customer
from kontor.domain.agreements import PurchaseAgreement
from kontor.domain.catalog import Catalog
from kontor.domain.invoicing.call_list import ItemisedCalls
from kontor.domain.invoicing.invoice import Invoice


@dataclass(frozen=True)
class InvoiceFiles:
    pdf: bytes
    xml: bytes | None  # the XRechnung; None for CHF invoices


def invoice_files(doc: InvoiceDocument) -> InvoiceFiles:
    if doc.swiss:
        return InvoiceFiles(render_pdf(invoice_html(doc, payment_part(doc, formats(doc)))), None)
    xml = cii_xml(doc)
    return InvoiceFiles(facturx_pdf(render_pdf(invoice_html(doc)), xml, doc), xml)


def safe_name(text: str) -> str:
    """A file name part from an id of a scenario file: no path separators, no surprises."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", text).lstrip(".") or "_"


@dataclass(frozen=True)
class CustomerDocuments:
    """What one customer's documents are made from (a simulation, or the store)."""

    customer: Customer
    catalogs: Sequence[Catalog]
    invoices: Sequence[Invoice]
    agreements: Sequence[PurchaseAgreement]
    currency: str
    sites: Mapping[str, str] = field(default_factory=dict)  # subscription -> its site
    calls: Mapping[str, ItemisedCalls] = field(default_factory=dict)  # invoice number -> list


def write_documents(source: CustomerDocuments, directory: Path,
                    lang: str | None = None) -> list[Path]:
    """Write every invoice's and agreement's files into `directory`; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for invoice in source.invoices:
        doc = invoice_document(invoice, source.catalogs, source.customer, lang, source.invoices,
                               sites=source.sites, calls=source.calls.get(invoice.number))
        files = invoice_files(doc)
        written.append(_write(directory / f"{safe_name(invoice.number)}.pdf", files.pdf))
        if files.xml is not None:
            written.append(_write(directory / f"{safe_name(invoice.number)}.xml", files.xml))
    for agreement in source.agreements:
        pdf = agreement_pdf(agreement, source.currency, lang or source.customer.language)
        written.append(_write(directory / f"agreement-{safe_name(agreement.plan_id)}.pdf", pdf))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def xml_files(paths: Iterable[Path]) -> list[Path]:
    return [p for p in paths if p.suffix == ".xml"]
