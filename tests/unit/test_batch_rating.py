"""Rating many customers in one columnar pass (rating.batch) gives every customer exactly what
rating it alone gives (customer_columnar.rate_frame: totals, what is left in the pools, flagged
records), and the totals the record-by-record reference gives: on seeded random populations
(aut-pbx with and without minute packages, Digital Phone Basic/Premium and a change between
them, O2 Unite pools with trial, overage/block switching, SIM profiles, roaming, two pools in
one company, SIMs removed, campaign reward data granted mid-month and lapsing at the end of the
next month, mixed offers, customers without usage), on the sample population of
the billing run and on every usage scenario, batched together. A draft given the batch's
totals is the draft that prices the customer's usage itself."""

from __future__ import annotations

import random
from contextlib import suppress
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from kontor.adapters.memory import MemoryCatalogs, MemoryUnitOfWork
from kontor.adapters.scenario_yaml import parse_scenario
from kontor.adapters.yaml_source import read_yaml
from kontor.domain.account import Account, Customer
from kontor.domain.catalog import Offer
from kontor.domain.errors import Refused
from kontor.domain.invoicing.draft import draft, usage_until
from kontor.domain.invoicing.usage import totals
from kontor.domain.rating.batch import price_usage_many, rate_frames
from kontor.domain.rating.customer import rate_customer
from kontor.domain.rating.customer_columnar import (
    RECORD_SCHEMA,
    FrameRating,
    from_frame,
    rate_frame,
    records_frame,
)
from kontor.services.commands import RecordUsage, from_event
from kontor.services.handlers import execute
from kontor.services.population import build_account, sample_customers
from kontor.services.simulate import simulate
from kontor.services.usage import record_usage

BERLIN = ZoneInfo("Europe/Berlin")
JAN = date(2026, 1, 1)
DESTINATIONS = (("+4930", 8), ("+49151", 8), ("+4989", 7), ("+43660", 7), ("+431", 7),
                ("+4144", 7), ("+4179", 7), ("+336", 8), ("+331", 8), ("+1212", 7),
                ("+5511", 8), ("+49800", 7), ("+49180", 7))  # (prefix, digits after it)
PACKAGES = [f"autpbx-flat-{zone}-{size}" for zone in ("de", "dach", "eu", "export")
            for size in ("s", "m", "l")]
SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
REWARDED = ("portal_registered", "app_installed", "bill_video_watched")


# --- comparing -----------------------------------------------------------------------------------
def _key(total):
    return (total.subscription, total.month, total.group, total.unit_price, total.quantity,
            total.amount)


def _same_totals(got, want) -> bool:
    return sorted(map(_key, got)) == sorted(map(_key, want))


def _rows(frame: pl.DataFrame) -> list:
    return sorted((tuple(tuple(v) if isinstance(v, list) else v for v in row)
                   for row in frame.iter_rows()), key=repr)


def assert_batch_equals_single(accounts, frames, until) -> dict[str, FrameRating]:
    """Totals (price_usage_many and rate_frames), slots and flagged records per customer as
    rate_frame gives them; totals as the reference gives them."""
    day = (lambda cid: until[cid]) if isinstance(until, dict) else (lambda cid: until)
    single = {cid: rate_frame(accounts[cid], frames[cid], day(cid)) for cid in frames}
    priced = price_usage_many(accounts, frames, until)
    rated = rate_frames(accounts, frames, until)
    assert set(priced) == set(rated) == set(frames)
    for cid, want in single.items():
        assert _same_totals(priced[cid], want.totals), cid
        assert _same_totals(rated[cid].totals, want.totals), cid
        assert rated[cid].slots.columns == want.slots.columns, cid
        assert _rows(rated[cid].slots) == _rows(want.slots), cid
        assert rated[cid].flagged.columns == want.flagged.columns, cid
        assert _rows(rated[cid].flagged) == _rows(want.flagged), cid
        assert rated[cid].packages == want.packages, cid
        reference = totals(rate_customer(accounts[cid], from_frame(frames[cid]), day(cid))
                           .rated)
        assert _same_totals(priced[cid], reference), cid
    return rated


