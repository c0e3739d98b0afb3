"""`kontor invoices validate FILE…` and the documents of `kontor simulate --documents DIR`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kontor.domain.account import CallList

if TYPE_CHECKING:  # PDF and XML libraries are imported when a command needs them
    from kontor.adapters.documents.export import CustomerDocuments
    from kontor.adapters.documents.validation import Report

invoices_app = typer.Typer(help="Invoices: list, show and export stored invoices; check "
                                "e-invoices (XRechnung, ZUGFeRD/Factur-X).",
                           no_args_is_help=True)
EXIT_FAILS, EXIT_UNREADABLE = 1, 2


def _summary(report: Report) -> str:
    kind = "XRechnung" if "xrechnung" in report.guideline else "EN 16931"
    warnings = f"; {len(report.warnings)} warnings" if report.warnings else ""
    return f"{kind}, {report.guideline}{warnings}"


@invoices_app.command("validate")
def validate_cmd(
    files: list[Path] = typer.Argument(..., help="CII XML files or PDFs with the XML embedded."),
    warnings: bool = typer.Option(False, "--warnings", help="Also list the warnings."),
) -> None:
    """Check e-invoices offline: XSD, EN 16931 rules, XRechnung rules (BR-DE), line amounts.
    One line per failed rule (rule id first); exit 1 when a file fails, 2 when unreadable."""
    from kontor.adapters.documents.validation import NotAnInvoice, validate

    code = 0
    for path in files:
        try:
            report = validate(path.read_bytes())
        except (OSError, NotAnInvoice) as exc:
            print(f"{path}: cannot be checked: {exc}", file=sys.stderr)
            code = max(code, EXIT_UNREADABLE)
            continue
        print(f"{path}: {'valid' if report.valid else 'INVALID'} ({_summary(report)})")
        shown = report.findings if warnings else tuple(report.errors)
        for finding in shown:
            print(f"  {finding}")
        if not report.valid:
            code = max(code, EXIT_FAILS)
    raise typer.Exit(code)


def documents_of(result, call_list: CallList | None = None) -> CustomerDocuments:
    """What a simulation's documents are made from (services.simulate.SimulationResult),
    with the itemised call lists the customer chose (`call_list` overrides the choice)."""
    from kontor.adapters.documents.export import CustomerDocuments
    from kontor.services.call_list import call_lists

    account = result.account
    return CustomerDocuments(account.customer, account.offer.catalogs, result.invoices,
                             result.agreements, account.offer.currency.value, account.sites(),
                             call_lists(result.uow, account.customer.id, choice=call_list))


CALL_LIST_HELP = ("Itemised call list (Einzelverbindungsnachweis) in the invoice PDFs: none, "
                  "full or masked (last three digits). Default: as the customer chose.")


def write_and_check(source: CustomerDocuments, directory: Path, lang: str | None) -> None:
    """Write a customer's documents; say where, and warn about e-invoices that fail a rule
    (a customer without postal address or e-mail cannot get a valid XRechnung)."""
    from kontor.adapters.documents.export import write_documents, xml_files
    from kontor.adapters.documents.validation import validate

    paths = write_documents(source, directory, lang)
    print(f"{len(paths)} documents of {source.customer.name} written to {directory}",
          file=sys.stderr)
    for path in xml_files(paths):
        report = validate(path.read_bytes())
        for finding in report.errors:
            print(f"{path}: {finding}", file=sys.stderr)
