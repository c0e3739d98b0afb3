"""Fixtures shared by every test module.

- `postgres_server` (session): a `pg.PostgresServer` with `.url(dbname)` and `.create_database()`;
  a throw-away cluster started from Debian's `postgresql` package, or the server named by
  `KONTOR_TEST_POSTGRES_URL`. Fails (never skips) when PostgreSQL is not installed.
- `postgres_url` (function): SQLAlchemy URL of a fresh, empty PostgreSQL database, dropped after.
- `database_url` (function, params "sqlite" and "postgresql"): a fresh database on each backend,
  so a test that takes it runs once per backend (select one with `-k sqlite` / `-k postgresql`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

import pg
from smtp_server import smtp_servers


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pg.PostgresServer]:
    started = time.monotonic()
    try:
        server = pg.server_from_env() or pg.start_server()
    except pg.PostgresUnavailable as problem:
        failure = f"PostgreSQL for the tests: {problem}"
    else:
        failure = None
    if failure:  # outside the except block, so the report shows only the message
        pytest.fail(failure, pytrace=False)
    server.start_seconds = time.monotonic() - started
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: pg.PostgresServer) -> Iterator[str]:
    name = postgres_server.create_database()
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/kontor.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def smtp():
    """Starts real local SMTP servers: `inbox, url = smtp(refuse=0)` (tests/smtp_server.py)."""
    yield from smtp_servers()
