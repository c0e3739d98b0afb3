"""Many customers' usage rated in one columnar pass — the billing run's batches. The result per
customer is exactly what customer_columnar.rate_frame gives for that customer alone; the rules
are the same (columnar.py), applied once over every customer's records with a customer key
instead of once per customer (tests/unit/test_batch_rating.py holds them equal).

Only plain Python runs per customer: who owns each SIM, the PBX subscription and free zone of
each stretch of days on which they cannot change (from the subscriptions' periods and the
catalog versions, not day by day), the month's minute packages, a pool's buckets, policies and
profiles, and the stretches of days on which no bucket starts or lapses (segments).

Partitions are integer keys: a customer (`c`), a PBX subscription of a customer (`customer`, as
pbx_calls calls it), a pool (`pool`) and a SIM (`subscriber`), so ids that repeat between
customers (extension 100, subscription `pool`, SIM `s1`) never meet. Pool buckets are drawn
segment by segment as in columnar.pool_records, the k-th segment of every customer in the same
pass: as many passes as the customer with the most segments has (a month's frame: usually one
to three)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

import polars as pl

from kontor.domain.account import Account
from kontor.domain.rating.columnar import (
    FAR,
    UNITS,
    _drain,
    _flags,
    package_use,
    pbx_calls,
    pool_draws,
    pool_units,
)
from kontor.domain.rating.customer import PackageUse, package_pool, package_seconds, pool_slots
from kontor.domain.rating.customer_columnar import (
    FLAGGED,
    RECORD_SCHEMA,
    SIXTY,
    SLOTS,
    FrameRating,
    UsageTotal,
)
from kontor.domain.rating.plan import RatingPlan
from kontor.domain.rating.pool import KB_PER_MB

KEY = pl.Int64
Until = Mapping[str, date] | date


def price_usage_many(accounts: Mapping[str, Account], frames: Mapping[str, pl.DataFrame],
                     until: Until, *, drop_later: bool = False) -> dict[str, list[UsageTotal]]:
    """price_usage for every customer of `frames` (keys: the same as in `accounts`; any label),
    pools drawn up to the customer's `until` (one date for all, or one per customer). With
    `drop_later`, records dated after the customer's `until` are left out first, as
    invoicing.draft does before it prices (`usage_until(billing_date)`)."""
    return _Batch(accounts, frames, until, drop_later, detail=False).totals


def rate_frames(accounts: Mapping[str, Account], frames: Mapping[str, pl.DataFrame],
                until: Until, *, drop_later: bool = False) -> dict[str, FrameRating]:
    """rate_frame for every customer of `frames`: totals, what is left in the pools, flagged
    records (the frames split per customer at the end)."""
    batch = _Batch(accounts, frames, until, drop_later, detail=True)
    slots = _split(batch.slots, SLOTS)
    flagged = _split(batch.flagged, FLAGGED)
    return {cid: FrameRating(batch.totals[cid], slots.get(cid, _empty(SLOTS)),
                             flagged.get(cid, _empty(FLAGGED)), batch.packages[cid])
            for cid in batch.totals}


def _split(frame: pl.DataFrame, schema: dict) -> dict[str, pl.DataFrame]:
    if frame.is_empty():
        return {}
    return {cid: part.select(list(schema))
            for (cid,), part in frame.partition_by("cid", as_dict=True).items()}


def _empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


class _Batch:
    """One pass: records of every customer with a customer key, then the PBX calls and the pool
    records of all of them."""

    def __init__(self, accounts: Mapping[str, Account], frames: Mapping[str, pl.DataFrame],
                 until: Until, drop_later: bool, detail: bool) -> None:
        self.ids = list(frames)
        self.accounts = [accounts[cid] for cid in self.ids]
        self.until = [until[cid] if isinstance(until, Mapping) else until
                      for cid in self.ids]
        self.detail = detail
        self.totals: dict[str, list[UsageTotal]] = {cid: [] for cid in self.ids}
        self.packages: dict[str, PackageUse] = {cid: {} for cid in self.ids}  # with detail
        self.slots = _empty({"cid": pl.String, **SLOTS})
        self.flagged = _empty({"cid": pl.String, **FLAGGED})
        records = self._records(frames, drop_later)
        owners = self._owners(records)
        records = records.join(owners, on=["c", "subscriber"], how="left",
                               maintain_order="left")
        self._pbx(records.filter(pl.col("pool").is_null()))
        self._pools(records.filter(pl.col("pool").is_not_null()))

    # --- records -------------------------------------------------------------------------------
    def _records(self, frames: Mapping[str, pl.DataFrame], drop_later: bool) -> pl.DataFrame:
        """Every customer's records, with `c` (the customer's index) and `arrival` (the
        records' order: customer by customer, each in the order they came), in time order
        (ties: arrival)."""
        used = [(c, frames[cid]) for c, cid in enumerate(self.ids) if frames[cid].height]
        if not used:
            return _empty({"arrival": pl.UInt32, **RECORD_SCHEMA, "c": KEY})
        parts = [frame for _, frame in used]
        try:
            records = pl.concat(parts, how="vertical")
        except (pl.exceptions.SchemaError, pl.exceptions.ShapeError):  # other columns or types
            records = pl.concat([frame.select(list(RECORD_SCHEMA)).cast(RECORD_SCHEMA)
                                 for frame in parts], how="vertical")
        keys = pl.DataFrame({"c": [c for c, _ in used], "n": [f.height for _, f in used]},
                            schema={"c": KEY, "n": pl.Int64})
        # concatenated in customer order, so the row index orders each customer's records as
        # they came (rate_frame's `arrival`)
        records = records.with_columns(
            keys.select(pl.col("c").repeat_by("n").explode())["c"]).with_row_index("arrival")
        if drop_later:
            records = records.join(self._until_table(), on="c", how="inner",
                                   maintain_order="left").filter(
                pl.col("day") <= pl.col("_until")).drop("_until")
        return records.sort("started_at", "arrival")

    def _until_table(self) -> pl.DataFrame:
        return pl.DataFrame({"c": range(len(self.ids)), "_until": self.until},
                            schema={"c": KEY, "_until": pl.Date})

    def _owners(self, records: pl.DataFrame) -> pl.DataFrame:
        """SIM -> its pool (a subscription of the customer) and a key for the SIM, for every
        customer with records (and, for the pools left, every customer)."""
        present = set(records["c"].unique().to_list())
        self.pools: list[tuple[int, str]] = []  # pool key -> (customer, subscription)
        self.sims: list[tuple[int, str]] = []  # SIM key -> (customer, SIM)
        pool_of: dict[tuple[int, str], int] = {}
        rows_c, rows_sim, rows_pool, rows_key = [], [], [], []
        for c, account in enumerate(self.accounts):
            if c not in present and not self.detail:
                continue
            for sim in account.sims.values():
                pool = pool_of.get((c, sim.subscription))
                if pool is None:
                    pool = pool_of[(c, sim.subscription)] = len(self.pools)
                    self.pools.append((c, sim.subscription))
                rows_c.append(c)
                rows_sim.append(sim.id)
                rows_pool.append(pool)
                rows_key.append(len(self.sims))
                self.sims.append((c, sim.id))
        return pl.DataFrame({"c": rows_c, "subscriber": rows_sim, "pool": rows_pool,
                             "sim": rows_key},
                            schema={"c": KEY, "subscriber": pl.String, "pool": KEY, "sim": KEY})

    # --- PBX calls -----------------------------------------------------------------------------
    def _pbx(self, frame: pl.DataFrame) -> None:
        """customer_columnar._pbx for every customer: the tariff of the calls' days, then
        pbx_calls once per rating plan over every customer's calls."""
        if frame.is_empty():
            return
        parts: list[tuple[int, str]] = []  # key of "sub" -> (customer, subscription)
        part_of: dict[tuple[int, str], int] = {}
        pools: list[tuple[int, str]] = []  # key of "customer" -> (customer, package pool)
        pool_of: dict[tuple[int, str], int] = {}
        plans: list[RatingPlan] = []
        plan_of: dict[int, int] = {}  # id(plan) -> index in plans
        free: dict[tuple, str | None] = {}  # (catalogs, product, day) -> free zone
        rows: dict[str, list] = {"c": [], "since": [], "customer": [], "sub": [],
                                 "free_zone": [], "plan": []}
        spans = frame.group_by("c").agg(first=pl.col("day").min(), last=pl.col("day").max())
        for c, first, last in spans.iter_rows():
            account = self.accounts[c]
            subs = self._rating_subscriptions(account)
            catalogs = tuple(map(id, account.offer.catalogs))
            for day in _tariff_days(account, subs, first, last):
                # pbx_subscription: the first subscription rating calls that runs on the day
                sub, plan = next(((s, p) for s, p in subs if s.active_on(day)), (None, None))
                rows["c"].append(c)
                rows["since"].append(day)
                if sub is None:
                    for column in ("customer", "sub", "free_zone", "plan"):
                        rows[column].append(None)
                    continue
                part = part_of.get((c, sub.id))
                if part is None:
                    part = part_of[(c, sub.id)] = len(parts)
                    parts.append((c, sub.id))
                pool_key = (c, package_pool(account, sub))
                pool = pool_of.get(pool_key)
                if pool is None:
                    pool = pool_of[pool_key] = len(pools)
                    pools.append(pool_key)
                index = plan_of.get(id(plan))
                if index is None:
                    index = next((i for i, p in enumerate(plans) if p == plan), len(plans))
                    if index == len(plans):
                        plans.append(plan)
                    plan_of[id(plan)] = index
                code = sub.state_on(day).product
                key = (catalogs, code, day)
                if key not in free:
                    free[key] = account.offer.product(code, day).free_calls
                rows["customer"].append(pool)
                rows["sub"].append(part)
                rows["free_zone"].append(free[key])
                rows["plan"].append(index)
        if not parts:
            return
        table = pl.DataFrame(rows, schema={"c": KEY, "since": pl.Date, "customer": KEY,
                                           "sub": KEY, "free_zone": pl.String,
                                           "plan": pl.Int64})
        calls = frame.sort("day").join_asof(
            table.sort("since"), left_on="day", right_on="since", by="c",
            strategy="backward", check_sortedness=False).filter(
            pl.col("customer").is_not_null()).drop("since").sort("started_at", "arrival") \
            .with_columns(month=pl.col("day").dt.month_start())
        packages = self._packages(calls, pools)
        by_plan = calls.partition_by("plan", as_dict=True) if len(plans) > 1 else {(0,): calls}
        for (index,), part in by_plan.items():
            plan = plans[index]
            rated = pbx_calls(part.drop("plan"), plan,
                              packages.filter(pl.col("plan") == index).drop("plan"))
            if self.detail:
                for key, month, product, kind, seconds in package_use(rated, ["customer"]):
                    used = self.packages[self.ids[pools[key][0]]]
                    used[(product, kind, month)] = used.get((product, kind, month), 0) + seconds
            sums = rated.filter(pl.col("payg_s") > 0).group_by(
                "sub", "month", "payg_zone", "line_kind").agg(pl.col("payg_s").sum())
            prices: dict[tuple[str, str], Decimal] = {}
            for key, month, zone, kind, seconds in sums.iter_rows():
                price = prices.get((zone, kind))
                if price is None:
                    price = prices[(zone, kind)] = plan.zone_rate(zone, kind)
                if price:
                    c, sub_id = parts[key]
                    self.totals[self.ids[c]].append(UsageTotal(
                        sub_id, month, ("payg", zone, kind), price, Decimal(seconds) / SIXTY,
                        Decimal(seconds) * price / SIXTY))

    @staticmethod
    def _rating_subscriptions(account: Account) -> list[tuple]:
        """The customer's subscriptions whose catalog rates calls, in order, with the plan."""
        out = []
        for sub in account.subscriptions.values():
            plan = account.offer.catalog_of(sub.initial.product).rating
            if plan is not None:
                out.append((sub, plan))
        return out

    def _packages(self, calls: pl.DataFrame, pools: list[tuple[int, str]]) -> pl.DataFrame:
        rows: dict[str, list] = {k: [] for k in ("customer", "plan", "month", "product",
                                                 "zone", "kind", "seconds")}
        for key, plan, month in calls.select("customer", "plan", "month").unique().iter_rows():
            c, pool = pools[key]
            account = self.accounts[c]
            for (code, kind), seconds in package_seconds(account, pool, month).items():
                for column, value in (("customer", key), ("plan", plan), ("month", month),
                                      ("product", code), ("zone", account.offer.product(code)
                                                          .zone), ("kind", kind),
                                      ("seconds", seconds)):
                    rows[column].append(value)
        return pl.DataFrame(rows, schema={"customer": KEY, "plan": pl.Int64, "month": pl.Date,
                                          "product": pl.String, "zone": pl.String,
                                          "kind": pl.String, "seconds": pl.Int64})

    # --- pools ---------------------------------------------------------------------------------
    def _pools(self, frame: pl.DataFrame) -> None:
        """customer_columnar._pools and columnar.pool_records for every customer."""
        with_records = set(frame["c"].unique().to_list())
        slots, policies, profiles, cuts = self._pool_tables(with_records)
        if not frame.is_empty():
            days = frame.group_by("c").agg(first=pl.col("day").min(),
                                           last=pl.col("day").max())
            segments = _segment_table(days, cuts)
            rated, slots = _draw(frame, slots, segments)
            rated = _flags(rated.rename({"subscriber": "sim_id", "sim": "subscriber"}),
                           policies, profiles)
            self._overage(rated)
            if self.detail:
                self.flagged = rated.filter(pl.col("flags").list.len() > 0).select(
                    self._cid(), "record_id", pl.col("sim_id").alias("subscriber"), "day",
                    "flags")
        if self.detail and self.pools:
            self.slots = slots.select(
                self._cid(),
                pl.col("pool").replace_strict(list(range(len(self.pools))),
                                              [sub for _, sub in self.pools],
                                              return_dtype=pl.String),
                *(col for col in SLOTS if col != "pool"))

    def _cid(self) -> pl.Expr:
        return pl.col("c").replace_strict(list(range(len(self.ids))), self.ids,
                                          return_dtype=pl.String).alias("cid")

    def _pool_tables(self, with_records: set[int]) -> tuple[
            pl.DataFrame, pl.DataFrame, pl.DataFrame, dict[int, tuple[set[date], set[date]]]]:
        """The buckets of every pool (of customers with SIM records; with detail, of all),
        the dated policies, the SIM profiles, and each customer's days where a bucket starts
        or lapses (for its segments)."""
        slot_cols: dict[str, list] = {k: [] for k in ("c", "pool", "product", "unit",
                                                      "granted_for", "expires", "left",
                                                      "source")}
        policy_cols: dict[str, list] = {"pool": [], "since": [], "policy": []}
        cuts: dict[int, tuple[set[date], set[date]]] = {}
        for pool, (c, sub_id) in enumerate(self.pools):
            if c not in with_records and not self.detail:
                continue
            account = self.accounts[c]
            starts, ends = cuts.setdefault(c, (set(), set()))
            for s in pool_slots(account, account.subscriptions[sub_id], self.until[c]):
                for column, value in (("c", c), ("pool", pool), ("product", s.product),
                                      ("unit", s.unit), ("granted_for", s.granted_for),
                                      ("expires", s.expires), ("left", s.left),
                                      ("source", s.source)):
                    slot_cols[column].append(value)
                starts.add(s.granted_for)
                if s.expires is not None:
                    ends.add(s.expires)
            for since, policy in dict(account.overage.get(sub_id, ())).items():
                policy_cols["pool"].append(pool)
                policy_cols["since"].append(since)
                policy_cols["policy"].append(policy)
        profile_cols: dict[str, list] = {"subscriber": [], "since": [], "roaming": [],
                                         "data_cap_mb": []}
        for key, (c, sim_id) in enumerate(self.sims):
            if c not in with_records:
                continue
            for since, profile in dict(self.accounts[c].sims[sim_id].profiles).items():
                profile_cols["subscriber"].append(key)
                profile_cols["since"].append(since)
                profile_cols["roaming"].append(profile.roaming)
                profile_cols["data_cap_mb"].append(profile.data_cap_mb)
        slots = pl.DataFrame(slot_cols, schema={"c": KEY, "pool": KEY, **{
            k: v for k, v in SLOTS.items() if k != "pool"}}).with_row_index("_given")
        slots = slots.sort("pool", "unit", pl.col("expires").fill_null(FAR), "granted_for",
                           "_given").drop("_given")
        policies = pl.DataFrame(policy_cols, schema={"pool": KEY, "since": pl.Date,
                                                     "policy": pl.String})
        profiles = pl.DataFrame(profile_cols, schema={"subscriber": KEY, "since": pl.Date,
                                                      "roaming": pl.Boolean,
                                                      "data_cap_mb": pl.Int64})
        return slots, policies, profiles, cuts

    def _overage(self, rated: pl.DataFrame) -> None:
        sums = rated.filter(pl.col("charged") > 0).group_by(
            "pool", pl.col("day").dt.month_start().alias("month"), "unit").agg(
            pl.col("charged").sum())
        for pool, month, unit, charged in sums.iter_rows():
            c, sub_id = self.pools[pool]
            account = self.accounts[c]
            price = account.offer.product(account.subscriptions[sub_id].initial.product) \
                .overage.get(unit, Decimal(0))
            per = KB_PER_MB if unit == "data_mb" else 1
            if price:
                self.totals[self.ids[c]].append(UsageTotal(
                    sub_id, month, ("overage", unit), price, Decimal(charged) / per,
                    Decimal(charged) * price / per))


def _tariff_days(account: Account, subs: list[tuple], first: date, last: date) -> list[date]:
    """The days from `first` to `last` on which the tariff of calls may change: `first`, a
    subscription rating calls starts or ends, changes its state (a new product), or a catalog
    version comes into force (the product's terms on a day). Between two of them the
    subscription that rates the calls and its free zone stay the same."""
    days = {first}
    for sub, _ in subs:
        days |= {sub.start, *(p.first for p in sub.timeline())}
        if sub.service_end is not None:
            days.add(sub.service_end + timedelta(days=1))
    days |= {c.valid_from for c in account.offer.catalogs if c.valid_from is not None}
    return sorted(d for d in days if first <= d <= last)


def _segment_table(days: pl.DataFrame, cuts: dict[int, tuple[set[date], set[date]]]
                   ) -> pl.DataFrame:
    """columnar._segments per customer: its stretches of days (k = 0, 1, …) from its first
    to its last day with SIM records on which none of its buckets starts or lapses."""
    one = timedelta(days=1)
    cols: dict[str, list] = {"c": [], "k": [], "seg_first": [], "seg_last": []}
    for c, first, last in days.iter_rows():
        starts, ends = cuts.get(c, ((), ()))
        bounds = sorted({first, *(d for d in starts if first < d <= last),
                         *(d + one for d in ends if first <= d < last)})
        for k, (a, b) in enumerate(zip(bounds, [*bounds[1:], None], strict=True)):
            cols["c"].append(c)
            cols["k"].append(k)
            cols["seg_first"].append(a)
            cols["seg_last"].append(b - one if b else last)
    return pl.DataFrame(cols, schema={"c": KEY, "k": pl.Int64, "seg_first": pl.Date,
                                      "seg_last": pl.Date})


def _draw(frame: pl.DataFrame, slots: pl.DataFrame, segments: pl.DataFrame
          ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """columnar.pool_records' drawing: the k-th segment of every customer in one pass.
    Returns the records (time order) with unit, units, covered and beyond, and the slots with
    what is left."""
    frame = frame.with_columns(unit=pl.col("service").replace_strict(UNITS),
                               units=pool_units())
    frame = frame.with_row_index("_row").sort("day").join_asof(
        segments.sort("seg_first"), left_on="day", right_on="seg_first", by="c",
        strategy="backward", check_sortedness=False).sort("_row").drop(
        "_row", "seg_first", "seg_last")
    parts = []
    by_k = frame.partition_by("k", as_dict=True, include_key=False)
    valid = (pl.col("granted_for") <= pl.col("seg_first")) \
        & (pl.col("expires").fill_null(FAR) >= pl.col("seg_last"))
    for k in sorted(key for (key,) in by_k):
        part = by_k[(k,)]
        bounds = segments.filter(pl.col("k") == k).drop("k")
        slots = slots.join(bounds, on="c", how="left", maintain_order="left")
        capacity = slots.filter(valid).group_by("pool", "unit").agg(cap=pl.col("left").sum())
        drawn = pool_draws(part, capacity)
        slots = _drain(slots, drawn.group_by("pool", "unit").agg(pl.col("covered").sum()),
                       valid.fill_null(False)).drop("seg_first", "seg_last")
        parts.append(drawn)
    rated = pl.concat(parts) if parts else frame.with_columns(covered=0, beyond=0)
    return rated.sort("started_at", "arrival"), slots
