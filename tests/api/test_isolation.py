"""A customer key cannot read or change anything of another customer, on every endpoint: the
other customer's id (or invoice number) answers exactly as one that does not exist, and nothing
of the other customer changes. The table below must name every route of the app, so a new
endpoint without such a test fails here."""

from __future__ import annotations

from datetime import date

import pytest
from api_support import customer_body
from fastapi.routing import APIRoute

from kontor.services.billing import run_billing

CSV = (b"record_id,subscriber,started_at,service,destination,duration_s,volume_bytes,"
       b"roaming_country\nq1,100,2026-01-20T10:00:00+01:00,voice,+4930123456,60,,\n")
RECORD = {"record_id": "u1", "subscriber": "100", "started_at": "2026-01-20T10:00:00+01:00",
          "service": "voice", "destination": "+4930123456", "duration_s": 60}

COMMAND_BODIES = {  # a valid body of every command for an aut-pbx customer
    "subscribe": {"id": "x", "product": "autpbx-extension"},
    "set_quantity": {"subscription": "pbx", "quantity": 11},
    "change_plan": {"subscription": "pbx", "product": "autpbx-flat-de-s"},
    "cancel": {"subscription": "pbx", "mode": "regular"},
    "add_option": {"subscription": "pbx", "product": "autpbx-flat-de-s"},
    "remove_option": {"subscription": "pbx", "product": "autpbx-flat-de-s"},
    "set_pools": {"subscription": "pbx", "voice": 1},
    "add_sim": {"id": "s9", "subscription": "pbx"},
    "remove_sim": {"id": "s9"},
    "set_profile": {"sim": "s9", "roaming": False},
    "set_overage": {"subscription": "pbx", "policy": "block"},
    "device_plan": {"id": "p1", "subscription": "pbx", "device": "Phone", "price": "100.00",
                    "installments": 12},
    "cancel_device_plan": {"id": "p1"},
    "delete_order": {"subscription": "pbx"},
    "link_device_plan": {"id": "p1", "subscription": "pbx"},
    "one_time": {"product": "autpbx-setup"},
    "invite": {"campaign": "online-statt-hotline"},
    "action": {"campaign": "online-statt-hotline", "action": "hotline_call"},
}


def _command(do: str):
    return lambda c, n: {"json": COMMAND_BODIES[do] | {"date": "2026-02-10"}}


REQUESTS = {  # (method, route) -> the request's parts for customer c and invoice number n
    ("POST", "/v1/customers"): lambda c, n: {"json": customer_body(c, "aut-pbx")},
    ("GET", "/v1/customers"): lambda c, n: {},
    ("GET", "/v1/customers/{customer_id}"): lambda c, n: {},
    **{("POST", f"/v1/customers/{{customer_id}}/{do}"): _command(do) for do in COMMAND_BODIES},
    ("POST", "/v1/customers/{customer_id}/usage"): lambda c, n: {
        "json": {"date": "2026-01-20", "records": [RECORD]}},
    ("POST", "/v1/customers/{customer_id}/usage/file"): lambda c, n: {
        "files": {"file": ("calls.csv", CSV, "text/csv")}},
    ("GET", "/v1/customers/{customer_id}/usage/imports"): lambda c, n: {},
    ("GET", "/v1/customers/{customer_id}/quarantine"): lambda c, n: {},
    ("POST", "/v1/customers/{customer_id}/quarantine/resubmit"): lambda c, n: {
        "json": {"corrections": [{"entry": 0, "raw": "k,100,2026-01-20T10:00:00+01:00,voice,"
                                                      "+4930123456,60,,"}]}},
    ("GET", "/v1/customers/{customer_id}/invoices"): lambda c, n: {},
    ("GET", "/v1/invoices/{number}"): lambda c, n: {},
    ("GET", "/v1/customers/{customer_id}/invoices/preview"): lambda c, n: {
        "params": {"date": "2026-03-01"}},
    ("GET", "/v1/customers/{customer_id}/balances"): lambda c, n: {
        "params": {"at": "2026-01-31"}},
    ("GET", "/v1/customers/{customer_id}/pools"): lambda c, n: {
        "params": {"at": "2026-01-31"}},
}


