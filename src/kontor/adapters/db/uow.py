"""The SQL unit of work: one database transaction. Accounts are read at the start of their
first use in it, written back at commit (only what changed), and every customer that anything
was written for gets its version bumped with a compare-and-set, so two units of work that both
read a customer cannot both write for it (the later one fails with ConcurrentChange and is
retried by its caller). A refusal rolls the transaction back."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.exc import DBAPIError

from kontor.adapters.db.accounts import (
    ConcurrentChange,
    bump_versions,
    insert_customer,
    load_accounts,
    save_entities,
    write_rows,
)
from kontor.adapters.db.billing import SqlBilling
from kontor.adapters.db.catalogs import SqlCatalogs
from kontor.adapters.db.journal import SqlJournal
from kontor.adapters.db.keys import SqlKeys
from kontor.adapters.db.outbox import SqlOutbox
from kontor.adapters.db.schema import customers
from kontor.adapters.db.usage import SqlUsage
from kontor.domain.account import Account, Snapshot
from kontor.domain.errors import Refused

__all__ = ["ConcurrentChange", "SqlStore", "SqlUnitOfWork", "database_url"]

DEFAULT_URL = "sqlite:///kontor.db"
BUSY_SECONDS = 60  # SQLite: how long a statement waits for another process's lock


def database_url() -> str:
    """KONTOR_DATABASE_URL, or the SQLite file kontor.db in the working directory."""
    return os.environ.get("KONTOR_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            dbapi_conn.isolation_level = None  # transactions begun explicitly, below
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # noqa: ANN001
            if conn.info.get("write"):
                begin_writing(conn.connection.dbapi_connection)
            else:
                conn.exec_driver_sql("BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True)


def begin_writing(dbapi_conn, wait: float = BUSY_SECONDS) -> None:
    """SQLite: BEGIN IMMEDIATE (the file's one write lock), tried again every millisecond
    while another process writes, for up to `wait` seconds. SQLite's own busy handler sleeps
    in growing steps of up to 100 ms and so often wakes long after the lock came free: billing
    worker processes, which take turns at the lock for every chunk, lost about 40 % of their
    waiting that way."""
    dbapi_conn.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                dbapi_conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(0.001)
    finally:
        dbapi_conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")


class SqlStore:
    """A database: hands out units of work."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url)

    def uow(self, write: bool = True) -> SqlUnitOfWork:
        """A unit of work; `write=False` only reads (on SQLite it takes no write lock, so
        other processes keep writing meanwhile) and cannot commit."""
        return SqlUnitOfWork(self.engine, write)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def file(self) -> Path | None:
        """The SQLite database's file (None: PostgreSQL, or SQLite in memory)."""
        url = self.engine.url
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        return Path(url.database)

    def dispose(self) -> None:
        self.engine.dispose()

    def retryable(self, exc: BaseException) -> bool:
        """A concurrent change, a deadlock or serialisation failure, a busy SQLite file."""
        if isinstance(exc, ConcurrentChange):
            return True
        if isinstance(exc, DBAPIError):
            code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
            return code in ("40001", "40P01") or "database is locked" in str(exc.orig)
        return False


class SqlAccounts:
    def __init__(self, uow: SqlUnitOfWork) -> None:
        self._uow = uow

    def get(self, customer_id: str) -> Account:
        taken = self._uow.taken
        if customer_id not in taken:
            found = load_accounts(self._uow.connection, self._uow.catalogs, [customer_id])
            if customer_id not in found:
                raise Refused("unknown_customer", "unknown_customer", customer=customer_id)
            account = found[customer_id]
            taken[customer_id] = (account, account.begin())
        return taken[customer_id][0]

    def preload(self, ids: list[str]) -> None:
        """Read many accounts at once (a billing batch)."""
        missing = [cid for cid in ids if cid not in self._uow.taken]
        for cid, account in load_accounts(self._uow.connection, self._uow.catalogs,
                                          missing).items():
            self._uow.taken[cid] = (account, account.begin())

    def adopt(self, account: Account) -> None:
        """An account read by an earlier unit of work: written back, if at all, only if
        nobody wrote for the customer since (its version is the one read then)."""
        self._uow.taken[account.customer.id] = (account, account.begin())

    def add(self, account: Account) -> None:
        insert_customer(self._uow.connection, account, self._uow.rows)
        self._uow.taken[account.customer.id] = (account, account.begin())
        self._uow.added.add(account.customer.id)

    def ids(self) -> list[str]:
        return list(self._uow.connection.execute(
            select(customers.c.id).order_by(customers.c.id)).scalars())


class SqlUnitOfWork:
    def __init__(self, engine: Engine, write: bool = True) -> None:
        self.engine = engine
        self._write = write
        self._conn: Connection | None = None
        self.accounts = SqlAccounts(self)
        self.billing = SqlBilling(self)
        self.journal = SqlJournal(self)
        self.usage = SqlUsage(self)
        self.keys = SqlKeys(self)
        self.catalogs = SqlCatalogs(self)
        self.outbox = SqlOutbox(self)
        self.taken: dict[str, tuple[Account, Snapshot]] = {}
        self.written: set[str] = set()
        self.added: set[str] = set()
        self.rows: dict = {}  # account rows to insert at commit
        self._depth = 0

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("the store is used outside a unit of work")
        return self._conn

    def wrote(self, customer_id: str) -> None:
        self.written.add(customer_id)

    def __enter__(self) -> SqlUnitOfWork:
        if self._depth == 0:
            self._conn = self.engine.connect()
            self._conn.info["write"] = self._write
            # the transaction begins with the first statement (SQLAlchemy's autobegin): on
            # SQLite a writing unit of work takes the write lock only then
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._depth = max(self._depth - 1, 0)
        if self._depth == 0 and self._conn is not None:
            self.rollback()

    def commit(self) -> None:
        if not self._write:
            raise RuntimeError("a reading unit of work cannot commit")
        conn = self.connection
        try:
            bumps = {}
            for cid, (account, snapshot) in self.taken.items():
                changed = cid not in self.added and save_entities(conn, account, snapshot,
                                                                  self.rows)
                if cid not in self.added and (changed or cid in self.written):
                    bumps[cid] = snapshot.version
            billed = self.billing.prepare()  # converted before the first statement
            bump_versions(conn, bumps)
            write_rows(conn, self.rows)
            self.billing.write(billed)
            conn.commit()
        except BaseException:
            self.rollback()
            raise
        for account, _ in self.taken.values():
            account.committed()
        self._close()

    def rollback(self) -> None:
        if self._conn is not None:
            self._conn.rollback()
        for account, snapshot in self.taken.values():
            account.restore(snapshot)
        self._close()

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn = None
        self._depth = 0
        self.taken, self.written, self.added, self.rows = {}, set(), set(), {}
        self.billing.reset()
        self.usage.reset()
        self.catalogs.reset()
