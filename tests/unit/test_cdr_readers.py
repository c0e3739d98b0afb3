"""Usage readers: every bad-record kind of usage.md ends in quarantine with a reason naming the
field, every oddity of real Asterisk/FreeSWITCH files reads as the PBX meant it, and chunked
reading gives the same records as reading at once."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontor.adapters.cdr import (
    CANONICAL_COLUMNS,
    RECORD_SCHEMA,
    UsageImport,
    UsageRefused,
    read_records,
    read_usage,
    resubmit,
)

HEADER = ",".join(CANONICAL_COLUMNS)
GOOD = "r1,sim-1,2026-03-02T09:15:00+01:00,voice,+4930123456,75,,"


def write(tmp_path: Path, content: str | bytes, name: str = "usage.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read(path: Path, **options) -> tuple[pl.DataFrame, UsageImport]:
    usage = read_usage(path, **options)
    return usage.collect(), usage


def q(text: str) -> str:
    """A field quoted the way Asterisk's cdr_csv writes it."""
    return '"' + text.replace('"', '""') + '"'


def cdr(*, accountcode="", src="100", dst="030123456", clid='"Anna" <100>',
        lastdata="SIP/trunk/030123456,60,m", start="2026-03-02 10:15:00",
        answer: str | None = "2026-03-02 10:15:05", duration="80", billsec="75",
        disposition="ANSWERED", uniqueid="1772442900.1", extra: tuple[str, ...] = ()) -> str:
    """One standard 18-column cdr_csv line (plus `extra` columns); answer None: unquoted empty."""
    fields = [q(accountcode), q(src), q(dst), q("from-internal"), q(clid), q("SIP/100-0001"),
              q("SIP/trunk-0002"), q("Dial"), q(lastdata), q(start),
              "" if answer is None else q(answer), q("2026-03-02 10:16:25"), duration, billsec,
              q(disposition), q("DOCUMENTATION"), q(uniqueid), q(""), *extra]
    return ",".join(fields)


# --- canonical CSV -----------------------------------------------------------------------


def test_canonical_csv_gives_records_in_utc_with_physical_lines(tmp_path):
    text = "\n".join([HEADER, GOOD, "r2,sim-1,2026-03-02T10:00:00Z,data,,,2048,AT",
                      "r3,sim-2,2026-07-01T12:00:00+02:00,sms,+436641234567,,,"]) + "\n"
    records, usage = read(write(tmp_path, text))
    assert records.schema == RECORD_SCHEMA
    assert records.select("record_id", "started_at", "service", "duration_s", "volume_bytes",
                          "roaming_country", "line").rows() == [
        ("r1", datetime(2026, 3, 2, 8, 15, tzinfo=UTC), "voice", 75, None, None, 2),
        ("r2", datetime(2026, 3, 2, 10, 0, tzinfo=UTC), "data", None, 2048, "AT", 3),
        ("r3", datetime(2026, 7, 1, 10, 0, tzinfo=UTC), "sms", None, None, None, 4),
    ]
    assert records["billable"].all() and records["destination"][0] == "+4930123456"
    assert (usage.counts.read, usage.counts.not_billable, usage.counts.quarantined) == (3, 0, 0)


