"""Importing usage: records read by an adapter (adapters/cdr) are classified (adapters/numbering),
checked against the customer (a SIM record must name a SIM of the customer active that day; a
call needs a PBX subscription), deduplicated by record id per source, and stored for rating.
Nothing is dropped: every record read is rated, a duplicate, not billable or quarantined."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import polars as pl

from kontor.adapters.cdr import (
    CANONICAL_COLUMNS,
    ImportCounts,
    QuarantineEntry,
    UsageImport,
    UsageRefused,
    read_records,
    read_usage,
    resubmit,
)
from kontor.adapters.cdr.checks import said
from kontor.adapters.numbering import classify_numbers
from kontor.domain.account import Account
from kontor.domain.balances import Bucket
from kontor.domain.errors import Refused
from kontor.domain.rating.columnar import first_of_each_id
from kontor.domain.rating.customer import pbx_subscription
from kontor.domain.rating.customer_columnar import (
    RECORD_SCHEMA,
    FrameRating,
    balances_from,
    rate_frame,
)
from kontor.domain.usage import DATA, VOICE
from kontor.messages.reasons import FileReason
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
    resubmitted: tuple[int, ...] = ()  # the quarantine entries (numbers) it read corrected


def record_usage(uow: UnitOfWork, customer_id: str, cmd: RecordUsage) -> ImportReport:
    """A `usage` event: read its records (inline or from its file) and import them. A file that
    cannot be read at all is refused; single bad records are quarantined."""
    with uow:
        country = uow.accounts.get(customer_id).customer.country
    try:
        if cmd.file is not None:
            usage = read_usage(Path(cmd.file), cmd.format, cmd.layout, cmd.columns,
                               timezone_of(country), cmd.source, name=cmd.file_name)
        else:
            where = f"events[{cmd.index}].records" if cmd.index is not None else "records"
            usage = read_records(list(cmd.records or ()), where, cmd.source)
        return import_usage(uow, customer_id, usage, cmd.index)
    except UsageRefused as exc:
        raise _refused(exc) from None


def import_usage(uow: UnitOfWork, customer_id: str, usage: UsageImport,
                 event: int | None = None, resubmitted: tuple[int, ...] = ()) -> ImportReport:
    """Read every batch of `usage` into the customer's store, in one unit of work
    (`resubmitted`: the quarantine entries whose corrections `usage` reads)."""
    with uow:
        account = uow.accounts.get(customer_id)
        zone = timezone_of(account.customer.country)
        for batch in usage.batches():
            frame, bad = accepted(account, batch.filter(pl.col("billable")), zone)
            usage.add_quarantine(bad)
            first = first_of_each_id(frame["record_id"])
            before = uow.usage.seen(customer_id, usage.source_name, frame["record_id"])
            fresh = frame.filter(first & ~before)
            usage.counts.duplicates += frame.height - fresh.height
            usage.counts.rated += fresh.height
            uow.usage.add(customer_id, usage.source_name, fresh)
        usage.check_counts()
        usage.quarantine.sort(key=lambda e: (e.source_file, e.line))  # as the file reads
        report = ImportReport(usage.source_name, usage.source_file, event,
                              replace(usage.counts), tuple(usage.quarantine), resubmitted)
        uow.usage.add_quarantine(customer_id, _not_yet_quarantined(uow, customer_id,
                                                                   usage.quarantine))
        uow.usage.add_report(customer_id, report)
        uow.commit()
    return report


def _not_yet_quarantined(uow: UnitOfWork, customer_id: str,
                         entries: list[QuarantineEntry]) -> list[QuarantineEntry]:
    """The entries the customer's quarantine does not hold yet: a file imported again (after
    an interruption, or by mistake) counts its bad records again but does not list them twice."""
    if not entries:
        return []
    held = set(uow.usage.quarantine(customer_id))
    return [entry for entry in entries if entry not in held]


def accepted(account: Account, batch: pl.DataFrame, zone: str
             ) -> tuple[pl.DataFrame, list[QuarantineEntry]]:
    """The records of one batch (billable rows) that can be rated, as a frame with the
    customer's local day and the destination's country and kind, and the rows that cannot."""
    frame = classified(batch, account.customer.country).with_columns(
        day=pl.col("started_at").dt.convert_time_zone(zone).dt.date())
    frame = frame.join(_sims(account), left_on="subscriber", right_on="_sim", how="left",
                       maintain_order="left")
    frame = frame.with_columns(problem=_problems(account, frame)).drop("_added", "_removed")
    bad = _quarantined(frame.filter(pl.col("problem").is_not_null()), zone)
    good = frame.filter(pl.col("problem").is_null()).with_columns(
        destination=pl.col("e164"), duration_s=pl.col("duration_s").fill_null(0),
        volume_bytes=pl.col("volume_bytes").fill_null(0))
    return good.select(list(RECORD_SCHEMA)), bad


def classified(batch: pl.DataFrame, home: str) -> pl.DataFrame:
    """Country, kind and E.164 of each destination, each distinct number classified once."""
    numbers = batch.select(pl.col("destination").unique()).drop_nulls()
    found = classify_numbers(numbers["destination"], home)
    table = numbers.with_columns(e164=found["e164"], country=found["country"],
                                 kind=found["kind"])
    return batch.join(table, on="destination", how="left", maintain_order="left")


def _sims(account: Account) -> pl.DataFrame:
    """The customer's SIMs with the days they are in a pool (removed: still that day)."""
    return pl.DataFrame(
        [(sim.id, sim.added_on, sim.removed_on or date.max) for sim in account.sims.values()],
        schema={"_sim": pl.String, "_added": pl.Date, "_removed": pl.Date}, orient="row")


