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

from datetime import timedelta

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
    free = _free(plan, free_zone, "free_zone" in calls.columns)
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


def package_use(rated: pl.DataFrame, by: list[str]) -> list[tuple]:
    """What pbx_calls took from the minute packages: rows of the `by` columns, month, package,
    landline|mobile and seconds (only what was taken)."""
    took = [c for c in rated.columns if c.startswith("took:")]
    if not took:
        return []
    index = [*by, "month", "line_kind"]
    return (rated.select(*index, *took)
            .unpivot(on=took, index=index, variable_name="product", value_name="seconds")
            .filter(pl.col("seconds") > 0)
            .group_by(*index, "product").agg(pl.col("seconds").sum())
            .select(*by, "month", pl.col("product").str.strip_prefix("took:"), "line_kind",
                    "seconds").rows())


def _free(plan: RatingPlan, free_zone: str | None, per_call: bool) -> pl.Expr:
    """Whether a call is included: into `free_zone`, or into the zone of its own `free_zone`
    column (the tariff on the day of the call)."""
    if free_zone:
        return pl.col("country").is_in(_zone_members(plan, free_zone)).fill_null(False)
    if not per_call:
        return pl.lit(False)
    return pl.any_horizontal(
        pl.lit(False), *((pl.col("free_zone") == zone)
                         & pl.col("country").is_in(_zone_members(plan, zone))
                         for zone in plan.zones)).fill_null(False)


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
    """Units of each record as pool.units(): started minutes, 1 per SMS, KB in 10 KB steps;
    none to a toll-free number."""
    return (pl.when(pl.col("kind") == TOLLFREE).then(0)
            .when(pl.col("service") == "voice").then((pl.col("duration_s") + 59) // 60)
            .when(pl.col("service") == "sms").then(1)
            .otherwise((pl.col("volume_bytes") + 10239) // 10240 * 10))


def pool_records(records: pl.DataFrame, slots: pl.DataFrame, policies: pl.DataFrame,
                 profiles: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Pool.draw for many records and pools: buckets with validity (a trial ending mid-month,
    rolled-over units lapsing), the policy and the SIM profile in force on each record's day.

    `records`: pool, subscriber, started_at, day, service, duration_s, volume_bytes,
    roaming_country. `slots`: pool, unit, granted_for, expires (null: open), left.
    `policies`: pool, since, policy. `profiles`: subscriber, since, roaming, data_cap_mb.
    Returns the records with units, covered, beyond, charged (beyond under overage) and flags,
    and the slots with what is left."""
    frame = records.sort("started_at", maintain_order=True).with_columns(
        unit=pl.col("service").replace_strict(UNITS), units=pool_units())
    parts, slots = [], slots.sort("pool", "unit", pl.col("expires").fill_null(FAR),
                                  "granted_for")
    for first, last in _segments(frame, slots):
        part = frame.filter(pl.col("day").is_between(first, last))
        valid = (pl.col("granted_for") <= first) & (pl.col("expires").fill_null(FAR) >= last)
        capacity = slots.filter(valid).group_by("pool", "unit").agg(cap=pl.col("left").sum())
        drawn = pool_draws(part, capacity)
        slots = _drain(slots, drawn.group_by("pool", "unit").agg(pl.col("covered").sum()),
                       valid)
        parts.append(drawn)
    out = pl.concat(parts) if parts else frame.with_columns(covered=0, beyond=0)
    return _flags(out.sort("started_at", maintain_order=True), policies, profiles), slots


UNITS = {"voice": "voice_min", "sms": "sms", "data": "data_mb"}
FAR = pl.date(9999, 12, 31)


def _segments(frame: pl.DataFrame, slots: pl.DataFrame) -> list[tuple]:
    """Stretches of days on which no bucket starts or lapses (one pass each)."""
    if frame.is_empty():
        return []
    first, last = frame["day"].min(), frame["day"].max()
    cuts = {first, *(d for d in slots["granted_for"] if first < d <= last)}
    cuts |= {d + timedelta(days=1) for d in slots["expires"].drop_nulls() if first <= d < last}
    bounds = sorted(cuts)
    return [(a, (b - timedelta(days=1)) if b else last)
            for a, b in zip(bounds, [*bounds[1:], None], strict=True)]


def _drain(slots: pl.DataFrame, taken: pl.DataFrame, valid: pl.Expr) -> pl.DataFrame:
    """Take each pool's drawn units from its valid buckets, earliest expiry first."""
    slots = slots.join(taken, on=["pool", "unit"], how="left", maintain_order="left")
    usable = pl.when(valid).then(pl.col("left")).otherwise(0)
    before = (usable.cum_sum() - usable).over("pool", "unit")
    take = pl.min_horizontal(usable, (pl.col("covered").fill_null(0) - before).clip(0))
    return slots.with_columns(left=pl.col("left") - take).drop("covered")


def _flags(frame: pl.DataFrame, policies: pl.DataFrame, profiles: pl.DataFrame
           ) -> pl.DataFrame:
    frame = frame.with_row_index("_row").sort("day").join_asof(
        policies.sort("since"), left_on="day", right_on="since", by="pool",
        strategy="backward", check_sortedness=False,
    ).join_asof(profiles.sort("since"), left_on="day", right_on="since", by="subscriber",
                strategy="backward", check_sortedness=False).sort("_row").drop("_row")
    overage = pl.col("policy").fill_null("block") == "overage"
    data_kb = pl.when(pl.col("service") == "data").then(pl.col("units")).otherwise(0)
    used = data_kb.cum_sum().over("subscriber", pl.col("day").dt.month_start())
    flags = pl.concat_list(
        pl.when(pl.col("roaming_country").is_not_null() & ~pl.col("roaming").fill_null(True))
        .then(pl.lit(["roaming_denied"])).otherwise(pl.lit([], pl.List(pl.String))),
        pl.when((pl.col("service") == "data") & (used > pl.col("data_cap_mb") * 1024)
                .fill_null(False))
        .then(pl.lit(["data_cap_exceeded"])).otherwise(pl.lit([], pl.List(pl.String))),
        pl.when((pl.col("beyond") > 0) & ~overage).then(pl.lit(["pool_exhausted"]))
        .otherwise(pl.lit([], pl.List(pl.String))))
    return frame.with_columns(
        charged=pl.when(overage).then(pl.col("beyond")).otherwise(0), flags=flags
    ).drop("policy", "roaming", "data_cap_mb", "since", "since_right", strict=False)


def first_of_each_id(ids: pl.Series) -> pl.Series:
    """True for the first occurrence of each record id, exact: ids are compared by a 64-bit
    hash first and only those sharing a hash are compared as text."""
    hashed = ids.hash()
    shared = hashed.is_duplicated()
    if not shared.any():
        return pl.Series(ids.name, [True] * len(ids), dtype=pl.Boolean)
    return ~shared | (ids.is_first_distinct() & shared)
