"""Usage in the store: accepted records (one row each, unique per customer, source and record
id, so a record id is never charged twice), quarantine entries and import reports."""

from __future__ import annotations

import polars as pl
from sqlalchemy import BigInteger, Connection, cast, func, insert, literal_column, select

from kontor.adapters.db import schema as t
from kontor.adapters.db.bulk import fetch_tuples, insert_rows
from kontor.domain.rating.customer_columnar import RECORD_SCHEMA, from_frame, records_frame
from kontor.domain.usage import UsageRecord

COLUMNS = list(RECORD_SCHEMA)
BATCH = 20_000


class SqlUsage:
    def __init__(self, uow) -> None:
        self._uow = uow
        self._frames: dict[str, pl.DataFrame] = {}

    @property
    def _conn(self) -> Connection:
        return self._uow.connection

    def reset(self) -> None:
        self._frames = {}

    def frame(self, customer_id: str) -> pl.DataFrame:
        if customer_id not in self._frames:
            self._frames[customer_id] = load_frames(self._conn, [customer_id])[customer_id]
        return self._frames[customer_id]

    def frames(self, ids: list[str]) -> dict[str, pl.DataFrame]:
        missing = [cid for cid in ids if cid not in self._frames]
        if missing:
            self._frames.update(load_frames(self._conn, missing))
        return {cid: self._frames[cid] for cid in ids}

    def records(self, customer_id: str) -> list[UsageRecord]:
        return from_frame(self.frame(customer_id))

    def seen(self, customer_id: str, source: str, ids: pl.Series) -> pl.Series:
        known = pl.Series(list(self._conn.execute(select(t.usage_records.c.record_id).where(
            t.usage_records.c.customer_id == customer_id,
            t.usage_records.c.source == source)).scalars()), dtype=pl.String)
        return ids.is_in(known.implode(), nulls_equal=False)

    def add(self, customer_id: str, source: str, records: pl.DataFrame | list[UsageRecord]
            ) -> None:
        frame = records if isinstance(records, pl.DataFrame) else records_frame(records)
        frame = frame.select(COLUMNS).cast(RECORD_SCHEMA)
        if frame.is_empty():
            return
        rows = frame.with_columns(customer_id=pl.lit(customer_id), source=pl.lit(source))
        for part in rows.iter_slices(BATCH):
            insert_rows(self._conn, t.usage_records, part.to_dicts())
        self._frames.pop(customer_id, None)
        self._uow.wrote(customer_id)

    def add_quarantine(self, customer_id: str, entries: list) -> None:
        if entries:
            self._conn.execute(insert(t.quarantine), [
                {"customer_id": customer_id, "entry": e} for e in entries])
            self._uow.wrote(customer_id)

    def quarantine(self, customer_id: str) -> list:
        return [r.entry for r in self._conn.execute(
            select(t.quarantine).where(t.quarantine.c.customer_id == customer_id)
            .order_by(t.quarantine.c.id))]

    def add_report(self, customer_id: str, report: object) -> None:
        self._conn.execute(insert(t.import_reports).values(customer_id=customer_id,
                                                           report=report))

    def reports(self, customer_id: str) -> list:
        return [r.report for r in self._conn.execute(
            select(t.import_reports).where(t.import_reports.c.customer_id == customer_id)
            .order_by(t.import_reports.c.id))]


def load_frames(conn: Connection, ids: list[str]) -> dict[str, pl.DataFrame]:
    """The accepted records of many customers, in the order they came. Read straight from the
    driver, times not as Python objects but as SQLite's text or PostgreSQL's microseconds and
    days since 1970, which Polars converts at once."""
    frames = {cid: [] for cid in ids}
    text_times = conn.dialect.name == "sqlite"
    schema = {"customer_id": pl.String, **RECORD_SCHEMA}
    if text_times:
        schema |= {"started_at": pl.String, "day": pl.String}
        columns = [t.usage_records.c.customer_id, *(t.usage_records.c[c] for c in COLUMNS)]
    else:
        schema |= {"started_at": pl.Int64, "day": pl.Int32}
        columns = [t.usage_records.c.customer_id, *(_epoch(c) for c in COLUMNS)]
    for i in range(0, len(ids), 5000):
        stmt = select(*columns).where(t.usage_records.c.customer_id.in_(
            ids[i:i + 5000])).order_by(t.usage_records.c.customer_id, t.usage_records.c.id)
        sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        rows = fetch_tuples(conn, sql)
        if rows:
            frame = pl.DataFrame(rows, orient="row", schema=schema)
            if text_times:  # as SQLAlchemy writes them: 2026-01-15 09:00:00.000000, UTC
                frame = frame.with_columns(
                    pl.col("started_at").str.to_datetime("%Y-%m-%d %H:%M:%S%.f",
                                                         time_unit="us", time_zone="UTC"),
                    pl.col("day").str.to_date("%Y-%m-%d"))
            else:
                frame = frame.with_columns(
                    pl.col("started_at").cast(pl.Datetime("us", "UTC")),
                    pl.col("day").cast(pl.Date))
            # each customer's records are one run of rows: slices of one frame (no copies)
            body, offset = frame.drop("customer_id"), 0
            for run in frame["customer_id"].rle().to_list():
                frames[run["value"]].append(body.slice(offset, run["len"]))
                offset += run["len"]
    empty = pl.DataFrame(schema=RECORD_SCHEMA)  # frames are immutable: one for all
    return {cid: (parts[0] if len(parts) == 1 else pl.concat(parts)) if parts else empty
            for cid, parts in frames.items()}


def _epoch(name: str):
    """PostgreSQL: a record's column as read in bulk (times as numbers since 1970)."""
    column = t.usage_records.c[name]
    if name == "started_at":
        return cast(func.extract("epoch", column) * 1_000_000, BigInteger).label(name)
    if name == "day":
        return literal_column("usage_records.day - DATE '1970-01-01'").label(name)
    return column
