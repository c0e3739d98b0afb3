"""`kontor invoices list | show | export`: the invoices in the store. The `invoices` group is
shared with other commands (`invoices validate`, documents_cmds.py): `add_commands(group)` puts
these three on it.

An export format is an Exporter in EXPORTERS (file suffix and a function from the invoice and
the customer's account to the file's bytes); `--format` offers every one registered, so a PDF or
e-invoice format is one more entry."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kontor.adapters.documents.formatting import Formats, locale_for
from kontor.domain.account import Account, CallList
from kontor.domain.invoicing.call_list import ItemisedCalls
from kontor.domain.invoicing.invoice import Invoice
from kontor.entrypoints.cli.documents_cmds import CALL_LIST_HELP
from kontor.entrypoints.cli.simulate_output import invoice_json
from kontor.entrypoints.cli.simulate_tables import _invoice_table
from kontor.entrypoints.cli.store_common import (
    DATABASE,
    LANG,
    Say,
    fail,
    opened,
    refusals_end,
)
from kontor.entrypoints.refusals import EXIT_REFUSED
from kontor.services.call_list import call_lists
from kontor.services.unit_of_work import UnitOfWork

HELP = "Invoices: list, show and export them."
ISO = ["%Y-%m-%d"]


@dataclass(frozen=True)
class Exported:
    """What an exported file is made from: the invoice, the customer's account (master data
    and catalogs), the customer's invoices (what a credit corrects) and the itemised call
    list of the invoice (None: the customer gets none, or the format has no place for it)."""

    invoice: Invoice
    account: Account
    earlier: list[Invoice]
    calls: ItemisedCalls | None = None


@dataclass(frozen=True)
class Exporter:
    suffix: str
    render: Callable[[Exported], bytes | None]
    call_list: bool = False  # the file shows the itemised call list (the PDF)
    check: Callable[[bytes], list[str]] | None = None  # what a receiver would refuse in a file


def _json(source: Exported) -> bytes:
    """The invoice as in `kontor simulate --json` (shared/spec/scenarios.md)."""
    return (json.dumps(invoice_json(source.invoice), indent=2, ensure_ascii=False)
            + "\n").encode()


def _files(source: Exported):
    from kontor.adapters.documents.export import invoice_files
    from kontor.adapters.documents.model import invoice_document

    account = source.account
    return invoice_files(invoice_document(
        source.invoice, account.offer.catalogs, account.customer, earlier=source.earlier,
        sites=account.sites(), calls=source.calls))


def _pdf(source: Exported) -> bytes:
    """The invoice PDF: for EUR a Factur-X/ZUGFeRD PDF/A-3 with the CII XML embedded, for
    CHF with the QR-bill payment part; with the itemised call list when there is one."""
    return _files(source).pdf


def _xrechnung(source: Exported) -> bytes | None:
    """The XRechnung CII XML (EUR invoices; None for CHF, which have no e-invoice)."""
    return _files(source).xml


def _xrechnung_errors(data: bytes) -> list[str]:
    """The XRechnung rules (BR-DE-*, PEPPOL) a file breaks — e.g. a customer without postal
    address or e-mail (the cheap checks of `invoices validate`, without the schematron)."""
    from lxml import etree

    from kontor.adapters.documents.br_de import xrechnung_findings
    from kontor.adapters.documents.findings import ERROR

    return [f"{f.rule}: {f.message}" for f in xrechnung_findings(etree.fromstring(data))
            if f.severity == ERROR]


EXPORTERS: dict[str, Exporter] = {
    "json": Exporter(".json", _json), "pdf": Exporter(".pdf", _pdf, call_list=True),
    "zugferd": Exporter(".pdf", _pdf, call_list=True),
    "xrechnung": Exporter(".xml", _xrechnung, check=_xrechnung_errors)}


def _invoices(uow: UnitOfWork, customer: str | None, first: datetime | None,
              last: datetime | None) -> list[Invoice]:
    """Inside a unit of work: the invoices of one customer (None: all), issued in [first,
    last], by date and number. An unknown customer is refused."""
    ids = [customer] if customer else uow.accounts.ids()
    if customer:
        uow.accounts.get(customer)
    found = [i for cid in ids for i in uow.billing.invoices(cid)
             if (first is None or i.issued_on >= first.date())
             and (last is None or i.issued_on <= last.date())]
    return sorted(found, key=lambda i: (i.issued_on, i.number))


CUSTOMER = typer.Option(None, "--customer", help="Only this customer's invoices.")
FIRST = typer.Option(None, "--from", formats=ISO, help="Issued on or after (YYYY-MM-DD).")
LAST = typer.Option(None, "--to", formats=ISO, help="Issued on or before (YYYY-MM-DD).")


def add_commands(group: typer.Typer) -> None:
    group.command("list")(list_invoices)
    group.command("show")(show_invoice)
    group.command("export")(export_invoices)


def list_invoices(customer: str = CUSTOMER, first: datetime = FIRST, last: datetime = LAST,
                  database: str = DATABASE, lang: str = LANG) -> None:
    """A table of invoices: number, customer, date, currency, net, gross, payable."""
    say = Say(lang)
    with opened(database, say) as store, refusals_end(say), store.uow() as uow:
        invoices = _invoices(uow, customer, first, last)
    if not invoices:
        print(say("cli_no_invoices"))
        return
    table = Table(title=say("label_invoices"), title_justify="left")
    for key in ("number", "customer", "date", "currency", "net", "gross", "payable"):
        table.add_column(say(f"label_{key}"), justify="right" if key in (
            "net", "gross", "payable") else "left")
    for invoice in invoices:
        fmt = _formats(invoice, lang)
        t = invoice.totals
        table.add_row(escape(invoice.number), escape(invoice.customer),
                      fmt.day(invoice.issued_on), invoice.currency.value,
                      *(fmt.amount(x) for x in (t.net, t.gross, t.payable)))
    Console().print(table)


def _formats(invoice: Invoice, lang: str) -> Formats:
    """Numbers and dates as `invoices show` and the documents write them."""
    return Formats(locale_for(lang, "CH" if invoice.currency.value == "CHF" else "DE"))


def show_invoice(number: str = typer.Argument(..., help="The invoice number."),
                 database: str = DATABASE, lang: str = LANG) -> None:
    """One invoice: its lines and totals."""
    say = Say(lang)
    with opened(database, say) as store, store.uow() as uow:
        invoice = uow.billing.invoice(number)
        if invoice is None:
            fail(say("api_unknown_invoice", number=number), EXIT_REFUSED)
        account = uow.accounts.get(invoice.customer)
    Console().print(_invoice_table(invoice_json(invoice), lang, account.customer.name,
                                   account.sites()))


def export_invoices(
    out: Path = typer.Option(..., "--out", help="Folder to write the files to (made if "
                                                "missing)."),
    fmt: str = typer.Option("json", "--format", help=f"One of {', '.join(EXPORTERS)}."),
    customer: str = CUSTOMER, first: datetime = FIRST, last: datetime = LAST,
    call_list: CallList | None = typer.Option(None, "--call-list", help=CALL_LIST_HELP),
    database: str = DATABASE, lang: str = LANG,
) -> None:
    """Write one file per invoice, named after its number."""
    say = Say(lang)
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        fail(say("cli_bad_choice", option="--format", value=fmt, allowed=", ".join(EXPORTERS)))
    out.mkdir(parents=True, exist_ok=True)
    with opened(database, say) as store, refusals_end(say), store.uow() as uow:
        invoices = _invoices(uow, customer, first, last)
        written, without, broken = 0, [], 0
        lists: dict[str, dict[str, ItemisedCalls]] = {}  # customer -> invoice -> call list
        for invoice in invoices:
            calls = None
            if exporter.call_list:
                if invoice.customer not in lists:
                    lists[invoice.customer] = call_lists(uow, invoice.customer, choice=call_list)
                calls = lists[invoice.customer].get(invoice.number)
            data = exporter.render(Exported(invoice, uow.accounts.get(invoice.customer),
                                            uow.billing.invoices(invoice.customer), calls))
            if data is None:  # no such document for this invoice (XRechnung of a CHF one)
                without.append(invoice.number)
                continue
            path = out / (_file_name(invoice.number) + exporter.suffix)
            path.write_bytes(data)
            written += 1
            errors = exporter.check(data) if exporter.check else []
            broken += bool(errors)
            for error in errors:
                print(f"{path}: {error}", file=sys.stderr)
    print(say("cli_exported", count=written, format=fmt, out=out))
    if without:
        print(say("cli_export_without", count=len(without), format=fmt,
                  numbers=", ".join(without[:5]) + (", …" if len(without) > 5 else "")))
    if broken:
        print(say("cli_export_broken", count=broken, format=fmt), file=sys.stderr)


def _file_name(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", number)
