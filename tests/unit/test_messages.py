"""The message catalogue: every sentence in German and English with the same parameters, every
key the code raises exists, and every refusal code maps to an exit code and HTTP status."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kontor.domain.errors import REFUSAL_CODES
from kontor.entrypoints.refusals import EXIT_CODES, HTTP_STATUS
from kontor.messages import render
from kontor.messages.catalogue import MESSAGES

SRC = Path(__file__).resolve().parents[2] / "src" / "kontor"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_sentence_exists_in_both_languages_with_the_same_parameters(key):
    entry = MESSAGES[key]
    assert set(entry) == {"de", "en"}
    assert _fields(entry["de"]) == _fields(entry["en"])


def test_every_key_the_code_uses_is_in_the_catalogue():
    source = "\n".join(p.read_text() for p in SRC.rglob("*.py"))
    used = set(re.findall(r'Refused\(\s*"[a-z_]+",\s*"([a-z_]+)"', source))
    used |= set(re.findall(r'notify\(\s*[\w.]+,\s*"([a-z_]+)"', source))
    assert used and used <= set(MESSAGES), used - set(MESSAGES)


def test_every_refusal_code_maps_to_an_exit_code_and_an_http_status():
    assert set(REFUSAL_CODES) == set(HTTP_STATUS) == set(EXIT_CODES)


def test_parameters_are_formatted_per_language():
    from datetime import date
    params = {"limit": 249000, "total": 249001}
    assert "249.000" in render("licence_limit", params, "de")
    assert "249,000" in render("licence_limit", params, "en")
    ended = {"subscription": "s", "end": date(2026, 5, 31)}
    assert "31.05.2026" in render("subscription_ended", ended, "de")
    assert "2026-05-31" in render("subscription_ended", ended, "en")


def test_a_count_of_one_takes_the_singular():
    assert render("cli_bill_done", {"count": 1, "seconds": 0.1, "rate": 9}, "de") == (
        "1 neue Rechnung in 0,1 s (9/s)")
    assert render("cli_bill_done", {"count": 2, "seconds": 0.1, "rate": 9}, "en") == (
        "2 new invoices in 0.1 s (9/s)")
    assert render("cli_messages_summary", {"sent": 1, "failed": 1}, "de") == (
        "1 Nachricht gesendet, 1 wartet auf den nächsten Versuch.")
    assert render("cli_messages_summary", {"sent": 0, "failed": 3}, "en") == (
        "0 messages sent, 3 wait for the next attempt.")
