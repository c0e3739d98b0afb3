"""Bulk inserts (adapters/db/bulk.py) write exactly what SQLAlchemy's own INSERT writes: the
same text for exact decimals and dates on SQLite, the same values read back on both stores;
a float for an exact column is refused, never stored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert, select, text

from kontor.adapters.db import schema as t
from kontor.adapters.db.bulk import insert_rows, prepare_tuples, select_rows, write_prepared


def item(key: str, amount, first) -> dict:
    return {"customer_id": "c1", "invoice_number": None, "subscription_id": "s1", "key": key,
            "product": "p", "rate_product": None, "rate_kind": None, "rate_unit_price": None,
            "rate_label": None, "rate_version": None, "quantity": Decimal("1.500"),
            "amount": amount, "first": first, "last": None, "catalog_version": 1}


@pytest.fixture
def customer(store) -> None:
    with store.engine.begin() as conn:
        conn.execute(insert(t.customers).values(
            id="c1", name="Muster GmbH", country="DE", address=["Muster GmbH"],
            language="de", catalogs=["aut-pbx"], version=1))


def test_bulk_rows_read_back_like_rows_sqlalchemy_wrote(store, customer) -> None:
    rows = [item("bulk", Decimal("10.50"), date(2026, 1, 31)),
            item("bulk-2", Decimal("-0.0041"), None)]
    ours = [dict(r, key="own") for r in rows[:1]]
    with store.engine.begin() as conn:
        insert_rows(conn, t.billed_items, rows)
        conn.execute(insert(t.billed_items), ours)
    with store.engine.connect() as conn:
        read = {r.key: r for r in conn.execute(select(t.billed_items))}
        assert (read["bulk"].amount, read["bulk"].quantity, read["bulk"].first) \
            == (Decimal("10.50"), Decimal("1.500"), date(2026, 1, 31))
        assert (read["bulk-2"].amount, read["bulk-2"].first) == (Decimal("-0.0041"), None)
        if store.dialect == "sqlite":  # the same text as SQLAlchemy's: exact, never a float
            raw = dict(conn.execute(text(
                "SELECT key, amount || '|' || quantity || '|' || first FROM billed_items "
                "WHERE key IN ('bulk', 'own')")).all())
            assert raw["bulk"] == raw["own"] == "10.50|1.500|2026-01-31"


def test_rows_as_tuples_in_any_column_order_are_stored_like_dicts(store, customer) -> None:
    """prepare_tuples (what a billing run records): the columns named in another order than
    the statement binds them still land in their columns."""
    rows = [item("dict", Decimal("10.50"), date(2026, 1, 31)),
            item("tuple", Decimal("10.50"), date(2026, 1, 31))]
    names = tuple(reversed(rows[1]))
    with store.engine.begin() as conn:
        insert_rows(conn, t.billed_items, rows[:1])
        write_prepared(conn, prepare_tuples(conn, t.billed_items, names,
                                            [tuple(rows[1][n] for n in names)]))
    with store.engine.connect() as conn:
        read = {r.key: r._asdict() for r in conn.execute(select(t.billed_items))}
    assert read["tuple"] == dict(read["dict"], id=read["tuple"]["id"], key="tuple")
    assert read["tuple"]["amount"] == Decimal("10.50")


def test_a_float_for_an_exact_column_is_refused(store, customer) -> None:
    with store.engine.begin() as conn, pytest.raises(TypeError, match="Decimal"):
        insert_rows(conn, t.billed_items, [item("float", 10.5, None)])


def test_an_upsert_updates_the_rows_whose_key_exists_and_adds_the_others(store, customer
                                                                         ) -> None:
    def cursor(subject: str, day: date, seen: int) -> dict:
        return {"customer_id": "c1", "subject": subject, "settled_until": day, "seen": seen}

    key = ("customer_id", "subject")
    with store.engine.begin() as conn:
        insert_rows(conn, t.cursors, [cursor("run", date(2026, 1, 1), 0),
                                      cursor("usage", date(2026, 1, 1), 5)], conflict=key)
    with store.engine.begin() as conn:  # twice in one transaction: each on its own rows
        insert_rows(conn, t.cursors, [cursor("run", date(2026, 2, 1), 0)], conflict=key)
        insert_rows(conn, t.cursors, [cursor("orders", date(2026, 2, 1), 2)], conflict=key)
    with store.engine.connect() as conn:
        found = {r.subject: (r.settled_until, r.seen) for r in conn.execute(select(t.cursors))}
    assert found == {"run": (date(2026, 2, 1), 0), "usage": (date(2026, 1, 1), 5),
                     "orders": (date(2026, 2, 1), 2)}


def test_rows_selected_in_bulk_hold_what_sqlalchemy_rows_hold(store, customer) -> None:
    """select_rows (a billing batch's accounts): plain named tuples, each column converted
    by its type as SQLAlchemy converts it — exact decimals, dates, JSON documents, NULLs."""
    rows = [item("bulk", Decimal("10.50"), date(2026, 1, 31)),
            item("bulk-2", Decimal("-0.0041"), None)]
    with store.engine.begin() as conn:
        insert_rows(conn, t.billed_items, rows)
        conn.execute(insert(t.customers).values(
            id="c2", name="Zwei AG", country="CH", address=["Zwei AG", "Zürich"],
            language="de", catalogs=["smart-abo"], version=3))
    with store.engine.connect() as conn:
        for table, column, keys in ((t.billed_items, "customer_id", ["c1", "nobody"]),
                                    (t.customers, "id", ["c1", "c2"])):
            ours = sorted(map(tuple, select_rows(conn, table, column, keys)))
            theirs = sorted(map(tuple, conn.execute(
                select(table).where(table.c[column].in_(keys))).all()))
            assert ours == theirs
            assert [type(v) for v in ours[0]] == [type(v) for v in theirs[0]]
        bulk = {r.key: r for r in select_rows(conn, t.billed_items, "customer_id", ["c1"])}
        assert (bulk["bulk"].amount, bulk["bulk"].first) == (Decimal("10.50"),
                                                             date(2026, 1, 31))
        assert select_rows(conn, t.customers, "id", ["c2"])[0].address == ["Zwei AG", "Zürich"]
        assert select_rows(conn, t.customers, "id", []) == []


def test_bulk_statements_run_inside_the_unit_of_work_transaction(store, customer) -> None:
    """A unit of work begins with its first statement; one through the driver (COPY,
    select_rows) begins it too: what it writes is committed with the unit of work, and on
    SQLite what it reads is the snapshot the rest of the unit of work reads."""
    uow = store.uow()
    with uow:  # its only statement is a bulk write (PostgreSQL: COPY)
        insert_rows(uow.connection, t.billed_items, [item("first", Decimal("1.00"), None)])
        uow.commit()
    with store.engine.connect() as conn:
        assert conn.execute(select(t.billed_items.c.key)).scalars().all() == ["first"]
    reading = store.uow(write=False)
    with reading:
        (row,) = select_rows(reading.connection, t.customers, "id", ["c1"])
        with store.engine.begin() as other:  # another process renames the customer
            other.execute(t.customers.update().values(name="Neu GmbH"))
        again = reading.connection.execute(select(t.customers.c.name)).scalar_one()
        if store.dialect == "sqlite":  # one snapshot from the first statement on
            assert (row.name, again) == ("Muster GmbH", "Muster GmbH")
        else:  # PostgreSQL's READ COMMITTED: each statement sees what was committed
            assert (row.name, again) == ("Muster GmbH", "Neu GmbH")