BAD_ROWS = [
    ("r2,sim-1,2026-13-01T10:00:00Z,voice,+4930123456,75,,",
     "started_at: '2026-13-01T10:00:00Z' is not a time"),
    ("r2,sim-1,yesterday,voice,+4930123456,75,,", "started_at: 'yesterday' is not a time"),
    ("r2,sim-1,2026-03-02T09:15:00,voice,+4930123456,75,,",
     "started_at: '2026-03-02T09:15:00' has no time offset"),
    ("r2,sim-1,,voice,+4930123456,75,,", "started_at: missing"),
    (",sim-1,2026-03-02T09:15:00Z,voice,+4930123456,75,,", "record_id: missing"),
    ("r2, ,2026-03-02T09:15:00Z,voice,+4930123456,75,,", "subscriber: missing"),
    ("r2,sim-1,2026-03-02T09:15:00Z,fax,+4930123456,75,,",
     "service: 'fax' is not voice, sms or data"),
    ("r2,sim-1,2026-03-02T09:15:00Z,,+4930123456,75,,", "service: missing"),
    ("r2,sim-1,2026-03-02T09:15:00Z,voice,+4930123456,-5,,", "duration_s: -5 is negative"),
    ("r2,sim-1,2026-03-02T09:15:00Z,voice,+4930123456,1.5,,",
     "duration_s: '1.5' is not a whole number"),
    ("r2,sim-1,2026-03-02T09:15:00Z,data,,,-1,", "volume_bytes: -1 is negative"),
    ("r2,sim-1,2026-03-02T09:15:00Z,voice,+4930123456,,,", "duration_s: missing for a voice"),
    ("r2,sim-1,2026-03-02T09:15:00Z,data,,,,", "volume_bytes: missing for a data record"),
    ("r2,sim-1,2026-03-02T09:15:00Z,data,,,10,Germany",
     "roaming_country: 'Germany' is not a country code (ISO 3166, two letters)"),
    ("r2,sim-1,2026-03-02T09:15:00Z,data,,,10,XY",  # two letters, but no country
     "roaming_country: 'XY' is not a country code (ISO 3166, two letters)"),
    ("r2,sim-1,2026-03-02T09:15:00Z,data,,,10,eu",  # a union of countries is none
     "roaming_country: 'eu' is not a country code (ISO 3166, two letters)"),
    ("r2,sim-1,2026-03-02T09:15:00Z,voice,+4930123456,75,", "8 columns expected, found 7"),
    ("r2,sim-1,2026-03-02T09:15:00Z,voice,+4930123456,75,,,", "8 columns expected, found 9"),
    ('r2,sim-1,2026-03-02T09:15:00Z,voice,"+4930123456,75,,', "unclosed quote"),
    ('r2,sim-1,2026-03-02T09:15:00Z,voice,"+49"30,75,,', "stray quote"),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS, ids=[r for _, r in BAD_ROWS])
def test_canonical_bad_record_goes_to_quarantine_and_the_others_go_on(tmp_path, row, reason):
    path = write(tmp_path, f"{HEADER}\n{row}\n{GOOD.replace('r1', 'r3')}\n")
    records, usage = read(path)
    assert records["record_id"].to_list() == ["r3"]
    [entry] = usage.quarantine
    assert reason in entry.reason
    assert (entry.source_file, entry.line, entry.raw) == (str(path), 2, row)
    assert entry.header == CANONICAL_COLUMNS
    assert (usage.counts.read, usage.counts.quarantined) == (2, 1)


def test_all_reasons_of_a_record_are_given_together(tmp_path):
    _, usage = read(write(tmp_path, f"{HEADER}\n,,2026-03-02,fax,,-1,,\n"))
    assert usage.quarantine[0].reason == (
        "record_id: missing; subscriber: missing; started_at: '2026-03-02' is not a time; "
        "service: 'fax' is not voice, sms or data; duration_s: -1 is negative")


@pytest.mark.parametrize("header", [
    "record_id,subscriber,service,destination,duration_s",
    "id,subscriber,started_at,service",
])
def test_a_header_without_a_required_column_refuses_the_whole_file(tmp_path, header):
    path = write(tmp_path, f"{header}\nr1,sim-1,voice,+4930123,60\n")
    with pytest.raises(UsageRefused, match="the header lacks the column") as refusal:
        read_usage(path)
    assert str(path) in str(refusal.value)


def test_an_empty_file_or_a_doubled_column_is_refused(tmp_path):
    with pytest.raises(UsageRefused, match="the file is empty"):
        read_usage(write(tmp_path, "\n\n", "empty.csv"))
    with pytest.raises(UsageRefused, match="subscriber more than once"):
        read_usage(write(tmp_path, HEADER + ",subscriber\n", "doubled.csv"))
    with pytest.raises(UsageRefused, match="no such file"):
        read_usage(tmp_path / "missing.csv")


def test_optional_columns_may_be_left_out_and_unknown_ones_are_ignored(tmp_path):
    text = "service,subscriber,note,record_id,started_at\nsms,sim-1,hello,r1,2026-03-02T09:15Z\n"
    records, usage = read(write(tmp_path, text))
    assert records.select("record_id", "subscriber", "service", "destination").rows() == [
        ("r1", "sim-1", "sms", None)]
    assert usage.quarantine == []


