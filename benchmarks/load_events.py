"""Load time and peak memory of a large scenario file (1,000 subscriptions and many
set_quantity events against aut-pbx). Run: .venv/bin/python benchmarks/load_events.py [N ...]"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from kontor.adapters.scenario_yaml import load_scenario

SUBSCRIPTIONS = 1_000
START, END = date(2026, 1, 1), date(2030, 12, 31)


def scenario_text(events: int, seed: int = 1) -> str:
    """A scenario of `events` events: one subscribe per subscription, then set_quantity."""
    rng = random.Random(seed)
    subs = min(SUBSCRIPTIONS, events)
    lines = ["scenario: load benchmark", "catalog: aut-pbx",
             "customer: {id: bench, name: Bench GmbH, country: DE}",
             f"start: {START}", f"end: {END}", "events:"]
    for n in range(subs):
        lines.append(f"  - {{date: {START}, do: subscribe, id: s{n}, "
                     f"product: autpbx-extension, quantity: {rng.randint(1, 40)}}}")
    span = (END - START).days
    days = sorted(START + timedelta(days=rng.randint(1, span)) for _ in range(events - subs))
    for day in days:
        lines.append(f"  - {{date: {day}, do: set_quantity, subscription: s{rng.randrange(subs)}, "
                     f"quantity: {rng.randint(0, 60)}}}")
    return "\n".join(lines) + "\n"


def load(path: Path) -> None:
    """Load one file; print seconds, the peak memory the load added (MiB) and the events."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    scenario = load_scenario(path)
    seconds = time.perf_counter() - began
    peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(seconds, peak, len(scenario.commands))


def measure(events: int, folder: Path) -> None:
    """Write a file of `events` events, load it in a fresh process and print the figures."""
    path = folder / f"load-{events}.yaml"
    path.write_text(scenario_text(events), encoding="utf-8")
    run = subprocess.run([sys.executable, __file__, "--load", str(path)], check=True,
                         capture_output=True, text=True)
    seconds, peak, loaded = run.stdout.split()
    assert int(loaded) == events, loaded
    size = path.stat().st_size / 2**20
    print(f"{events:>7,} events ({size:5.1f} MiB file): load {float(seconds):6.2f} s, "
          f"peak +{float(peak):6.1f} MiB ({float(peak) / size:4.1f}x file)")


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for events in sizes:
            measure(events, Path(folder))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--load"]:
        load(Path(sys.argv[2]))
    else:
        main([int(arg) for arg in sys.argv[1:]] or [10_000, 50_000])