def _problems(account: Account, frame: pl.DataFrame) -> pl.Expr:
    """Why a record cannot be rated (null: it can), in the words of usage.md."""
    calls = pl.col("service") != DATA
    reason = (pl.when(calls & pl.col("destination").is_null())
              .then(said("missing_destination"))
              .when(calls & (pl.col("kind").fill_null("invalid") == "invalid"))
              .then(said("not_a_phone_number", value=pl.col("destination"))))
    if any(p.sim_product for c in account.offer.catalogs for p in c.products.values()):
        active = pl.col("day").is_between(pl.col("_added"), pl.col("_removed")).fill_null(False)
        return reason.when(~active).then(said("not_a_sim", value=pl.col("subscriber"),
                                              day=pl.col("day")))
    days = frame["day"].unique().to_list()
    covered = [d for d in days if pbx_subscription(account, d) is not None]
    return (reason.when(~pl.col("day").is_in(covered))
            .then(said("no_pbx_subscription", day=pl.col("day")))
            .when(pl.col("service") != VOICE)
            .then(said("pbx_calls_only", value=pl.col("service"))))


def _quarantined(rows: pl.DataFrame, zone: str) -> list[QuarantineEntry]:
    """Records read well but refused by rating, kept as canonical CSV lines to correct (the
    time in the customer's time zone, with its offset)."""
    if rows.is_empty():
        return []
    texts = rows.select(
        "source_file", "line", "problem",
        raw=pl.concat_str([_csv_field(c, zone) for c in CANONICAL_COLUMNS], separator=","))
    return [QuarantineEntry(file, line, reason, raw, CANONICAL_COLUMNS)
            for file, line, reason, raw in texts.iter_rows()]


def _csv_field(column: str, zone: str) -> pl.Expr:
    """A column as one CSV field: quoted where it holds a comma, quote or line break; a time
    as local time with its offset, fractions of a second only where it has them."""
    value = pl.col(column)
    if column == "started_at":
        local = value.dt.convert_time_zone(zone)
        text = pl.when(local.dt.microsecond() == 0).then(
            local.dt.to_string("%Y-%m-%dT%H:%M:%S%:z")).otherwise(
            local.dt.to_string("%Y-%m-%dT%H:%M:%S%.6f%:z"))
    else:
        text = value.cast(pl.String)
    text = text.fill_null("")
    quoted = pl.lit('"') + text.str.replace_all('"', '""', literal=True) + pl.lit('"')
    return pl.when(text.str.contains('[",\r\n]')).then(quoted).otherwise(text)


def rating_until(uow: UnitOfWork, customer_id: str, day: date) -> tuple[Account, FrameRating]:
    """The customer's usage up to the end of `day`, rated (what is left, what was flagged)."""
    with uow:
        account = uow.accounts.get(customer_id)
        frame = uow.usage.frame(customer_id)
    return account, rate_frame(account, frame.filter(pl.col("day") <= day), day)


def balances(uow: UnitOfWork, customer_id: str, day: date) -> list[Bucket]:
    """What is left in every allowance and pool at the end of `day`."""
    account, rating = rating_until(uow, customer_id, day)
    return balances_from(account, rating, day)


def quarantined(uow: UnitOfWork, customer_id: str) -> list[tuple[QuarantineEntry, bool]]:
    """The customer's quarantine, oldest first (an entry's number is its position), each entry
    with whether a correction of it was re-submitted (an entry stays, so numbers never
    change; what its correction gave is in the import that re-submitted it)."""
    with uow:
        uow.accounts.get(customer_id)
        entries = uow.usage.quarantine(customer_id)
        done = {n for report in uow.usage.reports(customer_id) for n in report.resubmitted}
    return [(entry, number in done) for number, entry in enumerate(entries)]


def resubmit_quarantined(uow: UnitOfWork, customer_id: str,
                         corrections: list[tuple[int, str]], fmt: str = "asterisk",
                         layout: str | None = None, columns: str | None = None,
                         source: str | None = None) -> list[ImportReport]:
    """Corrected quarantine entries (by their number, oldest first) read again with the rules
    of the file they came from (a canonical line as canonical, a PBX line in `fmt`) and
    imported like any record under the source of their import (or `source`): a corrected
    record that was rated meanwhile is a duplicate. One import per format and source."""
    with uow:
        country = uow.accounts.get(customer_id).customer.country
        entries = uow.usage.quarantine(customer_id)
        sources: dict[QuarantineEntry, str] = {}
        for report in uow.usage.reports(customer_id):  # the import that quarantined it first
            for entry in report.quarantine:            # (the same file again lists it too)
                sources.setdefault(entry, report.source)
    groups: dict[tuple[str, str], list[tuple[int, QuarantineEntry]]] = {}
    for number, raw in corrections:
        if not 0 <= number < len(entries):
            raise Refused("unknown_quarantine_entry", "unknown_quarantine_entry",
                          entry=str(number))  # an entry's number, not an amount: no 1,000
        entry = entries[number]
        kind = "canonical" if entry.header is not None else fmt
        groups.setdefault((kind, source or sources.get(entry, "default")), []).append(
            (number, entry.corrected(raw)))
    reports = []
    for (kind, name), corrected in groups.items():
        try:
            reports.append(import_usage(uow, customer_id, resubmit(
                [entry for _, entry in corrected], kind, layout, columns,
                timezone_of(country), name), resubmitted=tuple(n for n, _ in corrected)))
        except UsageRefused as exc:  # as a `usage` event answers a file it cannot read
            raise _refused(exc) from None
    return reports


def _refused(exc: UsageRefused) -> Refused:
    """A usage file that cannot be read, as a refusal said in the caller's language."""
    return Refused("invalid_event", "usage_refused",
                   reason=FileReason(exc.reason, exc.source_file))
