"""A billing batch reads many customers' usage records at once (SqlUsage.frames). A reading
unit of work on a SQLite file reads them through Arrow (adapters/db/arrow_sqlite.py) in a
snapshot of its own; the records are exactly those the unit of work's own transaction reads
(load_frames without it), whatever the columns hold: NULLs only, NULLs after values, numbers
written as text, no records at all."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
from polars.testing import assert_frame_equal
from sqlalchemy import insert

from kontor.adapters.db import arrow_sqlite
from kontor.adapters.db import schema as t
from kontor.adapters.db.bulk import insert_rows
from kontor.adapters.db.usage import load_frames
from kontor.domain.rating.customer_columnar import RECORD_SCHEMA

CUSTOMERS = ["k1", "k2", "k3"]  # k3 has no records


def record(customer: str, n: int, roaming: str | None = None, destination: str = "0301234"
           ) -> dict:
    return {"customer_id": customer, "source": "pbx", "record_id": f"{n:05d}",
            "subscriber": "100", "started_at": datetime(2026, 1, n % 28 + 1, 9, 30, n % 60,
                                                        123456 * (n % 2), tzinfo=UTC),
            "day": date(2026, 1, n % 28 + 1), "service": "voice", "destination": destination,
            "country": None, "kind": "landline", "duration_s": 60 + n, "volume_bytes": 0,
            "roaming_country": roaming}


def stored(store) -> None:
    with store.engine.begin() as conn:
        for cid in CUSTOMERS:
            conn.execute(insert(t.customers).values(
                id=cid, name=cid, country="DE", address=[cid], language="de",
                catalogs=["aut-pbx"], version=1))
        # k1: 2,000 records, roaming only after the first 1,500 (a batch's type guess would
        # take the column for numbers); k2: a number-like destination, never roaming
        rows = [record("k1", n, roaming="AT" if n >= 1500 else None) for n in range(2000)]
        rows += [record("k2", n, destination="112") for n in range(3)]
        insert_rows(conn, t.usage_records, rows)


def test_a_reading_unit_of_work_reads_the_records_its_transaction_reads(store) -> None:
    stored(store)
    with store.engine.connect() as conn:
        own = load_frames(conn, CUSTOMERS)
    uow = store.uow(write=False)
    with uow:
        read = uow.usage.frames(CUSTOMERS)
    assert list(read) == CUSTOMERS
    for cid in CUSTOMERS:
        assert_frame_equal(read[cid], own[cid])
        assert read[cid].schema == pl.Schema(RECORD_SCHEMA)
    assert read["k1"].height == 2000 and read["k3"].height == 0
    assert read["k1"]["roaming_country"].null_count() == 1500
    assert read["k1"].row(1, named=True)["started_at"] == datetime(
        2026, 1, 2, 9, 30, 1, 123456, tzinfo=UTC)
    assert read["k2"]["destination"].to_list() == ["112"] * 3


def test_on_a_sqlite_file_the_batch_read_is_a_snapshot_of_its_own(store) -> None:
    """Records committed by another process after the reading unit of work began are in its
    batch read (a billing batch: the issuing transaction's version check catches them). On a
    SQLite file the unit of work has ended its own read transaction before (the Arrow driver's
    copy of SQLite and the unit of work's must never hold locks on the file at once)."""
    stored(store)
    uow = store.uow(write=False)
    with uow:
        before = load_frames(uow.connection, ["k2"])["k2"].height  # the transaction begins
        with store.engine.begin() as other:
            insert_rows(other, t.usage_records, [record("k2", 10)])
        batch = uow.usage.frames(["k2"])["k2"].height
        in_transaction = uow.connection.in_transaction()
    assert (before, batch) == (3, 4)
    # PostgreSQL reads in the unit of work's transaction (READ COMMITTED sees the commit)
    assert in_transaction is (store.dialect == "postgresql")


def test_a_memory_database_is_read_in_the_transaction(tmp_path) -> None:
    from sqlalchemy import create_engine

    with create_engine("sqlite://").connect() as memory:
        assert arrow_sqlite.sqlite_file(memory) is None
    with create_engine(f"sqlite:///{tmp_path}/k.db").connect() as file:
        assert arrow_sqlite.sqlite_file(file) == f"{tmp_path}/k.db"
