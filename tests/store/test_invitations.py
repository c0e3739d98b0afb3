"""Invitations go out through the outbox: written with the invitation in one transaction, then
delivered to a real local SMTP server (aiosmtpd) or the development SMS file; a server that
refuses the first attempt still gets the mail on the retry; a server that is down leaves the
message waiting, with its error, for the next run. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from population import load_catalogs

from kontor.adapters.notify.gateways import gateways, smtp_mailer
from kontor.adapters.notify.sms import FileSmsGateway
from kontor.domain.account import Customer
from kontor.services.commands import Invite
from kontor.services.customers import open_account
from kontor.services.effects import Effects, keep
from kontor.services.notify import messages, send_pending
from kontor.services.rewards import invite, invite_handler
from smtp_server import free_port

HOTLINE = "online-statt-hotline"
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def customers(store, **fields) -> None:
    load_catalogs(store)
    open_account(store.uow(), Customer(
        "acme", "ACME GmbH", "DE", "BY", ("Hauptstr. 1", "80331 München"),
        email="einkauf@acme.example", language=fields.get("language", "de"),
        phone="+491711234567"), ["o2-unite"])


def sent_by(url: str, tmp_path) -> dict:
    return {"email": smtp_mailer(url, "Kontor <kontor@telco.example>"),
            "sms": FileSmsGateway(tmp_path / "sms.jsonl")}


def test_an_invitation_email_reaches_the_smtp_server(store, smtp, tmp_path) -> None:
    customers(store)
    invite(store.uow(), "acme", HOTLINE, date(2026, 1, 15), "email")
    [waiting] = messages(store, "acme")
    assert waiting.pending and waiting.message.recipient == "einkauf@acme.example"

    inbox, url = smtp()
    done = send_pending(store, sent_by(url, tmp_path), now=lambda: NOW)

    assert [q.message.key for q in done.sent] == [waiting.message.key] and not done.failed
    [(mail_from, rcpt, content)] = inbox.mails
    mail = inbox.parsed(0)
    assert (mail_from, rcpt, mail["To"]) == ("kontor@telco.example", ["einkauf@acme.example"],
                                             "einkauf@acme.example")
    assert mail["Subject"] == "Online statt Hotline: bis zu 3,6 GB Datenvolumen geschenkt"
    body = mail.get_content()
    assert "ACME GmbH ist ab heute (15.01.2026) bei unserer Aktion „Online statt Hotline“" in body
    assert "Kundennummer acme" in body
    [after] = messages(store, "acme")
    assert (after.pending, after.attempts, after.sent_at) == (False, 1, NOW)
    # sending again sends nothing: the message went
    assert send_pending(store, sent_by(url, tmp_path)).sent == []
    assert len(inbox.mails) == 1


def test_a_server_refusing_the_first_attempt_gets_the_mail_on_retry(store, smtp, tmp_path):
    customers(store, language="en")
    invite(store.uow(), "acme", HOTLINE, date(2026, 1, 15), "email")
    inbox, url = smtp(refuse=1)
    pauses: list[float] = []

    done = send_pending(store, sent_by(url, tmp_path), sleep=pauses.append)

    assert inbox.attempts == 2 and pauses == [1.0] and len(done.sent) == 1
    mail = inbox.parsed(0)
    assert mail["Subject"] == "Online instead of hotline: up to 3.6 GB of data for free"
    assert "as of today (15 January 2026), ACME GmbH takes part" in mail.get_content()


def test_a_server_that_is_down_loses_nothing(store, smtp, tmp_path) -> None:
    customers(store)
    invite(store.uow(), "acme", HOTLINE, date(2026, 1, 15), "email")
    down = f"smtp://127.0.0.1:{free_port()}"  # nobody listens there

    done = send_pending(store, sent_by(down, tmp_path), tries=2, sleep=lambda _: None)

    [(failed, error)] = done.failed
    assert "ConnectionRefusedError" in error and not done.sent
    [waiting] = messages(store, "acme")
    assert (waiting.pending, waiting.attempts, waiting.last_error) == (True, 1, error)
    # the next run, with the server up, delivers it
    inbox, url = smtp()
    assert len(send_pending(store, sent_by(url, tmp_path)).sent) == 1
    assert [rcpt for _, rcpt, _ in inbox.mails] == [["einkauf@acme.example"]]
    assert not messages(store, "acme")[0].pending


def test_an_sms_invitation_goes_to_the_file_gateway(store, tmp_path) -> None:
    customers(store)
    invite(store.uow(), "acme", HOTLINE, date(2026, 1, 15), "sms")
    found = gateways({"KONTOR_OUTBOX_DIR": str(tmp_path)})

    assert len(send_pending(store, found).sent) == 1

    [line] = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    sms = json.loads(line)
    assert (sms["to"], sms["parts"]) == ("+491711234567", 2)
    assert sms["text"].startswith("ACME GmbH: Online statt Hotline! Je 600 MB")


def test_an_invitation_rolled_back_leaves_no_message(store) -> None:
    """The message is written in the invitation's transaction: no invitation, no message."""
    customers(store)
    uow = store.uow()
    with uow:
        fx = Effects()
        command = Invite(day=date(2026, 1, 15), campaign=HOTLINE, channel="email")
        invite_handler(uow.accounts.get("acme"), command, fx)
        keep(uow, "acme", fx)
        assert len(fx.messages) == 1
        uow.rollback()
    assert messages(store, "acme") == []
    with store.uow() as uow:
        assert uow.accounts.get("acme").invitations == ()


def test_an_invitation_without_an_address_is_recorded_and_says_so(store) -> None:
    load_catalogs(store)
    open_account(store.uow(), Customer("nomail", "Ohne Adresse GmbH", "DE"), ["o2-unite"])
    fx = invite(store.uow(), "nomail", HOTLINE, date(2026, 1, 15), "email")
    assert [n.code for n in fx.notices] == ["campaign_invited", "invitation_no_recipient"]
    assert messages(store, "nomail") == []
    with store.uow() as uow:
        assert len(uow.accounts.get("nomail").invitations) == 1


def test_the_default_gateways_write_files_without_an_smtp_server(tmp_path) -> None:
    found = gateways({"KONTOR_OUTBOX_DIR": str(tmp_path)})
    assert set(found) == {"email", "sms"}
    with pytest.raises(ValueError, match="KONTOR_SMTP_URL"):
        gateways({"KONTOR_SMTP_URL": "http://mail.example"})
    mailer = gateways({"KONTOR_SMTP_URL": "smtp+starttls://u%40x:p@mail.example"})["email"]
    assert (mailer.host, mailer.port, mailer.security, mailer.username) == (
        "mail.example", 587, "starttls", "u@x")
