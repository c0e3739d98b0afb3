"""Errors are RFC 9457 problem documents: a refusal with the status of entrypoints.refusals and
its sentence in German or English (Accept-Language), and the API's own 401/403/404/405/422."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from api_support import Api, customer_body, new_key

from kontor.entrypoints.refusals import HTTP_STATUS
from kontor.messages.catalogue import MESSAGES
from kontor.services.access import revoke_key

PROBLEM = "application/problem+json"


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["code"] == code
    assert body["type"].endswith("/" + code) and body["title"] and body["detail"]
    return body


@pytest.fixture
def smart(op) -> str:
    """A Smart Abo customer: s1 upgraded from smart-s to smart-m on 1 January 2026."""
    op.ok(op.post("/customers", customer_body("sa", "smart-abo", "CH", "ZH")), 201)
    op.ok(op.post("/customers/sa/subscribe", date="2025-12-01", id="s1", product="smart-s"))
    op.ok(op.post("/customers/sa/change_plan", date="2025-12-15", subscription="s1",
                  product="smart-m"))
    return "sa"


@pytest.mark.parametrize(("lang", "start"), [
    (None, "Ein Downgrade ist erst 90 Tage nach dem Upgrade vom 01.01.2026 möglich"),
    ("de-CH", "Ein Downgrade ist erst 90 Tage nach dem Upgrade vom 01.01.2026 möglich"),
    ("en", "A downgrade is possible only 90 days after the upgrade of 2026-01-01"),
    ("fr;q=1, en;q=0.5, de;q=0.4", "A downgrade is possible only 90 days"),
    ("de;q=0.5, en-US;q=0.8", "A downgrade is possible only 90 days"),
])
def test_a_refusal_is_a_problem_in_the_language_asked_for(client, op, smart, lang, start):
    api = Api(client, op.headers["Authorization"].split()[1], lang)
    body = problem(api.post("/customers/sa/change_plan", date="2026-02-10", subscription="s1",
                            product="smart-s"), 409, "downgrade_locked")
    assert body["detail"].startswith(start)
    assert body["title"] == "Conflict"


@pytest.mark.parametrize(("path", "body", "code", "key"), [
    ("/customers/pbx/set_quantity", {"subscription": "pbx", "quantity": 0}, "invalid_event",
     "quantity_zero"),
    ("/customers/pbx/subscribe", {"id": "f", "product": "autpbx-flat-de-xl"},
     "unknown_product", "unknown_product"),
    ("/customers/pbx/cancel", {"subscription": "nope"}, "unknown_subscription",
     "unknown_subscription"),
    ("/customers/nobody/cancel", {"subscription": "pbx"}, "unknown_customer",
     "unknown_customer"),
    ("/customers/pbx/set_pools", {"subscription": "pbx", "voice": 1}, "invalid_event",
     "no_pools"),
])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_refusals_map_through_the_one_table(client, op, pbx, path, body, code, key, lang):
    api = Api(client, op.headers["Authorization"].split()[1], lang)
    got = problem(api.post(path, body | {"date": "2026-01-10"}), HTTP_STATUS[code], code)
    fixed = MESSAGES[key][lang].split("{")[0]
    assert got["detail"].startswith(fixed), got["detail"]


def test_customer_refusals(op, pbx):
    problem(op.post("/customers", customer_body("pbx", "aut-pbx")), 409, "customer_exists")
    problem(op.post("/customers", customer_body("x", "no-such-catalog")), 404,
            "unknown_catalog")
    got = problem(op.post("/customers", customer_body("x", "aut-pbx", "DE", "ZH")), 422,
                  "invalid_event")
    assert got["detail"].startswith("'ZH' ist kein Bundesland oder Kanton von DE")
    bad = problem(op.post("/customers", customer_body("x", "aut-pbx") | {"vat_id": "DE12345"}),
                  422, "invalid_event")
    assert bad["detail"].startswith("'DE12345' ist keine USt-IdNr.")
    swiss = op.ok(op.post("/customers", customer_body("ch", "smart-abo", "CH", "ZH")
                          | {"vat_id": "che 116281710 mwst"}), 201)
    assert swiss["vat_id"] == "CHE-116.281.710 MWST"  # stored in one form


def test_device_plan_min_duration(op):
    op.ok(op.post("/customers", customer_body("sa", "smart-abo", "CH", "ZH")), 201)
    op.ok(op.post("/customers/sa/subscribe", date="2026-01-01", id="s1", product="smart-s"))
    op.ok(op.post("/customers/sa/device_plan", date="2026-01-01", id="p1", subscription="s1",
                  device="Phone", price="899.00", installments=24))
    problem(op.post("/customers/sa/cancel_device_plan", date="2026-04-30", id="p1"), 409,
            "device_plan_min_duration")


def test_no_key_or_a_wrong_key_is_401(client, store, pbx):
    for headers in [{}, {"Authorization": "Bearer kontor_nope_nope"},
                    {"Authorization": "Basic dXNlcjpwdw=="}, {"X-API-Key": "wrong"}]:
        response = client.get("/v1/customers/pbx", headers=headers)
        problem(response, 401, "unauthorized")
        assert response.headers["www-authenticate"] == "Bearer"
    secret = new_key(store, "operator")
    assert client.get("/v1/customers/pbx", headers={"X-API-Key": secret}).status_code == 200
    en = client.get("/v1/customers", headers={"Accept-Language": "en"})
    assert problem(en, 401, "unauthorized")["detail"].startswith("A valid API key is missing")


def test_a_revoked_key_is_401_at_once(client, store, pbx):
    secret = new_key(store, "operator")
    assert client.get("/v1/customers/pbx", headers={"X-API-Key": secret}).status_code == 200
    key_id = secret.split("_")[1]
    revoke_key(store.uow(), key_id, datetime(2026, 11, 23, tzinfo=UTC))
    problem(client.get("/v1/customers/pbx", headers={"X-API-Key": secret}), 401,
            "unauthorized")
    other = new_key(store, "operator")  # the other keys still work
    assert client.get("/v1/customers/pbx", headers={"X-API-Key": other}).status_code == 200


def test_a_customer_key_may_not_create_customers(as_customer, pbx):
    own = as_customer("pbx")
    got = problem(own.post("/customers", customer_body("new", "aut-pbx")), 403, "forbidden")
    assert got["detail"] == MESSAGES["api_forbidden"]["de"]


def test_invalid_requests_are_422_problems_with_their_errors(client, op, pbx):
    cases = [
        ({"date": "2026-02-30", "subscription": "pbx", "quantity": 2}, "body.date"),
        ({"date": "2026-02-01T00:00:00", "subscription": "pbx", "quantity": 2}, "body.date"),
        ({"date": 20260201, "subscription": "pbx", "quantity": 2}, "body.date"),
        ({"date": "2026-02-01", "subscription": "pbx", "quantity": "2"}, "body.quantity"),
        ({"date": "2026-02-01", "subscription": "pbx", "quantity": 2.5}, "body.quantity"),
        ({"date": "2026-02-01", "subscription": "pbx", "quantity": 2, "extra": 1},
         "body.extra"),
        ({"date": "2026-02-01", "quantity": 2}, "body.subscription"),
    ]
    for body, location in cases:
        got = problem(op.post("/customers/pbx/set_quantity", body), 422, "invalid_request")
        assert location in [e["location"] for e in got["errors"]], got
    plan = {"date": "2026-01-05", "id": "p", "device": "x", "price": 899.0, "installments": 24}
    problem(op.post("/customers/pbx/device_plan", plan), 422, "invalid_request")
    broken = client.post("/v1/customers/pbx/set_quantity", content=b"{not json",
                         headers=op.headers | {"Content-Type": "application/json"})
    problem(broken, 422, "invalid_request")
    problem(op.get("/customers/pbx/balances"), 422, "invalid_request")  # ?at= is required
    problem(op.get("/customers/pbx/balances", at="2026-13-01"), 422, "invalid_request")
    problem(op.get("/customers/bad id!"), 422, "invalid_request")


def test_unknown_things_are_404_and_wrong_methods_405(client, op, pbx):
    problem(op.get("/nowhere"), 404, "not_found")
    problem(op.get("/invoices/AP-999999"), 404, "unknown_invoice")
    fix = {"corrections": [{"entry": 0, "raw": "x"}]}
    problem(op.post("/customers/pbx/quarantine/resubmit", fix), 404,
            "unknown_quarantine_entry")
    problem(client.delete("/v1/customers/pbx", headers=op.headers), 405, "method_not_allowed")


def test_a_usage_file_that_cannot_be_read_is_refused(op, pbx):
    got = problem(op.upload("/customers/pbx/usage/file", "calls.csv", b"a,b\n1,2\n"), 422,
                  "invalid_event")
    assert got["detail"].startswith("Die Nutzungsdaten konnten nicht gelesen werden")
    problem(op.upload("/customers/pbx/usage/file", "calls.csv", b"x", format="canonical",
                      layout="asterisk-cdr-custom"), 422, "invalid_event")
    problem(op.upload("/customers/pbx/usage/file", "calls.csv", b"x", format="asterisk",
                      layout="no-such-layout"), 422, "invalid_event")