# --- random customers ----------------------------------------------------------------------------
def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _at(rng: random.Random, day: date) -> datetime:
    """Few times a day, so records often start at the same instant (taken in the order they
    came), and sometimes just after midnight (a day of its own)."""
    return datetime(day.year, day.month, day.day, rng.choice((0, 8, 12, 18)), 0, tzinfo=BERLIN)


def _number(rng: random.Random) -> str:
    prefix, digits = rng.choice(DESTINATIONS)
    return prefix + str(rng.randrange(2 * 10 ** (digits - 1), 10**digits))


def _call(rng: random.Random, rid: str, subscriber: str, day: date, heavy: bool) -> dict:
    return {"record_id": rid, "subscriber": subscriber, "started_at": _at(rng, day).isoformat(),
            "service": "voice",
            "destination": _number(rng), "duration_s": rng.choice((0, 1, 59, 60, 61, rng.randrange(1, 600),
                                      rng.randrange(600, 14400 if heavy else 3600))),
            "volume_bytes": 0}


def _mobile(rng: random.Random, rid: str, sim: str, day: date) -> dict:
    service = rng.choice(("voice", "voice", "sms", "data", "data"))
    record = _call(rng, rid, sim, day, heavy=True) if service == "voice" else {
        "record_id": rid, "subscriber": sim, "started_at": _at(rng, day).isoformat(),
        "service": service, "duration_s": 0,
        "destination": _number(rng) if service == "sms" else None,
        "volume_bytes": rng.choice((1, 10240, 10241, rng.randrange(10**5, 6 * 10**9)))
        if service == "data" else 0}
    if rng.random() < 0.25:
        record["roaming_country"] = rng.choice(("AT", "FR", "US"))
    return record


def _ties(rng: random.Random, records: list[dict]) -> list[dict]:
    """Some records again at the same instant (ties are taken in the order they came)."""
    twins = [dict(r, record_id=f"{r['record_id']}t",
                  duration_s=rng.randrange(0, 3000) if r["service"] == "voice" else 0)
             for r in rng.sample(records, min(len(records), rng.randrange(0, 4)))]
    return records + twins


def _unite(rng: random.Random, start: date, last: date):
    events = [(start, "subscribe", {"id": "pool", "product": "unite",
                                    "trial": rng.random() < 0.4}),
              (start, "set_pools", {"subscription": "pool", "voice": rng.choice((1, 2)),
                                    "sms": 1, "data": rng.choice((1, 2))})]
    pools = ["pool"]
    if rng.random() < 0.25:  # a second pool in the same company
        events += [(start, "subscribe", {"id": "pool2", "product": "unite"}),
                   (start, "set_pools", {"subscription": "pool2", "voice": 1, "sms": 1,
                                         "data": 1})]
        pools.append("pool2")
    sims = [f"s{n}" for n in range(1, rng.randrange(2, 6))]  # the same ids in every company
    for sim in sims:
        events.append((start, "add_sim", {"id": sim, "subscription": rng.choice(pools)}))
    if rng.random() < 0.4:
        events.append((start, "set_overage", {"subscription": "pool", "policy": "overage"}))
    for _ in range(rng.randrange(0, 4)):
        events.append((_day(rng, start, last), "set_overage", {
            "subscription": rng.choice(pools), "policy": rng.choice(("overage", "block"))}))
    for _ in range(rng.randrange(0, 5)):
        fields = {"sim": rng.choice(sims)}
        if rng.random() < 0.5:
            fields["roaming"] = rng.random() < 0.3
        else:
            fields["data_cap_mb"] = rng.choice((None, 1, 50, 500, 5000))
        events.append((_day(rng, start, last), "set_profile", fields))
    if rng.random() < 0.3:
        events.append((_day(rng, start, last), "set_pools", {
            "subscription": "pool", "voice": rng.choice((1, 3)), "sms": 2, "data": 1}))
    if len(sims) > 1 and rng.random() < 0.2:
        events.append((_day(rng, start + timedelta(days=20), last + timedelta(days=20)),
                       "remove_sim", {"id": sims[-1]}))
    if rng.random() < 0.5:  # invited: reward data in the pool from the day of each action
        events.append((start, "invite", {"campaign": "online-statt-hotline"}))
        for action in rng.sample(REWARDED, rng.randrange(1, 4)):
            events.append((_day(rng, start, last), "action",
                           {"campaign": "online-statt-hotline", "action": action}))
    records = [_mobile(rng, f"m{n}", rng.choice(sims), _day(rng, start, last))
               for n in range(rng.randrange(0, 120))]
    return events, records