@pytest.mark.parametrize(("written", "utc"), [
    ("2026-03-02T09:15:00Z", datetime(2026, 3, 2, 9, 15, tzinfo=UTC)),
    ("2026-03-02T09:15:00+01:00", datetime(2026, 3, 2, 8, 15, tzinfo=UTC)),
    ("2026-03-02T09:15:00+0100", datetime(2026, 3, 2, 8, 15, tzinfo=UTC)),
    ("2026-03-02T09:15:00.250-05:30", datetime(2026, 3, 2, 14, 45, 0, 250000, tzinfo=UTC)),
    ("2026-03-02 09:15:00Z", datetime(2026, 3, 2, 9, 15, tzinfo=UTC)),
    ("2026-03-02T09:15+01:00", datetime(2026, 3, 2, 8, 15, tzinfo=UTC)),
])
def test_iso_times_with_offset_are_accepted(tmp_path, written, utc):
    records, _ = read(write(tmp_path, f"{HEADER}\nr1,s,{written},sms,+49301,,,\n"))
    assert records["started_at"].to_list() == [utc]


def test_blank_lines_crlf_and_bom_keep_the_physical_line_numbers(tmp_path):
    text = "\ufeff" + HEADER + "\r\n\r\n" + GOOD + "\r\n\r\n" + GOOD.replace("r1", "r2") + "\r\n"
    records, usage = read(write(tmp_path, text))
    assert records.select("record_id", "line").rows() == [("r1", 3), ("r2", 5)]
    assert usage.counts.read == 2


def test_quoted_canonical_fields_are_read_as_csv(tmp_path):
    row = '"r1","sim 1, desk","2026-03-02T09:15:00Z","voice","+4930123456","75","",""'
    records, _ = read(write(tmp_path, f"{HEADER}\n{row}\n"))
    assert records.select("subscriber", "duration_s").rows() == [("sim 1, desk", 75)]


def test_bytes_that_are_not_utf8_in_a_canonical_field_are_quarantined(tmp_path):
    content = f"{HEADER}\n".encode() + b"r1,sim\xa5,2026-03-02T09:15:00Z,sms,+49301,,,\n"
    records, usage = read(write(tmp_path, content))
    assert records.height == 0
    assert usage.quarantine[0].reason == "subscriber: not valid UTF-8"
    assert usage.quarantine[0].raw == "r1,sim\u00a5,2026-03-02T09:15:00Z,sms,+49301,,,"


def test_canonical_format_refuses_a_layout(tmp_path):
    with pytest.raises(UsageRefused, match="layout and columns are for PBX files"):
        read_usage(write(tmp_path, HEADER + "\n"), layout="asterisk")


# --- chunks ------------------------------------------------------------------------------


def test_tiny_batches_give_the_same_records_and_quarantine_as_one_batch(tmp_path):
    rows = [GOOD.replace("r1", f"r{i}") for i in range(1, 8)]
    rows[3] = "r4,sim-1,not-a-time,voice,+4930123456,75,,"
    path = write(tmp_path, HEADER + "\n" + "\n".join(rows) + "\n")
    at_once, whole = read(path)
    one_by_one = read_usage(path, batch_rows=1)
    batches = list(one_by_one.batches())
    assert len(batches) == 6
    assert pl.concat(batches).equals(at_once)
    assert one_by_one.quarantine == whole.quarantine and one_by_one.counts == whole.counts


def test_tiny_batches_of_an_asterisk_file_give_the_same_records(tmp_path):
    lines = [cdr(uniqueid=f"1772442900.{i}") for i in range(5)]
    lines[2] = lines[2][:-5]  # cut: unclosed quote
    path = write(tmp_path, "\n".join(lines) + "\n", "Master.csv")
    whole, usage = read(path, fmt="asterisk")
    chunked = read_usage(path, fmt="asterisk", batch_rows=2)
    assert chunked.collect().equals(whole)
    assert chunked.quarantine == usage.quarantine and len(usage.quarantine) == 1


def test_batches_are_read_once_and_counts_wait_for_the_end(tmp_path):
    usage = read_usage(write(tmp_path, f"{HEADER}\n{GOOD}\n"))
    with pytest.raises(RuntimeError, match="before all records were read"):
        usage.check_counts()
    usage.collect()
    with pytest.raises(RuntimeError, match="already read"):
        next(usage.batches())


# --- Parquet -----------------------------------------------------------------------------


