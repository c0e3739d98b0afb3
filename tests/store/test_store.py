"""The SQL store itself, on SQLite and PostgreSQL: migrations create exactly the tables the
code maps; money goes in and out exactly (never a float); a refused command changes nothing;
two units of work that both changed one customer cannot both commit; numbers are gap-free."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from population import load_catalogs
from sqlalchemy import text

from kontor.adapters.db.accounts import ConcurrentChange
from kontor.adapters.db.migrate import current, head, upgrade
from kontor.adapters.db.schema import metadata
from kontor.domain.account import Customer
from kontor.domain.errors import Refused
from kontor.services.billing import run_billing
from kontor.services.commands import from_event
from kontor.services.customers import open_account
from kontor.services.handlers import execute

JAN = date(2026, 1, 1)


def test_the_migrations_create_exactly_the_mapped_tables(store) -> None:
    assert current(store.engine) == head(store.engine)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": False,
            "include_name": lambda name, kind, _: not (kind == "table" and name and
                                                       name.startswith("procrastinate_"))})
        diff = compare_metadata(context, metadata)
    assert diff == []
    assert upgrade(store.engine) == (head(store.engine), head(store.engine))  # idempotent


def _customer(store, cid: str = "acme", catalog: str = "aut-pbx") -> None:
    load_catalogs(store)
    open_account(store.uow(), Customer(cid, "ACME GmbH", "DE", "BY", ("Hauptstr. 1",
                                                                      "80331 München"),
                                       "DE123456789"), [catalog])


def test_money_is_stored_exactly_and_comes_back_as_decimal(store) -> None:
    _customer(store, catalog="smart-abo")
    execute(store.uow(), "acme", from_event(JAN, "subscribe", {"id": "s", "product": "smart-s"}))
    execute(store.uow(), "acme", from_event(JAN, "device_plan", {
        "id": "p", "subscription": "s", "device": "Phone", "price": "1199.95",
        "down_payment": "0.05", "installments": 24}))
    uow = store.uow()
    with uow:
        plan = uow.accounts.get("acme").device_plans["p"]
    assert (plan.price, plan.down_payment) == (Decimal("1199.95"), Decimal("0.05"))
    assert str(plan.price) == "1199.95"
    with store.engine.connect() as conn:
        raw = conn.execute(text("select price from device_plans")).scalar_one()
    assert not isinstance(raw, float)


def test_a_refused_command_changes_nothing(store) -> None:
    _customer(store)
    execute(store.uow(), "acme", from_event(JAN, "subscribe", {
        "id": "pbx", "product": "autpbx-extension", "quantity": 5}))
    with pytest.raises(Refused):
        execute(store.uow(), "acme", from_event(JAN, "set_quantity", {
            "subscription": "pbx", "quantity": 0}))
    uow = store.uow()
    with uow:
        account = uow.accounts.get("acme")
        assert account.subscriptions["pbx"].state_on(JAN).quantity == 5
        assert account.version == 1  # one write since the account was opened
        assert uow.journal.notices("acme") == []


@pytest.mark.parametrize("module_store", ["postgresql"], indirect=True)  # SQLite: serialised
def test_two_units_of_work_that_changed_one_customer_cannot_both_commit(store) -> None:
    _customer(store)
    execute(store.uow(), "acme", from_event(JAN, "subscribe", {
        "id": "pbx", "product": "autpbx-extension", "quantity": 5}))
    first, second = store.uow(), store.uow()
    first.__enter__()
    first.accounts.get("acme").subscription("pbx")  # read, then changed below
    second_fx = execute(second, "acme", from_event(date(2026, 1, 10), "set_quantity", {
        "subscription": "pbx", "quantity": 7}))
    assert second_fx is not None
    from kontor.services import contracts
    from kontor.services.effects import Effects

    contracts.set_quantity(first.accounts.get("acme"), from_event(
        date(2026, 1, 12), "set_quantity", {"subscription": "pbx", "quantity": 9}), Effects())
    with pytest.raises(ConcurrentChange):
        first.commit()
    assert store.retryable(ConcurrentChange("acme"))
    uow = store.uow()
    with uow:
        state = uow.accounts.get("acme").subscriptions["pbx"].state_on(date(2026, 1, 20))
    assert state.quantity == 7  # the second's change, not a mix


def test_deferred_numbers_are_stored_as_the_next_real_ones_in_the_order_handed_out(store):
    """A billing chunk composes with provisional numbers (SqlBilling.defer_numbers); the rows
    written carry the issuer's next numbers, in the order handed out, none left over."""
    _customer(store)
    execute(store.uow(), "acme", from_event(JAN, "subscribe", {
        "id": "pbx", "product": "autpbx-extension", "quantity": 5}))
    (first,) = run_billing(store.uow(), "acme", date(2026, 2, 1))
    assert first.number == "AP-000001"
    uow = store.uow()
    with uow:
        uow.billing.defer_numbers()
        handed = [uow.billing.next_number(p) for p in ("AP", "SA", "AP")]
        assert handed == ["AP-?1", "SA-?1", "AP-?2"]
        for number in handed:
            uow.billing.add_invoice(replace(first, number=number))
        uow.commit()
    uow = store.uow()
    with uow:
        stored = [i.number for i in uow.billing.invoices("acme")]
        assert uow.billing.next_number("AP") == "AP-000004"  # nothing reserved unused
    assert sorted(stored) == ["AP-000001", "AP-000002", "AP-000003", "SA-000001"]
    uow = store.uow()
    with uow:  # a provisional number without its invoice would leave a gap: refused
        uow.billing.defer_numbers()
        uow.billing.add_invoice(replace(first, number=uow.billing.next_number("AP")))
        uow.billing.next_number("AP")
        with pytest.raises(RuntimeError, match=r"not used: \['AP-\?2'\]"):
            uow.commit()
    uow = store.uow()
    with uow:
        assert uow.billing.next_number("AP") == "AP-000004"  # the refused commit took none


