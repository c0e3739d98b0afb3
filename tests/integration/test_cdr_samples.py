"""Every real CDR sample (../shared/samples/cdr, see its PROVENANCE.md) read with its layout
gives exactly the counts worked out by hand.

How the expected numbers were counted: each file was read with Python's csv module (default
excel dialect, bytes decoded as Latin-1 so nothing is lost) and the rows tallied by field
count, disposition (FreeSWITCH: answer time set or empty), empty accountcode *and* src, and
billsec > duration; the sums are the billsec of those rows. The reader's rules then give:
read = billable + not billable + quarantined, where not billable = every row not ANSWERED,
and quarantined = broken lines plus ANSWERED rows that cannot be billed.
"""

from __future__ import annotations

import csv

import pytest

from kontor.adapters.cdr import LAYOUTS, UsageRefused, read_usage
from shared_samples import require, samples

SAMPLES = samples("cdr")


@pytest.fixture(autouse=True)
def cdr_samples() -> None:
    require(SAMPLES)

# file: (fmt, layout, read, billable, not billable, quarantined, billable billsec)
EXPECTED = {
    # 5 rows, 18 columns; ANSWERED x2 (billsec 5 and 7), FAILED, NO ANSWER, BUSY.
    # Row 2 has billsec 7 > duration 5: quarantined. All five share one uniqueid (rating's
    # de-duplication, not the reader's business).
    "asterisk-testsuite_cdrlib_good.csv": ("asterisk", None, 5, 1, 3, 1, 5),
    # 1 row whose last field opens a quote the line never closes: quarantined.
    "asterisk-testsuite_cdrlib_buggy.csv": ("asterisk", None, 1, 0, 0, 1, 0),
    # 2 ANSWERED rows (billsec 7 each) from Console/dsp: accountcode and src are both empty,
    # so nobody to bill: quarantined.
    "asterisk-testsuite_self_test_Master.csv": ("asterisk", None, 2, 0, 0, 2, 0),
    # 84 rows of 21 columns; 37 ANSWERED (billsec 884 as in PROVENANCE), 46 NO ANSWER,
    # 1 BUSY; 0xA5 bytes only in clid (lines 41-44, 69-70, 79-80), which is not needed.
    "mineevburyat_dj-asterisk-cdr_Master.csv": ("asterisk", None, 84, 37, 47, 0, 884),
    # cdr_custom layout, 19 columns, quoted numbers; 11 ANSWERED (billsec 78), 3 NO ANSWER.
    "KelySaina_cdr_Master_cdr_custom.csv": ("asterisk", "asterisk-cdr-custom", 14, 11, 3, 0, 78),
    # 105 rows; 94 ANSWERED (billsec 2463); 7 NO ANSWER, 2 FAILED, 2 BUSY.
    "BugaDM_TelephonySwitching_Master.csv": ("asterisk", None, 105, 94, 11, 0, 2463),
    # 5 ANSWERED rows of accountcode 100 (billsec 0+0+10+1+4).
    "BugaDM_TelephonySwitching_100.csv": ("asterisk", None, 5, 5, 0, 0, 15),
    # 269 rows; 245 ANSWERED (billsec 6791 as in PROVENANCE), 16 NO ANSWER, 8 BUSY.
    # 190 ANSWERED rows (Local/... legs, billsec 5924) have empty accountcode and src:
    # quarantined; the 55 others carry 6791 - 5924 = 867 s.
    "simularent_asterisk-for-speech-to-text_Master.csv": ("asterisk", None, 269, 55, 24, 190,
                                                          867),
    # 10 rows, 15 columns; 9 with an answer time (billsec 9+61+21+327+20+32+20+20+20 = 530),
    # 1 without (NO_USER_RESPONSE). Rows 8-10 share one uuid: rating's de-duplication.
    "freeswitch/Kxingyunliushui_freeswitch_tools_Master.csv": ("freeswitch", None, 10, 9, 1, 0,
                                                               530),
}


def test_every_sample_file_has_expected_counts():
    files = {str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*.csv")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_counts(name):
    fmt, layout, read, billable, not_billable, quarantined, billsec = EXPECTED[name]
    usage = read_usage(SAMPLES / name, fmt=fmt, layout=layout, timezone="Europe/Berlin")
    records = usage.collect()
    billed = records.filter("billable")
    counts = usage.counts
    assert (counts.read, counts.billable, counts.not_billable, counts.quarantined) == (
        read, billable, not_billable, quarantined)
    assert billed["duration_s"].sum() == billsec
    assert len(usage.quarantine) == quarantined
    assert records["started_at"].null_count() == 0


def test_answered_billsec_sums_of_provenance_are_all_accounted_for():
    """884 s and 6791 s: billable records plus ANSWERED rows in quarantine."""
    for name, total in [("mineevburyat_dj-asterisk-cdr_Master.csv", 884),
                        ("simularent_asterisk-for-speech-to-text_Master.csv", 6791)]:
        usage = read_usage(SAMPLES / name, fmt="asterisk")
        billed = usage.collect().filter("billable")["duration_s"].sum()
        rows = [next(csv.reader([e.raw])) for e in usage.quarantine]
        held = sum(int(r[13]) for r in rows if r[14] == "ANSWERED")
        assert billed + held == total
        assert {e.reason for e in usage.quarantine} <= {
            "subscriber: accountcode and src are both empty"}


def test_the_buggy_fixture_is_quarantined_with_its_line():
    usage = read_usage(SAMPLES / "asterisk-testsuite_cdrlib_buggy.csv", fmt="asterisk")
    assert usage.collect().height == 0
    [entry] = usage.quarantine
    assert entry.line == 1 and entry.reason.startswith("unclosed quote")
    assert entry.raw.endswith('"1231977075.0","')


def test_bytes_that_are_not_utf8_in_clid_do_not_stop_the_records():
    usage = read_usage(SAMPLES / "mineevburyat_dj-asterisk-cdr_Master.csv", fmt="asterisk")
    lines = set(usage.collect()["line"].to_list())
    assert {41, 42, 43, 44, 69, 70, 79, 80} <= lines


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_any_layout_on_any_sample_counts_every_row_and_never_crashes(name, layout):
    usage = read_usage(SAMPLES / name, fmt="asterisk", layout=layout, timezone="Europe/Berlin")
    records = usage.collect()
    counts = usage.counts
    assert counts.read == EXPECTED[name][2]
    assert counts.read == records.height + counts.quarantined


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_pbx_file_read_as_canonical_is_refused_as_a_whole(name):
    with pytest.raises(UsageRefused, match="the header lacks the column"):
        read_usage(SAMPLES / name)
