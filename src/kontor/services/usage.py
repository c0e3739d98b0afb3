"""Importing usage: records read by an adapter (adapters/cdr) are classified (adapters/numbering),
checked against the customer (a SIM record must name a SIM of the customer active that day; a
call needs a PBX subscription), deduplicated by record id per source, and stored for rating.
Nothing is dropped: every record read is rated, a duplicate, not billable or quarantined."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from kontor.adapters.cdr import (
    CANONICAL_COLUMNS,
    ImportCounts,
    QuarantineEntry,
    UsageImport,
    UsageRefused,
    read_records,
    read_usage,
)
from kontor.adapters.numbering import classify_numbers
from kontor.domain.account import Account
from kontor.domain.errors import Refused
from kontor.domain.rating.customer import pbx_subscription
from kontor.domain.usage import DATA, VOICE, UsageRecord
from kontor.services.commands import RecordUsage
from kontor.services.unit_of_work import UnitOfWork

TIMEZONES = {"DE": "Europe/Berlin", "CH": "Europe/Zurich", "AT": "Europe/Vienna"}


def timezone_of(country: str) -> str:
    """Times without an offset in a PBX file are local time of the customer's country."""
    return TIMEZONES.get(country, "UTC")


@dataclass(frozen=True)
class ImportReport:
    source: str
    source_file: str
    event: int | None
    counts: ImportCounts
    quarantine: tuple[QuarantineEntry, ...]


def record_usage(uow: UnitOfWork, customer_id: str, cmd: RecordUsage) -> ImportReport:
    """A `usage` event: read its records (inline or from its file) and import them. A file that
    cannot be read at all is refused; single bad records are quarantined."""
    country = uow.accounts.get(customer_id).customer.country
    try:
        if cmd.file is not None:
            usage = read_usage(Path(cmd.file), cmd.format, cmd.layout, cmd.columns,
                               timezone_of(country), cmd.source)
        else:
            where = f"events[{cmd.index}].records" if cmd.index is not None else "records"
            usage = read_records(list(cmd.records or ()), where, cmd.source)
        return import_usage(uow, customer_id, usage, cmd.index)
    except UsageRefused as exc:
        raise Refused("invalid_event", "usage_refused", reason=str(exc)) from None


def import_usage(uow: UnitOfWork, customer_id: str, usage: UsageImport,
                 event: int | None = None) -> ImportReport:
    """Read every batch of `usage` into the customer's store, in one unit of work."""
    with uow:
        account = uow.accounts.get(customer_id)
        zone = ZoneInfo(timezone_of(account.customer.country))
        seen: set[str] = set()
        for batch in usage.batches():
            records, bad = to_records(account, batch.filter(pl.col("billable")), zone)
            usage.add_quarantine(bad)
            fresh = []
            for record in records:
                if record.record_id in seen or uow.usage.seen(customer_id, usage.source_name,
                                                              record.record_id):
                    continue
                seen.add(record.record_id)
                fresh.append(record)
            usage.counts.duplicates += len(records) - len(fresh)
            usage.counts.rated += len(fresh)
            uow.usage.add(customer_id, usage.source_name, fresh)
        usage.check_counts()
        report = ImportReport(usage.source_name, usage.source_file, event,
                              replace(usage.counts), tuple(usage.quarantine))
        uow.usage.add_quarantine(customer_id, list(usage.quarantine))
        uow.usage.add_report(customer_id, report)
        uow.commit()
    return report


def to_records(account: Account, batch: pl.DataFrame, zone: ZoneInfo
               ) -> tuple[list[UsageRecord], list[QuarantineEntry]]:
    """Domain records of one batch (billable rows), and the rows that cannot be rated."""
    home = account.customer.country
    classes = classify_numbers(batch["destination"], home)
    frame = batch.with_columns(e164=classes["e164"], country=classes["country"],
                               kind=classes["kind"])
    records, bad = [], []
    for row in frame.iter_rows(named=True):
        day = row["started_at"].astimezone(zone).date()
        reason = _problem(account, row, day)
        if reason:
            bad.append(_quarantined(row, reason))
            continue
        records.append(UsageRecord(
            row["record_id"], row["subscriber"], row["started_at"], day, row["service"],
            row["e164"], row["country"], row["kind"], row["duration_s"] or 0,
            row["volume_bytes"] or 0, row["roaming_country"]))
    return records, bad


def _problem(account: Account, row: dict, day: date) -> str | None:
    if row["service"] != DATA and row["destination"] is None:
        return "destination: missing (a call or SMS needs the number it went to)"
    if row["service"] != DATA and row["kind"] == "invalid":
        return f"destination: {row['destination']!r} is not a phone number"
    uses_sims = any(c.products[p].sim_product for c in account.offer.catalogs
                    for p in c.products)
    if uses_sims:
        sim = account.sims.get(row["subscriber"])
        if sim is None or not (sim.added_on <= day and (sim.removed_on is None
                                                        or day <= sim.removed_on)):
            return f"subscriber: {row['subscriber']!r} is no SIM of this customer on {day}"
    elif pbx_subscription(account, day) is None:
        return f"no subscription of this customer rates calls on {day}"
    elif row["service"] != VOICE:
        return f"service: {row['service']!r}: a PBX offer rates calls only"
    return None


def _quarantined(row: dict, reason: str) -> QuarantineEntry:
    """A record read well but refused by rating: kept in the canonical format to correct."""
    values = {**row, "started_at": row["started_at"].isoformat()}
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(
        "" if values[c] is None else str(values[c]) for c in CANONICAL_COLUMNS)
    return QuarantineEntry(row["source_file"], row["line"], reason, out.getvalue(),
                           CANONICAL_COLUMNS)
