"""The tables of `kontor simulate` speak like the documents: babel numbers and dates, the
customer's name, line kinds in words, Gutschrift, CHF gross with VAT contained, Restkontingent."""

from __future__ import annotations

import subprocess
import sys

from document_support import EXAMPLES, ROOT, SCENARIOS


def tables(*args: str) -> str:
    run = subprocess.run([sys.executable, "-m", "kontor.entrypoints.cli.main", "simulate",
                          *args], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_german_numbers_dates_names_and_units():
    out = tables(str(EXAMPLES / "o2-unite.yaml"))
    assert "Rechnung O2U-000003 vom 01.06.2026 — Bau & Partner GmbH" in out
    assert "142,80" in out and "MwSt. 19 % auf 120,00" in out and "Monatlich" in out
    assert "Restkontingent am Ende" in out and "150 GB" in out and "5.500 Min." in out
    assert "recurring" not in out and "2026-06-01" not in out


def test_swiss_gross_vat_contained_rounding_once_and_credit_note(tmp_path):
    source = SCENARIOS / "smart_abo" / "immediate_cancel_notice_not_billed.yaml"
    scenario = tmp_path / "credit.yaml"  # without its expect: block
    scenario.write_text(source.read_text().split("\nexpect:")[0] + "\n")
    out = tables(str(scenario))
    assert "Total inkl. MWST" in out and "darin MWST 8.1 % auf" in out
    assert "Netto" not in out and "Brutto" not in out
    assert "Gutschrift SA-000004" in out and "Guthaben zu Ihren Gunsten" in out
    first = out.split("Rechnung SA-000002")[0]
    assert first.count("Rundung") <= 1


def test_english_tables():
    out = tables(str(EXAMPLES / "aut-pbx.yaml"), "--lang", "en")
    assert "Invoice AP-000001 of 1 Jan 2026 — ACME GmbH" in out and "One-time" in out


def test_a_per_minute_price_is_shown_exactly(tmp_path):
    source = SCENARIOS / "aut_pbx" / "usage" / "package_pro_rata_split_and_pay_as_you_go.yaml"
    scenario = tmp_path / "usage.yaml"  # without its expect: block
    scenario.write_text(source.read_text().split("\nexpect:")[0] + "\n")
    out = tables(str(scenario))
    # 4 German landline minutes at 0.015 make 0.06 (at 0,02 they would make 0,08)
    row = next(line for line in out.splitlines() if "Deutschland Festnetz" in line)
    assert [cell.strip() for cell in row.split("│")[-4:-1]] == ["4", "0,015", "0,06"]