def test_parquet_round_trip(tmp_path):
    written = pl.DataFrame({
        "record_id": ["r1", "r2", "r3"],
        "subscriber": ["sim-1", "sim-1", "sim-2"],
        "started_at": [datetime(2026, 3, 2, 8, 15, tzinfo=UTC)] * 3,
        "service": ["voice", "data", "voice"],
        "destination": ["+4930123456", None, "+4930123456"],
        "duration_s": [75, None, -3],
        "volume_bytes": [None, 2048, None],
        "roaming_country": [None, "at", None],
    })
    path = tmp_path / "usage.parquet"
    written.write_parquet(path)
    records, usage = read(path, batch_rows=2)
    assert records.schema == RECORD_SCHEMA
    assert records.select("record_id", "started_at", "duration_s", "volume_bytes",
                          "roaming_country", "line").rows() == [
        ("r1", datetime(2026, 3, 2, 8, 15, tzinfo=UTC), 75, None, None, 1),
        ("r2", datetime(2026, 3, 2, 8, 15, tzinfo=UTC), None, 2048, "AT", 2),
    ]
    [entry] = usage.quarantine
    assert (entry.line, entry.reason) == (3, "duration_s: -3 is negative")
    assert entry.raw == "r3,sim-2,2026-03-02T08:15:00Z,voice,+4930123456,-3,,"
    fixed = resubmit([entry.corrected(entry.raw.replace("-3", "3"))]).collect()
    assert fixed.select("record_id", "duration_s", "line").rows() == [("r3", 3, 3)]


def test_parquet_times_without_zone_are_quarantined_and_missing_columns_refused(tmp_path):
    naive = pl.DataFrame({"record_id": ["r1"], "subscriber": ["s"], "service": ["sms"],
                          "started_at": [datetime(2026, 3, 2, 9, 15)]})
    naive.write_parquet(tmp_path / "naive.parquet")
    _, usage = read(tmp_path / "naive.parquet")
    assert "has no time offset" in usage.quarantine[0].reason
    naive.drop("service").write_parquet(tmp_path / "lacking.parquet")
    with pytest.raises(UsageRefused, match="lacks the column"):
        read_usage(tmp_path / "lacking.parquet")


# --- inline records ----------------------------------------------------------------------

SCENARIO_USAGE = """
records:
  - {record_id: u1, subscriber: ext-10, started_at: 2026-03-02T09:15:00+01:00,
     service: voice, destination: "+4930123456", duration_s: 75}
  - {record_id: u2, subscriber: ext-10, started_at: "2026-03-02T09:20:00Z", service: sms,
     destination: "+4915112345678"}
  - {record_id: u3, subscriber: ext-10, started_at: 2026-03-02 09:30:00, service: voice,
     destination: "+4930123456", duration: 60}
"""


def test_inline_records_pass_the_same_checks():
    records = yaml.safe_load(SCENARIO_USAGE)["records"]
    usage = read_records(records, source_file="scenario.yaml")
    frame = usage.collect()
    assert frame.select("record_id", "started_at", "duration_s", "line").rows() == [
        ("u1", datetime(2026, 3, 2, 8, 15, tzinfo=UTC), 75, 1),
        ("u2", datetime(2026, 3, 2, 9, 20, tzinfo=UTC), None, 2),
    ]
    [entry] = usage.quarantine
    assert (entry.source_file, entry.line) == ("scenario.yaml", 3)
    assert entry.reason == "unknown field(s) duration"


# --- resubmitting ------------------------------------------------------------------------


def test_a_corrected_canonical_line_is_read_with_its_file_and_line(tmp_path):
    header = "subscriber,record_id,started_at,service,duration_s,destination"
    path = write(tmp_path, f"{header}\nsim-1,r1,2026-13-02T09:15:00Z,voice,75,+4930123\n")
    _, usage = read(path)
    [entry] = usage.quarantine
    assert entry.header == tuple(header.split(","))
    again = resubmit([entry.corrected(entry.raw.replace("2026-13", "2026-03"))])
    assert again.collect().select("record_id", "source_file", "line").rows() == [
        ("r1", str(path), 2)]
    assert again.quarantine == []


def test_a_corrected_asterisk_line_is_read_with_its_file_and_line(tmp_path):
    path = write(tmp_path, cdr()[:-3] + "\n", "Master.csv")
    _, usage = read(path, fmt="asterisk", timezone="Europe/Berlin")
    [entry] = usage.quarantine
    again = resubmit([entry.corrected(cdr())], fmt="asterisk", timezone="Europe/Berlin")
    assert again.collect().select("record_id", "duration_s", "line").rows() == [
        ("1772442900.1", 75, 1)]


