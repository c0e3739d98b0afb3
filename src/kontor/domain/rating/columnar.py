"""The rating rules of pbx.py and pool.py for millions of records at once (Polars): the volume
path. Records are taken in time order (ties: the order they came in, as the reference does),
and per partition (a customer or a pool) sequential rules
become cumulative sums: a minute package (or a pool) covers a record's units as far as the
units of the records before it have left room. Zones are processed from the smallest up, so a
call that crosses a package's limit takes the rest from the next fitting package, exactly as the
record-by-record reference does (tests/unit/test_columnar_rating.py proves it on random input).

Money stays exact: the engine sums whole seconds and units per group; the price is applied once
per invoice line (Decimal)."""

from __future__ import annotations

import polars as pl

from kontor.domain.rating.plan import MOBILE, TOLLFREE, RatingPlan


def _zone_members(plan: RatingPlan, zone: str) -> list[str]:
    return sorted(plan.zones.get(zone, ()))


def pbx_calls(calls: pl.DataFrame, plan: RatingPlan, packages: pl.DataFrame,
              free_zone: str | None = None) -> pl.DataFrame:
    """Rate calls. `calls`: customer, month, started_at, record_id, country, kind, duration_s.
    `packages`: customer, month, product, zone, kind (landline|mobile), seconds.
    Adds: line_kind (landline|mobile), billable_s, payg_s (seconds charged pay-as-you-go),
    included_s (a free zone's calls), payg_zone, and one column `took:PRODUCT` per package."""
    frame = calls.sort("started_at", maintain_order=True).with_columns(
        line_kind=pl.when(pl.col("kind") == MOBILE).then(pl.lit(MOBILE))
        .otherwise(pl.lit("landline")),
        rated=(pl.col("duration_s") > 0) & (pl.col("kind") != TOLLFREE),
    )
    free = (pl.col("country").is_in(_zone_members(plan, free_zone)).fill_null(False)
            if free_zone else pl.lit(False))
    frame = frame.with_columns(
        included_s=pl.when(pl.col("rated") & free).then(pl.col("duration_s")).otherwise(0),
        billable_s=pl.when(pl.col("rated") & ~free)
        .then(pl.max_horizontal(pl.col("duration_s"), pl.lit(plan.first_seconds)))
        .otherwise(0),
    ).with_columns(left=pl.col("billable_s"))
    for product, zone in _package_order(packages, plan):
        frame = _take_package(frame, packages, product, _zone_members(plan, zone))
    return frame.with_columns(payg_s=pl.col("left"),
                              payg_zone=_zone_name(plan, pl.col("country"))).drop("left")


def _package_order(packages: pl.DataFrame, plan: RatingPlan) -> list[tuple[str, str]]:
    pairs = packages.select("product", "zone").unique().rows()
    return sorted(pairs, key=lambda pz: (plan.size(pz[1]), pz[0]))


def _take_package(frame: pl.DataFrame, packages: pl.DataFrame, product: str,
                  members: list[str]) -> pl.DataFrame:
    """Draw one package: calls fitting its zone, in time order per customer, month and kind."""
    capacity = (packages.filter(pl.col("product") == product)
                .select("customer", "month", pl.col("kind").alias("line_kind"),
                        pl.col("seconds").alias("cap")))
    frame = frame.join(capacity, on=["customer", "month", "line_kind"], how="left",
                       maintain_order="left")
    need = pl.when(pl.col("country").is_in(members) & pl.col("cap").is_not_null()) \
        .then(pl.col("left")).otherwise(0)
    frame = frame.with_columns(need=need).with_columns(
        before=(pl.col("need").cum_sum() - pl.col("need")).over("customer", "month",
                                                                 "line_kind"))
    take = pl.min_horizontal(pl.col("need"), (pl.col("cap") - pl.col("before")).clip(0))
    return (frame.with_columns(take.fill_null(0).alias(f"took:{product}"))
            .with_columns(left=pl.col("left") - pl.col(f"took:{product}"))
            .drop("cap", "need", "before"))


def _zone_name(plan: RatingPlan, country: pl.Expr) -> pl.Expr:
    """The pay-as-you-go zone of a destination, as RatingPlan.zone_name."""
    expr = pl.lit("world")
    for rate in reversed(plan.call_rates):
        if rate.zone is not None:
            expr = pl.when(country.is_in(_zone_members(plan, rate.zone))) \
                .then(pl.lit(rate.zone)).otherwise(expr)
    return expr


def pool_draws(records: pl.DataFrame, capacity: pl.DataFrame) -> pl.DataFrame:
    """Draw pooled units. `records`: pool, unit, started_at, record_id, units.
    `capacity`: pool, unit, cap (what the pool's valid buckets hold for these records).
    Adds covered (units from the pool) and beyond (units the pool could not cover)."""
    frame = records.sort("started_at", maintain_order=True).join(
        capacity, on=["pool", "unit"], how="left", maintain_order="left")
    before = (pl.col("units").cum_sum() - pl.col("units")).over("pool", "unit")
    covered = pl.min_horizontal(pl.col("units"),
                                (pl.col("cap").fill_null(0) - before).clip(0))
    return (frame.with_columns(covered=covered)
            .with_columns(beyond=pl.col("units") - pl.col("covered")).drop("cap"))


def pool_units() -> pl.Expr:
    """Units of each record as pool.units(): started minutes, 1 per SMS, KB in 10 KB steps."""
    return (pl.when(pl.col("service") == "voice").then((pl.col("duration_s") + 59) // 60)
            .when(pl.col("service") == "sms").then(1)
            .otherwise((pl.col("volume_bytes") + 10239) // 10240 * 10))
