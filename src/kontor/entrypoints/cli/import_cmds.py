"""Data into the store: `kontor customers import` and `kontor subscriptions import` (CSV from
another system, columns in adapters/csv_import.py and README "Daily operations"), `kontor
events apply` (dated events of the scenario vocabulary for stored customers) and `kontor rate`
(a usage file imported and rated for one customer).

Each row or event goes through the services in its own unit of work: a bad one is reported
with its line or event index and reason, and the others are still applied. Exit code 0 if all
were applied, 3 if some were refused, 2 if the file cannot be used at all (nothing applied)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kontor.adapters.csv_import import (
    CUSTOMER_COLUMNS,
    SUBSCRIPTION_COLUMNS,
    Columns,
    CsvUnreadable,
    Row,
    RowInvalid,
    customer_row,
    read_csv,
    subscription_row,
)
from kontor.adapters.events_yaml import CustomerEvent, EventsInvalid, load_events
from kontor.domain.errors import Refused
from kontor.entrypoints.cli.store_common import (
    DATABASE,
    EXIT_INVALID,
    LANG,
    Say,
    attempt,
    fail,
    opened,
    progress,
    refusal_exit,
    refusals_end,
)
from kontor.entrypoints.refusals import EXIT_REFUSED
from kontor.services.commands import RecordUsage, from_event
from kontor.services.customers import open_account
from kontor.services.handlers import execute
from kontor.services.migration import take_over
from kontor.services.usage import ImportReport, quarantined, record_usage

if TYPE_CHECKING:
    from kontor.adapters.db.uow import SqlStore

customers_app = typer.Typer(help="Customers: import them from another system (CSV).",
                            no_args_is_help=True)
subscriptions_app = typer.Typer(help="Subscriptions: import them from another system (CSV).",
                                no_args_is_help=True)
quarantine_app = typer.Typer(help="The quarantine: usage records that could not be rated.",
                             no_args_is_help=True)
events_app = typer.Typer(help="Events: apply dated events to stored customers.",
                         no_args_is_help=True)
FORMATS = ("canonical", "asterisk", "freeswitch")


@customers_app.command("import")
def customers_import(
    file: Path = typer.Argument(..., help="CSV: id, name, country, region, address, vat_id, "
                                          "email, language, phone, call_list, catalogs."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Open an account for every row (a customer id already stored is refused)."""

    def one(store: SqlStore, row: Row, columns: int) -> None:
        customer, catalogs = customer_row(row, columns)
        attempt(store, lambda: open_account(store.uow(), customer, catalogs))

    _import(file, CUSTOMER_COLUMNS, one, database, Say(lang))


