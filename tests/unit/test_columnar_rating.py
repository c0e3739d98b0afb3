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
uses = st.lists(st.tuples(st.sampled_from(["voice", "sms", "data"]), st.integers(0, 200_000)),
                max_size=40)


@settings(max_examples=80, deadline=None)
@given(held=slots, used=uses)
def test_columnar_pool_draws_agree_with_the_reference(held, used):
    start = datetime(2026, 3, 1, tzinfo=UTC)
    records = [UsageRecord(f"s{i:03}", "sim", start + timedelta(minutes=i), DAY, service,
                           duration_s=amount, volume_bytes=amount)
               for i, (service, amount) in enumerate(used)]
    pool = Pool([Slot(f"p{i}", unit, DAY, None, left) for i, (unit, left) in enumerate(held)],
                ((DAY, "overage"),))
    reference = [pool.draw(r, Profile()) for r in records]
    frame = pl.DataFrame([{"pool": "x", "unit": {"voice": "voice_min", "sms": "sms",
                                                 "data": "data_mb"}[r.service],
                           "started_at": r.started_at, "record_id": r.record_id,
                           "service": r.service, "duration_s": r.duration_s,
                           "volume_bytes": r.volume_bytes} for r in records],
                         schema_overrides={"duration_s": pl.Int64, "volume_bytes": pl.Int64})
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
