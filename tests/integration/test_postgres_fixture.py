"""The PostgreSQL fixtures of tests/conftest.py: a real server, fresh databases, both backends."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Numeric,
    Table,
    create_engine,
    inspect,
    select,
    text,
)


def test_server_is_postgresql(postgres_server, postgres_url):
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            version = conn.execute(text("select version()")).scalar_one()
    finally:
        engine.dispose()
    assert version.startswith("PostgreSQL ")
    assert engine.dialect.driver == "psycopg"
    print(f"\n{version}; server ready in {postgres_server.start_seconds:.2f} s")


def test_each_postgres_url_is_a_fresh_empty_database(postgres_server, postgres_url):
    other_name = postgres_server.create_database()
    other = postgres_server.url(other_name)
    try:
        assert other != postgres_url
        names = set()
        for url in (postgres_url, other):
            engine = create_engine(url)
            try:
                with engine.begin() as conn:
                    names.add(conn.execute(text("select current_database()")).scalar_one())
                    assert inspect(conn).get_table_names() == []
                    conn.execute(text("create table marker (id integer)"))
            finally:
                engine.dispose()
        assert len(names) == 2
    finally:
        postgres_server.drop_database(other_name)


def test_database_url_stores_exact_decimals(database_url):
    metadata = MetaData()
    amounts = Table(
        "amounts", metadata,
        Column("id", Integer, primary_key=True),
        Column("amount", Numeric(12, 2), nullable=False),
    )
    engine = create_engine(database_url)
    try:
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(amounts.insert(), {"id": 1, "amount": Decimal("0.10")})
        with engine.connect() as conn:
            amount = conn.execute(select(amounts.c.amount)).scalar_one()
    finally:
        engine.dispose()
    assert amount == Decimal("0.10")
    assert isinstance(amount, Decimal) and str(amount) == "0.10"
    assert engine.dialect.name == database_url.split(":", 1)[0].split("+")[0]