def test_counts_add_up_once_rating_has_counted(tmp_path):
    usage = read_usage(write(tmp_path, f"{HEADER}\n{GOOD}\n{GOOD}\nbad\n"))
    usage.collect()
    usage.counts.rated, usage.counts.duplicates = 1, 1
    usage.check_counts()
    usage.counts.rated = 0
    with pytest.raises(AssertionError, match="read 3 = rated 0"):
        usage.check_counts()


# --- Asterisk cdr_csv --------------------------------------------------------------------


def test_asterisk_record_maps_uniqueid_accountcode_dst_start_and_billsec(tmp_path):
    path = write(tmp_path, cdr(accountcode="4711") + "\n", "Master.csv")
    records, usage = read(path, fmt="asterisk", timezone="Europe/Berlin")
    assert records.row(0, named=True) == {
        "record_id": "1772442900.1", "subscriber": "4711",
        "started_at": datetime(2026, 3, 2, 9, 15, tzinfo=UTC), "service": "voice",
        "destination": "030123456", "duration_s": 75, "volume_bytes": None,
        "roaming_country": None, "billable": True, "source_file": str(path), "line": 1}


def test_subscriber_is_src_where_accountcode_is_empty_and_quarantined_without_both(tmp_path):
    lines = [cdr(src="201"), cdr(src="", uniqueid="2")]
    records, usage = read(write(tmp_path, "\n".join(lines)), fmt="asterisk")
    assert records["subscriber"].to_list() == ["201"]
    assert usage.quarantine[0].reason == "subscriber: accountcode and src are both empty"


def test_doubled_quotes_and_commas_inside_quotes_are_one_field(tmp_path):
    line = cdr(clid='"""eletrolatino"" <100>"', lastdata="hour,,4,,2,10", dst='9"1')
    records, usage = read(write(tmp_path, line + "\n"), fmt="asterisk")
    assert usage.quarantine == []
    assert records["destination"].to_list() == ['9"1']


def test_an_unquoted_empty_answer_field_is_read(tmp_path):
    line = cdr(answer=None, billsec="0", disposition="NO ANSWER")
    assert ',"2026-03-02 10:15:00",,"2026-03-02 10:16:25",' in line
    records, usage = read(write(tmp_path, line), fmt="asterisk")
    assert records["billable"].to_list() == [False] and usage.counts.not_billable == 1


def test_only_answered_calls_are_billable_whatever_their_billsec(tmp_path):
    lines = [cdr(disposition=d, uniqueid=str(i), billsec="60")
             for i, d in enumerate(["ANSWERED", "NO ANSWER", "BUSY", "FAILED", "CONGESTION"])]
    records, usage = read(write(tmp_path, "\n".join(lines)), fmt="asterisk")
    assert records["billable"].to_list() == [True, False, False, False, False]
    assert (usage.counts.read, usage.counts.not_billable, usage.counts.quarantined) == (5, 4, 0)


def test_unreadable_billing_fields_of_unanswered_calls_do_not_matter(tmp_path):
    line = cdr(disposition="NO ANSWER", src="", start="never", billsec="x")
    _, usage = read(write(tmp_path, line), fmt="asterisk")
    assert (usage.counts.not_billable, usage.counts.quarantined) == (1, 0)


@pytest.mark.parametrize(("changes", "reason"), [
    ({"disposition": "DOCUMENTATION"},
     "disposition: 'DOCUMENTATION' is not one of ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION"),
    ({"billsec": "7", "duration": "5"}, "billsec: 7 is more than duration 5"),
    ({"billsec": "-1"}, "billsec: -1 is negative"),
    ({"billsec": ""}, "billsec: missing"),
    ({"start": "2026-02-30 10:00:00"}, "start: '2026-02-30 10:00:00' is not a time"),
    ({"uniqueid": ""}, "uniqueid: missing"),
])
def test_asterisk_bad_record_goes_to_quarantine(tmp_path, changes, reason):
    _, usage = read(write(tmp_path, cdr(**changes)), fmt="asterisk")
    assert [e.reason for e in usage.quarantine] == [reason]


