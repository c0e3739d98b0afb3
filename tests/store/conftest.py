"""Stores for the store tests: one per backend and test module, emptied between tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from kontor.adapters.db.migrate import upgrade
from kontor.adapters.db.schema import metadata
from kontor.adapters.db.uow import SqlStore


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_store(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[SqlStore]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store')}/kontor.db"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.url(server.create_database())
    store = SqlStore(url)
    upgrade(store.engine)
    yield store
    store.dispose()


@pytest.fixture
def store(module_store: SqlStore) -> SqlStore:
    """An empty, migrated store."""
    empty(module_store)
    return module_store


def empty(store: SqlStore) -> None:
    with store.engine.begin() as conn:
        if store.dialect == "postgresql":
            names = ", ".join(t.name for t in metadata.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
