"""`kontor bill` and `kontor worker`: the billing run of a date. On SQLite the batches run in
this process, or with `--workers N` (N > 1) in a pool of N processes on this machine; on
PostgreSQL they go to the job queue (procrastinate) and `--workers N` worker
processes take them here, while `kontor worker` on other machines sharing the database may
take them too."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kontor.domain.calendar import next_month_start
from kontor.entrypoints.cli.store_common import DATABASE, LANG, Say, day_option, fail, opened
from kontor.services.billing_run import BATCH, due_customers, run_in_process, shared_batches

console = Console(stderr=True)


def bill(
    billing_date: str = typer.Option(..., "--date", help="Billing date (YYYY-MM-DD)."),
    workers: int = typer.Option(1, "--workers", min=0,
                                help="Worker processes on this machine; 0 (PostgreSQL): "
                                     "only queue the batches for `kontor worker` elsewhere."),
    batch: int = typer.Option(BATCH, "--batch", min=1, help="Customers per job."),
    database: str | None = DATABASE,
    lang: str = LANG,
) -> None:
    """Invoice every customer due on DATE. Idempotent and resumable: run it again after an
    interruption and it bills exactly who is still due."""
    say = Say(lang)
    day = day_option(billing_date, "--date", say)
    if day.day != 1:  # offers.md §0: the billing date is the 1st of every month
        fail(say("cli_bill_not_a_billing_date", day=day, first=next_month_start(day).isoformat()))
    with opened(database, say) as store:
        _bill(store, day, workers, batch, say)


def _bill(store, day: date, workers: int, batch: int, say: Say) -> None:
    before = _issued(store, day)
    started = time.perf_counter()
    with _progress() as progress:
        task = progress.add_task(say("cli_bill_progress", day=day), total=None)

        def show(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        if store.dialect == "postgresql":
            _run_on_queue(store, day, workers, batch, show, say)
        elif workers > 1:
            _run_on_processes(store, day, workers, batch, show)
        else:
            from kontor.adapters.jobs import for_batch_work

            for_batch_work()
            run_in_process(store, day, batch, show)
    _summary(store, day, time.perf_counter() - started, before, say)


def worker(
    until_empty: bool = typer.Option(False, "--until-empty",
                                     help="Stop when the queue is empty."),
    database: str | None = DATABASE,
    lang: str = LANG,
) -> None:
    """Take billing batches from the job queue (PostgreSQL) until stopped."""
    from kontor.adapters.jobs import work

    say = Say(lang)
    with opened(database, say) as store:
        if store.dialect != "postgresql":
            fail(say("cli_worker_needs_postgresql"))
        work(store.url, until_empty=until_empty)


def _run_on_queue(store, day: date, workers: int, batch: int, show, say: Say) -> None:
    from kontor.adapters.jobs import apply_schema, defer_batches

    apply_schema(store.url)
    due = due_customers(store, day)
    if not due:
        return
    jobs = shared_batches(due, workers, batch)
    defer_batches(store.url, day, jobs)
    if workers == 0:
        console.print(say("cli_bill_queued", customers=len(due), jobs=len(jobs)))
        return
    env = {**os.environ, "KONTOR_DATABASE_URL": store.url}
    procs = [subprocess.Popen([sys.executable, "-m", "kontor", "worker", "--until-empty"],
                              env=env) for _ in range(workers)]
    try:
        while any(p.poll() is None for p in procs):
            show(len(due) - len(due_customers(store, day)), len(due))
            time.sleep(2)  # the workers do the work; a look now and then is enough
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
    show(len(due) - len(due_customers(store, day)), len(due))
    failed = [p.returncode for p in procs if p.returncode]
    if failed:
        fail(say("cli_bill_workers_failed", failed=len(failed)), 1)


def _run_on_processes(store, day: date, workers: int, batch: int, show) -> None:
    from kontor.adapters.jobs import run_on_processes

    due = due_customers(store, day)
    if due:
        run_on_processes(store.url, day, shared_batches(due, workers, batch), workers,
                         lambda done: show(done, len(due)))


def _issued(store, day: date) -> int:
    uow = store.uow()
    with uow:
        return sum(n for n, _ in uow.billing.summary(day).values())


def _summary(store, day: date, seconds: float, before: int, say: Say) -> None:
    uow = store.uow()
    with uow:
        summary = uow.billing.summary(day)
        left = len(uow.billing.due(day))
    Console().print(summary_table(summary, say("cli_bill_title", day=day), say))
    count = sum(n for n, _ in summary.values()) - before
    rate = round(count / seconds) if seconds > 0 else 0
    line = say("cli_bill_done", count=count, seconds=round(seconds, 1), rate=rate)
    console.print(line + ("; " + say("cli_bill_left", customers=left) if left else ""))


def summary_table(summary: dict, title: str, say: Say) -> Table:
    """Invoices and amount payable per currency, amounts as the reader writes them."""
    from kontor.adapters.documents.formatting import Formats, locale_for

    table = Table(title=title)
    for column in ("label_currency", "label_invoices", "label_payable"):
        table.add_column(say(column), justify="right")
    for currency, (count, total) in sorted(summary.items()):
        formats = Formats(locale_for(say.lang, "CH" if currency == "CHF" else "DE"))
        table.add_row(currency, str(count), formats.money(total, currency))
    return table


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console)

