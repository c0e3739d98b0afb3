"""The billing run over a population of 2,000 example customers (a mix of the four catalogs,
some with a month of usage), on SQLite and on PostgreSQL:

- a run bills exactly what billing each customer on its own bills, numbers included;
- a second run for the same date creates nothing;
- a run killed with SIGKILL at a random point and started again ends with the invoices of an
  uninterrupted run, numbers gap-free, none twice;
- two runs of the same date at once (on PostgreSQL each with its own queue worker) bill every
  customer once; and two worker processes (PostgreSQL: the queue; SQLite: a process pool) give
  the uninterrupted run's invoices.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from population import BILLING_DATE, Population
from sqlalchemy import create_engine, func, select

from kontor.adapters.db import schema as t
from kontor.adapters.db.uow import SqlStore
from kontor.services.billing import run_billing
from kontor.services.billing_run import due_customers, run_in_process, shared_batches

CUSTOMERS = 2000


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def population(request, tmp_path_factory) -> Population:
    server = request.getfixturevalue("postgres_server") if request.param == "postgresql" \
        else None
    return Population(request.param, tmp_path_factory.mktemp("population"), server, CUSTOMERS)


def invoices_of(url: str) -> dict:
    """Every invoice: number -> (customer, date, currency, totals, lines)."""
    store = SqlStore(url)
    uow = store.uow()
    with uow:
        found = {i.number: (i.customer, i.issued_on, str(i.currency), i.totals, i.lines)
                 for i in uow.billing.invoices()}
    store.dispose()
    return found


def by_customer(invoices: dict) -> dict:
    """The same without the numbers: what each customer was invoiced."""
    out: dict = {}
    for _, (customer, *rest) in sorted(invoices.items()):
        out.setdefault(customer, []).append(tuple(rest))
    return {c: sorted(v, key=repr) for c, v in out.items()}


def assert_gap_free(invoices: dict) -> None:
    per_prefix: dict = {}
    for number in invoices:
        prefix, _, serial = number.rpartition("-")
        per_prefix.setdefault(prefix, []).append(int(serial))
    for prefix, serials in per_prefix.items():
        assert sorted(serials) == list(range(1, len(serials) + 1)), prefix


def kontor(url: str, *args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "KONTOR_DATABASE_URL": url}
    return subprocess.Popen([sys.executable, "-m", "kontor", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True, **kw)


def issued(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.invoices)).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def reference(population: Population) -> dict:
    """The invoices of one uninterrupted in-process run."""
    url = population.copy()
    result = run_in_process(SqlStore(url), BILLING_DATE, batch=300)
    invoices = invoices_of(url)
    assert len(invoices) == result.issued > CUSTOMERS * 0.8
    assert result.payable == {currency: sum(totals.payable for _, _, c, totals, _ in invoices.values()
                                            if c == currency) for currency in ("EUR", "CHF")}
    return invoices


def test_a_run_bills_what_billing_each_customer_alone_bills(population, reference) -> None:
    url = population.copy()
    store = SqlStore(url)
    for customer in due_customers(store, BILLING_DATE):
        run_billing(store.uow(), customer, BILLING_DATE)
    assert invoices_of(url) == reference  # numbers too: both go through customers in order
    assert_gap_free(reference)
    currencies = Counter(currency for _, _, currency, _, _ in reference.values())
    assert set(currencies) == {"EUR", "CHF"}


def test_a_second_run_for_the_same_date_creates_nothing(population, reference) -> None:
    url = population.copy()
    store = SqlStore(url)
    run_in_process(store, BILLING_DATE)
    again = run_in_process(store, BILLING_DATE)
    assert (again.customers, again.issued, again.payable) == (0, 0, {})
    assert invoices_of(url) == reference


def test_a_run_killed_at_a_random_point_and_restarted_invoices_like_an_uninterrupted_one(
        population, reference) -> None:
    url = population.copy()
    workers = ["--workers", "2", "--batch", "200"] if population.kind == "postgresql" else []
    after = killed_and_restarted(url, reference, workers)
    if population.kind == "sqlite":  # one process, customers in order: the same numbers
        assert after == reference


@pytest.mark.parametrize("population", ["sqlite"], indirect=True)  # PostgreSQL: above
def test_two_worker_processes_on_sqlite_killed_and_restarted_invoice_like_one_run(
        population, reference) -> None:
    killed_and_restarted(population.copy(), reference, ["--workers", "2", "--batch", "200"])


def killed_and_restarted(url: str, reference: dict, workers: list[str]) -> dict:
    """`kontor bill` killed with SIGKILL (with its worker processes) after a random number
    of invoices, then started again: the invoices of the uninterrupted run, gap-free."""
    target = random.Random().randrange(len(reference) // 10, len(reference) * 8 // 10)
    run = kontor(url, "bill", "--date", str(BILLING_DATE), *workers)
    deadline = time.monotonic() + 300
    while issued(url) < target and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the run and its worker processes
    run.wait()
    killed_at = issued(url)
    assert 0 < killed_at < len(reference), f"killed after {killed_at} invoices"
    restart = kontor(url, "bill", "--date", str(BILLING_DATE), *workers)
    assert restart.wait(timeout=600) == 0, restart.stderr.read().decode()
    after = invoices_of(url)
    assert_gap_free(after)
    assert by_customer(after) == by_customer(reference)
    return after


def test_two_runs_of_one_date_at_once_bill_every_customer_once(population, reference) -> None:
    url = population.copy()
    runs = [kontor(url, "bill", "--date", str(BILLING_DATE), "--workers", "1",
                   "--batch", "150") for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=600) == 0, run.stderr.read().decode()
    after = invoices_of(url)
    assert_gap_free(after)
    assert by_customer(after) == by_customer(reference)
    assert not due_customers(SqlStore(url), BILLING_DATE)


@pytest.mark.parametrize("population", ["sqlite"], indirect=True)  # PostgreSQL: above
def test_two_worker_processes_on_sqlite_invoice_like_one_process(population, reference) -> None:
    url = population.copy()
    run = kontor(url, "bill", "--date", str(BILLING_DATE), "--workers", "2", "--batch", "150")
    assert run.wait(timeout=600) == 0, run.stderr.read().decode()
    after = invoices_of(url)
    assert_gap_free(after)
    assert by_customer(after) == by_customer(reference)
    assert not due_customers(SqlStore(url), BILLING_DATE)


def test_worker_processes_get_at_least_four_batches_each_and_every_customer_once() -> None:
    """The last two batches' worth (two workers) in eight small ones: the workers end within
    a small batch of each other."""
    ids = [f"K{n:06d}" for n in range(10_000)]
    shared = shared_batches(ids, 2, 2000)  # 5 batches of 2,000 would leave one worker idle
    assert [len(b) for b in shared] == [1250] * 6 + [313] * 7 + [309]
    assert [cid for batch in shared for cid in batch] == ids
    assert [len(b) for b in shared_batches(ids, 2, 500)] == [500] * 18 + [125] * 8
    assert [len(b) for b in shared_batches(ids[:5], 2, 2000)] == [1] * 5
    assert [len(b) for b in shared_batches(ids, 1, 2000)] == [2000] * 5  # one process
    assert [len(b) for b in shared_batches(ids, 0, 2000)] == [2000] * 5  # queued for others
    assert shared_batches([], 2, 2000) == []
