"""Example customers in a realistic mix of the offers, with a month of usage: for `make demo`,
the billing benchmark and the billing-run tests. Deterministic for a seed. Customers are built
through the same commands as every other entry point (in memory, then stored in bulk)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from kontor.adapters.memory import MemoryUnitOfWork
from kontor.domain.account import Account, Customer
from kontor.services.commands import Command, from_event
from kontor.services.handlers import execute

MIX = (("aut-pbx", 30), ("o2-unite", 30), ("digital-phone", 20), ("smart-abo", 20))
REGIONS = {"DE": ("BY", "NW", "HH", "BE", "HE"), "CH": ("ZH", "BE", "GE")}
DESTINATIONS = ("+4930{:07d}", "+49151{:08d}", "+4989{:07d}", "+43660{:06d}", "+33612{:06d}")


@dataclass(frozen=True)
class SampleCustomer:
    customer: Customer
    catalogs: tuple[str, ...]
    commands: tuple[Command, ...]
    records: tuple[dict, ...]  # canonical usage records of the month


def sample_customers(count: int, month: date, seed: int = 1) -> list[SampleCustomer]:
    """`count` customers who start in `month` (their first invoice is due the month after)."""
    rng = random.Random(seed)
    offers = [name for name, weight in MIX for _ in range(weight)]
    return [_customer(i, rng.choice(offers), month, rng) for i in range(count)]


def _customer(i: int, offer: str, month: date, rng: random.Random) -> SampleCustomer:
    country = "CH" if offer == "smart-abo" else "DE"
    customer = Customer(f"K{i:06d}", f"Beispiel {i} GmbH" if country == "DE" else
                        f"Beispiel {i} AG", country, rng.choice(REGIONS[country]),
                        (f"Musterstraße {i % 200 + 1}", "10115 Berlin" if country == "DE"
                         else "8001 Zürich"), None, f"buchhaltung{i}@example.com")
    start = month + timedelta(days=rng.choice((0, 0, 0, 4, 9, 16)))
    events, records = _events(offer, start, month, rng, customer.id)
    commands = tuple(from_event(day, do, fields, n) for n, (day, do, fields) in enumerate(events))
    return SampleCustomer(customer, (offer,), commands, tuple(records))


def _events(offer: str, start: date, month: date, rng: random.Random, cid: str):
    events: list[tuple[date, str, dict]] = []
    records: list[dict] = []
    if offer == "aut-pbx":
        extensions = rng.choice((3, 5, 8, 12, 25, 60))
        events.append((start, "subscribe", {"id": "pbx", "product": "autpbx-extension",
                                            "quantity": extensions}))
        events.append((start, "one_time", {"product": "autpbx-setup"}))
        if rng.random() < 0.4:
            events.append((start, "add_option", {"subscription": "pbx",
                                                 "product": "autpbx-flat-de-m"}))
        records = _calls(cid, start, month, rng, [str(100 + n) for n in range(extensions)])
    elif offer == "digital-phone":
        events.append((start, "subscribe", {"id": "dp", "product": rng.choice(
            ("dp-base-basic", "dp-base-premium")), "quantity": rng.choice((2, 5, 10, 20))}))
        records = _calls(cid, start, month, rng, ["100", "101", "102"])
    elif offer == "o2-unite":
        trial = rng.random() < 0.3
        events.append((start, "subscribe", {"id": "pool", "product": "unite", "trial": trial}))
        events.append((start, "set_pools", {"subscription": "pool", "voice": rng.choice((1, 2)),
                                            "sms": 1, "data": rng.choice((1, 3, 5))}))
        sims = [f"{cid}-sim{n}" for n in range(rng.choice((2, 5, 10)))]
        for sim in sims:
            events.append((start, "add_sim", {"id": sim, "subscription": "pool"}))
        if rng.random() < 0.5:
            events.append((start, "set_overage", {"subscription": "pool", "policy": "overage"}))
        records = _mobile(cid, start, month, rng, sims)
    else:
        events.append((start, "subscribe", {"id": "abo", "product": rng.choice(
            ("smart-s", "smart-m")), "aio": rng.random() < 0.5}))
        if rng.random() < 0.5:
            events.append((start, "device_plan", {
                "id": "phone", "subscription": "abo", "device": "Smartphone",
                "price": rng.choice(("499.00", "999.00")), "down_payment": "100.00",
                "installments": 24, "channel": "order"}))
    return events, records


def _times(start: date, month: date, rng: random.Random, count: int, zone: str):
    last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    days = (last - start).days + 1
    tz = ZoneInfo(zone)
    for _ in range(count):
        day = start + timedelta(days=rng.randrange(days))
        yield datetime(day.year, day.month, day.day, rng.randrange(7, 20), rng.randrange(60),
                       tzinfo=tz)


def _calls(cid: str, start: date, month: date, rng: random.Random, lines: list[str]):
    out = []
    for n, at in enumerate(_times(start, month, rng, rng.randrange(5, 40), "Europe/Berlin")):
        out.append({"record_id": f"{cid}-c{n}", "subscriber": rng.choice(lines),
                    "started_at": at.isoformat(), "service": "voice",
                    "destination": rng.choice(DESTINATIONS).format(rng.randrange(10**6)),
                    "duration_s": rng.randrange(5, 900), "volume_bytes": 0})
    return out


def _mobile(cid: str, start: date, month: date, rng: random.Random, sims: list[str]):
    out = []
    for n, at in enumerate(_times(start, month, rng, rng.randrange(10, 60), "Europe/Berlin")):
        service = rng.choice(("voice", "voice", "sms", "data", "data"))
        record = {"record_id": f"{cid}-m{n}", "subscriber": rng.choice(sims),
                  "started_at": at.isoformat(), "service": service, "destination": None,
                  "duration_s": 0, "volume_bytes": 0}
        if service == "voice":
            record["destination"] = rng.choice(DESTINATIONS).format(rng.randrange(10**6))
            record["duration_s"] = rng.randrange(10, 1200)
        elif service == "sms":
            record["destination"] = rng.choice(DESTINATIONS).format(rng.randrange(10**6))
        else:
            record["volume_bytes"] = rng.randrange(10**5, 3 * 10**8)
        if rng.random() < 0.05:
            record["roaming_country"] = rng.choice(("AT", "FR", "IT", "US"))
        out.append(record)
    return out


def build_account(sample: SampleCustomer, offer) -> Account:
    """The customer's account after its commands (run in a throw-away in-memory store)."""
    uow = MemoryUnitOfWork()
    uow.accounts.add(Account(sample.customer, offer))
    for command in sample.commands:
        execute(uow, sample.customer.id, command)
    return uow.accounts.get(sample.customer.id)


