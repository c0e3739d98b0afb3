"""Every endpoint group on its happy path: customers, commands, usage (inline, file, quarantine),
invoices (the same as `kontor simulate` for the same events), preview, balances and pools."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from api_support import Api, customer_body

from kontor.adapters.scenario_yaml import load_scenario
from kontor.entrypoints.api.requests import COMMANDS
from kontor.entrypoints.cli.simulate_output import result_json
from kontor.services.billing import run_billing
from kontor.services.simulate import simulate

HEADER = "record_id,subscriber,started_at,service,destination,duration_s,volume_bytes,roaming_country"

JANUARY_CALLS = [  # j3's destination is no phone number: quarantined
    {"record_id": "j1", "subscriber": "100", "started_at": "2026-01-20T10:00:00+01:00",
     "service": "voice", "destination": "0151 12345678", "duration_s": 600},
    {"record_id": "j2", "subscriber": "101", "started_at": "2026-01-21T10:00:00+01:00",
     "service": "voice", "destination": "030 1234567", "duration_s": 120},
    {"record_id": "j3", "subscriber": "101", "started_at": "2026-01-21T11:00:00+01:00",
     "service": "voice", "destination": "hello", "duration_s": 120},
]

SCENARIO = """\
catalog: aut-pbx
customer: {id: pbx, name: Kunde pbx, country: DE, region: BY}
start: 2026-01-01
end: 2026-03-01
events:
  - {date: 2026-01-01, do: subscribe, id: pbx, product: autpbx-extension, quantity: 10}
  - {date: 2026-01-01, do: one_time, product: autpbx-setup}
  - date: 2026-01-20
    do: usage
    records:
      - {record_id: j1, subscriber: "100", started_at: "2026-01-20T10:00:00+01:00",
         service: voice, destination: "0151 12345678", duration_s: 600}
      - {record_id: j2, subscriber: "101", started_at: "2026-01-21T10:00:00+01:00",
         service: voice, destination: "030 1234567", duration_s: 120}
      - {record_id: j3, subscriber: "101", started_at: "2026-01-21T11:00:00+01:00",
         service: voice, destination: "hello", duration_s: 120}
  - {date: 2026-02-10, do: set_quantity, subscription: pbx, quantity: 12}
