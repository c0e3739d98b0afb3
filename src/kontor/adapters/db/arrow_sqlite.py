"""Many rows of a SQLite file read straight into columns (ADBC's SQLite driver, Arrow), without
a Python object per value: a billing batch's usage records, in half the time of the driver's
tuples. The read is its own snapshot, on a connection of its own (one per process and file),
so it is only for readers whose writes are checked later (a billing batch: the issuing
transaction compares each customer's version with the one read).

The driver links its own copy of SQLite. Two copies in one process share the process's POSIX
locks on a file without knowing of each other (sqlite.org/howtocorrupt.html, 2.2.1), so this
connection only reads, each read a short transaction of its own, never while another
connection of the process is in a transaction on the file (the caller ends its own first);
it stays open (closing a file releases every lock of the process on it) until the store is
disposed."""

from __future__ import annotations

import os

import adbc_driver_manager
import adbc_driver_sqlite
import polars as pl
from sqlalchemy import Connection

_open: dict[tuple[int, str], tuple] = {}  # (process, file) -> (database, connection)


def sqlite_file(conn: Connection) -> str | None:
    """The file of a SQLite unit of work (None for PostgreSQL or an in-memory database, which
    another connection would not see)."""
    if conn.dialect.name != "sqlite":
        return None
    path = conn.engine.url.database
    return path if path and path != ":memory:" and not path.startswith("file:") else None


def read(path: str, sql: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The rows of `sql` (complete, no parameters) as a frame of `schema` (its columns in the
    order of the query's; a column of NULLs only comes typed as `schema` says).

    The driver takes a column's type from the values of the first batch of rows (a column
    with NULLs only there would be numbers, and a text further on an error), and reserves
    room for a whole batch: the rows are counted first, in the same read transaction, and
    come as one batch of exactly that size."""
    connection = _connection(path)
    try:
        rows = _query(connection, f"SELECT count(*) FROM ({sql})", 1).item()
        frame = _query(connection, sql, max(rows, 1))
    finally:
        connection.rollback()  # ends the read transaction (a snapshot held keeps the WAL)
    return frame.rename(dict(zip(frame.columns, schema, strict=True))).cast(schema)


def _query(connection, sql: str, batch_rows: int) -> pl.DataFrame:
    statement = adbc_driver_manager.AdbcStatement(connection)
    try:
        statement.set_options(**{adbc_driver_sqlite.StatementOptions.BATCH_ROWS.value:
                                 str(batch_rows)})
        statement.set_sql_query(sql)
        stream, _ = statement.execute_query()
        return pl.DataFrame(stream)
    finally:
        statement.close()


def _connection(path: str):
    key = (os.getpid(), path)  # never a connection inherited from a parent process
    if key not in _open:
        database = adbc_driver_sqlite.connect(path)
        connection = adbc_driver_manager.AdbcConnection(database)
        connection.set_autocommit(False)  # both statements of a read in one transaction
        _open[key] = (database, connection)
    return _open[key][1]


def close(path: str) -> None:
    """Close this process's connection to `path`, if it has one (the store is disposed)."""
    database, connection = _open.pop((os.getpid(), path), (None, None))
    if connection is not None:
        connection.close()
        database.close()
