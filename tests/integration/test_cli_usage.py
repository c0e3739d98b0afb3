"""`kontor usage report` and `kontor pools advise` as a user runs them, on a scenario file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

SCENARIO = """\
    scenario: O2 Unite company with two SIMs
    catalog: o2-unite
    customer: {id: firma, name: Firma GmbH, country: DE, region: BY}
    start: 2026-01-01
    end: 2026-03-01
    events:
      - {date: 2026-01-01, do: subscribe, id: pool, product: unite}
      - {date: 2026-01-01, do: set_pools, subscription: pool, voice: 1, sms: 1, data: 1}
      - {date: 2026-01-01, do: add_sim, id: s1, subscription: pool, profile: Vertrieb}
      - {date: 2026-01-01, do: add_sim, id: s2, subscription: pool, profile: Technik}
      - date: 2026-02-20
        do: usage
        records:
          - {record_id: a, subscriber: s1, started_at: "2026-01-10T10:00:00+01:00",
             service: voice, destination: "+4930123456", duration_s: 24000}
          - {record_id: b, subscriber: s2, started_at: "2026-02-10T10:00:00+01:00",
             service: voice, destination: "+4930123456", duration_s: 36000}
"""


def kontor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kontor.entrypoints.cli.main", *args],
                          capture_output=True, text=True, timeout=120)


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "firma.yaml"
    path.write_text(dedent(SCENARIO))
    return path


def test_usage_report_shows_pools_sims_and_profiles(tmp_path):
    run = kontor("usage", "report", str(_file(tmp_path)), "--at", "2026-02-15")
    assert run.returncode == 0, run.stderr
    # voice: 1,000 granted in February; January left 1,000 - 400 = 600; February used 600
    row = next(line for line in run.stdout.splitlines() if "voice_m" in line)
    assert [cell.strip() for cell in row.split("│")[3:8]] == ["1000", "600", "600", "0", "1000"]
    assert "Vertrieb" in run.stdout and "Technik" in run.stdout


def test_pools_advise_prints_the_cheapest_sizes(tmp_path):
    run = kontor("pools", "advise", str(_file(tmp_path)), "--from", "2026-01-01",
                 "--to", "2026-02-28")
    assert run.returncode == 0, run.stderr
    assert "unite-voi" in run.stdout and "advised" in run.stdout


def test_a_bad_scenario_is_a_located_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("catalog: o2-unite\n")
    run = kontor("usage", "report", str(path))
    assert run.returncode == 2 and "bad.yaml" in run.stderr and "Traceback" not in run.stderr
