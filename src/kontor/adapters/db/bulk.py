"""Many rows at once. Into one table through the driver's executemany, or PostgreSQL's COPY:
the statement is compiled once per table, dialect and set of columns, and the values are
converted column by column — exact decimals and dates by the small converters below (what
`types.Exact` and SQLAlchemy's SQLite date type write), every other typed column by its type's
own bind processor — without building SQLAlchemy's per-row parameter dictionaries, which cost
more than the database's own work in a billing run. Out of the database as the driver's plain
tuples (fetch_tuples), without SQLAlchemy's row objects, for reads of hundreds of thousands of
rows whose columns are converted at once afterwards (usage records into a Polars frame)."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Date, Table, bindparam, insert
from sqlalchemy.dialects import postgresql, sqlite

from kontor.adapters.db.types import Exact, exact_value

Converter = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Insert:
    names: tuple[str, ...]  # the columns in the order the statement binds them
    converters: tuple[Converter, ...]
    sql: str  # one row (the driver's executemany)
    positional: bool
    copy: str | None = None  # PostgreSQL: COPY … FROM STDIN (into the table, or a stage)
    staged: tuple[str, str] | None = None  # PostgreSQL upsert: create the stage; move rows


_compiled: dict[tuple, _Insert] = {}


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict],
                conflict: tuple[str, ...] = ()) -> None:
    """Insert `rows` (dicts with the same keys) into `table`; with `conflict` (the columns of
    a unique key; no two rows with the same key), a row whose key exists updates that row's
    other columns instead. PostgreSQL gets the rows through COPY (in the same transaction;
    several times faster than one INSERT per row there), SQLite through executemany."""
    prepared = prepare_rows(conn, table, rows, conflict)
    if prepared is not None:
        write_prepared(conn, prepared)


@dataclass
class Prepared:
    """Rows converted for one table, not written yet (no statement run: a billing chunk
    prepares its rows before it takes the write lock)."""

    plan: _Insert
    columns: list[Sequence]

    def column(self, name: str) -> Sequence:
        return self.columns[self.plan.names.index(name)]

    def replace(self, name: str, values: dict) -> None:
        """Column `name` with each value found in `values` replaced (provisional numbers)."""
        i = self.plan.names.index(name)
        self.columns[i] = [values.get(v, v) for v in self.columns[i]]


def prepare_rows(conn: Connection, table: Table, rows: Sequence[dict],
                 conflict: tuple[str, ...] = ()) -> Prepared | None:
    """insert_rows' conversion, column by column, without writing (None: no rows)."""
    if not rows:
        return None
    names = tuple(rows[0])
    pick = itemgetter(*names)
    return prepare_tuples(conn, table, names, (list(map(pick, rows)) if len(names) > 1
                                                else [(pick(row),) for row in rows]), conflict)


def prepare_tuples(conn: Connection, table: Table, names: tuple[str, ...],
                   rows: Sequence[tuple], conflict: tuple[str, ...] = ()) -> Prepared | None:
    """prepare_rows for rows given as tuples of the columns `names` (a billing run records
    hundreds of thousands of rows: no dictionary for each)."""
    if not rows:
        return None
    plan = _statement(conn, table, names, conflict)
    columns = list(zip(*rows, strict=True))
    if plan.names != names:  # the order the statement binds them
        columns = [columns[names.index(name)] for name in plan.names]
    return Prepared(plan, _converted(columns, plan.converters))


def _converted(columns: list[Sequence], converters: Sequence[Converter]) -> list[Sequence]:
    """Each column through its converter (None: as it is), in place."""
    for i, convert in enumerate(converters):
        if convert is not None:
            columns[i] = list(map(convert, columns[i]))
    return columns


def write_prepared(conn: Connection, prepared: Prepared) -> None:
    plan = prepared.plan
    values = list(zip(*prepared.columns, strict=True))
    if plan.copy is not None:
        with driver_cursor(conn) as cursor:
            if plan.staged is not None:
                cursor.execute(plan.staged[0])
            with cursor.copy(plan.copy) as copy:
                for row in values:
                    copy.write_row(row)
            if plan.staged is not None:
                cursor.execute(plan.staged[1])
        return
    params = values if plan.positional else [dict(zip(plan.names, v, strict=True))
                                             for v in values]
    conn.exec_driver_sql(plan.sql, params)


def _statement(conn: Connection, table: Table, keys: tuple[str, ...],
               conflict: tuple[str, ...]) -> _Insert:
    dialect = conn.dialect
    cache_key = (table.name, dialect.name, dialect.paramstyle, keys, conflict)
    if cache_key not in _compiled:
        values = {k: bindparam(k, type_=table.c[k].type) for k in keys}
        if conflict:
            stmt = (postgresql if dialect.name == "postgresql" else sqlite).insert(table)
            stmt = stmt.values(values).on_conflict_do_update(
                index_elements=list(conflict),
                set_={k: stmt.excluded[k] for k in keys if k not in conflict})
        else:
            stmt = insert(table).values(values)
        compiled = stmt.compile(dialect=dialect)
        positional = bool(compiled.positional)
        names = tuple(compiled.positiontup) if positional else keys
        converters = tuple(_converter(table.c[n].type, dialect) for n in names)
        copy = staged = None
        if dialect.name == "postgresql":
            copy, staged = _copy(dialect.identifier_preparer, table, names, conflict)
        _compiled[cache_key] = _Insert(names, converters, str(compiled), positional, copy,
                                       staged)
    return _compiled[cache_key]