def _pbx(rng: random.Random, start: date, last: date):
    lines = [str(100 + n) for n in range(rng.randrange(1, 6))]  # the same in every company
    events = [(start, "subscribe", {"id": "pbx", "product": "autpbx-extension",
                                    "quantity": rng.choice((3, 10, 60))})]
    for code in rng.sample(PACKAGES, rng.choice((0, 0, 1, 2, 3))):
        events.append((rng.choice((start, _day(rng, start, last))), "add_option",
                       {"subscription": "pbx", "product": code}))
    records = [_call(rng, f"c{n}", rng.choice(lines), _day(rng, start, last), heavy=False)
               for n in range(rng.randrange(0, 60))]
    return events, records


def _digital_phone(rng: random.Random, start: date, last: date):
    product = rng.choice(("dp-base-basic", "dp-base-premium"))
    events = [(start, "subscribe", {"id": "dp", "product": product,
                                    "quantity": rng.choice((2, 5, 20)),
                                    "trial": rng.random() < 0.3})]
    if product == "dp-base-basic" and rng.random() < 0.5:
        events.append((_day(rng, start, last - timedelta(days=40)), "change_plan",
                       {"subscription": "dp", "product": "dp-base-premium"}))
    records = [_call(rng, f"d{n}", rng.choice(("100", "101", "102")),
                     _day(rng, start, last), heavy=False) for n in range(rng.randrange(0, 50))]
    return events, records


def _smart(rng: random.Random, start: date, last: date):
    return [(start, "subscribe", {"id": "abo", "product": rng.choice(("smart-s", "smart-m"))})
            ], []


def _customer(uow: MemoryUnitOfWork, catalogs: MemoryCatalogs, cid: str, rng: random.Random
              ) -> pl.DataFrame | None:
    """One random customer opened in `uow` (commands applied, usage imported). A customer of
    aut-pbx and O2 Unite together: the import takes SIM records only, so its calls are read
    through a twin with its PBX subscription alone and returned, to add to its frame."""
    kind = rng.choice(("unite", "unite", "pbx", "pbx", "dp", "dp", "mixed", "smart", "none"))
    start = JAN + timedelta(days=rng.choice((0, 0, 4, 9, 16, 30)))
    last = date(2026, 3, 31)
    names = {"unite": ("o2-unite",), "pbx": ("aut-pbx",), "dp": ("digital-phone",),
             "mixed": ("aut-pbx", "o2-unite"), "smart": ("smart-abo",),
             "none": ("o2-unite",)}[kind]
    builders = {"unite": [_unite], "none": [_unite], "pbx": [_pbx], "dp": [_digital_phone],
                "mixed": [_unite, _pbx], "smart": [_smart]}[kind]
    parts = [build(rng, start, last) for build in builders]
    if kind == "none":
        parts = [(parts[0][0], [])]
    _open(uow, catalogs, cid, names, parts[0][0] + (parts[1][0] if len(parts) > 1 else []),
          parts[0][1], rng, last)
    if kind != "mixed":
        return None
    twin = MemoryUnitOfWork()
    _open(twin, catalogs, cid, ("aut-pbx",), parts[1][0], parts[1][1], rng, last)
    with twin:
        return twin.usage.frame(cid)


