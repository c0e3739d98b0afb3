"""The columnar (Polars) rating engine gives exactly what the record-by-record reference gives,
on random calls, packages and pools (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from book import offer
from kontor.domain.account import Profile
from kontor.domain.rating.columnar import pbx_calls, pool_draws, pool_units
from kontor.domain.rating.pbx import Package, Tariff, rate_calls
from kontor.domain.rating.pool import Pool, Slot, units
from kontor.domain.usage import UsageRecord

PLAN = offer("aut-pbx").catalogs[0].rating
DAY = date(2026, 3, 1)
COUNTRIES = ["DE", "AT", "CH", "FR", "US", "BR", "AU", None]
KINDS = ["landline", "mobile", "tollfree", "other"]
PACKAGES = [("de-s", "de"), ("dach-s", "dach"), ("eu-s", "eu"), ("export-s", "export")]

calls = st.lists(st.tuples(st.sampled_from(COUNTRIES), st.sampled_from(KINDS),
                           st.integers(0, 4000)), max_size=40)
packages = st.lists(st.tuples(st.sampled_from(PACKAGES), st.integers(0, 3000),
                              st.integers(0, 600)), max_size=4, unique_by=lambda p: p[0])


def _records(raw) -> list[UsageRecord]:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    return [UsageRecord(f"r{i:03}", "100", start + timedelta(minutes=i), DAY, "voice",
                        None, country, kind, duration_s=seconds)
            for i, (country, kind, seconds) in enumerate(raw)]


@settings(max_examples=80, deadline=None)
@given(raw=calls, booked=packages, free=st.sampled_from([None, "de"]))
def test_columnar_calls_agree_with_the_reference(raw, booked, free):
    records = _records(raw)
    if not records:
        return
    reference = rate_calls(records, Tariff(PLAN, free), [
        Package(p, z, {"landline": land, "mobile": mob}) for (p, z), land, mob in booked])
    frame = pl.DataFrame([{"customer": "c", "month": DAY, "started_at": r.started_at,
                           "record_id": r.record_id, "country": r.country, "kind": r.kind,
                           "duration_s": r.duration_s} for r in records],
                         schema_overrides={"country": pl.String})
    booked_rows = [{"customer": "c", "month": DAY, "product": p, "zone": z, "kind": kind,
                    "seconds": seconds} for (p, z), land, mob in booked
                   for kind, seconds in (("landline", land), ("mobile", mob))]
    table = pl.DataFrame(booked_rows, schema={"customer": pl.String, "month": pl.Date,
                                              "product": pl.String, "zone": pl.String,
                                              "kind": pl.String, "seconds": pl.Int64})
    rated = pbx_calls(frame, PLAN, table, free).sort("record_id")  # compare record by record
    for want, got in zip(reference, rated.iter_rows(named=True), strict=True):
        payg = sum(int((p.quantity * 60).to_integral_value()) for p in want.priced
                   if p.group[0] == "payg")
        assert got["payg_s"] == payg, (want, got)
        for product, seconds in want.drawn:
            assert got[f"took:{product}"] == seconds
        if payg:
            assert want.priced[0].group == ("payg", got["payg_zone"], got["line_kind"])


slots = st.lists(st.tuples(st.sampled_from(["voice_min", "sms", "data_mb"]),
                           st.integers(0, 500)), max_size=4)
uses = st.lists(st.tuples(st.sampled_from(["voice", "sms", "data"]), st.integers(0, 200_000),
                          st.sampled_from(["landline", "mobile", "tollfree"])), max_size=40)


def _kind(service: str, kind: str) -> str | None:
    """A generated record's destination kind: calls and SMS have one (toll-free draws no pool
    units), data none."""
    return None if service == "data" else kind


@settings(max_examples=80, deadline=None)
@given(held=slots, used=uses)
def test_columnar_pool_draws_agree_with_the_reference(held, used):
    start = datetime(2026, 3, 1, tzinfo=UTC)
    records = [UsageRecord(f"s{i:03}", "sim", start + timedelta(minutes=i), DAY, service,
                           kind=_kind(service, kind), duration_s=amount, volume_bytes=amount)
               for i, (service, amount, kind) in enumerate(used)]
    pool = Pool([Slot(f"p{i}", unit, DAY, None, left) for i, (unit, left) in enumerate(held)],
                ((DAY, "overage"),))
    reference = [pool.draw(r, Profile()) for r in records]
    frame = pl.DataFrame([{"pool": "x", "unit": {"voice": "voice_min", "sms": "sms",
                                                 "data": "data_mb"}[r.service],
                           "started_at": r.started_at, "record_id": r.record_id,
                           "service": r.service, "kind": r.kind, "duration_s": r.duration_s,
                           "volume_bytes": r.volume_bytes} for r in records],
                         schema_overrides={"duration_s": pl.Int64, "volume_bytes": pl.Int64,
                                           "kind": pl.String})
    if records:
        frame = frame.with_columns(units=pool_units())
        assert frame["units"].to_list() == [units(r) for r in records]
    capacity = pl.DataFrame([{"pool": "x", "unit": u, "cap": n} for u, n in held],
                            schema={"pool": pl.String, "unit": pl.String, "cap": pl.Int64}
                            ).group_by("pool", "unit").agg(pl.col("cap").sum())
    if not records:
        return
    drawn = pool_draws(frame, capacity).sort("record_id")
    for want, got in zip(reference, drawn.iter_rows(named=True), strict=True):
        assert got["covered"] == sum(n for _, n in want.drawn)
        assert got["beyond"] == got["units"] - got["covered"]


MONTHS = [date(2026, 3, d) for d in (1, 10, 20, 31)] + [date(2026, 4, d) for d in (1, 15, 30)]
buckets_st = st.lists(st.tuples(st.sampled_from(["voice_min", "sms", "data_mb"]),
                                st.sampled_from(MONTHS[:5]),
                                st.one_of(st.none(), st.sampled_from(MONTHS)),
                                st.integers(0, 300)), max_size=5)
records_st = st.lists(st.tuples(st.sampled_from(["voice", "sms", "data"]),
                                st.integers(0, 50_000), st.sampled_from(MONTHS),
                                st.sampled_from(["sim1", "sim2"]), st.booleans(),
                                st.sampled_from(["landline", "tollfree"])), max_size=30)
changes_st = st.lists(st.tuples(st.sampled_from(MONTHS), st.sampled_from(["block", "overage"])),
                      max_size=3)
profiles_st = st.lists(st.tuples(st.sampled_from(["sim1", "sim2"]), st.sampled_from(MONTHS),
                                 st.booleans(), st.one_of(st.none(), st.integers(0, 40))),
                       max_size=3)


@settings(max_examples=80, deadline=None)
@given(held=buckets_st, used=records_st, policy=changes_st, profiles=profiles_st)
def test_columnar_pools_with_validity_policies_and_profiles_agree(held, used, policy,
                                                                  profiles):
    from kontor.domain.account import in_force
    from kontor.domain.rating.columnar import pool_records

    slots = [Slot(f"b{i}", unit, first, expires if expires is None or expires >= first
                  else first, left) for i, (unit, first, expires, left) in enumerate(held)]
    records = sorted((UsageRecord(f"s{i:03}", sim, datetime(d.year, d.month, d.day, 8, i,
                                                             tzinfo=UTC), d, service,
                                  kind=_kind(service, kind), duration_s=amount,
                                  volume_bytes=amount, roaming_country="FR" if roaming else None)
                      for i, (service, amount, d, sim, roaming, kind) in enumerate(used)),
                     key=lambda r: r.started_at)
    policy = sorted(dict(policy).items())  # one change a day (the last one given)
    profiles = sorted({(s, d): (s, d, r, c) for s, d, r, c in profiles}.values(),
                      key=lambda p: (p[0], p[1]))
    history = {sim: tuple((since, Profile(roam, cap))
                          for s, since, roam, cap in profiles if s == sim)
               for sim in ("sim1", "sim2")}
    pool = Pool([Slot(s.product, s.unit, s.granted_for, s.expires, s.left) for s in slots],
                tuple(policy))
    reference = [pool.draw(r, in_force(history[r.subscriber], r.day, Profile()))
                 for r in records]
    frame = pl.DataFrame([{"pool": "x", "subscriber": r.subscriber, "started_at": r.started_at,
                           "day": r.day, "service": r.service, "kind": r.kind,
                           "duration_s": r.duration_s, "volume_bytes": r.volume_bytes,
                           "roaming_country": r.roaming_country} for r in records],
                         schema={"pool": pl.String, "subscriber": pl.String,
                                 "started_at": pl.Datetime("us", "UTC"), "day": pl.Date,
                                 "service": pl.String, "kind": pl.String, "duration_s": pl.Int64,
                                 "volume_bytes": pl.Int64, "roaming_country": pl.String})
    slot_frame = pl.DataFrame([{"pool": "x", "unit": s.unit, "granted_for": s.granted_for,
                                "expires": s.expires, "left": s.left} for s in slots],
                              schema={"pool": pl.String, "unit": pl.String,
                                      "granted_for": pl.Date, "expires": pl.Date,
                                      "left": pl.Int64})
    policies = pl.DataFrame([{"pool": "x", "since": d, "policy": p} for d, p in policy],
                            schema={"pool": pl.String, "since": pl.Date, "policy": pl.String})
    profile_frame = pl.DataFrame(
        [{"subscriber": s, "since": d, "roaming": r, "data_cap_mb": c}
         for s, d, r, c in profiles],
        schema={"subscriber": pl.String, "since": pl.Date, "roaming": pl.Boolean,
                "data_cap_mb": pl.Int64})
    rated, left = pool_records(frame, slot_frame, policies, profile_frame)
    for want, got in zip(reference, rated.iter_rows(named=True), strict=True):
        assert got["covered"] == sum(n for _, n in want.drawn), (want, got)
        charged = sum(p.quantity for p in want.priced)
        if got["unit"] == "data_mb":
            charged *= 1024
        assert got["charged"] == charged, (want, got)
        assert sorted(got["flags"]) == sorted(want.flags), (want, got)
    assert sorted(left["left"].to_list()) == sorted(s.left for s in pool.slots)


@given(ids=st.lists(st.sampled_from(["a", "b", "c", "r1", "r2", ""]), max_size=30))
def test_first_of_each_id_is_exactly_the_first_occurrence(ids):
    from kontor.domain.rating.columnar import first_of_each_id

    series = pl.Series("record_id", ids, dtype=pl.String)
    assert first_of_each_id(series).to_list() == series.is_first_distinct().to_list()
