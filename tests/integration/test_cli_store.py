"""The CLI on the store, on SQLite and on PostgreSQL (`database_url`): `db upgrade`, `catalog
load`, the CSV imports, `events apply`, `rate`, `keys create` and `invoices list|show|export`,
as a user runs them (exit codes, every bad row or event named with its line or index and reason,
the good ones stored).

The amounts of the invoice test were worked out by hand from shared/spec/offers.md (see
EXPECTED) and agree with `kontor simulate` on the equivalent scenario (SCENARIO, checked in
test_the_amounts_are_those_of_simulate)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from cli_support import kontor, ok, runner, write
from kontor.adapters.db.migrate import head
from kontor.adapters.db.uow import SqlStore
from kontor.adapters.documents.validation import validate
from kontor.domain.contracts import State
from kontor.entrypoints.cli.main import app
from kontor.services.billing import run_billing
from kontor.services.usage import resubmit_quarantined

CUSTOMERS = (
    "\ufeffid;name;country;region;address;vat_id;email;language;catalogs\n"
    "acme;ACME GmbH;DE;BY;Hauptstr. 1|80331 München;DE123456789;rechnung@acme.example;de;aut-pbx\n"
    "bad one;Bad;DE;;;;;;aut-pbx\n"
    "helvetia;Helvetia AG;CH;ZH;Bahnhofstr. 1|8001 Zürich;;;en;smart-abo\n"
    "lost;Lost GmbH;DE;;;;;;no-such-catalog\n"
)
SUBSCRIPTIONS = (
    "customer,id,product,quantity,start,options,trial,site\n"
    "acme,pbx,autpbx-extension,10,2026-01-01,,,\n"
    "helvetia,abo,smart-m,,2026-01-17,,no,\n"
    "acme,more,autpbx-extension,-1,2026-13-01,,vielleicht,\n"
    "ghost,abo,smart-m,1,2026-01-01,,,\n"
    "acme,pbx,autpbx-extension,5,2026-01-01,,,\n"
)
CDRS = (
    "record_id,subscriber,started_at,service,destination,duration_s,volume_bytes,"
    "roaming_country\n"
    "r1,100,2026-01-15T10:00:00+01:00,voice,+4930123456,120,,\n"
    "r2,100,2026-01-16T10:00:00+01:00,voice,+4915112345678,90,,\n"
    "r3,100,2026-01-17T10:00:00+01:00,voice,12,30,,\n"
)
EVENTS = """\
    events:
      - {customer: acme, date: 2026-02-11, do: cancel, subscription: nope}
      - {customer: acme, date: 2026-02-10, do: set_quantity, subscription: pbx, quantity: 51}
      - {customer: helvetia, date: 2026-02-10, do: one_time, product: smart-m}
"""
SCENARIO = """\
    catalog: aut-pbx
    customer: {id: acme, name: ACME GmbH, country: DE, region: BY}
    start: 2026-01-01
    end: 2026-03-01
    events:
      - {date: 2026-01-01, do: subscribe, id: pbx, product: autpbx-extension, quantity: 10}
      - {date: 2026-01-20, do: usage, file: cdrs.csv}
      - {date: 2026-02-10, do: set_quantity, subscription: pbx, quantity: 51}
