"""Schemathesis against /openapi.json of the ASGI app, with an operator key: whatever it sends,
no 5xx, and every answer matches the schema (status, content type, body). Bounded so the whole
run stays short. Each case is sent as generated and, where it names a customer, once more for a
real customer (and its subscription), so the commands reach the business rules, not only the
404 of an unknown id."""

from __future__ import annotations

import pytest
import schemathesis
from api_support import NOW, Api, customer_body
from hypothesis import HealthCheck, settings

from kontor.entrypoints.api import create_app
from kontor.services.access import ApiKey, digest

CUSTOMERS = {"pbx": "pbx", "unite": "pool"}  # customer -> its subscription
# Schema-valid data may still be refused by a business rule: invalid_event is 422
# (entrypoints/refusals.py), so "valid data must be accepted" does not hold for a billing API.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


class CurrentStore:
    """The store of the running test (the `store` fixture, whichever it is): the schema is
    loaded once, at import, from an app on this stand-in. (schemathesis.pytest.from_fixture
    would load it per test, but fails on pytest 9: it sets Function._nodeid.)"""

    store = None

    def uow(self, write: bool = True):
        return self.store.uow(write)

    def retryable(self, exc: BaseException) -> bool:
        return self.store.retryable(exc)


APP = create_app(CurrentStore())
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
SECRET = "kontor_schemathesis_operator"  # a fixed operator key, added to each test's store
AUTH = {"Authorization": f"Bearer {SECRET}"}


@schema.auth()
class OperatorKey:
    """The operator key on every generated case (schemathesis knows the header is set)."""

    def get(self, case, context):
        return SECRET

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def seeded(store, client, monkeypatch) -> None:
    """Two customers with a subscription each, in the test's store."""
    monkeypatch.setattr(CurrentStore, "store", store)
    uow = store.uow()
    with uow:
        uow.keys.add(ApiKey("schemathesis", "operator", None, digest(SECRET), NOW))
        uow.commit()
    op = Api(client, SECRET)
    op.ok(op.post("/customers", customer_body("pbx", "aut-pbx")), 201)
    op.ok(op.post("/customers/pbx/subscribe", date="2026-01-01", id="pbx",
                  product="autpbx-extension", quantity=10))
    op.ok(op.post("/customers", customer_body("unite", "o2-unite")), 201)
    op.ok(op.post("/customers/unite/subscribe", date="2026-01-01", id="pool", product="unite"))
    op.ok(op.post("/customers/unite/add_sim", date="2026-01-01", id="s1", subscription="pool"))


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case, seeded):
    case.call_and_validate(excluded_checks=EXCLUDED)
    path = case.path_parameters or {}
    if "customer_id" in path and not case.meta.generation.mode.is_negative:
        real = sorted(CUSTOMERS)[len(str(case.body)) % len(CUSTOMERS)]
        body = case.body
        if isinstance(body, dict) and "subscription" in body:
            body = {**body, "subscription": CUSTOMERS[real]}
        again = case.operation.Case(path_parameters={**path, "customer_id": real},
                                    query=case.query, body=body, media_type=case.media_type)
        again.call_and_validate(headers=AUTH, excluded_checks=EXCLUDED)
