"""`kontor demo` (what `make demo` runs): the running system on the embedded SQLite default.
It migrates kontor.db, loads the shipped catalogs, opens example customers of every offer,
rates their generated month of usage through the usage service, runs the billing run and
prints a summary, then says how to look at the result (CLI, API). Run again, it adds nothing:
customers that exist are kept and the billing run is idempotent."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kontor.entrypoints.cli.billing_cmds import summary_table
from kontor.entrypoints.cli.store_common import DATABASE, LANG, Say, opened, shown

MONTH = date(2026, 1, 1)
BILLING_DATE = date(2026, 2, 1)


def demo(
    customers: int = typer.Option(300, "--customers", min=1, help="Example customers."),
    database: str | None = DATABASE,
    lang: str = LANG,
) -> None:
    """Load catalogs and example customers into the store, rate a month, bill, summarise."""
    from kontor.adapters.db.migrate import upgrade
    from kontor.services.billing_run import run_in_process
    from kontor.services.catalogs import load_shipped
    from kontor.services.population import sample_customers, store_customers

    say = Say(lang)
    console = Console()
    with opened(database, say, check=False) as store:
        upgrade(store.engine)
        load_shipped(store)
        uow = store.uow()
        with uow:
            known = set(uow.accounts.ids())
        samples = [s for s in sample_customers(customers, MONTH, seed=2026)
                   if s.customer.id not in known]
        started = time.perf_counter()
        with _progress(say("demo_customers")) as progress:
            task = progress.add_task("", total=len(samples) * 2)
            store_customers(store, samples,
                            progress=lambda done, _: progress.update(task, completed=done))
        with _progress(say("cli_bill_progress", day=BILLING_DATE)) as progress:
            task = progress.add_task("", total=None)
            result = run_in_process(store, BILLING_DATE, progress=lambda done, total:
                                    progress.update(task, completed=done, total=total))
        uow = store.uow()
        with uow:
            ids = uow.accounts.ids()
            summary = uow.billing.summary(BILLING_DATE)
        console.print(summary_table(summary, say("demo_title", database=shown(store)), say))
        console.print(say("demo_summary", customers=len(ids), new=len(samples),
                          invoices=result.issued,
                          seconds=round(time.perf_counter() - started, 1)))
        out = _example_documents(Path("out"), lang)
        if out:
            console.print(say("demo_documents", count=out, out=Path("out").resolve()))
        console.print(say("demo_next", first=ids[0] if ids else "-"))


def _example_documents(out: Path, lang: str) -> int:
    """The invoices and agreements of the example scenarios (one customer per offer) as
    documents in out/<example>/: PDF (Factur-X or QR-bill), XRechnung XML, agreements."""
    from kontor.adapters.documents.export import write_documents
    from kontor.adapters.scenario_yaml import load_scenario
    from kontor.entrypoints.cli.documents_cmds import documents_of
    from kontor.services.simulate import simulate

    examples = Path(__file__).resolve().parents[4] / "examples"
    written = 0
    for path in sorted(examples.glob("*.yaml")):
        written += len(write_documents(documents_of(simulate(load_scenario(path))),
                                       out / path.stem, lang))
    return written


def _progress(label: str) -> Progress:
    return Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True))