def _copy(quote, table: Table, names: tuple[str, ...], conflict: tuple[str, ...]
          ) -> tuple[str, tuple[str, str] | None]:
    """PostgreSQL: COPY straight into the table; an upsert copies into a temporary table of
    the same columns (emptied at every commit) and moves the rows on with ON CONFLICT."""
    columns = ", ".join(quote.quote(n) for n in names)
    target = quote.format_table(table)
    if not conflict:
        return f"COPY {target} ({columns}) FROM STDIN", None
    stage = quote.quote(f"stage_{table.name}")
    updates = ", ".join(f"{quote.quote(n)} = excluded.{quote.quote(n)}"
                        for n in names if n not in conflict)
    return (f"COPY {stage} ({columns}) FROM STDIN",
            (f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} (LIKE {target}) "
             "ON COMMIT DELETE ROWS",
             f"INSERT INTO {target} ({columns}) SELECT {columns} FROM {stage} "
             f"ON CONFLICT ({', '.join(quote.quote(n) for n in conflict)}) "
             f"DO UPDATE SET {updates}; DELETE FROM {stage}"))


def _converter(column_type, dialect) -> Converter:
    """How a value of `column_type` is converted for the driver: what SQLAlchemy binds."""
    if isinstance(column_type, Exact):
        return exact_text if dialect.name == "sqlite" else exact_value
    if isinstance(column_type, Date) and dialect.name == "sqlite":
        return iso_date
    return column_type.dialect_impl(dialect).bind_processor(dialect)


def exact_text(value: Any) -> str | None:
    """SQLite: the Decimal as text (its NUMERIC would be a float)."""
    if type(value) is Decimal:
        return str(value)
    value = exact_value(value)
    return None if value is None else str(value)


def iso_date(value: date | None) -> str | None:
    """SQLite: a date as SQLAlchemy's SQLite DATE type writes it (YYYY-MM-DD)."""
    if type(value) is date:
        return _iso(value)
    return None if value is None else f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@lru_cache(maxsize=4096)  # a run writes the same few hundred days on every row
def _iso(day: date) -> str:
    return day.isoformat()


def driver_cursor(conn: Connection):
    """The driver's own cursor, inside the unit of work's transaction — begun here if no
    statement ran yet (a unit of work begins with its first statement, and the driver's
    statements bypass SQLAlchemy's autobegin)."""
    if not conn.in_transaction():
        conn.begin()
    return conn.connection.driver_connection.cursor()


def fetch_tuples(conn: Connection, sql: str) -> list[tuple]:
    """The rows of `sql` (complete, no parameters) as the driver's tuples, in the unit of
    work's transaction."""
    return _fetch(conn, sql, ())[0]


def _fetch(conn: Connection, sql: str, params: Sequence) -> tuple[list[tuple], tuple]:
    """Rows and the type codes of their columns (what a result processor may depend on);
    `params` positional, in the driver's style."""
    cursor = driver_cursor(conn)
    try:
        cursor.execute(sql, params) if params else cursor.execute(sql)
        return cursor.fetchall(), tuple(d[1] for d in cursor.description or ())
    finally:
        cursor.close()


@dataclass(frozen=True)
class _Select:
    sql: str  # SELECT every column FROM the table WHERE {column} IN (
    placeholder: str
    row: type  # a named tuple of the table's columns


_selects: dict[tuple, _Select] = {}
_processors: dict[tuple, tuple[Converter, ...]] = {}


def select_rows(conn: Connection, table: Table, column: str, keys: Sequence[str]) -> list:
    """The rows of `table` whose `column` is one of `keys`, as named tuples of the values
    SQLAlchemy's rows would hold (each column's result processor applied column by column) —
    a billing batch reads a dozen tables for hundreds of customers at once."""
    plan = _select(conn, table, column)
    rows: list[tuple] = []
    codes: tuple = ()
    for i in range(0, len(keys), 5000):  # keep IN lists within every database's limits
        part = list(keys[i:i + 5000])
        more, codes = _fetch(
            conn, f"{plan.sql}{', '.join([plan.placeholder] * len(part))})", part)
        rows += more
    if not rows:
        return []
    columns = _converted(list(zip(*rows, strict=True)), _result_processors(conn, table, codes))
    return list(map(plan.row._make, zip(*columns, strict=True)))


def _select(conn: Connection, table: Table, column: str) -> _Select:
    dialect = conn.dialect
    cache_key = (table.name, dialect.name, column)
    if cache_key not in _selects:
        quote = dialect.identifier_preparer
        names = [c.name for c in table.columns]
        _selects[cache_key] = _Select(
            f"SELECT {', '.join(quote.quote(n) for n in names)} FROM "
            f"{quote.format_table(table)} WHERE {quote.quote(column)} IN (",
            "?" if dialect.paramstyle == "qmark" else "%s",
            namedtuple(f"{table.name}_row", names))
    return _selects[cache_key]


def _result_processors(conn: Connection, table: Table, codes: tuple) -> tuple[Converter, ...]:
    """Each column's result processor for the driver's type codes (PostgreSQL's numeric
    processor depends on them)."""
    dialect = conn.dialect
    cache_key = (table.name, dialect.name, codes)
    if cache_key not in _processors:
        _processors[cache_key] = tuple(
            c.type.dialect_impl(dialect).result_processor(dialect, code)
            for c, code in zip(table.columns, codes, strict=True))
    return _processors[cache_key]