"""


def totals(invoice: dict) -> tuple:
    return (invoice["number"], invoice["issued_on"], invoice["net"], invoice["gross"],
            invoice["payable"])


def amounts(invoice: dict) -> list[tuple]:
    return [(line["product"], line["kind"], line["quantity"], line["unit_price"],
             line["amount"]) for line in invoice["lines"]]


# --- customers -------------------------------------------------------------------------------


def test_customers_are_created_listed_and_read(op, as_customer):
    created = op.ok(op.post("/customers", customer_body("pbx", "aut-pbx")
                            | {"phone": "+491711234567", "call_list": "masked"}), 201)
    assert created | {"subscriptions": None} == {
        "id": "pbx", "name": "Kunde pbx", "country": "DE", "region": "BY",
        "address": ["Hauptstr. 1", "80331 München"], "vat_id": "DE123456789",
        "email": "pbx@example.com", "language": "de", "catalogs": ["aut-pbx"],
        "phone": "+491711234567", "call_list": "masked",
        "subscriptions": None, "sims": [], "device_plans": []}
    op.ok(op.post("/customers", customer_body("other", "o2-unite")), 201)
    op.ok(op.post("/customers/pbx/subscribe", date="2026-01-01", id="pbx",
                  product="autpbx-extension", quantity=10))
    op.ok(op.post("/customers/pbx/set_quantity", date="2026-02-10", subscription="pbx",
                  quantity=12))

    assert [c["id"] for c in op.ok(op.get("/customers"))["customers"]] == ["other", "pbx"]
    own = as_customer("pbx")
    assert [c["id"] for c in own.ok(own.get("/customers"))["customers"]] == ["pbx"]

    [sub] = op.ok(op.get("/customers/pbx"))["subscriptions"]
    assert sub == {
        "id": "pbx", "start": "2026-01-01", "end": None, "trial_until": None, "site": None,
        "periods": [
            {"from": "2026-01-01", "to": "2026-02-09", "product": "autpbx-extension",
             "quantity": 10, "options": [], "pools": {}},
            {"from": "2026-02-10", "to": None, "product": "autpbx-extension",
             "quantity": 12, "options": [], "pools": {}}]}
    assert own.ok(own.get("/customers/pbx"))["id"] == "pbx"


# --- commands --------------------------------------------------------------------------------


EVERY_COMMAND = [  # (customer, do, body without date, date, codes of the notices)
    ("dp", "subscribe", {"id": "dp", "product": "dp-base-basic", "quantity": 5}, "2026-01-01",
     []),
    ("dp", "set_quantity", {"subscription": "dp", "quantity": 7}, "2026-01-10", []),
    ("dp", "add_option", {"subscription": "dp", "product": "dp-business-option"},
     "2026-01-11", []),
    ("dp", "remove_option", {"subscription": "dp", "product": "dp-business-option"},
     "2026-04-15", []),
    ("dp", "cancel", {"subscription": "dp", "mode": "regular"}, "2026-05-10",
     ["cancellation_confirmed"]),
    ("unite", "add_sim", {"id": "s3", "subscription": "pool", "profile": "field"},
     "2026-02-01", []),
    ("unite", "set_pools", {"subscription": "pool", "voice": 1, "sms": 1, "data": 1},
     "2026-02-10", []),
    ("unite", "set_profile", {"sim": "s1", "roaming": False, "data_cap_mb": None},
     "2026-02-11", []),
    ("unite", "set_overage", {"subscription": "pool", "policy": "block"}, "2026-02-12", []),
    ("unite", "remove_sim", {"id": "s3"}, "2026-03-01", []),
    ("sa", "subscribe", {"id": "s1", "product": "smart-s"}, "2026-01-01", []),
    ("sa", "device_plan", {"id": "p1", "subscription": "s1", "device": "Phone E 128 GB",
                           "price": "899.00", "down_payment": "99.00", "installments": 24,
                           "channel": "order"}, "2026-01-10", ["device_shipment"]),
    ("sa", "change_plan", {"subscription": "s1", "product": "smart-m"}, "2026-01-15", []),
    ("sa", "delete_order", {"subscription": "s1"}, "2026-02-20", ["orphan_device_plan"]),
    ("sa", "subscribe", {"id": "s2", "product": "smart-m"}, "2026-02-23", []),
    ("sa", "link_device_plan", {"id": "p1", "subscription": "s2"}, "2026-04-15", []),
    ("sa", "cancel_device_plan", {"id": "p1", "effective": "2026-06-01"}, "2026-05-01", []),
    ("sa", "one_time", {"product": "smart-s", "quantity": 1}, "2026-05-02", None),
    ("unite", "invite", {"campaign": "online-statt-hotline"}, "2026-03-02",
     ["campaign_invited"]),
    ("unite", "action", {"campaign": "online-statt-hotline", "action": "portal_registered"},
     "2026-03-03", ["reward_granted"]),
]


def test_every_command_has_its_endpoint_and_answers_its_notices(op):
    op.ok(op.post("/customers", customer_body("dp", "digital-phone")), 201)
    op.ok(op.post("/customers", customer_body("unite", "o2-unite")), 201)
    op.ok(op.post("/customers", customer_body("sa", "smart-abo", "CH", "ZH")), 201)
    op.ok(op.post("/customers/unite/subscribe", date="2026-01-01", id="pool",
                  product="unite"))
    for sim in ("s1", "s2"):
        op.ok(op.post("/customers/unite/add_sim", date="2026-01-01", id=sim,
                      subscription="pool"))
    done = set()
    for customer, do, body, day, codes in EVERY_COMMAND:
        response = op.post(f"/customers/{customer}/{do}", body | {"date": day})
        if codes is None:  # smart-s is no one-time service: refused, but reached
            assert response.json()["code"] == "invalid_event", response.text
        else:
            notices = op.ok(response)["notices"]
            assert [n["code"] for n in notices] == codes, (do, notices)
            assert all(n["date"] == day and n["message"] for n in notices)
        done.add(do)
    assert done == set(COMMANDS)

    detail = op.ok(op.get("/customers/sa"))
    assert ([s["id"] for s in detail["subscriptions"]], detail["device_plans"]) == (
        ["s1", "s2"], ["p1"])
    assert op.ok(op.get("/customers/unite"))["sims"] == ["s1", "s2", "s3"]


def test_a_notice_speaks_the_language_asked_for(client, op, pbx):
    english = Api(client, op.headers["Authorization"].split()[1], "en-GB,en;q=0.9")
    [notice] = english.ok(english.post("/customers/pbx/cancel", date="2026-03-10",
                                       subscription="pbx"))["notices"]
    assert notice["message"].startswith("Subscription pbx cancelled (regular)")


def test_the_openapi_document_and_the_docs(client):
    document = client.get("/openapi.json").json()
    assert all(path.startswith("/v1/") for path in document["paths"])
    assert client.get("/docs").status_code == 200

    def types(node) -> list:
        if isinstance(node, dict):
            return [node.get("type"), *(t for v in node.values() for t in types(v))]
        return [t for v in node for t in types(v)] if isinstance(node, list) else []

    assert "number" not in types(document)  # money and quantities are never floats
    schemas = document["components"]["schemas"]
    assert schemas["InvoiceOut"]["properties"]["payable"]["pattern"] == r"^-?[0-9]+\.[0-9]{2}$"
    assert schemas["DevicePlan"]["properties"]["price"]["type"] == "string"
    problem = document["paths"]["/v1/customers/{customer_id}/cancel"]["post"]["responses"]
    assert set(problem) == {"200", "400", "401", "403", "404", "409", "422"}
    assert "application/problem+json" in problem["409"]["content"]


def test_one_time_and_billing_give_the_invoices_of_kontor_simulate(op, pbx, store, tmp_path):
    op.ok(op.post("/customers/pbx/one_time", date="2026-01-01", product="autpbx-setup"))
    run_billing(store.uow(), "pbx", date(2026, 1, 1))
    report = op.ok(op.post("/customers/pbx/usage", date="2026-01-20", records=JANUARY_CALLS))
    assert (report["read"], report["rated"], report["quarantined"]) == (3, 2, 1)
    run_billing(store.uow(), "pbx", date(2026, 2, 1))
    op.ok(op.post("/customers/pbx/set_quantity", date="2026-02-10", subscription="pbx",
                  quantity=12))
    run_billing(store.uow(), "pbx", date(2026, 3, 1))

    invoices = op.ok(op.get("/customers/pbx/invoices"))
    assert [totals(i) for i in invoices] == [
        ("AP-000001", "2026-01-01", "414.00", "492.66", "492.66"),
        ("AP-000002", "2026-02-01", "65.93", "78.46", "78.46"),
        ("AP-000003", "2026-03-01", "86.82", "103.32", "103.32")]
    assert amounts(invoices[1]) == [
        ("autpbx-extension", "recurring", "10", "6.50", "65.00"),
        ("autpbx-extension", "usage", "2.00", "0.015", "0.03"),    # 2 min landline
        ("autpbx-extension", "usage", "10.00", "0.09", "0.90")]    # 10 min mobile
    assert amounts(invoices[2]) == [
        ("autpbx-extension", "recurring", "2", "6.50", "8.82"),    # 2 x 6.50 x 19/28
        ("autpbx-extension", "recurring", "12", "6.50", "78.00")]
    assert invoices[0]["taxes"] == [{"rate": "19", "base": "414.00", "tax": "78.66"}]
    # the subscription a line bills; the one-time order is customer-wide
    assert [(line["kind"], line["subscription"]) for line in invoices[0]["lines"]] == [
        ("recurring", "pbx"), ("one_time", None)]
    assert {line["subscription"] for line in invoices[1]["lines"]} == {"pbx"}

    path = tmp_path / "pbx.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    assert invoices == result_json(simulate(load_scenario(Path(path))))["invoices"]

    assert op.ok(op.get("/invoices/AP-000002")) == invoices[1]


def test_preview_changes_nothing(op, pbx, store):
    run_billing(store.uow(), "pbx", date(2026, 1, 1))
    op.ok(op.post("/customers/pbx/set_quantity", date="2026-01-16", subscription="pbx",
                  quantity=12))
    before = op.ok(op.get("/customers/pbx/invoices"))
    preview = op.ok(op.get("/customers/pbx/invoices/preview", date="2026-02-01"))
    assert op.ok(op.get("/customers/pbx/invoices/preview", date="2026-02-01")) == preview
    [draft] = preview["invoices"]
    assert draft["number"] is None and draft["issued_on"] == "2026-02-01"
    assert amounts(draft) == [
        ("autpbx-extension", "recurring", "2", "6.50", "6.71"),    # 2 x 6.50 x 16/31
        ("autpbx-extension", "recurring", "12", "6.50", "78.00")]
    assert op.ok(op.get("/customers/pbx/invoices")) == before

    [issued] = run_billing(store.uow(), "pbx", date(2026, 2, 1))
    assert issued.number == "AP-000002"  # the preview took no number
    got = op.ok(op.get("/customers/pbx/invoices"))[-1]
    assert got | {"number": None} == draft
    # a date billed already issues nothing again, so its preview shows nothing
    for billed in ("2026-01-01", "2026-02-01"):
        assert op.ok(op.get("/customers/pbx/invoices/preview", date=billed))["invoices"] == []
    wrong = op.get("/customers/pbx/invoices/preview", date="2026-03-02")
    assert wrong.status_code == 422 and wrong.json()["code"] == "invalid_event"


# --- usage -----------------------------------------------------------------------------------


def test_usage_file_upload_and_quarantine_resubmit(op, pbx):
    content = "\n".join([
        HEADER,
        "k1,100,2026-01-20T10:00:00+01:00,voice,+4930123456,60,,",
        "k2,100,2026-01-20 kurz nach zehn,voice,+4930123456,120,,",
        "k1,100,2026-01-20T10:00:00+01:00,voice,+4930123456,60,,",
    ]).encode()
    report = op.ok(op.upload("/customers/pbx/usage/file", "calls.csv", content,
                             source="switch-1"))
    assert {k: report[k] for k in ("source", "read", "rated", "duplicates", "not_billable",
                                   "quarantined")} == {
        "source": "switch-1", "read": 3, "rated": 1, "duplicates": 1, "not_billable": 0,
        "quarantined": 1}
    assert report["file"] == "calls.csv"  # the upload's own name, not the temporary copy's
    [bad] = report["quarantine"]
    assert (bad["line"], bad["reason"], bad["codes"], bad["message"]) == (  # German by default
        3, "started_at: '2026-01-20 kurz nach zehn' is not a time", ["not_a_time"],
        "started_at: '2026-01-20 kurz nach zehn' ist keine Zeitangabe")

    [entry] = op.ok(op.get("/customers/pbx/quarantine"))
    assert (entry["entry"], entry["line"], entry["raw"], entry["resubmitted"]) == (
        0, 3, "k2,100,2026-01-20 kurz nach zehn,voice,+4930123456,120,,", False)
    english = op.ok(op.client.get("/v1/customers/pbx/quarantine",
                                  headers=op.headers | {"Accept-Language": "en"}))
    assert [(e["message"], e["codes"]) for e in english] == [
        ("started_at: '2026-01-20 kurz nach zehn' is not a time", ["not_a_time"])]
    # the same file again from another source lists the bad record again (one entry, kept
    # once): its correction still goes to the source that first delivered it
    op.ok(op.upload("/customers/pbx/usage/file", "calls.csv", content, source="switch-2"))
    fixed = {"corrections": [
        {"entry": 0, "raw": "k2,100,2026-01-20T10:05:00+01:00,voice,+4930123456,120,,"}]}
    first = op.ok(op.post("/customers/pbx/quarantine/resubmit", fixed))["imports"]
    assert [(i["source"], i["read"], i["rated"]) for i in first] == [("switch-1", 1, 1)]
    [entry] = op.ok(op.get("/customers/pbx/quarantine"))  # still entry 0, now re-submitted
    assert (entry["entry"], entry["line"], entry["resubmitted"]) == (0, 3, True)
    again = op.ok(op.post("/customers/pbx/quarantine/resubmit", fixed))["imports"]
    assert [(i["read"], i["rated"], i["duplicates"]) for i in again] == [(1, 0, 1)]

    imports = op.ok(op.get("/customers/pbx/usage/imports"))
    assert [(i["read"], i["rated"]) for i in imports] == [(3, 1), (3, 1), (1, 1), (1, 0)]


# --- balances and pools ----------------------------------------------------------------------


def test_an_uploaded_file_is_named_by_its_own_name_and_its_quarantine_kept_once(op, pbx):
    """A file uploaded again: its bad records are counted again but listed in the quarantine
    once (same file, line, reason and text); the quarantine reads in the file's line order,
    a record refused by the reader (line 3) and one refused by rating (line 2) alike."""
    content = "\n".join([
        HEADER,
        "u1,100,2026-01-20T10:00:00+01:00,voice,12,60,,",  # no phone number: rating refuses
        "u2,100,2026-01-20T10:00:00+01:00,voice,+4930123456,-5,,",  # the reader refuses
    ]).encode()
    for _ in range(2):
        report = op.ok(op.upload("/customers/pbx/usage/file", "Anrufe Januar.csv", content,
                                 source="switch-2"))
        assert (report["file"], report["quarantined"]) == ("Anrufe Januar.csv", 2)
        assert [(q["line"], q["codes"]) for q in report["quarantine"]] == [
            (2, ["not_a_phone_number"]), (3, ["negative"])]
    entries = op.ok(op.get("/customers/pbx/quarantine"))
    assert [(e["entry"], e["file"], e["line"]) for e in entries] == [
        (0, "Anrufe Januar.csv", 2), (1, "Anrufe Januar.csv", 3)]


def test_balances_and_pools(op, unite):
    op.ok(op.post("/customers/unite/set_pools", date="2026-01-01", subscription="pool",
                  voice=1, sms=1, data=1))  # 1,000 min, 500 SMS, 10 GB
    records = [
        {"record_id": "d1", "subscriber": "s1", "started_at": "2026-01-10T10:00:00+01:00",
         "service": "data", "volume_bytes": 10 * 1024 * 1024},
        {"record_id": "v1", "subscriber": "s2", "started_at": "2026-01-11T10:00:00+01:00",
         "service": "voice", "destination": "+4930123456", "duration_s": 300},
    ]
    report = op.ok(op.post("/customers/unite/usage", date="2026-01-11", records=records))
    assert (report["read"], report["rated"]) == (2, 2)

    def remaining(at: str) -> dict:
        got = op.ok(op.get("/customers/unite/balances", at=at))
        assert got["at"] == at
        return {(b["product"], b["unit"]): (b["remaining"], b["expires"])
                for b in got["balances"]}

    full = {("unite-data", "data_mb"): ("10240", "2028-12-31"),
            ("unite-sms", "sms"): ("500", "2028-12-31"),
            ("unite-voice", "voice_min"): ("1000", "2028-12-31")}
    assert remaining("2026-01-09") == full
    assert remaining("2026-01-31") == full | {  # the same as kontor simulate ends with
        ("unite-data", "data_mb"): ("10230", "2028-12-31"),      # 10 MB used
        ("unite-voice", "voice_min"): ("995", "2028-12-31")}     # 5 minutes used

    pools = op.ok(op.get("/customers/unite/pools", at="2026-01-31"))
    assert pools["by_sim"] == {"s1": {"data_mb": 10}, "s2": {"voice_min": 5}}
    by_unit = {p["unit"]: p for p in pools["pools"]}
    assert by_unit["data_mb"] | {"expiring": None} == {
        "subscription": "pool", "unit": "data_mb", "allowance": 10240, "carried_over": 0,
        "used": 10, "beyond": 0, "remaining": 10230, "expiring": None}
    assert by_unit["voice_min"]["used"] == 5


def test_an_asgi_server_gets_the_app_on_the_configured_database(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from kontor.entrypoints.api.asgi import app_from_env

    monkeypatch.setenv("KONTOR_DATABASE_URL", f"sqlite:///{tmp_path}/kontor.db")
    app = app_from_env()
    assert app.state.store.url.endswith("kontor.db")
    with TestClient(app) as client:
        assert client.get("/openapi.json").status_code == 200
