"""Billing jobs. On PostgreSQL: procrastinate's queue (in the same database as the store), so
worker processes on this machine or on others that share the database take batches of
customers. On SQLite (one machine): the same batches in a local process pool. One task: bill
a batch. Nothing here knows billing rules; the task calls the billing run service."""

from __future__ import annotations

import gc
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    import procrastinate

QUEUE = "billing"


def for_batch_work() -> None:
    """Garbage collection tuned for a process that bills batches: a batch makes hundreds of
    thousands of small objects that live until it is issued, and CPython's default (a
    collection every 700 allocations) scans them again and again — a fifth of a run. What is
    alive now (modules, catalogs) is frozen out of collection; collections come rarer."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def conninfo(url: str) -> str:
    """The store's SQLAlchemy URL as a libpq connection string for procrastinate."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


@cache
def job_app(url: str) -> procrastinate.App:
    import procrastinate  # only where the queue is used: SQLite runs pay no 0.4 s import

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))

    @app.task(name="kontor.bill_batch", queue=QUEUE,
              retry=procrastinate.RetryStrategy(max_attempts=5, wait=1))
    def bill_batch_job(billing_date: str, customers: list[str]) -> int:
        from kontor.services.billing_run import bill_batch

        # the worker's own database URL, never one from the job (no secrets in the queue)
        result = bill_batch(_store(url), customers, date.fromisoformat(billing_date))
        return result.issued

    return app


@cache
def _store(url: str):
    from kontor.adapters.db.uow import SqlStore

    return SqlStore(url)


SCHEMA_LOCK = 0x6B6F6E746F72  # an advisory lock: one process creates the queue's tables


def apply_schema(url: str) -> bool:
    """Create procrastinate's tables once (`kontor db upgrade` on PostgreSQL does); False if
    they exist. Several processes may call it at once: an advisory lock lets one work."""
    from sqlalchemy import create_engine, func, inspect, select

    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    try:
        with engine.connect() as conn:
            conn.execute(select(func.pg_advisory_lock(SCHEMA_LOCK)))
            try:
                if inspect(conn).has_table("procrastinate_jobs"):
                    return False
                app = job_app(url)
                with app.open():
                    app.schema_manager.apply_schema()
                return True
            finally:
                conn.execute(select(func.pg_advisory_unlock(SCHEMA_LOCK)))
    finally:
        engine.dispose()


def defer_batches(url: str, billing_date: date, batches: list[list[str]]) -> None:
    app = job_app(url)
    task = app.tasks["kontor.bill_batch"]
    with app.open():
        for customers in batches:
            task.defer(billing_date=billing_date.isoformat(), customers=customers)


def work(url: str, until_empty: bool = True) -> None:
    """Run a worker: take billing batches until the queue is empty (or forever)."""
    app = job_app(url)
    for_batch_work()
    with app.open():
        app.run_worker(queues=[QUEUE], wait=not until_empty, concurrency=1,
                       install_signal_handlers=not until_empty)


def run_on_processes(url: str, billing_date: date, batches: list[list[str]], workers: int,
                     progress=None) -> int:
    """SQLite (one machine): the same batch jobs in a pool of `workers` processes
    (concurrent.futures). They read and draft at the same time and take turns at SQLite's one
    writer for their short issuing transactions. Returns the customers billed."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    done = 0
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"),
                             initializer=for_batch_work) as pool:
        futures = [pool.submit(_bill_local, url, billing_date, customers)
                   for customers in batches]
        try:
            for future in as_completed(futures):
                done += future.result()
                if progress is not None:
                    progress(done)
        except BaseException:
            pool.shutdown(cancel_futures=True)  # what was committed stays; the rest is due
            raise
    return done


def _bill_local(url: str, billing_date: date, customers: list[str]) -> int:
    from kontor.services.billing_run import bill_batch

    return bill_batch(_store(url), customers, billing_date).customers