@subscriptions_app.command("import")
def subscriptions_import(
    file: Path = typer.Argument(..., help="CSV: customer, id, product, quantity, start, "
                                          "options, combined_with, aio, trial, site."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Subscribe stored customers: each row is a `subscribe` event on its `start` day."""

    def one(store: SqlStore, row: Row, columns: int) -> None:
        customer, day, fields, billed = subscription_row(row, columns)
        command = from_event(day, "subscribe", fields)
        if billed is None:
            attempt(store, lambda: execute(store.uow(), customer, command))
        else:
            attempt(store, lambda: take_over(store.uow(), customer, command, billed))

    _import(file, SUBSCRIPTION_COLUMNS, one, database, Say(lang))


def _import(file: Path, columns: Columns, one: Callable[[SqlStore, Row, int], None],
            database: str | None, say: Say) -> None:
    try:
        table = read_csv(file, columns)
    except CsvUnreadable as exc:
        fail(say.problems(exc.problems))
    imported = refused = 0
    with opened(database, say) as store, progress(len(table.rows), file.name) as advance:
        for row in table.rows:
            try:
                one(store, row, len(table.columns))
                imported += 1
            except RowInvalid as exc:
                refused += 1
                print(say.problems(exc.problems), file=sys.stderr)
            except Refused as exc:
                refused += 1
                print(f"{row.file}:{row.line}: {say.refused(exc)}", file=sys.stderr)
            advance()
    print(say("cli_import_summary", file=file, imported=imported, refused=refused))
    raise typer.Exit(EXIT_REFUSED if refused else 0)


@events_app.command("apply")
def events_apply(
    file: Path = typer.Argument(..., help="YAML: `events:`, a list of events, each with "
                                          "customer, date, do and the fields of its do."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Apply dated events (the scenario vocabulary) to stored customers, in date order. The
    whole file is checked first; a refused event is reported and the others still apply."""
    say = Say(lang)
    try:
        events = load_events(file)
    except EventsInvalid as exc:
        fail(say.problems(exc.problems))
    applied = refused = 0
    with opened(database, say) as store, progress(len(events), file.name) as advance:
        for event in events:
            what = say("cli_event", index=event.command.index, date=event.command.day,
                       customer=event.customer, do=event.do)
            try:
                _apply(store, event, what, say)
                applied += 1
            except Refused as exc:
                refused += 1
                print(f"{file}: {what}: {say.refused(exc)}", file=sys.stderr)
            advance()
    print(say("cli_events_summary", file=file, applied=applied, refused=refused))
    raise typer.Exit(EXIT_REFUSED if refused else 0)


def _apply(store: SqlStore, event: CustomerEvent, what: str, say: Say) -> None:
    command = event.command
    if isinstance(command, RecordUsage):
        report = attempt(store, lambda: record_usage(store.uow(), event.customer, command))
        _print_report(report, say, prefix=f"{what}: ")
        return
    effects = attempt(store, lambda: execute(store.uow(), event.customer, command))
    for notice in effects.notices:
        print(f"{what}: {notice.message(say.lang)}")


def rate(
    file: Path = typer.Argument(..., help="Usage file (CDRs)."),
    customer: str = typer.Option(..., "--customer", help="The customer the records are for."),
    source: str = typer.Option(..., "--source", help="The system that produced the records: "
                                                     "a record id is charged once per source."),
    fmt: str = typer.Option("canonical", "--format", help=f"One of {', '.join(FORMATS)}."),
    layout: str = typer.Option(None, "--layout", help="A named column layout of a PBX file."),
    columns: str = typer.Option(None, "--columns", help="The column order of a PBX file."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """Import and rate a usage file for a customer (shared/spec/usage.md). Records seen before
    from the same source are duplicates and charged nothing; bad records are quarantined."""
    say = Say(lang)
    if fmt not in FORMATS:
        fail(say("cli_bad_choice", option="--format", value=fmt, allowed=", ".join(FORMATS)))
    command = RecordUsage(day=date.today(), file=str(file), format=fmt, layout=layout,
                          columns=columns, source=source)
    with opened(database, say) as store:
        try:
            report = attempt(store, lambda: record_usage(store.uow(), customer, command))
        except Refused as exc:
            unreadable = exc.key == "usage_refused"  # the file, not the customer
            fail(f"{file}: {say.refused(exc)}", EXIT_INVALID if unreadable else refusal_exit(exc))
    _print_report(report, say)


def quarantine_list(
    customer: str = typer.Option(..., "--customer", help="The customer whose quarantine."),
    still_open: bool = typer.Option(False, "--open", help="Only entries not re-submitted."),
    database: str = DATABASE,
    lang: str = LANG,
) -> None:
    """The customer's quarantined records, oldest first: the entry's number (to correct it by,
    through the API), file and line, why, and the record's text; whether a correction was
    re-submitted."""
    say = Say(lang)
    with opened(database, say) as store, refusals_end(say):
        entries = quarantined(store.uow(write=False), customer)
    shown = [(n, e, done) for n, (e, done) in enumerate(entries) if not (still_open and done)]
    if not shown:
        print(say("cli_quarantine_empty", customer=customer))
    for number, entry, done in shown:
        print(say("cli_quarantine_entry", entry=number, file=entry.source_file, line=entry.line,
                  reason=say.reason(entry.reason)))
        print(f"    {entry.raw}")
        if done:
            print(say("cli_quarantine_resubmitted"))


def _print_report(report: ImportReport, say: Say, prefix: str = "") -> None:
    c = report.counts
    print(prefix + say("cli_usage_counts", file=report.source_file, read=c.read, rated=c.rated,
                       duplicates=c.duplicates, not_billable=c.not_billable,
                       quarantined=c.quarantined))
    for entry in report.quarantine:
        print(f"{entry.source_file}:{entry.line}: {say('cli_quarantined')}: "
              f"{say.reason(entry.reason)}")
