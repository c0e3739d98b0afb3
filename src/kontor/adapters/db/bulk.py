"""Many rows into one table at once, through the driver's executemany: the INSERT is compiled
once per table, dialect and set of columns, and each value goes through its column type's own
bind processor (Exact, Doc, dates …), so what is written is exactly what SQLAlchemy would write
— without building its per-row parameter dictionaries, which cost more than the database's own
work in a billing run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert

Processor = Callable[[Any], Any] | None
_compiled: dict[tuple, tuple[str, tuple[str, ...], tuple[Processor, ...], bool]] = {}


def insert_rows(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """Insert `rows` (dicts with the same keys) into `table`."""
    if not rows:
        return
    sql, names, processors, positional = _statement(conn, table, tuple(rows[0]))
    pairs = list(zip(names, processors, strict=True))
    if positional:
        params = [tuple(p(row[n]) if p else row[n] for n, p in pairs) for row in rows]
    else:
        params = [{n: p(row[n]) if p else row[n] for n, p in pairs} for row in rows]
    conn.exec_driver_sql(sql, params)


def _statement(conn: Connection, table: Table, keys: tuple[str, ...]):
    dialect = conn.dialect
    cache_key = (table.name, dialect.name, dialect.paramstyle, keys)
    if cache_key not in _compiled:
        stmt = insert(table).values({k: bindparam(k, type_=table.c[k].type) for k in keys})
        compiled = stmt.compile(dialect=dialect)
        positional = bool(compiled.positional)
        names = tuple(compiled.positiontup) if positional else keys
        processors = compiled._bind_processors
        _compiled[cache_key] = (str(compiled), names,
                                tuple(processors.get(n) for n in names), positional)
    return _compiled[cache_key]
