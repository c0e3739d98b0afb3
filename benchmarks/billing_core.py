"""Billing-core benchmark: what one invoice costs as a customer's history grows, and how long a
large scenario takes to load and run.

    .venv/bin/python benchmarks/billing_core.py [--quick]

Prints, for aut-pbx customers of 1, 5 and 10 years with a quantity change every month, the
time per invoice (the whole simulation divided by its billing dates) and the ratio of the
10-year to the 1-year figure (target ≤ 1.5), the 10-year run end to end (target < 1 s), and a
scenario of 1,000 subscriptions and 50,000 events loaded and run (target < 30 s) with its peak
memory. Ratios are measured in the same run, so a noisy machine moves both sides alike.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from kontor.adapters.scenario_yaml import load_scenario
from kontor.domain.calendar import add_months
from kontor.services.simulate import simulate

START = date(2026, 1, 1)


SUBSCRIBE = {
    "aut-pbx": "product: autpbx-extension, quantity: 10",
    "digital-phone": "product: dp-base-basic, quantity: 10, options: [dp-efax]",  # + HWM fees
}


def customer_file(folder: Path, years: int, catalog: str = "aut-pbx") -> Path:
    """A customer with one quantity change a month for `years` years."""
    rng = random.Random(years)
    end = add_months(START, 12 * years)
    lines = ["scenario: benchmark", f"catalog: {catalog}",
             "customer: {id: bench, name: Bench GmbH, country: DE, region: BY}",
             f"start: {START}", f"end: {end}", "events:",
             f"  - {{date: {START}, do: subscribe, id: pbx, {SUBSCRIBE[catalog]}}}"]
    for month in range(12 * years - 1):
        day = add_months(START, month) + timedelta(days=rng.randint(1, 27))
        lines.append(f"  - {{date: {day}, do: set_quantity, subscription: pbx, "
                     f"quantity: {rng.randint(1, 130)}}}")
    path = folder / f"{catalog}-{years}y.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def large_file(folder: Path, subscriptions: int, events: int) -> Path:
    """One customer with many subscriptions and many quantity changes over five years."""
    rng = random.Random(7)
    lines = ["scenario: large", "catalog: aut-pbx",
             "customer: {id: big, name: Big AG, country: DE, region: BY}",
             f"start: {START}", "end: 2030-12-01", "events:"]
    for i in range(subscriptions):
        lines.append(f"  - {{date: {START}, do: subscribe, id: s{i}, "
                     f"product: autpbx-extension, quantity: {rng.randint(1, 80)}}}")
    days = sorted(START + timedelta(days=rng.randint(1, 1790))
                  for _ in range(events - subscriptions))
    for day in days:
        lines.append(f"  - {{date: {day}, do: set_quantity, subscription: "
                     f"s{rng.randrange(subscriptions)}, quantity: {rng.randint(1, 130)}}}")
    path = folder / f"large-{subscriptions}-{events}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def timed(path: Path) -> tuple[float, float, int]:
    """(seconds to load, seconds to simulate, invoices)."""
    t0 = time.perf_counter()
    scenario = load_scenario(path)
    t1 = time.perf_counter()
    result = simulate(scenario)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(result.invoices)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 events for the large run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("catalog         history   invoices   simulate   per invoice")
        for catalog in SUBSCRIBE:
            per_invoice = {}
            for years in (1, 5, 10):
                _, run, invoices = timed(customer_file(folder, years, catalog))
                per_invoice[years] = run / invoices
                print(f"{catalog:<15} {years:>2} years {invoices:>8}   {run:7.3f} s   "
                      f"{1000 * per_invoice[years]:8.3f} ms")
            ratio = per_invoice[10] / per_invoice[1]
            load, run, _ = timed(customer_file(folder, 10, catalog))
            print(f"{catalog}: ratio 10y / 1y per invoice {ratio:.2f} (target ≤ 1.5); "
                  f"10-year customer end to end {load + run:.3f} s (target < 1 s)")
        events = 10_000 if args.quick else 50_000
        for count in (events // 5, events):
            path = large_file(folder, 1_000, count)
            load, run, invoices = timed(path)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"1,000 subscriptions, {count:,} events: load {load:.1f} s, "
                  f"simulate {run:.1f} s, total {load + run:.1f} s (target < 30 s), "
                  f"{invoices} invoices, peak memory of the process so far {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
