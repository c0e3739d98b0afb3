"""Batch rating benchmark: the usage of a billing-run batch rated customer by customer
(customer_columnar.rate_frame, what draft does today) and in one columnar pass
(rating.batch.price_usage_many), on realistic sample customers (services.population: aut-pbx,
O2 Unite, Digital Phone, Smart Abo; about 18 records a customer).

    .venv/bin/python benchmarks/batch_rating.py [--sizes 500 5000] [--seed 7] [--repeat 3]

Prints per size: records, the time per customer of both paths, wall clock and CPU time of the
process (Polars threads included; steadier on a shared machine), best of --repeat for the
batch and once over every customer for the per-customer path, the speed-up, and whether both
give the same totals for every customer. Target: well under 0.5 ms per customer on average (a run
of >= 2,000 invoices/s on 2 cores). Building the customers (commands and usage import in
memory) is slow and not measured.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from kontor.adapters.memory import MemoryStore
from kontor.domain.rating.batch import price_usage_many, rate_frames
from kontor.domain.rating.customer_columnar import rate_frame
from kontor.services.population import sample_customers, store_customers

MONTH = date(2026, 1, 1)
UNTIL = date(2026, 1, 31)


def population(count: int, seed: int):
    samples = sample_customers(count, MONTH, seed)
    store = MemoryStore()
    store_customers(store, samples)
    uow = store.uow()
    with uow:
        ids = [s.customer.id for s in samples]
        return {cid: uow.accounts.get(cid) for cid in ids}, uow.usage.frames(ids)


def key(total):
    return (total.subscription, total.month, total.group, total.unit_price, total.quantity,
            total.amount)


def timed(work):
    """(result, wall seconds, CPU seconds of the process: every Polars thread included)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def measure(count: int, seed: int, repeat: int) -> None:
    started = time.perf_counter()
    accounts, frames = population(count, seed)
    built = time.perf_counter() - started
    records = sum(f.height for f in frames.values())
    reference, single, single_cpu = timed(
        lambda: {cid: rate_frame(accounts[cid], frames[cid], UNTIL).totals for cid in frames})
    best = detail = (float("inf"), float("inf"))
    for _ in range(repeat):
        batch, wall, cpu = timed(lambda: price_usage_many(accounts, frames, UNTIL))
        best = min(best, (wall, cpu))
        _, wall, cpu = timed(lambda: rate_frames(accounts, frames, UNTIL))
        detail = min(detail, (wall, cpu))
    same = all(sorted(map(key, reference[cid])) == sorted(map(key, batch[cid]))
               for cid in frames)
    ms = 1e3 / count
    print(f"{count:>6} customers, {records:>7} records (built in {built:.0f} s); "
          "ms per customer, wall / CPU")
    print(f"  per customer  rate_frame        {single * ms:8.3f} / {single_cpu * ms:8.3f}")
    print(f"  batch         price_usage_many  {best[0] * ms:8.3f} / {best[1] * ms:8.3f}   "
          f"({single / best[0]:.0f}x faster)")
    print(f"  batch         rate_frames       {detail[0] * ms:8.3f} / {detail[1] * ms:8.3f}   "
          "(slots and flagged records too, split per customer)")
    print(f"  same totals for every customer: {same}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for count in args.sizes:
        measure(count, args.seed, args.repeat)


if __name__ == "__main__":
    main()
