"""Rating benchmark: a realistic month of usage rated end to end with the columnar engine.

    .venv/bin/python benchmarks/rating.py [--records N]     (default 10,000,000)

Generates a Parquet file (20,000 SIMs in 2,000 companies with pooled voice/SMS/data and ~5 %
roaming, plus 200 PBX customers whose calls use minute packages), then rates it: read,
classify destinations (prefix table, each distinct number once), drop duplicate record ids,
draw pools and packages in time order, aggregate invoice lines. In the same run it times the
baseline the target is measured against: a plain scan of the same file, the prefix-table
classification and a group-by sum. Prints records/s, peak memory and the ratio to the baseline.
Targets (2 cores): >= 1,000,000 records/s end to end, peak memory <= 4 GB, <= 3x the baseline.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

from kontor.adapters.catalog_yaml import load_catalog, resolve
from kontor.adapters.numbering import classify_numbers
from kontor.domain.rating.columnar import first_of_each_id, pbx_calls, pool_draws, pool_units

MONTH = date(2026, 3, 1)
PARTITIONS = 4
PREFIXES = ["+4930", "+4989", "+491511", "+491701", "+431", "+4144", "+4179", "+3314", "+1212",
            "+44207", "+3906"]


def _draw(seed: int, modulo: int) -> pl.Expr:
    """A pseudo-random whole number in [0, modulo) per row, reproducible (no numpy needed)."""
    return (pl.int_range(0, pl.len(), dtype=pl.UInt64).hash(seed) % modulo).cast(pl.Int64)


def generate(path: Path, records: int) -> None:
    """A month of records: 90 % from pool SIMs, 10 % PBX calls; numbers from a pool of
    440,000 destinations, so a number repeats as it does in real traffic."""
    base = pl.DataFrame({"i": pl.int_range(0, records, eager=True)})
    frame = base.with_columns(
        pbx=_draw(1, 100) < 10, kind=_draw(2, 10), dest=_draw(3, 40_000),
        prefix=_draw(4, len(PREFIXES)), who=_draw(5, 20_000), second=_draw(6, 31 * 86_400),
        length=_draw(7, 600) + _draw(8, 300), volume=_draw(9, 6_000_000),
        roaming=_draw(10, 100) < 5)
    service = (pl.when(pl.col("pbx") | (pl.col("kind") < 6)).then(pl.lit("voice"))
               .when(pl.col("kind") < 8).then(pl.lit("sms")).otherwise(pl.lit("data")))
    frame = frame.select(
        record_id=pl.format("r{}", pl.col("i")),
        subscriber=pl.when(pl.col("pbx")).then(pl.format("ext{}", pl.col("who") % 2_000))
        .otherwise(pl.format("sim{}", pl.col("who"))),
        started_at=pl.datetime(2026, 3, 1, time_zone="UTC")
        + pl.duration(seconds=pl.col("second")),
        service=service,
        destination=pl.when(service == "data").then(None).otherwise(
            pl.format("{}{}", pl.col("prefix").replace_strict(dict(enumerate(PREFIXES)),
                                                               return_dtype=pl.String),
                      pl.col("dest") + 2_000_000)),
        duration_s=pl.when(service == "voice").then(pl.col("length")).otherwise(0),
        volume_bytes=pl.when(service == "data").then(pl.col("volume")).otherwise(0),
        roaming_country=pl.when(pl.col("roaming")).then(pl.lit("FR")).otherwise(None),
    )
    frame.write_parquet(path)


def customers() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Who each subscriber belongs to, what the pools hold, and the PBX packages."""
    sims = pl.DataFrame({"subscriber": [f"sim{i}" for i in range(20_000)],
                         "pool": [i // 10 for i in range(20_000)]})  # a store's integer ids
    exts = pl.DataFrame({"subscriber": [f"ext{i}" for i in range(2_000)],
                         "customer": [f"pbx{i // 10}" for i in range(2_000)]})
    units = {"voice_min": 3_000, "sms": 1_000, "data_mb": 100 * 1024 * 1024}   # data in KB
    capacity = pl.DataFrame([{"pool": c, "unit": u, "cap": n}
                             for c in range(2_000) for u, n in units.items()])
    packages = pl.DataFrame([{"customer": f"pbx{c}", "month": MONTH, "product": p, "zone": z,
                              "kind": k, "seconds": s}
                             for c in range(200)
                             for p, z, k, s in (("de-m", "de", "landline", 60_000),
                                                ("de-m", "de", "mobile", 12_000),
                                                ("eu-s", "eu", "landline", 30_000),
                                                ("eu-s", "eu", "mobile", 6_000))])
    return sims.join(exts, on="subscriber", how="full", coalesce=True), capacity, packages


def classes(path: Path) -> pl.DataFrame:
    """Country and kind of every distinct destination of the file, classified once."""
    distinct = pl.scan_parquet(path).select(pl.col("destination").unique()).collect()
    distinct = distinct.drop_nulls()
    found = classify_numbers(distinct["destination"], "DE")
    return distinct.with_columns(country=found["country"].cast(pl.Categorical),
                                 kind=found["kind"].cast(pl.Categorical))


def rate(path: Path, partitions: int = PARTITIONS) -> dict:
    """The whole volume path, partition by partition (by subscriber, so a pool's SIMs and a
    PBX customer's extensions stay together); returns the invoice lines' totals."""
    plan = load_catalog(resolve("aut-pbx")).rating
    owners, capacity, packages = customers()
    table = classes(path)
    totals = {"records": 0, "overage lines": 0, "payg lines": 0, "payg amount": Decimal(0)}
    for part in range(partitions):
        frame = (pl.scan_parquet(path)
                 .filter(_owner_id(pl.col("subscriber")) % partitions == part)
                 .join(table.lazy(), on="destination", how="left").drop("destination")
                 .collect())
        _rate_partition(frame.filter(first_of_each_id(frame["record_id"])), plan,
                        (owners, capacity, packages), totals)
    totals["payg amount"] = round(totals["payg amount"], 2)
    return totals


def _owner_id(subscriber: pl.Expr) -> pl.Expr:
    """The partition key: the company of a SIM (10 per pool), the customer of an extension."""
    return subscriber.str.extract(r"(\d+)$").cast(pl.Int64) // 10


def _rate_partition(frame: pl.DataFrame, plan, tables, totals: dict) -> None:
    owners, capacity, packages = tables
    frame = frame.join(owners, on="subscriber", how="left")
    pools = frame.filter(pl.col("pool").is_not_null()).select(
        "pool", "started_at",
        unit=pl.col("service").replace_strict({"voice": "voice_min", "sms": "sms",
                                               "data": "data_mb"}).cast(pl.Categorical),
        units=pool_units())
    drawn = pool_draws(pools, capacity.with_columns(pl.col("unit").cast(pl.Categorical)))
    overage = drawn.group_by("pool", "unit").agg(pl.col("beyond").sum())
    calls = frame.filter(pl.col("customer").is_not_null(), pl.col("kind") != "invalid") \
        .with_columns(month=pl.lit(MONTH), country=pl.col("country").cast(pl.String),
                      kind=pl.col("kind").cast(pl.String))
    rated = pbx_calls(calls, plan, packages)
    payg = rated.group_by("customer", "payg_zone", "line_kind").agg(pl.col("payg_s").sum())
    totals["records"] += frame.height
    totals["overage lines"] += overage.filter(pl.col("beyond") > 0).height
    totals["payg lines"] += payg.height
    totals["payg amount"] += sum(
        Decimal(row[3]) * plan.per_minute(_country(plan, row[1]), row[2]) / 60
        for row in payg.iter_rows())


def _country(plan, zone: str) -> str | None:
    return None if zone == "world" else sorted(plan.zones[zone])[0] if zone != "de" else "DE"


def baseline(path: Path) -> int:
    """A plain scan, the same prefix-table classification, a group-by sum."""
    frame = pl.read_parquet(path, columns=["subscriber", "destination", "duration_s"])
    frame = frame.join(classes(path), on="destination", how="left")
    return frame.group_by("subscriber", "kind").agg(pl.col("duration_s").sum()).height


def _stage(stage: str, *args: str) -> dict:
    """Run one stage in a fresh process, so its time and peak memory are its own."""
    out = subprocess.run([sys.executable, __file__, "--stage", stage, *args], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _run_stage(stage: str, path: Path, records: int) -> None:
    began = time.perf_counter()
    result: object = None
    if stage == "generate":
        generate(path, records)
    elif stage == "baseline":
        result = baseline(path)
    else:
        result = rate(path)
    print(json.dumps({"seconds": time.perf_counter() - began, "result": str(result),
                      "peak_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:
        _run_stage(args.stage, Path(args.path), args.records)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "month.parquet")
        made = _stage("generate", "--records", str(args.records), path)
        print(f"generated {args.records:,} records in {made['seconds']:.1f} s "
              f"({Path(path).stat().st_size / 2**20:.0f} MiB Parquet)")
        base = _stage("baseline", path)
        ours = _stage("rate", path)
    rate_s = args.records / ours["seconds"]
    print(f"baseline (scan + classify + group-by): {base['seconds']:.1f} s, "
          f"peak {base['peak_gib']:.2f} GiB")
    print(f"rating end to end: {ours['seconds']:.1f} s = {rate_s:,.0f} records/s "
          f"(target >= 1,000,000), {ours['seconds'] / base['seconds']:.2f}x the baseline "
          f"(target <= 3), peak memory {ours['peak_gib']:.2f} GiB (target <= 4)")
    print(f"result: {ours['result']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
