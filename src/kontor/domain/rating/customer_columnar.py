"""One customer's usage rated with the columnar engine — what billing uses; rating/customer.py
is the record-by-record reference it is tested against (tests/unit/test_columnar_customer.py).

The input is a frame of accepted records; the output is the priced usage per subscription,
month and invoice-line group, in whole seconds and units, priced once per line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import polars as pl

from kontor.domain.account import Account
from kontor.domain.balances import Bucket
from kontor.domain.rating.columnar import package_use, pbx_calls, pool_records
from kontor.domain.rating.customer import (
    PackageUse,
    package_pool,
    package_seconds,
    pbx_subscription,
    pool_slots,
    remaining_with_pools,
)
from kontor.domain.rating.pool import KB_PER_MB
from kontor.domain.usage import UsageRecord

SIXTY = Decimal(60)
RECORD_SCHEMA = {"record_id": pl.String, "subscriber": pl.String,
                 "started_at": pl.Datetime("us", "UTC"), "day": pl.Date, "service": pl.String,
                 "destination": pl.String, "country": pl.String, "kind": pl.String,
                 "duration_s": pl.Int64, "volume_bytes": pl.Int64, "roaming_country": pl.String}


@dataclass(frozen=True)
class UsageTotal:
    """The usage of one invoice line: subscription, month, group, price, quantity, amount."""

    subscription: str
    month: date
    group: tuple[str, ...]
    unit_price: Decimal
    quantity: Decimal
    amount: Decimal


def records_frame(records: list[UsageRecord]) -> pl.DataFrame:
    return pl.DataFrame([{k: getattr(r, k) for k in RECORD_SCHEMA} for r in records],
                        schema=RECORD_SCHEMA)


def from_frame(frame: pl.DataFrame) -> list[UsageRecord]:
    """Records as objects, for the record-by-record reference."""
    return [UsageRecord(row["record_id"], row["subscriber"], row["started_at"], row["day"],
                        row["service"], row["destination"], row["country"], row["kind"],
                        row["duration_s"] or 0, row["volume_bytes"] or 0,
                        row["roaming_country"])
            for row in frame.iter_rows(named=True)]


@dataclass(frozen=True)
class FrameRating:
    totals: list[UsageTotal]
    slots: pl.DataFrame  # pool, unit, granted_for, expires, left (data in KB)
    flagged: pl.DataFrame  # record_id, subscriber, day, flags
    packages: PackageUse  # seconds drawn from minute packages


def price_usage(account: Account, frame: pl.DataFrame, until: date) -> list[UsageTotal]:
    """Everything priced in the records (in the order they came), pools drawn up to `until`."""
    return rate_frame(account, frame, until).totals


def rate_frame(account: Account, frame: pl.DataFrame, until: date) -> FrameRating:
    """The customer's records rated: priced totals, what is left in the pools, flagged records."""
    frame = frame.with_row_index("arrival")
    sims = set(account.sims)
    pool_totals, slots, flagged = _pools(account, frame.filter(pl.col("subscriber").is_in(sims)),
                                         until)
    pbx_totals, packages = _pbx(account, frame.filter(~pl.col("subscriber").is_in(sims)))
    return FrameRating(pbx_totals + pool_totals, slots, flagged, packages)


def _pbx(account: Account, frame: pl.DataFrame) -> tuple[list[UsageTotal], PackageUse]:
    days = frame["day"].unique().to_list()
    tariff = {}
    for day in days:
        sub = pbx_subscription(account, day)
        if sub is not None:
            product = account.offer.product(sub.state_on(day).product, day)
            tariff[day] = (sub.id, package_pool(account, sub), product.free_calls)
    if not tariff:
        return [], {}
    table = pl.DataFrame({"day": list(tariff), "sub": [t[0] for t in tariff.values()],
                          "customer": [t[1] for t in tariff.values()],
                          "free_zone": [t[2] for t in tariff.values()]},
                         schema={"day": pl.Date, "sub": pl.String, "customer": pl.String,
                                 "free_zone": pl.String})
    calls = frame.join(table, on="day", how="inner").with_columns(
        month=pl.col("day").dt.month_start()).sort("started_at", "arrival")
    out, used = [], {}
    # "customer": the package pool the calls draw from (package_pool); "sub": who rated them
    for (pool,), part in calls.group_by("customer", maintain_order=True):
        rater = account.subscriptions[part["sub"][0]]  # every sub of a pool: one catalog
        plan = account.offer.catalog_of(rater.initial.product).rating
        rated = pbx_calls(part, plan, _packages(account, pool, part))
        for month, product, kind, seconds in package_use(rated, []):
            used[(product, kind, month)] = used.get((product, kind, month), 0) + seconds
        sums = rated.filter(pl.col("payg_s") > 0) \
            .group_by("sub", "month", "payg_zone", "line_kind").agg(pl.col("payg_s").sum())
        for sub_id, month, zone, kind, seconds in sums.iter_rows():
            price = plan.zone_rate(zone, kind)
            if price:
                out.append(UsageTotal(sub_id, month, ("payg", zone, kind), price,
                                      Decimal(seconds) / SIXTY, Decimal(seconds) * price / SIXTY))
    return out, used


