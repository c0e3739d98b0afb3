"""Billing-run benchmark: many customers in a realistic mix of the offers, a month of usage,
one billing run, on SQLite and on PostgreSQL, each with 1 and 2 worker processes.

    .venv/bin/python benchmarks/billing.py [--customers N] [--no-postgres]   (default 100,000)

Set-up (not timed as the target): the customers of `services.population` (aut-pbx 30 %,
O2 Unite 30 %, Digital Phone 20 %, Smart Abo 20 %; about 70 % with a month of calls, SMS and
data) are opened through the same commands as everywhere and stored in bulk, their usage
classified by the import's code and stored in bulk. Each run bills 1 February 2026 on a fresh
copy of that database with `kontor bill --workers N` (a separate process, as an operator runs
it; on SQLite N=1 bills in that process, N=2 in a pool of two processes) and
reports invoices per second and the peak memory of the largest process. The baseline in the
same run: reading every customer's account, billed items and usage once (what any run must
read). PostgreSQL: a throw-away server from Debian's package (as the tests start one), or the
server of KONTOR_BENCH_POSTGRES_URL. Target on 2 cores: >= 2,000 invoices/s.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, func, select

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the throw-away PostgreSQL server of the tests

from kontor.adapters.db import schema as t  # noqa: E402
from kontor.adapters.db.migrate import upgrade  # noqa: E402
from kontor.adapters.db.uow import SqlStore  # noqa: E402
from kontor.services.catalogs import load_shipped  # noqa: E402
from kontor.services.population import sample_customers, store_customers  # noqa: E402

MONTH, BILLING_DATE = date(2026, 1, 1), date(2026, 2, 1)


def populate(url: str, samples) -> float:
    started = time.perf_counter()
    store = SqlStore(url)
    upgrade(store.engine)
    load_shipped(store)
    store_customers(store, samples, chunk=2000, bulk_usage=True)
    store.dispose()
    return time.perf_counter() - started


def baseline(url: str) -> float:
    """Seconds to read every customer's account, billed items and usage once."""
    from kontor.services.billing_run import BATCH, batches

    store = SqlStore(url)
    started = time.perf_counter()
    uow = store.uow()
    with uow:
        ids = uow.accounts.ids()
    for part in batches(ids, BATCH):
        with uow:
            uow.accounts.preload(part)
            uow.billing.views(part)
            uow.usage.frames(part)
    store.dispose()
    return time.perf_counter() - started


def timed_run(url: str, workers: int | None) -> tuple[float, int, float]:
    """`kontor bill` in a wrapper process: seconds, invoices issued, peak MiB of the largest
    process (the run or one of its workers)."""
    args = [sys.executable, "-m", "kontor", "bill", "--date", str(BILLING_DATE)]
    if workers is not None:
        args += ["--workers", str(workers)]
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
               "stdout=subprocess.DEVNULL); print(resource.getrusage("
               "resource.RUSAGE_CHILDREN).ru_maxrss)")
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", wrapper, *args], check=True, text=True,
                         capture_output=True, env={**os.environ, "KONTOR_DATABASE_URL": url})
    seconds = time.perf_counter() - started
    engine = create_engine(url)
    with engine.connect() as conn:
        invoices = conn.execute(select(func.count()).select_from(t.invoices)).scalar_one()
    engine.dispose()
    return seconds, invoices, int(out.stdout.split()[-1]) / 1024


def report(label: str, base: float, run: tuple[float, int, float]) -> None:
    seconds, invoices, peak = run
    print(f"{label:<28} {invoices:>8} invoices in {seconds:7.1f} s = {invoices / seconds:7.0f}"
          f"/s, peak {peak:6.0f} MiB, {seconds / base:4.1f}x the baseline ({base:.1f} s)",
          flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    samples = sample_customers(args.customers, MONTH, seed=2026)
    records = sum(len(s.records) for s in samples)
    print(f"{args.customers} customers, {records} usage records; billing {BILLING_DATE}; "
          f"Python {platform.python_version()} ({os.path.realpath(sys.executable)})",
          flush=True)
    # bytecode as an installed package has it (PYTHONDONTWRITEBYTECODE, set on some machines,
    # would have every process of every run compile Kontor's modules again)
    compileall.compile_dir(str(HERE.parent / "src" / "kontor"), quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="kontor-bench-"))
    try:
        template = folder / "template.db"
        print(f"set-up SQLite: {populate(f'sqlite:///{template}', samples):.0f} s", flush=True)
        for workers in (1, 2):  # 1: in the `kontor bill` process; 2: a pool of two processes
            copy = folder / f"run-{workers}.db"
            shutil.copy(template, copy)
            url = f"sqlite:///{copy}"
            label = "SQLite, in process" if workers == 1 else "SQLite, 2 worker processes"
            report(label, baseline(url), timed_run(url, workers))
            copy.unlink()
        if not args.no_postgres:
            server = _postgres()
            try:
                name = server.create_database()
                seconds = populate(server.url(name), samples)
                print(f"set-up PostgreSQL: {seconds:.0f} s", flush=True)
                for workers in (1, 2):
                    url = server.url(server.clone_database(name))
                    report(f"PostgreSQL, {workers} worker(s)", baseline(url),
                           timed_run(url, workers))
            finally:
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"(this process: peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}"
          " MiB for the set-up)")
    return 0


def _postgres():
    import pg

    if os.environ.get("KONTOR_BENCH_POSTGRES_URL"):
        os.environ[pg.ENV_URL] = os.environ["KONTOR_BENCH_POSTGRES_URL"]
        return pg.server_from_env()
    return pg.start_server()


if __name__ == "__main__":
    sys.exit(main())