def test_latin1_bytes_in_clid_are_kept_but_in_dst_they_quarantine(tmp_path):
    in_clid = cdr(clid="8107924651@@b").replace("@@", "\xa5\xa5").encode("latin-1")
    in_dst = cdr(dst="0301@", uniqueid="2").replace("@", "\xa5").encode("latin-1")
    records, usage = read(write(tmp_path, in_clid + b"\n" + in_dst + b"\n"), fmt="asterisk")
    assert records.select("record_id", "line").rows() == [("1772442900.1", 1)]
    assert [(e.line, e.reason) for e in usage.quarantine] == [(2, "dst: not valid UTF-8")]
    assert "\xa5" in usage.quarantine[0].raw


def test_an_unclosed_quote_is_quarantined_and_the_next_line_still_read(tmp_path):
    buggy = cdr()[: -len('""')] + '"'  # the last field opens a quote and the line ends
    text = buggy + "\n" + cdr(uniqueid="2") + "\n"
    records, usage = read(write(tmp_path, text), fmt="asterisk")
    assert records.select("record_id", "line").rows() == [("2", 2)]
    [entry] = usage.quarantine
    assert (entry.line, entry.raw) == (1, buggy)
    assert entry.reason.startswith("unclosed quote")


def test_18_and_21_columns_are_the_standard_layout_other_counts_are_quarantined(tmp_path):
    lines = [cdr(uniqueid="18"), cdr(uniqueid="21", extra=('""', '"1772442900.0"', "7")),
             ",".join(cdr(lastdata="Local/1").split(",")[:12]), cdr(extra=('""',))]
    records, usage = read(write(tmp_path, "\n".join(lines)), fmt="asterisk")
    assert records["record_id"].to_list() == ["18", "21"]
    assert [(e.line, e.reason) for e in usage.quarantine] == [
        (3, "18 or 21 columns expected, found 12"), (4, "18 or 21 columns expected, found 19")]


@pytest.mark.parametrize(("start", "utc"), [
    ("2026-01-15 10:00:00", datetime(2026, 1, 15, 9, 0, tzinfo=UTC)),
    ("2026-07-15 10:00:00", datetime(2026, 7, 15, 8, 0, tzinfo=UTC)),
    ("2026-10-25 02:30:00", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),  # twice: the first
    ("2026-07-15T10:00:00+00:00", datetime(2026, 7, 15, 10, 0, tzinfo=UTC)),
])
def test_start_is_local_time_of_the_customer_unless_it_has_an_offset(tmp_path, start, utc):
    records, _ = read(write(tmp_path, cdr(start=start)), fmt="asterisk", timezone="Europe/Berlin")
    assert records["started_at"].to_list() == [utc]


def test_a_local_time_the_clocks_skip_is_quarantined(tmp_path):
    _, usage = read(write(tmp_path, cdr(start="2026-03-29 02:30:00")), fmt="asterisk",
                    timezone="Europe/Berlin")
    assert usage.quarantine[0].reason == (
        "start: '2026-03-29 02:30:00' does not exist in Europe/Berlin (clocks go forward)")


def test_an_unknown_time_zone_or_layout_is_refused(tmp_path):
    path = write(tmp_path, cdr())
    with pytest.raises(UsageRefused, match="'Europe/Berln' is not a known time zone"):
        read_usage(path, fmt="asterisk", timezone="Europe/Berln")
    with pytest.raises(UsageRefused, match="'cdr_pgsql' is not a known layout"):
        read_usage(path, fmt="asterisk", layout="cdr_pgsql")
    with pytest.raises(UsageRefused, match="not one of canonical, asterisk, freeswitch"):
        read_usage(path, fmt="csv")


# --- other layouts -----------------------------------------------------------------------

CUSTOM = ('""""" <client1>","client1","6789","default","PJSIP/client1-00000002",'
          '"PJSIP/client2-00000003","Dial","PJSIP/client2","2023-07-26 01:51:32",'
          '"2023-07-26 01:51:50","2023-07-26 01:52:04","31","13","ANSWERED","DOCUMENTATION",'
          '"","1690325492.2","",2')


def test_cdr_custom_layout_reads_quoted_numbers_and_its_own_column_order(tmp_path):
    path = write(tmp_path, CUSTOM + "\n")
    records, _ = read(path, fmt="asterisk", layout="asterisk-cdr-custom", timezone="UTC")
    assert records.select("record_id", "subscriber", "destination", "duration_s",
                          "started_at").rows() == [
        ("1690325492.2", "client1", "6789", 13, datetime(2023, 7, 26, 1, 51, 32, tzinfo=UTC))]


