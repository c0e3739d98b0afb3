"""Documents benchmark: the invoices of the example customers (examples/*.yaml, with postal
address, VAT id and e-mail filled in) repeated up to --count invoices, each rendered as

- XML: the XRechnung CII (drafthorse, XSD-checked on the way);
- PDF: the invoice PDF (weasyprint, PDF/A-3b) and, for EUR, the Factur-X embedding
  (factur-x), for CHF the QR-bill; i.e. exactly what `simulate --documents` writes;
- validation: XSD + EN 16931 schematron (saxonche) + BR-DE of one XML (--validate N of them).

    .venv/bin/python benchmarks/documents.py [--count 1000] [--validate 200]

Prints invoices/s for each. One process, one core; the first document of each kind (fonts,
the schematron compiled) is rendered before timing starts.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import time
from pathlib import Path

from kontor.adapters.documents.cii import cii_xml
from kontor.adapters.documents.export import invoice_files
from kontor.adapters.documents.model import InvoiceDocument, invoice_document
from kontor.adapters.documents.validation import validate
from kontor.adapters.scenario_yaml import load_scenario
from kontor.services.simulate import simulate

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MASTER = {"DE": ("Musterstraße 12", "80331 München"), "CH": ("Bahnhofstrasse 1", "8001 Zürich")}


def example_documents() -> list[InvoiceDocument]:
    docs = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        scenario = load_scenario(path)
        customer = dataclasses.replace(scenario.customer, address=MASTER[
            scenario.customer.country], email="rechnungen@kunde.example")
        result = simulate(dataclasses.replace(scenario, customer=customer))
        docs += [invoice_document(i, result.account.offer.catalogs, customer, None,
                                  result.invoices) for i in result.invoices]
    return docs


def rate(label: str, count: int, work) -> None:
    start = time.perf_counter()
    for _ in range(count):
        work()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {count:>6} invoices  {seconds:8.2f} s  {count / seconds:8.1f} invoices/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--validate", type=int, default=200)
    args = parser.parse_args()
    docs = example_documents()
    eur = [d for d in docs if not d.swiss]
    print(f"{len(docs)} example invoices ({len(eur)} EUR), cycled")
    invoice_files(eur[0]), invoice_files(next(d for d in docs if d.swiss))  # warm up fonts
    validate(cii_xml(eur[0]))  # compiles the schematron once
    cycle = itertools.cycle(eur)
    rate("XML (XRechnung CII)", args.count, lambda: cii_xml(next(cycle)))
    every = itertools.cycle(docs)
    rate("PDF (Factur-X / QR-bill)", args.count, lambda: invoice_files(next(every)))
    xmls = itertools.cycle([cii_xml(d) for d in eur])
    rate("validation (XSD+EN 16931+BR-DE)", args.validate, lambda: validate(next(xmls)))


if __name__ == "__main__":
    main()