def store_customers(store, samples: list[SampleCustomer], chunk: int = 500,
                    progress=None, bulk_usage: bool = False) -> None:
    """Open the customers' accounts in the store, `chunk` per transaction, then import each
    one's usage through the usage service (inline records, source `demo`). `bulk_usage`
    (benchmarks) stores the records of many customers at once instead: read and classified
    by the same code, but without the per-customer checks of the import, which generated
    records pass by construction."""
    from kontor.services.commands import RecordUsage
    from kontor.services.usage import record_usage

    for i in range(0, len(samples), chunk):
        uow = store.uow()
        with uow:
            for sample in samples[i:i + chunk]:
                offer = uow.catalogs.offer(sample.catalogs)
                uow.accounts.add(build_account(sample, offer))
            uow.commit()
        if progress:
            progress(min(i + chunk, len(samples)), len(samples) * 2)
    if bulk_usage:
        for i in range(0, len(samples), chunk * 4):
            _bulk_usage(store, samples[i:i + chunk * 4])
            if progress:
                progress(len(samples) + min(i + chunk * 4, len(samples)), len(samples) * 2)
        return
    for n, sample in enumerate(samples):
        if sample.records:
            day = max(date.fromisoformat(r["started_at"][:10]) for r in sample.records)
            record_usage(store.uow(), sample.customer.id,
                         RecordUsage(day=day, records=sample.records, source="demo"))
        if progress and n % 100 == 0:
            progress(len(samples) + n, len(samples) * 2)
    if progress:
        progress(len(samples) * 2, len(samples) * 2)


def _bulk_usage(store, samples: list[SampleCustomer]) -> None:
    import polars as pl

    from kontor.adapters.cdr import read_records
    from kontor.domain.rating.customer_columnar import RECORD_SCHEMA
    from kontor.services.usage import classified, timezone_of

    owner = {r["record_id"]: s.customer.id for s in samples for r in s.records}
    records = [r for s in samples for r in s.records]
    if not records:
        return
    frame = pl.concat([batch for batch in read_records(records, "bulk", "demo").batches()])
    frame = classified(frame.filter(pl.col("billable")), "DE").with_columns(
        day=pl.col("started_at").dt.convert_time_zone(timezone_of("DE")).dt.date(),
        destination=pl.col("e164"), duration_s=pl.col("duration_s").fill_null(0),
        volume_bytes=pl.col("volume_bytes").fill_null(0),
        customer=pl.col("record_id").replace_strict(owner, return_dtype=pl.String))
    uow = store.uow()
    with uow:
        for (cid,), part in frame.partition_by("customer", as_dict=True).items():
            uow.usage.add(cid, "demo", part.select(list(RECORD_SCHEMA)))
        uow.commit()