def test_a_file_read_with_the_wrong_layout_ends_in_quarantine_not_in_a_crash(tmp_path):
    path = write(tmp_path, CUSTOM + "\n")
    _, usage = read(path, fmt="asterisk")
    assert usage.quarantine[0].reason == "18 or 21 columns expected, found 19"
    same_count = ",".join(["x"] * 19)
    _, usage = read(write(tmp_path, same_count, "other.csv"), fmt="asterisk",
                    layout="asterisk-cdr-custom")
    assert usage.quarantine[0].reason.startswith("disposition: 'x' is not one of")


FREESWITCH = """\
Outbound Call,1002,&,default,2020/2/10 22:40,2020/2/10 22:40,2020/2/10 22:41,64,61,\
NORMAL_CLEARING,b9d0a33e-4c15-11ea-978a-9dd79410affb,,1002,PCMU,PCMU
,0,1002,default,2020/2/10 22:41,,2020/2/10 22:41,2,0,NO_USER_RESPONSE,\
f1542038-4c15-11ea-97ca-9dd79410affb,,,,
"""


def test_freeswitch_layout_bills_answered_calls(tmp_path):
    records, usage = read(write(tmp_path, FREESWITCH), fmt="freeswitch", timezone="Asia/Shanghai")
    assert records.select("record_id", "subscriber", "destination", "duration_s", "billable",
                          "started_at").rows() == [
        ("b9d0a33e-4c15-11ea-978a-9dd79410affb", "1002", "&", 61, True,
         datetime(2020, 2, 10, 14, 40, tzinfo=UTC)),
        ("f1542038-4c15-11ea-97ca-9dd79410affb", "0", "1002", 0, False,
         datetime(2020, 2, 10, 14, 41, tzinfo=UTC)),
    ]
    assert usage.counts.not_billable == 1


def test_a_declared_column_order_reads_any_other_layout(tmp_path):
    text = '"4711","030123456","2026-03-02 10:15:00",75,"ANSWERED","id-1"\n'
    columns = "accountcode, dst, start, billsec, disposition, uniqueid"
    records, _ = read(write(tmp_path, text), fmt="asterisk", columns=columns)
    assert records.select("record_id", "subscriber", "destination", "duration_s").rows() == [
        ("id-1", "4711", "030123456", 75)]


def test_a_column_order_without_the_needed_fields_is_refused(tmp_path):
    path = write(tmp_path, cdr())
    with pytest.raises(UsageRefused, match=r"no column for record id \(uniqueid or uuid\)"):
        read_usage(path, fmt="asterisk", columns=["src", "dst", "start", "billsec", "answer"])
    with pytest.raises(UsageRefused, match="answered"):
        read_usage(path, fmt="asterisk", columns=["uniqueid", "src", "dst", "start", "billsec"])
    with pytest.raises(UsageRefused, match="not both"):
        read_usage(path, fmt="asterisk", layout="asterisk", columns=["uniqueid"])


def test_an_inline_entry_that_is_no_record_is_quarantined():
    usage = read_records(["r1,sim-1", {"record_id": "r2"}])
    assert usage.collect().height == 0
    reasons = [e.reason.split(":")[0] for e in usage.quarantine]
    assert reasons == ["not a record (fields with values expected)", "subscriber"]


# --- any input -----------------------------------------------------------------------------

PIECES = ['"', '""', ",", "\xa5", "\r", "ANSWERED", "2026-03-02 10:15:00", "75", "x", " ", "\n"]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=60),
       st.sampled_from(["asterisk", "freeswitch", "canonical"]))
def test_any_bytes_are_read_or_quarantined_never_a_crash(tmp_path, pieces, fmt):
    header = HEADER + "\n" if fmt == "canonical" else ""
    path = write(tmp_path, (header + "".join(pieces)).encode("latin-1"), "any.csv")
    usage = read_usage(path, fmt=fmt, batch_rows=3)
    records = usage.collect()
    assert usage.counts.read == records.height + usage.counts.quarantined
    lines = [n for n, line in enumerate(path.read_bytes().split(b"\n"), 1) if line.strip()]
    lines = lines[1:] if header else lines
    assert sorted([*records["line"], *(e.line for e in usage.quarantine)]) == lines