def test_invoice_numbers_run_gap_free_per_issuer_and_a_rollback_gives_a_number_back(store):
    _customer(store)
    execute(store.uow(), "acme", from_event(JAN, "subscribe", {
        "id": "pbx", "product": "autpbx-extension", "quantity": 5}))
    uow = store.uow()
    with uow:
        assert uow.billing.next_number("AP") == "AP-000001"
        # not committed: the number is given back
    (invoice,) = run_billing(store.uow(), "acme", date(2026, 2, 1))
    assert invoice.number == "AP-000001"
    assert run_billing(store.uow(), "acme", date(2026, 2, 1)) == []
    uow = store.uow()
    with uow:
        stored = uow.billing.invoice("AP-000001")
        assert uow.billing.invoices("acme") == [stored]
    assert stored == invoice  # lines, totals and amounts exactly as issued
    assert stored.totals.gross == Decimal("77.35")  # 5 × 13.00 net + 19 % VAT


def test_a_credit_line_keeps_the_kind_of_line_it_corrects(store) -> None:
    _customer(store)
    execute(store.uow(), "acme", from_event(JAN, "subscribe", {
        "id": "pbx", "product": "autpbx-extension", "quantity": 5}))
    (first,) = run_billing(store.uow(), "acme", date(2026, 2, 1))
    usage_credit = replace(first.lines[0], kind="credit", text="Gutschrift Verbindungen …",
                           amount=Decimal("-0.30"), corrects="usage")
    uow = store.uow()
    with uow:
        credit = replace(first, number=uow.billing.next_number("AP"),
                         lines=(usage_credit, first.lines[1]))
        uow.billing.add_invoice(credit)
        uow.commit()
    uow = store.uow()
    with uow:
        stored = uow.billing.invoice(credit.number)
    assert stored == credit
    assert [line.corrects for line in stored.lines] == ["usage", first.lines[1].corrects]


def test_the_migration_to_0004_says_what_the_credits_written_before_it_correct(tmp_path):
    """Credits stored before revision 0004 said what they corrected only in their text."""
    from alembic import command

    from kontor.adapters.db.migrate import config
    from kontor.adapters.db.uow import SqlStore

    lines = [("credit", "Gutschrift Verbindungen Deutschland Festnetz (Minuten), 01.2026"),
             ("credit", "Gutschrift Mehrverbrauch Daten (MB), 01.2026"),
             ("credit", "Gutschrift Nutzung 01.2026"),
             ("credit", "Gutschrift Teilnehmerlizenz aut-pbx, 01.03.2026–31.03.2026"),
             ("usage", "Verbindungen Deutschland Mobilfunk (Minuten), 03.2026")]
    old = SqlStore(f"sqlite:///{tmp_path}/old.db")
    with old.engine.connect() as conn:
        cfg = config(old.engine.url.render_as_string(hide_password=False))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
        conn.execute(text("insert into customers (id, name, country, region, address, "
                          "catalogs, version, language) values ('acme', 'ACME', 'DE', 'BY', '[]', "
                          "'[\"aut-pbx\"]', 1, 'de')"))
        conn.execute(text("insert into invoices values ('AP-000009', 'acme', '2026-04-01', "
                          "'EUR', '-1', '-1', '0', '-1', '[]')"))
        conn.execute(text("insert into invoice_lines (invoice_number, position, kind, text, "
                          "quantity, amount, tax_rate) values ('AP-000009', :position, :kind, "
                          ":text, '1', '-1', '19')"),
                     [{"position": i, "kind": kind, "text": text_}
                      for i, (kind, text_) in enumerate(lines)])
        conn.commit()
    assert upgrade(old.engine) == ("0003", head(old.engine))
    uow = old.uow()
    with uow:
        stored = uow.billing.invoice("AP-000009")
    old.dispose()
    assert [line.corrects for line in stored.lines] == ["usage", "usage", "usage", None, None]
