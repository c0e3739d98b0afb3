"""Usage import end to end (usage.md): files read by adapters.cdr and imported by
services.usage.import_usage into a customer's store.

1. Every real CDR sample (../shared/samples/cdr, see its PROVENANCE.md) imported into an aut-pbx
   customer gives exactly the counts worked out by hand (how: see EXPECTED).
2. A canonical file with duplicates and every kind of bad record loses nothing.
3. Importing a file again charges nothing new, also after its month was billed.
4. A corrected quarantined record is rated once, however often it is re-submitted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from book import Book, offer
from kontor.adapters.cdr import CANONICAL_COLUMNS, read_usage, resubmit
from kontor.services.usage import (
    import_usage,
    quarantined,
    resubmit_quarantined,
    timezone_of,
)
from shared_samples import require, samples

SAMPLES = samples("cdr")
HEADER = ",".join(CANONICAL_COLUMNS)
NO_NUMBER = "is not a phone number"

needs_samples = pytest.mark.usefixtures("cdr_samples")


@pytest.fixture
def cdr_samples() -> None:
    require(SAMPLES)


def pbx_customer(country: str, since: date) -> Book:
    """An aut-pbx customer of `country` with 5 extensions from `since`."""
    book = Book(offer("aut-pbx"), country, "BY" if country == "DE" else None)
    assert book.do(since, "subscribe", id="pbx", product="autpbx-extension", quantity=5) is None
    return book


def counts(report) -> tuple[int, int, int, int, int]:
    c = report.counts
    return c.read, c.rated, c.duplicates, c.not_billable, c.quarantined


# --- 1. the real samples ---------------------------------------------------------------------
#
# How the expected numbers were counted (scratch script, not the code under test): each file read
# with Python's csv module (bytes as Latin-1), rows taken through the reader rules whose counts
# tests/integration/test_cdr_samples.py already pins (billable = ANSWERED, FreeSWITCH: answer
# time set; reader quarantine = unclosed quote, billsec > duration, accountcode and src both
# empty). For every remaining billable row, dst read relative to the customer's country in the
# forms usage.md names - E.164 "+…", the country's international prefix ("00…" from DE, "011…"
# from US) or national ("0…" in DE; in the US "1 NXX…" or "NXX…") - then
# phonenumbers.parse(dst, country) + is_valid_number: an invalid one is quarantined "not a phone
# number". Duplicates = rows left to rate minus their distinct uniqueids. Every row's start is
# after the subscription (the day before the file's first start), so none is quarantined for
# "no subscription".
#
# Country per file: the PBX extension files (testsuite, KelySaina, BugaDM, FreeSWITCH) dial only
# extensions and Asterisk applications ("100", "6789", "s", "&", ...): no country reads those as
# phone numbers, DE is taken. The Russian file goes to a DE customer (the brief) and, for
# comparison, to a RU customer. The US lab file goes to a US customer: its numbers are NANP
# numbers in "1NXXNXXXXXX" form, the national form a US PBX writes; a DE customer reads them as
# German numbers (see below), so it is imported for DE too, to pin what that gives.

# (file, customer's country): (fmt, layout, subscribed on, read, rated, duplicates, not billable,
#                              quarantined, of which "not a phone number")
EXPECTED = {
    # 5 rows: ANSWERED x2, FAILED, NO ANSWER, BUSY -> 3 not billable. Row 2 billsec 7 > duration
    # 5: reader quarantine. Row 1 dials "100", an extension: not a phone number. Nothing rated.
    ("asterisk-testsuite_cdrlib_good.csv", "DE"): ("asterisk", None, date(2009, 1, 13),
                                                   5, 0, 0, 3, 2, 1),
    # 1 row with an unclosed quote: reader quarantine.
    ("asterisk-testsuite_cdrlib_buggy.csv", "DE"): ("asterisk", None, date(2009, 1, 13),
                                                    1, 0, 0, 0, 1, 0),
    # 2 ANSWERED rows, accountcode and src both empty: reader quarantine (no subscriber).
    ("asterisk-testsuite_self_test_Master.csv", "DE"): ("asterisk", None, date(2010, 4, 1),
                                                        2, 0, 0, 0, 2, 0),
    # 84 rows: 47 not billable (46 NO ANSWER, 1 BUSY), 37 ANSWERED, none refused by the reader.
    # Their dst: "211553" x26, "211474" x8 (Russian local numbers without area code), "ch1" x3.
    # For a DE customer none is in a German form (no 0, 00 or +): 37 not a phone number.
    # (The code reads "211553" as +49211553, Duesseldorf: see GERMAN_WITHOUT_ZERO below.)
    ("mineevburyat_dj-asterisk-cdr_Master.csv", "DE"): ("asterisk", None, date(2024, 1, 26),
                                                        84, 0, 0, 47, 37, 37),
    # Same file for a RU customer: six digits are no Russian number either (10 after the 8).
    ("mineevburyat_dj-asterisk-cdr_Master.csv", "RU"): ("asterisk", None, date(2024, 1, 26),
                                                        84, 0, 0, 47, 37, 37),
    # cdr_custom layout: 14 rows, 3 NO ANSWER; 11 ANSWERED dial "6789" x8 and "1234" x3,
    # extensions: 11 not a phone number.
    ("KelySaina_cdr_Master_cdr_custom.csv", "DE"): ("asterisk", "asterisk-cdr-custom",
                                                    date(2023, 7, 25), 14, 0, 0, 3, 11, 11),
    # 105 rows: 11 not billable (7 NO ANSWER, 2 FAILED, 2 BUSY); 94 ANSWERED dial extensions and
    # dialplan targets ("700" x20, "600" x14, "4" x10, "725" x8, "s" x8, "t" x7, "101" x6,
    # "800" x5, "2" x4, "104" x4, "100" x3, "111" x2, "200", "1", "103"): 94 not a phone number.
    ("BugaDM_TelephonySwitching_Master.csv", "DE"): ("asterisk", None, date(2015, 3, 23),
                                                     105, 0, 0, 11, 94, 94),
    # 5 ANSWERED rows to "s" (Playback): 5 not a phone number.
    ("BugaDM_TelephonySwitching_100.csv", "DE"): ("asterisk", None, date(2015, 4, 6),
                                                  5, 0, 0, 0, 5, 5),
    # 269 rows: 24 not billable (16 NO ANSWER, 8 BUSY); 245 ANSWERED, of which 190 (Local/...
    # legs) have no accountcode and no src: reader quarantine. The other 55 dial: extensions
    # ("99" x8, "1001" x7, "200" x6, "s" x5, "3" x4, "1235" x3, "1236" x3, "2" x3, "500" x3,
    # "1234" x2, "714" x2, "600") = 47, "812489398620" x3 and "818105881377" x2 (an "8" dial-out
    # prefix before a NANP number: 12/12 digits, no valid US number) = 5, and three valid US
    # numbers 18105881377, 14049972999, 12482420798 -> rated 3, three distinct uniqueids.
    # Quarantined 190 + 52 = 242.
    ("simularent_asterisk-for-speech-to-text_Master.csv", "US"): ("asterisk", None,
                                                                  date(2016, 9, 5),
                                                                  269, 3, 0, 24, 242, 52),
    # The same for a DE customer: no dst is in a German form (none starts with 0, 00 or +), so all
    # 55 are not a phone number; 190 + 55 = 245, nothing rated.
    ("simularent_asterisk-for-speech-to-text_Master.csv", "DE"): ("asterisk", None,
                                                                  date(2016, 9, 5),
                                                                  269, 0, 0, 24, 245, 55),
    # 10 rows: 1 without answer time (NO_USER_RESPONSE) not billable; 9 billable dial "&" x8
    # and the extension "1004": 9 not a phone number (so the three rows sharing a uuid are never
    # rated, and no duplicate is counted).
    ("freeswitch/Kxingyunliushui_freeswitch_tools_Master.csv", "DE"): ("freeswitch", None,
                                                                       date(2020, 2, 9),
                                                                       10, 0, 0, 1, 9, 9),
}

def _cases() -> list:
    return [pytest.param(*key, id=f"{key[0]}-{key[1]}") for key in sorted(EXPECTED)]


@needs_samples
def test_every_sample_file_is_imported():
    files = {str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*.csv")}
    assert files == {name for name, _ in EXPECTED}


@needs_samples
@pytest.mark.parametrize(("name", "country"), _cases())
def test_sample_import_counts(name, country):
    fmt, layout, since, *expected, no_number = EXPECTED[(name, country)]
    book = pbx_customer(country, since)
    usage = read_usage(SAMPLES / name, fmt=fmt, layout=layout, timezone=timezone_of(country))
    report = import_usage(book.uow, "c", usage)
    assert counts(report) == tuple(expected)
    assert sum(NO_NUMBER in e.reason for e in report.quarantine) == no_number
    assert not any(e.reason.startswith("no subscription") for e in report.quarantine)
    assert all(e.source_file == str(SAMPLES / name) and e.line >= 1 for e in report.quarantine)
    stored = book.uow.usage
    assert len(stored.records("c")) == report.counts.rated
    assert len(stored.quarantine("c")) == report.counts.quarantined
    assert stored.reports("c") == [report]


@needs_samples
def test_the_us_lab_file_rates_its_us_numbers_for_a_us_customer():
    book = pbx_customer("US", date(2016, 9, 5))
    usage = read_usage(SAMPLES / "simularent_asterisk-for-speech-to-text_Master.csv",
                       fmt="asterisk", timezone=timezone_of("US"))
    import_usage(book.uow, "c", usage)
    rated = book.uow.usage.records("c")
    assert sorted((r.destination, r.country) for r in rated) == [
        ("+12482420798", "US"), ("+14049972999", "US"), ("+18105881377", "US")]


@needs_samples
def test_importing_a_sample_twice_rates_nothing_new():
    """The US file's three rated calls are duplicates the second time (same source); its 242
    bad records are counted as quarantined both times but listed in the quarantine once."""
    name = "simularent_asterisk-for-speech-to-text_Master.csv"
    book = pbx_customer("US", date(2016, 9, 5))
    for expected in [(269, 3, 0, 24, 242), (269, 0, 3, 24, 242)]:
        usage = read_usage(SAMPLES / name, fmt="asterisk", timezone=timezone_of("US"))
        report = import_usage(book.uow, "c", usage)
        assert counts(report) == expected
        assert len(report.quarantine) == 242  # the report of each import names them all
    assert len(book.uow.usage.records("c")) == 3
    held = book.uow.usage.quarantine("c")
    assert len(held) == len(set(held)) == 242


# --- 2. a canonical file: nothing is lost ---------------------------------------------------

# An O2 Unite customer (SIM records: the subscriber must be a SIM of the customer that day).
FIRST_FILE = [
    HEADER,                                                                          # line 1
    "r1,s1,2026-01-05T10:00:00+01:00,voice,+4930123456,60,,",                        # 2 rated
    "r2,s2,2026-01-05T11:00:00+01:00,sms,+4915112345678,,,",                         # 3 rated
    "r3,s1,2026-01-06T12:00:00+01:00,data,,,1048576,AT",                             # 4 rated
    "r1,s1,2026-01-05T10:00:00+01:00,voice,+4930123456,60,,",                        # 5 duplicate
    "r4,s1,2026-01-32T10:00:00+01:00,voice,+4930123456,60,,",                        # 6 time
    "r5,s9,2026-01-07T10:00:00+01:00,voice,+4930123456,60,,",                        # 7 no SIM
    "r6,s3,2026-01-07T10:30:00+01:00,voice,+4930123456,60,,",                        # 8 SIM later
    "r7,s1,2026-01-07T11:00:00+01:00,voice,+4930123456,-5,,",                        # 9 negative
    "r8,s1,2026-01-07T12:00:00+01:00,voice,hello,60,,",                              # 10 no number
    "r9,s1,2026-01-07T12:30:00+01:00,voice,12,60,,",                                 # 11 no number
    "r10,s1,2026-01-07T13:00:00+01:00,voice",                                        # 12 columns
    "r11,s2,2026-01-08T09:00:00+01:00,voice,030 1234567,90,,",                       # 13 rated
    "r12,s2,2026-01-08T09:30:00+01:00,voice,0043 1 234567890,90,,",                  # 14 rated
    "r2,s2,2026-01-05T11:00:00+01:00,sms,+4915112345678,,,",                         # 15 duplicate
]
# line: the field the reason starts with
BAD_LINES = {6: "started_at:", 7: "subscriber:", 8: "subscriber:", 9: "duration_s:",
             10: "destination:", 11: "destination:", 12: "8 columns expected, found 4"}
# 14 records: 5 rated (r1 r2 r3 r11 r12), 2 duplicates (r1 r2 again), 7 quarantined
FIRST_COUNTS = (14, 5, 2, 0, 7)

SECOND_FILE = [  # the same source, another file: r1 and r3 again, r13 new
    HEADER,
    "r3,s1,2026-01-06T12:00:00+01:00,data,,,1048576,AT",
    "r13,s1,2026-01-09T10:00:00+01:00,voice,+4989123456,30,,",
    "r1,s1,2026-01-05T10:00:00+01:00,voice,+4930123456,60,,",
]


def unite_customer() -> Book:
    book = Book(offer("o2-unite"))
    assert book.do(date(2026, 1, 1), "subscribe", id="pool", product="unite") is None
    assert book.do(date(2026, 1, 1), "add_sim", id="s1", subscription="pool") is None
    assert book.do(date(2026, 1, 1), "add_sim", id="s2", subscription="pool") is None
    assert book.do(date(2026, 1, 20), "add_sim", id="s3", subscription="pool") is None
    return book


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("batch_rows", [500_000, 2])
def test_canonical_file_with_duplicates_and_bad_records_loses_nothing(tmp_path, batch_rows):
    book = unite_customer()
    first = write(tmp_path / "first.csv", FIRST_FILE)
    report = import_usage(book.uow, "c", read_usage(first, batch_rows=batch_rows))
    assert counts(report) == FIRST_COUNTS
    assert report.counts.balanced()
    assert sorted(r.record_id for r in book.uow.usage.records("c")) == [
        "r1", "r11", "r12", "r2", "r3"]
    stored = {r.record_id: r for r in book.uow.usage.records("c")}
    assert stored["r11"].destination == "+49301234567"
    assert stored["r12"].destination == "+431234567890"

    by_line = {e.line: e for e in report.quarantine}
    assert set(by_line) == set(BAD_LINES)
    for line, field in BAD_LINES.items():
        entry = by_line[line]
        assert entry.source_file == str(first)
        assert entry.reason.startswith(field), (line, entry.reason)
        assert entry.raw.split(",")[0] == FIRST_FILE[line - 1].split(",")[0]
    assert "'2026-01-32T10:00:00+01:00' is not a time" in by_line[6].reason
    assert "'s9'" in by_line[7].reason and "'s3'" in by_line[8].reason
    assert "-5 is negative" in by_line[9].reason
    assert NO_NUMBER in by_line[10].reason and NO_NUMBER in by_line[11].reason
    assert book.uow.usage.quarantine("c") == list(report.quarantine)

    second = write(tmp_path / "second.csv", SECOND_FILE)
    again = import_usage(book.uow, "c", read_usage(second, batch_rows=batch_rows))
    assert counts(again) == (3, 1, 2, 0, 0)

    other = import_usage(book.uow, "c", read_usage(second, source_name="other-switch"))
    assert counts(other) == (3, 3, 0, 0, 0)  # the same ids from another source are new

    assert len(book.uow.usage.records("c")) == 5 + 1 + 3
    assert [counts(r) for r in book.uow.usage.reports("c")] == [
        FIRST_COUNTS, (3, 1, 2, 0, 0), (3, 3, 0, 0, 0)]


def test_a_call_before_the_pbx_subscription_is_quarantined(tmp_path):
    book = pbx_customer("DE", date(2026, 1, 10))
    path = write(tmp_path / "calls.csv", [
        HEADER,
        "a1,100,2026-01-09T23:30:00+01:00,voice,+4930123456,60,,",  # 9 Jan in Berlin
        "a2,100,2026-01-09T23:30:00Z,voice,+4930123456,60,,",       # 10 Jan 00:30 in Berlin
    ])
    report = import_usage(book.uow, "c", read_usage(path))
    assert counts(report) == (2, 1, 0, 0, 1)
    [entry] = report.quarantine
    assert (entry.line, entry.reason) == (
        2, "no subscription of this customer rates calls on 2026-01-09")


# --- 3. importing again charges nothing new -------------------------------------------------

JANUARY_CALLS = [
    HEADER,
    "j1,100,2026-01-20T10:00:00+01:00,voice,0151 12345678,600,,",   # 10 min DE mobile x 0.09
    "j2,101,2026-01-21T10:00:00+01:00,voice,030 1234567,120,,",     # 2 min DE landline x 0.015
]


def usage_lines(invoices) -> list:
    return [line for invoice in invoices for line in invoice.lines if line.kind == "usage"]


def test_reimporting_a_billed_file_charges_nothing_new(tmp_path):
    book = pbx_customer("DE", date(2026, 1, 1))
    path = write(tmp_path / "january.csv", JANUARY_CALLS)
    assert counts(import_usage(book.uow, "c", read_usage(path))) == (2, 2, 0, 0, 0)
    book.bill(date(2026, 1, 1))

    february = book.bill(date(2026, 2, 1))
    billed = sorted((str(line.quantity), str(line.unit_price), str(line.amount))
                    for line in usage_lines(february))
    assert billed == [("10.00", "0.09", "0.90"), ("2.00", "0.015", "0.03")]

    assert counts(import_usage(book.uow, "c", read_usage(path))) == (2, 0, 2, 0, 0)
    assert len(book.uow.usage.records("c")) == 2

    march = book.bill(date(2026, 3, 1))
    assert usage_lines(march) == []
    assert all(line.amount >= 0 for invoice in march for line in invoice.lines)
    assert not any(line.first is not None and line.first < date(2026, 2, 1)
                   for invoice in march for line in invoice.lines)
    assert len(usage_lines(book.invoices)) == 2


# --- 4. a corrected quarantined record is rated once ----------------------------------------


def test_corrected_record_is_rated_once_however_often_resubmitted(tmp_path):
    book = pbx_customer("DE", date(2026, 1, 1))
    path = write(tmp_path / "calls.csv", [
        HEADER,
        "k1,100,2026-01-20T10:00:00+01:00,voice,+4930123456,60,,",
        "k2,100,2026-01-20 kurz nach zehn,voice,+4930123456,120,,",
    ])
    report = import_usage(book.uow, "c", read_usage(path))
    assert counts(report) == (2, 1, 0, 0, 1)
    [entry] = report.quarantine
    assert (entry.source_file, entry.line) == (str(path), 3)
    assert entry.reason.startswith("started_at:")

    assert quarantined(book.uow, "c") == [(entry, False)]
    raw = "k2,100,2026-01-20T10:05:00+01:00,voice,+4930123456,120,,"
    fixed = entry.corrected(raw)
    [first] = resubmit_quarantined(book.uow, "c", [(0, raw)])
    assert counts(first) == (1, 1, 0, 0, 0)
    assert first.resubmitted == (0,)
    assert quarantined(book.uow, "c") == [(entry, True)]  # kept, so numbers never change
    second = import_usage(book.uow, "c", resubmit([fixed]))
    assert counts(second) == (1, 0, 1, 0, 0)
    assert sorted(r.record_id for r in book.uow.usage.records("c")) == ["k1", "k2"]
    [k2] = [r for r in book.uow.usage.records("c") if r.record_id == "k2"]
    assert (k2.duration_s, k2.day) == (120, date(2026, 1, 20))


ASTERISK_ROWS = [
    # start is no time: the reader quarantines the Asterisk line itself
    '"100","100","030 1234567","from-internal","","SIP/100-1","SIP/trunk-2","Dial",'
    '"SIP/trunk/0301234567","gestern","2026-01-20 10:00:05","2026-01-20 10:02:05",125,120,'
    '"ANSWERED","DOCUMENTATION","1768899600.1",""',
    # dst "s" is no phone number: rating quarantines it, as a canonical line
    '"101","101","s","from-internal","","SIP/101-3","","Playback","hello",'
    '"2026-01-20 11:00:00","2026-01-20 11:00:01","2026-01-20 11:01:01",61,60,'
    '"ANSWERED","DOCUMENTATION","1768903200.2",""',
]


def test_corrected_asterisk_records_are_rated_once(tmp_path):
    """Reader quarantine keeps the Asterisk line (re-read as asterisk); rating's quarantine keeps
    a canonical line (header CANONICAL_COLUMNS, re-read as canonical)."""
    book = pbx_customer("DE", date(2026, 1, 1))
    path = write(tmp_path / "Master.csv", ASTERISK_ROWS)
    zone = timezone_of("DE")
    report = import_usage(book.uow, "c", read_usage(path, fmt="asterisk", timezone=zone))
    assert counts(report) == (2, 0, 0, 0, 2)
    by_line = {e.line: e for e in report.quarantine}
    assert by_line[1].reason.startswith("start:") and by_line[1].header is None
    assert by_line[2].reason == "destination: 's' is not a phone number"
    assert by_line[2].header == CANONICAL_COLUMNS

    pbx = by_line[1].corrected(by_line[1].raw.replace('"gestern"', '"2026-01-20 10:00:00"'))
    rated = by_line[2].corrected(by_line[2].raw.replace(",s,", ",+4930123456,"))
    for expected in [(1, 1, 0, 0, 0), (1, 0, 1, 0, 0)]:
        assert counts(import_usage(book.uow, "c", resubmit(
            [pbx], fmt="asterisk", timezone=zone))) == expected
        assert counts(import_usage(book.uow, "c", resubmit([rated]))) == expected
    stored = {r.record_id: r for r in book.uow.usage.records("c")}
    assert set(stored) == {"1768899600.1", "1768903200.2"}
    assert stored["1768899600.1"].destination == "+49301234567"
    assert stored["1768899600.1"].started_at.isoformat() == "2026-01-20T09:00:00+00:00"
    assert stored["1768903200.2"].duration_s == 60