def _open(uow, catalogs, cid, names, events, records, rng, last) -> None:
    country = "CH" if names == ("smart-abo",) else "DE"
    uow.accounts.add(Account(Customer(cid, f"Kunde {cid}", country,
                                      "ZH" if country == "CH" else "BY",
                                      ("Weg 1", "10115 Berlin"), None, "a@example.com"),
                             catalogs.offer(names)))
    for n, (day, do, fields) in enumerate(sorted(events, key=lambda e: e[0])):
        with suppress(Refused):  # a change the rules do not allow: the customer goes without
            execute(uow, cid, from_event(day, do, fields, n))
    records = _ties(rng, records)
    if records:
        rng.shuffle(records)  # the order they came in is not time order
        record_usage(uow, cid, RecordUsage(day=last, records=tuple(records), source="test"))


def _strays(rng: random.Random, frame: pl.DataFrame) -> pl.DataFrame:
    """Records the import would not take (a day before the subscription started): calls on days
    without a PBX subscription, pool records before the first bucket."""
    if frame.is_empty() or rng.random() < 0.6:
        return frame
    back = timedelta(days=rng.choice((1, 10, 40)))
    extra = frame.sample(min(frame.height, 3), seed=rng.randrange(10**6)).with_columns(
        pl.col("record_id") + "x", pl.col("day") - back, pl.col("started_at") - back)
    return pl.concat([frame, extra])


def random_population(count: int, seed: int):
    rng = random.Random(seed)
    uow, catalogs = MemoryUnitOfWork(), MemoryCatalogs()
    ids = [f"R{seed}-{n:03d}" for n in range(count)]
    calls = {cid: _customer(uow, catalogs, cid, rng) for cid in ids}
    with uow:
        accounts = {cid: uow.accounts.get(cid) for cid in ids}
        frames = {cid: _strays(rng, uow.usage.frame(cid) if calls[cid] is None else
                               pl.concat([uow.usage.frame(cid), calls[cid]]))
                  for cid in ids}
    return uow, accounts, frames


# --- tests ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_customers_rate_as_they_do_alone(seed):
    _, accounts, frames = random_population(40, seed)
    rng = random.Random(seed)
    until = {cid: rng.choice((date(2026, 1, 31), date(2026, 2, 14), date(2026, 2, 28),
                              date(2026, 3, 31))) for cid in frames}
    assert_batch_equals_single(accounts, frames, until)
    # one date for all: January's buckets only, so the pools run out in February and March
    rated = assert_batch_equals_single(accounts, frames, date(2026, 1, 31))
    assert {t.group[0] for r in rated.values() for t in r.totals} == {"payg", "overage"}
    flags = {f for r in rated.values() for fs in r.flagged["flags"].to_list() for f in fs}
    assert flags == {"roaming_denied", "data_cap_exceeded", "pool_exhausted"}
    # reward data was granted, and drawn before the pool's own data
    rewards = [r.slots.filter(pl.col("source") == "reward") for r in rated.values()]
    assert any(f.height for f in rewards)
    assert any(f.filter(pl.col("left") < 600 * 1024).height for f in rewards)


def test_a_catalog_version_that_changes_the_free_zone_mid_month():
    """From 15 Feb a new version of Digital Phone includes German calls in Basic and no longer
    in Premium (its rating plan equal to the old one, another object)."""
    _, accounts, frames = random_population(40, 8)
    dp = next(catalog for account in accounts.values() for catalog in account.offer.catalogs
              if catalog.name == "digital-phone")
    products = dict(dp.products)
    products["dp-base-basic"] = replace(products["dp-base-basic"], free_calls="de")
    products["dp-base-premium"] = replace(products["dp-base-premium"], free_calls=None)
    later = replace(dp, products=products, version=dp.version + 1,
                    valid_from=date(2026, 2, 15), rating=replace(dp.rating))
    changed = {cid: replace(account, offer=Offer((*account.offer.catalogs, later)))
               for cid, account in accounts.items() if dp in account.offer.catalogs}
    assert any(frames[cid].height for cid in changed)
    accounts.update(changed)
    before = price_usage_many(accounts, frames, date(2026, 3, 31))
    assert_batch_equals_single(accounts, frames, date(2026, 3, 31))
    assert any(not _same_totals(before[cid], rate_frame(
        replace(account, offer=Offer(account.offer.catalogs[:-1])), frames[cid],
        date(2026, 3, 31)).totals) for cid, account in changed.items())