"""
# (number, customer, issued on, currency, net, gross, payable), by hand (offers.md §0, §3, §4):
# - AP-000001, 1 Jan: 10 extensions × 6.50 (tier 1–50) for January = 65.00; VAT 19 % 12.35.
# - AP-000002, 1 Feb: February in advance 65.00; January's calls pay-as-you-go, 60/1: r1 120 s
#   to a German landline 2 min × 0.015 = 0.03, r2 90 s to a German mobile 1.5 min × 0.09 =
#   0.135 -> 0.14 (r3 is quarantined); net 65.17, VAT 12.3823 -> 12.38, gross 77.55.
# - AP-000003, 1 Mar: 51 extensions from 10 Feb reach the 51–100 tier (6.00 for all): credit
#   10 × 6.50 × 19/28 = -44.107 -> -44.11, charge 51 × 6.00 × 19/28 = 207.643 -> 207.64,
#   March 51 × 6.00 = 306.00; net 469.53, VAT 89.2107 -> 89.21, gross 558.74.
# - SA-000001, 1 Feb (CHF, gross prices): Smart Abo M 49.00 × 15/31 for 17–31 Jan = 23.709 ->
#   23.71, February 49.00; gross 72.71, VAT contained 72.71 - 72.71/1.081 = 5.45, net 67.26,
#   payable rounded to 0.05: 72.70.
EXPECTED = [
    ("AP-000001", "acme", "2026-01-01", "EUR", "65.00", "77.35", "77.35"),
    ("AP-000002", "acme", "2026-02-01", "EUR", "65.17", "77.55", "77.55"),
    ("SA-000001", "helvetia", "2026-02-01", "CHF", "67.26", "72.71", "72.70"),
    ("AP-000003", "acme", "2026-03-01", "EUR", "469.53", "558.74", "558.74"),
]


def bill(url: str, customer: str, day: date) -> list[str]:
    store = SqlStore(url)
    try:
        return [invoice.number for invoice in run_billing(store.uow(), customer, day)]
    finally:
        store.dispose()


@pytest.fixture
def url(database_url: str) -> str:
    """A migrated database with the shipped catalogs."""
    ok(kontor(database_url, "db", "upgrade"))
    ok(kontor(database_url, "catalog", "load"))
    return database_url


@pytest.fixture
def customers(url: str, tmp_path: Path) -> str:
    """acme (aut-pbx, DE) and helvetia (smart-abo, CH) with their subscriptions."""
    ok(kontor(url, "customers", "import", str(write(tmp_path, "c.csv", CUSTOMERS))), 3)
    ok(kontor(url, "subscriptions", "import", str(write(tmp_path, "s.csv", SUBSCRIPTIONS))),
       3)
    return url


def test_db_upgrade_is_idempotent_and_the_other_commands_wait_for_it(database_url):
    newest = head(SqlStore(database_url).engine)
    refused = ok(kontor(database_url, "invoices", "list", "--lang", "en"), 2)
    if database_url.startswith("sqlite"):  # no file yet: none is made by asking
        assert "No database at sqlite:///" in refused.stderr
        assert "create it with `kontor db upgrade`" in refused.stderr
        assert not Path(database_url.split("///", 1)[1]).exists()
    else:
        assert f"is not up to date (revision none, newest {newest}): run `kontor db upgrade`" \
            in refused.stderr
    first = ok(kontor(database_url, "db", "upgrade", "--lang", "en"))
    assert f"revision none → {newest}" in first.stdout
    again = ok(kontor(database_url, "db", "upgrade", "--lang", "en"))
    assert f"already at the newest revision {newest}" in again.stdout
    ok(kontor(database_url, "invoices", "list"))


def test_the_password_is_not_shown():
    result = ok(kontor("postgresql://kontor:geheim@127.0.0.1:1/nowhere", "invoices", "list"), 2)
    assert "postgresql://kontor:***@127.0.0.1:1/nowhere" in result.stderr
    assert "geheim" not in result.output


def test_catalog_load_twice_is_unchanged(database_url):
    ok(kontor(database_url, "db", "upgrade"))
    first = ok(kontor(database_url, "catalog", "load", "--lang", "en"))
    assert "aut-pbx: catalog aut-pbx version 1 loaded (19 products)." in first.stdout
    assert first.stdout.count("loaded") == 4
    again = ok(kontor(database_url, "catalog", "load", "aut-pbx", "smart-abo"))
    assert again.stdout.splitlines() == [
        "aut-pbx: Katalog aut-pbx Version 1 unverändert (schon geladen).",
        "smart-abo: Katalog smart-abo Version 1 unverändert (schon geladen)."]


def test_catalog_load_reports_problems_with_file_and_line(url, tmp_path):
    bad = write(tmp_path, "bad.yaml", "catalog: x\ncurrency: EUR\nprice_basis: net\n")
    result = ok(kontor(url, "catalog", "load", str(bad)), 2)
    assert f"{bad}:1: " in result.stderr
    changed = (Path(__file__).parents[2] / "src/kontor/catalogs/aut-pbx.yaml").read_text()
    edited = write(tmp_path, "aut-pbx.yaml", changed.replace("6.50", "6.40", 1))
    refused = ok(kontor(url, "catalog", "load", str(edited), "--lang", "en"), 3)
    assert "refused (invalid_event): Catalog 'aut-pbx' version 1 is already loaded with " \
           "other content" in refused.stderr


def test_customers_import_keeps_the_good_rows_and_names_the_bad(url, tmp_path):
    path = write(tmp_path, "customers.csv", CUSTOMERS)
    result = ok(kontor(url, "customers", "import", str(path)), 3)
    assert result.stdout.strip() == f"{path}: 2 importiert, 2 abgelehnt."
    assert result.stderr.splitlines() == [
        f"{path}:3: id: 'bad one' ist keine Kunden-Id (1 bis 64 Buchstaben, Ziffern, '.', '_' "
        "oder '-')",
        f"{path}:5: abgelehnt (unknown_catalog): Einen Katalog 'no-such-catalog' gibt es nicht "
        "(geladen: aut-pbx, digital-phone, o2-unite, smart-abo)."]
    store = SqlStore(url)
    try:
        with store.uow() as uow:
            assert uow.accounts.ids() == ["acme", "helvetia"]
            acme = uow.accounts.get("acme").customer
            helvetia = uow.accounts.get("helvetia").customer
    finally:
        store.dispose()
    assert acme.address == ("Hauptstr. 1", "80331 München")
    assert (acme.region, acme.vat_id, acme.email) == ("BY", "DE123456789", "rechnung@acme.example")
    assert (helvetia.country, helvetia.language, helvetia.vat_id) == ("CH", "en", None)
    again = ok(kontor(url, "customers", "import", str(path), "--lang", "en"), 3)
    assert "0 imported, 4 refused" in again.stdout
    assert f"{path}:2: refused (customer_exists): A customer 'acme' already exists." \
        in again.stderr


def test_vat_ids_are_checked_and_stored_in_one_form(url, tmp_path):
    path = write(tmp_path, "v.csv", "id;name;country;vat_id;catalogs\n"
                 "de;DE GmbH;DE;de 129 273 398;aut-pbx\n"
                 "ch;CH AG;CH;che116281710mwst;smart-abo\n"
                 "bad;Bad GmbH;DE;DE12345;aut-pbx\n")
    result = ok(kontor(url, "customers", "import", str(path), "--lang", "en"), 3)
    assert result.stderr.splitlines() == [
        f"{path}:4: vat_id: 'DE12345' is no VAT id (DE123456789, CHE-123.456.789 MWST or "
        "another EU country's)"]
    store = SqlStore(url)
    try:
        with store.uow() as uow:
            stored = {cid: uow.accounts.get(cid).customer.vat_id for cid in uow.accounts.ids()}
    finally:
        store.dispose()
    assert stored == {"ch": "CHE-116.281.710 MWST", "de": "DE129273398"}


def test_a_file_that_cannot_be_used_imports_nothing(url, tmp_path):
    missing = ok(kontor(url, "customers", "import", str(tmp_path / "none.csv")), 2)
    assert "none.csv: nicht lesbar" in missing.stderr
    wrong = write(tmp_path, "wrong.csv", "id,name,land,catalogs\nx,X,DE,aut-pbx\n")
    result = ok(kontor(url, "customers", "import", str(wrong), "--lang", "en"), 2)
    assert result.stderr.splitlines() == [
        f"{wrong}:1: unknown column land (known: id, name, country, catalogs, region, address, "
        "vat_id, email, language, phone, call_list)",
        f"{wrong}:1: missing column country (a header line naming the columns is required)"]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,name,country,catalogs\nx,Müller,DE,aut-pbx\n".encode("latin-1"))
    assert "latin.csv:2: kein UTF-8-Text" in ok(kontor(url, "customers", "import", str(latin)),
                                                2).stderr


def test_many_rows_with_a_progress_bar(url, tmp_path):
    rows = "".join(f"k{i},Kunde {i},DE,aut-pbx\n" for i in range(210))
    path = write(tmp_path, "many.csv", "id,name,country,catalogs\n" + rows)
    assert "210 importiert, 0 abgelehnt" in ok(kontor(url, "customers", "import",
                                                      str(path))).stdout


def test_subscriptions_import(url, tmp_path):
    ok(kontor(url, "customers", "import", str(write(tmp_path, "c.csv", CUSTOMERS))), 3)
    path = write(tmp_path, "subscriptions.csv", SUBSCRIPTIONS)
    result = ok(kontor(url, "subscriptions", "import", str(path), "--lang", "en"), 3)
    assert result.stdout.strip() == f"{path}: 2 imported, 3 refused."
    assert result.stderr.splitlines() == [
        f"{path}:4: start: '2026-13-01' is not a date that exists",
        f"{path}:4: quantity: -1 is less than the minimum of 0",
        f"{path}:4: trial: 'vielleicht' is not true or false",
        f"{path}:5: refused (unknown_customer): There is no customer 'ghost'.",
        f"{path}:6: refused (invalid_event): A subscription 'pbx' already exists."]
    store = SqlStore(url)
    try:
        with store.uow() as uow:
            pbx = uow.accounts.get("acme").subscriptions["pbx"]
            abo = uow.accounts.get("helvetia").subscriptions["abo"]
    finally:
        store.dispose()
    assert (pbx.start, pbx.state_on(pbx.start)) == (date(2026, 1, 1),
                                                    State("autpbx-extension", 10))
    assert (abo.start, abo.state_on(abo.start)) == (date(2026, 1, 17), State("smart-m", 1))


TAKEN_OVER = (
    "customer;id;product;quantity;start;options;billed_until\n"
    "acme;pbx;autpbx-extension;10;2019-06-12;;2026-01-31\n"
    "berlin;dp;dp-base-basic;7;2008-03-15;dp-efax;2026-01-31\n"
    "berlin;x;dp-extension-basic;3;2020-07-10;;2026-01-31\n"
    "acme;late;autpbx-extension;1;2026-01-01;;2026-01-30\n"
    "acme;early;autpbx-extension;1;2026-03-01;;2026-01-31\n"
)


def test_a_subscription_taken_over_is_billed_from_the_day_after_billed_until(url, tmp_path):
    """Migration: a subscription imported with its true start and `billed_until` is not
    billed again for what the previous system billed, nor its activation fees; a change in a
    month the previous system billed is corrected like any billed month. By hand (offers.md
    §3-§5): acme's 10 extensions at 6.50 (tier 1-50); from 20 January 20 extensions (still
    6.50): 10 x 6.50 x 12/31 = 25.161 -> 25.16 for 20-31 January, February 20 x 6.50 =
    130.00; net 155.16. berlin: a Basic base package `dp` with 7 licences and eFax (2.00 per
    user), and an extension subscription `x` with 3, both billed until 31 January; from 25
    January `dp` has 9 (7 of 31 days): +2 x 6.80 x 7/31 = 3.071 -> 3.07, eFax +2 x 2.00 x 7/31
    = 0.903 -> 0.90 (not again for x's licences, which the previous system billed), activation
    fees for the mark 10 -> 12: 2 x 9.99 = 19.98 (not for the 10 migrated licences); February
    35.00 + 4 x 6.80 = 27.20 + eFax 12 x 2.00 = 24.00 + x 3 x 6.80 = 20.40; net 130.55."""
    ok(kontor(url, "customers", "import", str(write(tmp_path, "c.csv", (
        "id;name;country;region;catalogs\n"
        "acme;ACME GmbH;DE;BY;aut-pbx\n"
        "berlin;Berlin GmbH;DE;BE;digital-phone\n")))))
    path = write(tmp_path, "s.csv", TAKEN_OVER)
    result = ok(kontor(url, "subscriptions", "import", str(path), "--lang", "en"), 3)
    assert result.stdout.strip() == f"{path}: 3 imported, 2 refused."
    assert result.stderr.splitlines() == [
        f"{path}:5: billed_until: 2026-01-30 is not the last day of a month (the previous "
        "system's fees are billed by the month)",
        f"{path}:6: billed_until: 2026-01-31 is before the start 2026-03-01; leave "
        "billed_until empty if nothing was billed"]
    ok(kontor(url, "events", "apply", str(write(tmp_path, "e.yaml", dedent("""\
        events:
          - {customer: acme, date: 2026-01-20, do: set_quantity, subscription: pbx, quantity: 20}
          - {customer: berlin, date: 2026-01-25, do: set_quantity, subscription: dp, quantity: 9}
    """)))))
    assert bill(url, "acme", date(2026, 2, 1)) == ["AP-000001"]
    assert bill(url, "berlin", date(2026, 2, 1)) == ["DP-000001"]
    store = SqlStore(url)
    try:
        with store.uow() as uow:
            invoices = {i.number: i for i in uow.billing.invoices()}
            notices = uow.journal.notices("acme")
    finally:
        store.dispose()
    acme, berlin = invoices["AP-000001"], invoices["DP-000001"]
    assert [(str(x.first), str(x.last), str(x.quantity), str(x.amount))
            for x in acme.lines] == [("2026-01-20", "2026-01-31", "10", "25.16"),
                                     ("2026-02-01", "2026-02-28", "20", "130.00")]
    assert str(acme.totals.net) == "155.16"
    assert sorted((x.product, str(x.first), str(x.amount)) for x in berlin.lines) == [
        ("dp-activation", "2026-01-25", "19.98"), ("dp-base-basic", "2026-02-01", "35.00"),
        ("dp-efax", "2026-01-25", "0.90"), ("dp-efax", "2026-02-01", "24.00"),
        ("dp-extension-basic", "2026-01-25", "3.07"),
        ("dp-extension-basic", "2026-02-01", "20.40"),
        ("dp-extension-basic", "2026-02-01", "27.20")]
    assert str(berlin.totals.net) == "130.55"
    assert [n.code for n in notices][:1] == ["billing_taken_over"]


def test_events_apply_in_date_order_and_report_refusals(customers, tmp_path):
    path = write(tmp_path, "events.yaml", dedent(EVENTS))
    result = ok(kontor(customers, "events", "apply", str(path), "--lang", "en"), 3)
    assert result.stdout.strip() == f"{path}: 1 event applied, 2 refused."
    assert result.stderr.splitlines() == [
        f"{path}: event 2 (2026-02-10, customer helvetia, one_time): refused (invalid_event): "
        "'smart-m' is not a one-time service.",
        f"{path}: event 0 (2026-02-11, customer acme, cancel): refused (unknown_subscription): "
        "This customer has no subscription 'nope'."]
    store = SqlStore(customers)
    try:
        with store.uow() as uow:
            pbx = uow.accounts.get("acme").subscriptions["pbx"]
    finally:
        store.dispose()
    assert [pbx.state_on(date(2026, 2, d)).quantity for d in (9, 10)] == [10, 51]


def test_an_invalid_events_file_applies_nothing(customers, tmp_path):
    path = write(tmp_path, "events.yaml", dedent("""\
        events:
          - {date: 2026-02-10, do: set_quantity, subscription: pbx, quantity: 51}
          - {customer: acme, date: 2026-02-30, do: set_quantity, subscription: pbx}
          - {customer: acme, date: 2026-02-01, do: usage, file: missing.csv}
    """))
    result = ok(kontor(customers, "events", "apply", str(path), "--lang", "en"), 2)
    assert result.stderr.splitlines() == [
        f"{path}:2: events[0]: customer: is required (the id of a stored customer)",
        f"{path}:3: events[1]: 'quantity' is required",
        f"{path}:3: events[1].date: '2026-02-30' is not a date that exists",
        f"{path}:4: events[2].file: no usage file 'missing.csv' next to the scenario"]
    german = ok(kontor(customers, "events", "apply", str(path)), 2)
    assert german.stderr.splitlines() == [
        f"{path}:2: events[0]: customer: ist erforderlich (die Id eines gespeicherten Kunden)",
        f"{path}:3: events[1]: 'quantity' ist erforderlich",
        f"{path}:3: events[1].date: '2026-02-30' ist kein Datum, das es gibt",
        f"{path}:4: events[2].file: keine Nutzungsdatei 'missing.csv' neben der Datei"]


def test_the_quarantine_is_listed_with_numbers_reasons_and_what_was_resubmitted(customers,
                                                                               tmp_path):
    cdrs = write(tmp_path, "cdrs.csv", CDRS)
    ok(kontor(customers, "rate", str(cdrs), "--customer", "acme", "--source", "pbx"))
    listed = ok(kontor(customers, "quarantine", "list", "--customer", "acme"))
    assert listed.stdout.splitlines() == [
        f"Nr. 0  {cdrs}:4: destination: '12' ist keine Telefonnummer",
        "    r3,100,2026-01-17T10:00:00+01:00,voice,12,30,,"]
    store = SqlStore(customers)
    try:
        resubmit_quarantined(store.uow(), "acme", [(0, "r3,100,2026-01-17T10:00:00+01:00,"
                                                       "voice,+4930123456,30,,")],
                             source="pbx")
    finally:
        store.dispose()
    english = ok(kontor(customers, "quarantine", "list", "--customer", "acme", "--lang", "en"))
    assert english.stdout.splitlines() == [
        f"No. 0  {cdrs}:4: destination: '12' is not a phone number",
        "    r3,100,2026-01-17T10:00:00+01:00,voice,12,30,,",
        "    (re-submitted corrected)"]
    still_open = ok(kontor(customers, "quarantine", "list", "--customer", "acme", "--open"))
    assert still_open.stdout.strip() == "Die Quarantäne von acme ist leer."
    unknown = ok(kontor(customers, "quarantine", "list", "--customer", "ghost"), 3)
    assert "abgelehnt (unknown_customer)" in unknown.stderr


def test_rate_twice_charges_nothing_new(customers, tmp_path):
    cdrs = write(tmp_path, "cdrs.csv", CDRS)
    args = ("rate", str(cdrs), "--customer", "acme", "--source", "pbx", "--lang", "en")
    first = ok(kontor(customers, *args))
    assert first.stdout.splitlines() == [
        f"{cdrs}: read 3 = rated 2 + duplicates 0 + not billable 0 + quarantined 1",
        f"{cdrs}:4: quarantined: destination: '12' is not a phone number"]
    again = ok(kontor(customers, *args[:-1], "de"))  # the reason in German
    assert again.stdout.splitlines() == [
        f"{cdrs}: gelesen 3 = bewertet 0 + Duplikate 2 + nicht abrechenbar 0 + Quarantäne 1",
        f"{cdrs}:4: Quarantäne: destination: '12' ist keine Telefonnummer"]
    unknown = ok(kontor(customers, "rate", str(cdrs), "--customer", "ghost", "--source", "pbx"),
                 3)
    assert "abgelehnt (unknown_customer)" in unknown.stderr
    missing = ok(kontor(customers, "rate", str(tmp_path / "no.csv"), "--customer", "acme",
                        "--source", "pbx"), 2)
    assert "Datei nicht gefunden" in missing.stderr


def test_keys_create(customers):
    operator = ok(kontor(customers, "keys", "create", "--role", "operator", "--lang", "en"))
    first, secret = operator.stdout.splitlines()
    assert "(role operator, customer -). The secret is shown this once only:" in first
    assert secret.startswith("kontor_")
    customer = ok(kontor(customers, "keys", "create", "--role", "customer", "--customer",
                         "acme"))
    assert "(Rolle customer, Kunde acme)" in customer.stdout
    refused = ok(kontor(customers, "keys", "create", "--role", "customer"), 3)
    assert "Ein Kundenschlüssel braucht einen Kunden (--customer)." in refused.stderr
    ok(kontor(customers, "keys", "create", "--role", "customer", "--customer", "ghost"), 3)


def test_keys_list_and_revoke(customers):
    assert ok(kontor(customers, "keys", "list", "--lang", "en")).stdout.strip() == "No API keys."
    made = [ok(kontor(customers, "keys", "create", *args)).stdout.split()[1]
            for args in (("--role", "operator"), ("--role", "customer", "--customer", "acme"))]
    listed = ok(kontor(customers, "keys", "list", "--lang", "en")).stdout
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in listed.splitlines()
            if any(key in line for key in made)]
    assert [row[:3] + [row[4]] for row in rows] == [
        [made[0], "operator", "-", "-"], [made[1], "customer", "acme", "-"]]
    assert "secret" not in listed and "kontor_" not in listed
    revoked = ok(kontor(customers, "keys", "revoke", made[1], "--lang", "en")).stdout
    assert revoked.startswith(f"Key {made[1]} revoked (role customer, customer acme)")
    again = ok(kontor(customers, "keys", "revoke", made[1], "--lang", "en")).stdout
    assert again.startswith(f"Key {made[1]} was revoked already on ")
    acme = ok(kontor(customers, "keys", "list", "--customer", "acme")).stdout
    row = next(line for line in acme.splitlines() if made[1] in line)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row.split("│")[5].strip())
    assert made[0] not in acme
    unknown = ok(kontor(customers, "keys", "revoke", "nope", "--lang", "en"), 3)
    assert "There is no API key nope." in unknown.stderr


def test_invoices_list_show_and_export(customers, tmp_path):
    assert bill(customers, "acme", date(2026, 1, 1)) == ["AP-000001"]
    ok(kontor(customers, "rate", str(write(tmp_path, "cdrs.csv", CDRS)), "--customer", "acme",
              "--source", "pbx"))
    assert bill(customers, "acme", date(2026, 2, 1)) == ["AP-000002"]
    assert bill(customers, "helvetia", date(2026, 2, 1)) == ["SA-000001"]
    ok(kontor(customers, "events", "apply", str(write(tmp_path, "e.yaml", dedent(EVENTS)))), 3)
    assert bill(customers, "acme", date(2026, 3, 1)) == ["AP-000003"]

    listed = ok(kontor(customers, "invoices", "list"))  # numbers and dates as Germans write them
    rows = [line.split("│")[1:-1] for line in listed.stdout.splitlines() if "-0000" in line]
    assert [tuple(cell.strip() for cell in row) for row in rows] == [
        ("AP-000001", "acme", "01.01.2026", "EUR", "65,00", "77,35", "77,35"),
        ("AP-000002", "acme", "01.02.2026", "EUR", "65,17", "77,55", "77,55"),
        ("SA-000001", "helvetia", "01.02.2026", "CHF", "67.26", "72.71", "72.70"),  # de_CH
        ("AP-000003", "acme", "01.03.2026", "EUR", "469,53", "558,74", "558,74")]
    some = ok(kontor(customers, "invoices", "list", "--customer", "acme", "--from",
                     "2026-02-01", "--to", "2026-03-01"))
    assert [n for n in ("AP-000001", "AP-000002", "AP-000003", "SA-000001")
            if n in some.stdout] == ["AP-000002", "AP-000003"]
    ok(kontor(customers, "invoices", "list", "--customer", "ghost"), 3)

    shown = ok(kontor(customers, "invoices", "show", "AP-000003")).stdout
    assert "AP-000003" in shown and "ACME GmbH" in shown
    for amount in ("-44,11", "207,64", "306,00", "469,53", "89,21", "558,74"):
        assert amount in shown
    ok(kontor(customers, "invoices", "show", "XX-1"), 3)

    out = tmp_path / "export"
    exported = ok(kontor(customers, "invoices", "export", "--out", str(out), "--lang", "en"))
    assert f"4 invoices written to {out} as json." in exported.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{e[0]}.json" for e in EXPECTED)
    swiss = json.loads((out / "SA-000001.json").read_text())
    assert (swiss["net"], swiss["gross"], swiss["rounding"], swiss["payable"]) == (
        "67.26", "72.71", "-0.01", "72.70")
    assert [line["amount"] for line in swiss["lines"]] == ["23.71", "49.00", "-0.01"]
    ok(kontor(customers, "invoices", "export", "--out", str(out), "--format", "odt"), 2)


def test_xrechnung_export_says_what_it_skips_and_what_a_receiver_refuses(customers, tmp_path):
    ok(kontor(customers, "customers", "import", str(write(
        tmp_path, "bare.csv", "id;name;country;catalogs\nbare;Ohne Adresse GmbH;DE;aut-pbx\n"))))
    ok(kontor(customers, "subscriptions", "import", str(write(
        tmp_path, "bare-s.csv", "customer;id;product;start\nbare;pbx;autpbx-extension;"
                                "2026-01-01\n"))))
    for customer in ("acme", "helvetia", "bare"):
        bill(customers, customer, date(2026, 2, 1))
    out = tmp_path / "xml"
    exported = ok(kontor(customers, "invoices", "export", "--out", str(out), "--format",
                         "xrechnung", "--lang", "en"))
    assert "2 invoices written" in exported.stdout      # acme's and bare's
    assert ("1 invoice has no xrechnung (an XRechnung exists for EUR only; a CHF invoice "
            "carries the QR-bill in its PDF): SA-000001") in exported.stdout
    bare = sorted(line for line in exported.stderr.splitlines() if "AP-000002.xml" in line)
    assert [line.split(": ", 1)[1] for line in bare] == [
        "BR-DE-8: missing: buyer city (BT-52)", "BR-DE-9: missing: buyer post code (BT-53)",
        "PEPPOL-EN16931-R010: missing: buyer electronic address (BT-49), mandatory in "
        "XRechnung 3.0"]
    assert "AP-000001" not in exported.stderr and "1 file breaks rules" in exported.stderr


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout


def test_invoices_export_pdf_with_the_itemised_call_list(customers, tmp_path):
    """acme's January calls (CDRS, by hand): r1 15.01. 10:00:00, 120 s to +49 30 123456 (German
    landline) 2 min × 0.015 = 0.03; r2 16.01. 10:00:00, 90 s to +49 1511 2345678 (German
    mobile) 1.5 min × 0.09 = 0.135; r3 is quarantined. The list shows 0,0300 and 0,1350; the
    invoice rounds once per line, 0.03 + 0.14 = 0.17, the list's January total."""
    assert bill(customers, "acme", date(2026, 1, 1)) == ["AP-000001"]
    ok(kontor(customers, "rate", str(write(tmp_path, "cdrs.csv", CDRS)), "--customer", "acme",
              "--source", "pbx"))
    assert bill(customers, "acme", date(2026, 2, 1)) == ["AP-000002"]
    out = tmp_path / "pdf"
    ok(kontor(customers, "invoices", "export", "--out", str(out), "--format", "pdf",
              "--customer", "acme", "--call-list", "masked"))
    text = _pdf_text(out / "AP-000002.pdf")
    assert "Einzelverbindungsnachweis" in text
    assert re.search(r"15\.01\.2026\s+10:00:00\s+100\s+\+49 30 123xxx\s.*0:02:00\s+0,0300", text)
    assert re.search(r"16\.01\.2026\s+10:00:00\s+100\s+\+49 1511 2345xxx\s.*0:01:30\s+0,1350",
                     text)
    assert "+49 30 123456" not in text and "+49 1511 2345678" not in text
    assert re.search(r"Summe Einzelverbindungsnachweis\s+0,17 €", text)
    assert validate((out / "AP-000002.pdf").read_bytes()).valid
    assert "Einzelverbindungsnachweis" not in _pdf_text(out / "AP-000001.pdf")  # no calls
    # acme chose no call list (the CSV has no call_list column: none): none without the option
    plain = tmp_path / "plain"
    ok(kontor(customers, "invoices", "export", "--out", str(plain), "--format", "zugferd",
              "--customer", "acme"))
    assert "Einzelverbindungsnachweis" not in _pdf_text(plain / "AP-000002.pdf")
    ok(kontor(customers, "invoices", "export", "--out", str(plain), "--format", "pdf",
              "--call-list", "sometimes"), 2)


def test_the_amounts_are_those_of_simulate(tmp_path):
    write(tmp_path, "cdrs.csv", CDRS)
    scenario = write(tmp_path, "acme.yaml", dedent(SCENARIO))
    result = ok(runner.invoke(app, ["simulate", str(scenario), "--json"]))
    invoices = json.loads(result.stdout)["invoices"]
    assert [(i["number"], i["customer"], i["issued_on"], i["currency"], i["net"], i["gross"],
             i["payable"]) for i in invoices] == [e for e in EXPECTED if e[1] == "acme"]
