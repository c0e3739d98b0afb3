"""Quarantine and refusal reasons: one catalogue, English as stored, German for people. Every
sentence a reader writes is recognised again and said in German; sentences joined by "; " are
each translated; a stored text that matches no template stays as it is."""

from __future__ import annotations

import string
from datetime import date

import polars as pl
import pytest

from kontor.adapters.cdr import read_usage
from kontor.adapters.cdr.checks import said
from kontor.domain.errors import Refused
from kontor.messages.reasons import REASONS, FileReason, localized, reason, reason_codes


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _sample(key: str) -> dict[str, str]:
    """Parameters for every placeholder of `key`, each distinct."""
    names = sorted(_names(REASONS[key].en))
    values = {"day": "2026-01-05", "columns": "src and clid and dst", "expected": "18 or 21"}
    return {name: values.get(name, f"<{name}{i}>") for i, name in enumerate(names)}


@pytest.mark.parametrize("key", sorted(REASONS))
def test_every_sentence_is_recognised_and_said_in_german(key):
    template = REASONS[key]
    assert _names(template.de) == _names(template.en)  # the same parameters in both
    params = _sample(key)
    english = reason(key, **params)
    assert reason_codes(english) == [key]
    assert localized(english, "en") == english
    german = localized(english, "de")
    assert german == template.de.format(**{**params, **_german_values(key, params)})
    assert german != english


def _german_values(key: str, params: dict[str, str]) -> dict[str, str]:
    changed = {}
    if "day" in REASONS[key].dates:
        changed["day"] = "05.01.2026"
    if "columns" in REASONS[key].lists:
        changed["columns"] = "src und clid und dst"
    if "expected" in REASONS[key].lists:
        changed["expected"] = "18 oder 21"
    return {k: v for k, v in changed.items() if k in params}


def test_several_problems_of_one_record_are_each_translated():
    stored = ("record_id: missing; subscriber: missing; started_at: '2026-03-02' is not a "
              "time; service: 'fax' is not voice, sms or data")
    assert reason_codes(stored) == ["missing", "missing", "not_a_time", "unknown_service"]
    assert localized(stored, "de") == (
        "record_id: fehlt; subscriber: fehlt; started_at: '2026-03-02' ist keine Zeitangabe; "
        "service: 'fax' ist nicht voice, sms oder data")


def test_a_value_holding_the_separator_is_kept_whole():
    stored = ("disposition: 'BUSY; RETRY' is not one of ANSWERED, BUSY, FAILED, NO ANSWER; "
              "billsec: 9 is more than duration 5")
    assert localized(stored, "de") == (
        "disposition: 'BUSY; RETRY' ist keiner der Werte ANSWERED, BUSY, FAILED, NO ANSWER; "
        "billsec: 9 ist mehr als duration 5")


def test_a_sentence_from_no_template_stays_as_it_is():
    assert localized("checked by hand: looks odd", "de") == "checked by hand: looks odd"
    assert reason_codes("checked by hand: looks odd") == []
    assert localized("", "de") == ""


def test_the_column_wise_sentence_is_the_same_as_the_python_one():
    frame = pl.DataFrame({"value": ["abc", "1.5"], "day": [date(2026, 1, 5), date(2026, 2, 1)]})
    made = frame.select(
        whole=said("not_whole_number", field="duration_s", value=pl.col("value")),
        sim=said("not_a_sim", value=pl.col("value"), day=pl.col("day")),
        fixed=said("missing", field="record_id"),
    )
    assert made["whole"].to_list() == [reason("not_whole_number", field="duration_s", value=v)
                                       for v in ("abc", "1.5")]
    assert made["sim"].to_list() == [reason("not_a_sim", value="abc", day="2026-01-05"),
                                     reason("not_a_sim", value="1.5", day="2026-02-01")]
    assert made["fixed"].to_list() == ["record_id: missing"] * 2
    assert localized(made["sim"][0], "de") == "subscriber: 'abc' ist am 05.01.2026 keine SIM " \
                                              "dieses Kunden"


def test_braces_in_a_fixed_parameter_are_not_taken_for_placeholders():
    made = pl.DataFrame({"v": ["x"]}).select(said("not_a_time", field="{start}",
                                                  value=pl.col("v")))
    assert made.item() == "{start}: 'x' is not a time"


def test_a_file_refusal_is_said_in_the_language_of_its_sentence(tmp_path):
    missing = tmp_path / "none.csv"
    with pytest.raises(Exception) as caught:
        read_usage(missing)
    exc = caught.value
    refused = Refused("invalid_event", "usage_refused",
                      reason=FileReason(exc.reason, exc.source_file))
    assert refused.message("en") == f"The usage records could not be read: {missing}: no such file"
    assert refused.message("de") == (
        f"Die Nutzungsdaten konnten nicht gelesen werden: {missing}: Datei nicht gefunden")


def test_every_reason_of_a_bad_file_is_recognised(tmp_path):
    """A canonical file with one problem per line: each stored reason is made of catalogue
    sentences (none left in English when said in German)."""
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([
        "record_id,subscriber,started_at,service,destination,duration_s,volume_bytes,"
        "roaming_country",
        ",,,,,,,",
        "r2,s,2026-03-02T10:00:00,voice,+4930123456,60,,",
        "r3,s,2026-03-02T10:00:00Z,fax,+4930123456,-1,,",
        "r4,s,2026-03-02T10:00:00Z,voice,+4930123456,,,",
        "r5,s,2026-03-02T10:00:00Z,data,,,x,DEU",
        'r6,s,"2026-03-02T10:00:00Z,voice,+4930123456,60,,',
        "r7,s,2026-03-02T10:00:00Z,voice,+4930123456,60",
    ]) + "\n", encoding="utf-8")
    usage = read_usage(path)
    for _ in usage.batches():
        pass
    reasons = [entry.reason for entry in usage.quarantine]
    assert len(reasons) == 7
    for stored in reasons:
        assert reason_codes(stored), stored
        assert localized(stored, "de") != stored
