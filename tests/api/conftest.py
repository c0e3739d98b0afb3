"""The REST API under test on a store. `store` is the one fixture to parametrize over other
stores (SQLite, PostgreSQL): every test reaches the data only through `store.uow()`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from api_support import Api, customer_body, new_key
from fastapi.testclient import TestClient

from kontor.adapters.db.migrate import upgrade
from kontor.adapters.db.uow import SqlStore
from kontor.adapters.memory import MemoryStore
from kontor.entrypoints.api import create_app
from kontor.services.catalogs import load_shipped


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    """The in-memory store, and the SQL store on SQLite (a fresh, migrated file with the
    shipped catalogs); tests/store runs the same services on PostgreSQL too."""
    if request.param == "memory":
        yield MemoryStore()
        return
    sql = SqlStore(f"sqlite:///{tmp_path}/kontor.db")
    upgrade(sql.engine)
    load_shipped(sql)
    yield sql
    sql.dispose()


@pytest.fixture
def app(store):
    return create_app(store)


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        yield client


@pytest.fixture
def op(client, store) -> Api:
    return Api(client, new_key(store, "operator"))


@pytest.fixture
def as_customer(client, store) -> Callable[[str], Api]:
    return lambda customer_id: Api(client, new_key(store, "customer", customer_id))


@pytest.fixture
def pbx(op) -> str:
    """An aut-pbx customer 'pbx' with 10 extensions from 1 January 2026."""
    op.ok(op.post("/customers", customer_body("pbx", "aut-pbx")), 201)
    op.ok(op.post("/customers/pbx/subscribe", date="2026-01-01", id="pbx",
                  product="autpbx-extension", quantity=10))
    return "pbx"


@pytest.fixture
def unite(op) -> str:
    """An O2 Unite customer 'unite' with a pool and two SIMs from 1 January 2026."""
    op.ok(op.post("/customers", customer_body("unite", "o2-unite")), 201)
    op.ok(op.post("/customers/unite/subscribe", date="2026-01-01", id="pool", product="unite"))
    for sim in ("s1", "s2"):
        op.ok(op.post("/customers/unite/add_sim", date="2026-01-01", id=sim,
                      subscription="pool"))
    return "unite"