def test_the_billing_run_sample_population():
    samples = sample_customers(120, JAN, 11)
    uow, catalogs = MemoryUnitOfWork(), MemoryCatalogs()
    for sample in samples:
        uow.accounts.add(build_account(sample, catalogs.offer(sample.catalogs)))
        if sample.records:
            record_usage(uow, sample.customer.id,
                         RecordUsage(day=date(2026, 1, 31), records=sample.records,
                                     source="demo"))
    with uow:
        ids = [s.customer.id for s in samples]
        accounts = {cid: uow.accounts.get(cid) for cid in ids}
        frames = uow.usage.frames(ids)
    assert any(f.is_empty() for f in frames.values())
    assert_batch_equals_single(accounts, frames, date(2026, 1, 31))


def test_every_usage_scenario_in_one_batch():
    files = sorted(p for p in SCENARIOS.rglob("*.yaml") if "usage" in p.read_text())
    accounts, frames, until = {}, {}, {}
    for path in files:
        doc = read_yaml(path)
        doc.data.pop("expect")
        result = simulate(parse_scenario(doc, path.parent))
        name = str(path.relative_to(SCENARIOS))  # customer ids repeat between scenarios
        accounts[name] = result.account
        frames[name] = records_frame(result.uow.usage.records(result.customer))
        until[name] = result.scenario.end
    assert len(files) >= 10
    assert_batch_equals_single(accounts, frames, until)


@pytest.mark.parametrize("billing_date", [date(2026, 2, 1), date(2026, 3, 1),
                                          date(2026, 4, 1)])
def test_a_draft_with_the_batch_totals_is_the_same_draft(billing_date):
    uow, accounts, frames = random_population(30, 9)
    until = usage_until(billing_date)
    priced = price_usage_many(accounts, frames, until, drop_later=True)
    with uow:
        views = uow.billing.views(list(frames))
        for cid, frame in frames.items():
            want = draft(accounts[cid], views[cid], billing_date, frame)
            assert draft(accounts[cid], views[cid], billing_date, frame,
                         priced=priced[cid]) == want, cid
    assert any(p.line is not None and p.line.kind == "usage"
               for cid, frame in frames.items()
               for p in draft(accounts[cid], views[cid], billing_date, frame).proposals)


def test_drop_later_leaves_out_the_records_after_until():
    _, accounts, frames = random_population(20, 5)
    until = {cid: date(2026, 2, 14) if n % 2 else date(2026, 1, 31)
             for n, cid in enumerate(frames)}
    got = price_usage_many(accounts, frames, until, drop_later=True)
    for cid, frame in frames.items():
        want = rate_frame(accounts[cid], frame.filter(pl.col("day") <= until[cid]),
                          until[cid]).totals
        assert _same_totals(got[cid], want), cid


def test_no_customers_no_records_and_frames_of_another_layout():
    _, accounts, frames = random_population(12, 6)
    assert price_usage_many({}, {}, JAN) == {}
    empty = {cid: pl.DataFrame(schema=RECORD_SCHEMA) for cid in frames}
    assert price_usage_many(accounts, empty, JAN) == {cid: [] for cid in frames}
    assert all(r.totals == [] and r.flagged.is_empty() for r in
               rate_frames(accounts, empty, JAN).values())
    # columns in another order and an extra column in one of them: still the same rating
    first = next(cid for cid, f in frames.items() if f.height)
    shuffled = dict(frames)
    shuffled[first] = frames[first].select(reversed(frames[first].columns)).with_columns(
        extra=pl.lit(1))
    want = price_usage_many(accounts, frames, date(2026, 3, 31))
    got = price_usage_many(accounts, shuffled, date(2026, 3, 31))
    assert got.keys() == want.keys()
    assert all(_same_totals(got[cid], want[cid]) for cid in want)
    assert any(want.values())
