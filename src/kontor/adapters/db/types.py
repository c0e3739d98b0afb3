"""Column types: exact decimals (PostgreSQL NUMERIC; text on SQLite, whose NUMERIC is a float)
and domain values as tagged JSON (codec.py)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import JSON, Numeric, String
from sqlalchemy.types import TypeDecorator

from kontor.adapters.db import codec


def exact_value(value: object) -> Decimal | None:
    """What an exact column takes: a Decimal (or None) — never a float, which is not exact."""
    if value is None or isinstance(value, Decimal):
        return value
    raise TypeError(f"exact columns take a Decimal, not {type(value).__name__}")


class Exact(TypeDecorator):
    """A Decimal stored exactly: money, quantities, prices."""

    impl = Numeric()
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        # NUMERIC without precision keeps the scale written: 10.50 stays 10.50
        return dialect.type_descriptor(Numeric(asdecimal=True))

    def process_bind_param(self, value, dialect):
        value = exact_value(value)
        return str(value) if dialect.name == "sqlite" and value is not None else value

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


class Doc(TypeDecorator):
    """A domain value (dataclass, tuple, dict, Decimal …) as tagged JSON."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return codec.encode(value)

    def process_result_value(self, value, dialect):
        return codec.decode(value)

    def result_processor(self, dialect, coltype):
        if dialect.name == "sqlite":  # the stored text: decoded once per distinct text
            return codec.decode_text
        return super().result_processor(dialect, coltype)