def routes(app) -> list[tuple[str, str]]:
    """(method, path) of every API route, also of included routers (FastAPI >= 0.13x keeps
    those as one entry of app.routes: iter_route_contexts walks into them)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes holds every route itself
        found = [(route, route) for route in app.routes]
    else:
        found = [(context.route, context) for context in iter_route_contexts(app.routes)]
    return sorted((method, where.path) for route, where in found
                  if isinstance(route, APIRoute) for method in where.methods)


def test_the_table_names_every_route(app):
    assert routes(app) == sorted(REQUESTS)
    documented = [(method.upper(), path) for path, operations in app.openapi()["paths"].items()
                  for method in operations]
    assert sorted(documented) == sorted(REQUESTS)


def state(store, customer_id: str) -> tuple:
    """Everything of one customer a request could change."""
    uow = store.uow()
    with uow:
        account = uow.accounts.get(customer_id)
        return (account.version, len(account.subscriptions), len(account.orders),
                len(uow.billing.invoices(customer_id)), len(uow.journal.notices(customer_id)),
                len(uow.usage.reports(customer_id)), len(uow.usage.quarantine(customer_id)),
                uow.usage.frame(customer_id).height, uow.accounts.ids())


@pytest.fixture
def two(op, store):
    """Customers alice and bob, each with a subscription, usage, a quarantined record and an
    invoice."""
    for customer_id in ("alice", "bob"):
        op.ok(op.post("/customers", customer_body(customer_id, "aut-pbx")), 201)
        op.ok(op.post(f"/customers/{customer_id}/subscribe", date="2026-01-01", id="pbx",
                      product="autpbx-extension", quantity=10))
        op.ok(op.upload(f"/customers/{customer_id}/usage/file", "calls.csv",
                        CSV + b"q2,100,gestern,voice,+4930123456,60,,\n"))
        run_billing(store.uow(), customer_id, date(2026, 1, 1))
    invoices = {c: op.ok(op.get(f"/customers/{c}/invoices"))[0]["number"]
                for c in ("alice", "bob")}
    return invoices


def call(client, headers, method: str, path: str, customer: str, number: str):
    parts = REQUESTS[(method, path)](customer, number)
    url = path.replace("{customer_id}", customer).replace("{number}", number)
    return client.request(method, url, headers=headers, **parts)


def comparable(response, *names: str) -> tuple:
    """Status and problem document, with the id asked for taken out."""
    text = response.text
    for name in names:
        text = text.replace(name, "<id>")
    return response.status_code, response.headers.get("content-type"), text


@pytest.mark.parametrize(("method", "path"), sorted(REQUESTS))
def test_a_customer_key_reaches_nothing_of_another_customer(client, app, store, two,
                                                            as_customer, method, path):
    alice = as_customer("alice")
    bob_before = state(store, "bob")
    other = call(client, alice.headers, method, path, "bob", two["bob"])
    ghost = call(client, alice.headers, method, path, "ghost", "AP-424242")
    assert state(store, "bob") == bob_before

    if path == "/v1/customers":
        if method == "POST":  # creating a customer: forbidden to every customer key
            assert other.status_code == 403 and other.json()["code"] == "forbidden"
            assert "bob" in state(store, "alice")[-1]  # bob still there, nothing new
        else:
            listed = other.json()["customers"]
            assert [c["id"] for c in listed] == ["alice"]
        return
    assert other.status_code == 404, other.text
    assert other.json()["code"] in ("unknown_customer", "unknown_invoice")
    assert comparable(other, "bob", two["bob"]) == comparable(ghost, "ghost", "AP-424242")

    # the same request for alice's own data passes: it was valid, only the owner differs (a
    # command may still be refused by a business rule)
    own = call(client, alice.headers, method, path, "alice", two["alice"])
    assert own.status_code < 500
    if own.status_code >= 400:
        assert own.json()["code"] not in ("invalid_request", "unknown_customer",
                                          "unknown_invoice"), own.text


@pytest.mark.parametrize(("path", "body"), [
    ("/customers/alice/cancel", {"subscription": "pbx", "mode": "immediate"}),
    ("/customers/alice/cancel", {"subscription": "pbx", "mode": "regular",
                                 "override": {"ticket": "SELF-1", "agent": "me"}}),
    ("/customers/alice/change_plan", {"subscription": "pbx", "product": "autpbx-extension",
                                      "override": {"ticket": "SELF-1", "agent": "me"}}),
    ("/customers/alice/cancel_device_plan", {"id": "p1",
                                             "override": {"ticket": "SELF-1", "agent": "me"}}),
    ("/customers/alice/delete_order", {"subscription": "pbx"}),
    ("/customers/alice/device_plan", COMMAND_BODIES["device_plan"]),
    ("/customers/alice/link_device_plan", COMMAND_BODIES["link_device_plan"]),
    ("/customers/alice/invite", COMMAND_BODIES["invite"]),
    ("/customers/alice/usage", {"records": [RECORD]}),
    ("/customers/alice/quarantine/resubmit", REQUESTS[
        ("POST", "/v1/customers/{customer_id}/quarantine/resubmit")]("alice", "")["json"]),
])
def test_a_customer_key_is_no_agent_and_no_network(two, store, as_customer, path, body):
    """What an agent does (overrides, immediate cancellation, orders, device plans) and what
    the network delivers (usage, corrected records) needs an operator key, also for the key's
    own customer: 403, nothing changed. The customer's own regular commands still work."""
    alice = as_customer("alice")
    before = state(store, "alice")
    refused = alice.post(path, {"date": "2026-02-10", **body})
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden", refused.text
    assert state(store, "alice") == before
    upload = alice.upload("/customers/alice/usage/file", "calls.csv", CSV)
    assert upload.status_code == 403
    alice.ok(alice.post("/customers/alice/cancel", date="2026-02-10", subscription="pbx"))