def _packages(account: Account, pool: str, calls: pl.DataFrame) -> pl.DataFrame:
    rows = [{"customer": pool, "month": month, "product": code,
             "zone": account.offer.product(code).zone, "kind": kind, "seconds": seconds}
            for month in calls["month"].unique().to_list()
            for (code, kind), seconds in package_seconds(account, pool, month).items()]
    return pl.DataFrame(rows, schema={"customer": pl.String, "month": pl.Date,
                                      "product": pl.String, "zone": pl.String,
                                      "kind": pl.String, "seconds": pl.Int64})


FLAGGED = {"record_id": pl.String, "subscriber": pl.String, "day": pl.Date,
           "flags": pl.List(pl.String)}
SLOTS = {"pool": pl.String, "product": pl.String, "unit": pl.String, "granted_for": pl.Date,
         "expires": pl.Date, "left": pl.Int64, "source": pl.String}


def _pools(account: Account, frame: pl.DataFrame, until: date
           ) -> tuple[list[UsageTotal], pl.DataFrame, pl.DataFrame]:
    owner = {sim.id: sim.subscription for sim in account.sims.values()}
    frame = frame.with_columns(pool=pl.col("subscriber").replace_strict(
        owner, return_dtype=pl.String))
    slots, policies, profiles = [], [], []
    for sub_id in set(owner.values()):
        slots += [{"pool": sub_id, "product": s.product, "unit": s.unit,
                   "granted_for": s.granted_for, "expires": s.expires, "source": s.source,
                   "left": s.left}
                  for s in pool_slots(account, account.subscriptions[sub_id], until)]
        policies += [{"pool": sub_id, "since": d, "policy": p}
                     for d, p in dict(account.overage.get(sub_id, ())).items()]
    for sim in account.sims.values():
        profiles += [{"subscriber": sim.id, "since": d, "roaming": p.roaming,
                      "data_cap_mb": p.data_cap_mb} for d, p in dict(sim.profiles).items()]
    rated, left = pool_records(
        frame.sort("started_at", "arrival"),
        pl.DataFrame(slots, schema=SLOTS),
        pl.DataFrame(policies, schema={"pool": pl.String, "since": pl.Date,
                                       "policy": pl.String}),
        pl.DataFrame(profiles, schema={"subscriber": pl.String, "since": pl.Date,
                                       "roaming": pl.Boolean, "data_cap_mb": pl.Int64}))
    sums = rated.filter(pl.col("charged") > 0).group_by(
        "pool", pl.col("day").dt.month_start().alias("month"), "unit").agg(
        pl.col("charged").sum())
    out = []
    for sub_id, month, unit, charged in sums.iter_rows():
        price = account.offer.product(account.subscriptions[sub_id].initial.product) \
            .overage.get(unit, Decimal(0))
        per = KB_PER_MB if unit == "data_mb" else 1
        if price:
            out.append(UsageTotal(sub_id, month, ("overage", unit), price,
                                  Decimal(charged) / per, Decimal(charged) * price / per))
    flagged = rated.filter(pl.col("flags").list.len() > 0).select(list(FLAGGED))
    return out, left, flagged



def balances_from(account: Account, rating: FrameRating, day: date) -> list[Bucket]:
    """balances_on of the reference from a frame rating: pools from what is left in them, other
    subscriptions from their buckets, minute packages less what calls drew."""
    left = [Bucket(row["pool"], row["product"], row["unit"], row["granted_for"], row["left"],
                   row["expires"], row["source"]) for row in rating.slots.iter_rows(named=True)]
    return remaining_with_pools(account, left, day, rating.packages)
