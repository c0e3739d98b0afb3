"""`kontor rewards run|invite|action` and `kontor notify send|list` on SQLite and PostgreSQL,
as an operator runs them: an invitation e-mail reaches a real SMTP server, an SMS lands in the
development file, actions earn once, the daily job over a range grants what day-by-day runs
grant and nothing twice, and a message that could not be sent waits for the next run.

Dates by hand (offers.md §2): acme is invited on 15 Jan 2026 and never calls the hotline, so
its 9-month reward (1,800 MB) falls due on 15 Oct 2026, valid until the end of November; beta
calls the hotline on 3 Mar 2026, which moves its reward to 3 Dec 2026."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_support import kontor, ok, write
from smtp_server import free_port

CUSTOMERS = (
    "id;name;country;region;email;phone;language;call_list;catalogs\n"
    "acme;ACME GmbH;DE;BY;einkauf@acme.example;;de;masked;o2-unite\n"
    "beta;Beta Ltd;DE;BE;;+49 171 7654321;en;;o2-unite\n"
)
WIDE = {"COLUMNS": "200"}  # the outbox table on one line per message
SUBSCRIPTIONS = (
    "customer,id,product,start\n"
    "acme,pool,unite,2026-01-01\n"
    "beta,pool,unite,2026-01-01\n"
)


@pytest.fixture
def url(database_url: str, tmp_path: Path) -> str:
    ok(kontor(database_url, "db", "upgrade"))
    ok(kontor(database_url, "catalog", "load"))
    ok(kontor(database_url, "customers", "import", str(write(tmp_path, "c.csv", CUSTOMERS))))
    ok(kontor(database_url, "subscriptions", "import",
              str(write(tmp_path, "s.csv", SUBSCRIPTIONS))))
    return database_url


def test_invitations_actions_and_the_daily_job(url, smtp, tmp_path):
    inbox, smtp_url = smtp()
    env = {"KONTOR_SMTP_URL": smtp_url, "KONTOR_MAIL_FROM": "Service <service@telco.example>",
           "KONTOR_OUTBOX_DIR": str(tmp_path / "messages")}

    mailed = ok(kontor(url, "rewards", "invite", "acme", "--date", "2026-01-15", env=env))
    assert "gesendet: email an einkauf@acme.example (Kunde acme)" in mailed.stdout
    [(_, rcpt, _)] = inbox.mails
    mail = inbox.parsed(0)
    assert (rcpt, mail["From"]) == (["einkauf@acme.example"], "Service <service@telco.example>")
    assert mail["Subject"].startswith("Online statt Hotline")

    ok(kontor(url, "rewards", "invite", "beta", "--date", "2026-01-15", "--lang", "en",
              env=env))  # no e-mail address: by SMS, in English
    [sms] = [json.loads(line) for line in
             (tmp_path / "messages" / "sms.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sms["to"] == "+491717654321" and sms["text"].startswith("Beta Ltd: Online instead")

    got = ok(kontor(url, "rewards", "action", "acme", "app_installed", "--date", "2026-01-20",
                    "--lang", "en"))
    assert "600 MB of data credited for 'app_installed' (subscription pool)" in got.stdout
    again = ok(kontor(url, "rewards", "action", "acme", "app_installed", "--date",
                      "2026-02-01", "--lang", "en"))
    assert "already granted on 2026-01-20" in again.stdout
    ok(kontor(url, "rewards", "action", "beta", "hotline_call", "--date", "2026-03-03"))

    october = ok(kontor(url, "rewards", "run", "--from", "2026-10-01", "--to", "2026-10-31",
                        "--lang", "en"))
    assert october.stdout.splitlines() == [
        "2026-10-15: acme gets 1800 MB for 'no_hotline_9_months' (subscription pool), valid "
        "until 2026-11-30.",
        "1 reward granted for 2026-10-01 to 2026-10-31 (2 customers checked; 0 of them due "
        "before 2026-10-01 and caught up)."]
    # the same days again, one of them alone: nothing twice
    for args in (("--from", "2026-10-01", "--to", "2026-10-31"), ("--date", "2026-10-15")):
        rerun = ok(kontor(url, "rewards", "run", *args, "--lang", "en"))
        assert rerun.stdout.startswith("0 rewards granted")
    december = ok(kontor(url, "rewards", "run", "--date", "2026-12-03", "--lang", "en"))
    assert december.stdout.splitlines()[0].startswith(
        "2026-12-03: beta gets 1800 MB for 'no_hotline_9_months'")

    listed = ok(kontor(url, "notify", "list", "--lang", "en", env=WIDE))
    assert "einkauf@acme.example" in listed.stdout and "+491717654321" in listed.stdout


def test_a_message_that_cannot_be_sent_waits_for_the_next_run(url, smtp, tmp_path):
    down = {"KONTOR_SMTP_URL": f"smtp://127.0.0.1:{free_port()}",
            "KONTOR_OUTBOX_DIR": str(tmp_path)}
    invited = ok(kontor(url, "rewards", "invite", "acme", "--date", "2026-01-15", "--lang",
                        "en", env=down), 0)
    assert "0 messages sent, 1 waits for the next attempt." in invited.stdout
    assert "not sent, stays in the outbox: email to einkauf@acme.example" in invited.stderr
    waiting = ok(kontor(url, "notify", "list", "--pending", "--lang", "en", env=WIDE))
    assert "ConnectionRefusedError" in waiting.stdout
    ok(kontor(url, "notify", "send", "--tries", "1", env=down), 1)

    inbox, smtp_url = smtp()
    sent = ok(kontor(url, "notify", "send", "--lang", "en",
                     env={"KONTOR_SMTP_URL": smtp_url}))
    assert "1 message sent, 0 wait" in sent.stdout and len(inbox.mails) == 1
    assert "einkauf" not in ok(kontor(url, "notify", "list", "--pending", env=WIDE)).stdout


def test_wrong_dates_and_campaigns_are_refused_clearly(url):
    assert "--date" in ok(kontor(url, "rewards", "run", "--lang", "en"), 2).stderr
    assert "--to '2026-13-01'" in ok(kontor(url, "rewards", "run", "--from", "2026-10-01",
                                            "--to", "2026-13-01"), 2).stderr
    assert "--date 'gestern'" in ok(kontor(url, "bill", "--date", "gestern"), 2).stderr
    mid_month = ok(kontor(url, "bill", "--date", "2026-02-15", "--lang", "en"), 2)
    assert mid_month.stderr.strip() == ("2026-02-15 is not a billing date: billing is on the "
                                        "1st of every month (e.g. --date 2026-03-01).")
    reversed_ = ok(kontor(url, "rewards", "run", "--from", "2026-10-31", "--to", "2026-10-01",
                          "--lang", "en"), 2)
    assert "--from 2026-10-31 is after --to 2026-10-01." in reversed_.stderr
    unknown = ok(kontor(url, "rewards", "run", "--date", "2026-10-01", "--campaign", "nope",
                        "--lang", "en"), 2)
    assert "Unknown campaign 'nope'" in unknown.stderr
    ghost = ok(kontor(url, "rewards", "invite", "ghost", "--no-send"), 3)
    assert "unknown_customer" in ghost.stderr
