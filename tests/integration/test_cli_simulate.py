"""`kontor simulate` and `kontor catalog validate` as a user runs them: exit codes, messages that
name file and place, never a traceback, and --json output that validates against its schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "src/kontor/schemas/simulate-output.schema.json").read_text())
CATALOG = (ROOT / "src/kontor/catalogs/aut-pbx.yaml").read_text()


def kontor(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kontor.entrypoints.cli.main", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_examples_json_validates_against_the_shipped_output_schema():
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))
    assert len(examples) >= 4
    run = kontor("simulate", *examples, "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    jsonschema.validate(data, SCHEMA)
    assert len(data) == len(examples)
    assert all(result["invoices"] for result in data)


def test_single_file_json_is_one_object_with_the_spec_keys():
    run = kontor("simulate", str(ROOT / "examples/aut-pbx.yaml"), "--json")
    data = json.loads(run.stdout)
    jsonschema.validate(data, SCHEMA)
    assert {"invoices", "rejected", "balances", "notices", "rewards"} <= data.keys()
    first = data["invoices"][0]
    assert first["issued_on"] == "2026-01-01" and first["currency"] == "EUR"


def test_tables_without_json():
    run = kontor("simulate", str(ROOT / "examples/smart-abo.yaml"))
    assert run.returncode == 0
    assert "Zu zahlen" in run.stdout and "SA-000001" in run.stdout


def _scenario(tmp_path: Path, body: str, catalog_text: str | None = None) -> Path:
    if catalog_text is not None:
        (tmp_path / "my-catalog.yaml").write_text(catalog_text)
    path = tmp_path / "s.yaml"
    path.write_text(dedent(body))
    return path


GOOD = """\
    catalog: aut-pbx
    customer: {id: c1, country: DE}
    start: 2026-01-01
    end: 2026-03-01
    events:
      - {date: 2026-01-01, do: subscribe, id: pbx, product: autpbx-extension, quantity: 3}
"""


def _assert_refused(run: subprocess.CompletedProcess, *fragments: str) -> None:
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    for fragment in fragments:
        assert fragment in run.stderr, f"{fragment!r} not in {run.stderr!r}"


def test_bad_yaml(tmp_path):
    path = _scenario(tmp_path, GOOD + "      - {date: 2026-01-02, do: [unclosed\n")
    _assert_refused(kontor("simulate", str(path)), "s.yaml:8: bad YAML: expected ',' or ']'")


def test_event_on_a_date_that_does_not_exist(tmp_path):
    path = _scenario(tmp_path, GOOD + "      - {date: 2026-02-30, do: one_time, product: autpbx-admin}\n")
    _assert_refused(kontor("simulate", str(path)),
                    "s.yaml:7: events[1].date: '2026-02-30' is not a date that exists")


def test_unknown_key_in_an_event(tmp_path):
    path = _scenario(tmp_path, GOOD + "      - {date: 2026-02-03, do: one_time, product: autpbx-admin, colour: red}\n")
    _assert_refused(kontor("simulate", str(path)), "s.yaml:7: events[1]: unknown key 'colour'")


def test_unknown_top_level_key_and_wrong_type_each_get_a_line(tmp_path):
    path = _scenario(tmp_path, GOOD.replace("start: 2026-01-01", "start: 2026-01-01\n    flavour: x")
                     .replace("quantity: 3", "quantity: three"))
    run = kontor("simulate", str(path))
    _assert_refused(run, "unknown key 'flavour'", "events[0].quantity")
    assert len(run.stderr.strip().splitlines()) == 2


def _bad_catalog(tmp_path, old: str, new: str) -> subprocess.CompletedProcess:
    assert old in CATALOG
    path = _scenario(tmp_path, GOOD.replace("catalog: aut-pbx", "catalog: my-catalog.yaml"),
                     CATALOG.replace(old, new, 1))
    return kontor("simulate", str(path))


def test_catalog_option_naming_an_unknown_product(tmp_path):
    run = _bad_catalog(tmp_path, "autpbx-number, autpbx-did-block]", "autpbx-number, autpbx-fax]")
    _assert_refused(run, "my-catalog.yaml:", "products[0].options[13]: names unknown product 'autpbx-fax'")


def test_catalog_negative_price(tmp_path):
    run = _bad_catalog(tmp_path, 'price: "349.00"', 'price: -349.00')
    _assert_refused(run, "my-catalog.yaml:", ".price: an amount is never negative, not -349.00")


def test_catalog_tier_list_with_a_gap(tmp_path):
    run = _bad_catalog(tmp_path, "{from: 101, price:", "{from: 111, price:")
    _assert_refused(run, "my-catalog.yaml:", "products[0].tiers[2].from: tier starts at 111, expected 101 (gap")


def test_catalog_validate_command(tmp_path):
    ok = kontor("catalog", "validate", "aut-pbx", "digital-phone", "o2-unite", "smart-abo")
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(CATALOG.replace("charge: recurring", "charge: monthly", 1))
    _assert_refused(kontor("catalog", "validate", str(bad)), "bad.yaml:", "products[0].charge")


def test_missing_file_is_a_clear_error(tmp_path):
    _assert_refused(kontor("simulate", str(tmp_path / "nope.yaml")), "nope.yaml", "cannot read")


def test_a_refused_event_is_not_a_file_error(tmp_path):
    path = _scenario(tmp_path, GOOD + "      - {date: 2026-02-03, do: set_quantity, subscription: ghost, quantity: 2}\n"
                     "      - {date: 2026-02-04, do: action, campaign: online-statt-hotline, "
                     "action: app_uninstalled}\n")
    run = kontor("simulate", str(path), "--json")
    assert run.returncode == 0, run.stderr
    rejected = json.loads(run.stdout)["rejected"]
    assert [(r["event"], r["code"]) for r in rejected] == [(1, "unknown_subscription"), (2, "invalid_event")]


@pytest.mark.parametrize("kind", ["catalog", "scenario", "simulate-output"])
def test_schemas_are_published(kind):
    run = kontor("catalog", "schema", kind)
    assert run.returncode == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(run.stdout))


def test_unknown_region_is_a_file_problem_not_a_crash(tmp_path):
    path = _scenario(tmp_path, GOOD.replace("country: DE}", "country: DE, region: XX}"))
    _assert_refused(kontor("simulate", str(path)), "customer.region: 'XX' is no region of DE", "BY")


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    bad = (CATALOG.replace('price: "349.00"', "price: -349", 1)
           .replace('{from: 101, price: "5.50"}', '{from: 105, price: "5.50"}')
           .replace("autpbx-number, autpbx-did-block]", "autpbx-number, autpbx-fax]"))
    body = (GOOD.replace("catalog: aut-pbx", "catalog: my-catalog.yaml")
            + "      - {date: 2026-02-30, do: one_time, product: autpbx-admin, colour: red}\n")
    run = kontor("simulate", str(_scenario(tmp_path, body, bad)))
    _assert_refused(run)
    lines = run.stderr.strip().splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "catalog: catalog 'my-catalog.yaml' is invalid:",
        "events[1]: unknown key 'colour'",
        "events[1].date: '2026-02-30' is not a date that exists",
        "products[0].tiers[2].from: tier starts at 105, expected 101 (gap after the previous tier)",
        "products[0].options[13]: names unknown product 'autpbx-fax'",
        "products[18].price: an amount is never negative, not -349",
    ]


def test_the_output_schema_knows_exactly_the_refusal_codes():
    from kontor.domain.errors import REFUSAL_CODES

    codes = SCHEMA["$defs"]["result"]["properties"]["rejected"]["items"]["properties"]["code"]
    assert tuple(codes["enum"]) == REFUSAL_CODES


def test_a_product_copied_verbatim_is_reported_at_the_copy(tmp_path):
    block = '  - code: autpbx-admin\n    name: Aufwand Administration\n    charge: one_time\n    price: "25.00"\n'
    assert block in CATALOG
    bad = tmp_path / "dup.yaml"
    bad.write_text(CATALOG + block)
    run = kontor("catalog", "validate", str(bad))
    _assert_refused(run, "products[19].code: product code 'autpbx-admin' is used twice")


def test_messages_in_english_with_lang_en(tmp_path):
    path = _scenario(tmp_path, GOOD + "      - {date: 2026-02-03, do: set_quantity, subscription: ghost, quantity: 2}\n"
                     "      - {date: 2026-02-10, do: cancel, subscription: pbx, bill_notice: true}\n")
    german = json.loads(kontor("simulate", str(path), "--json").stdout)
    english = json.loads(kontor("simulate", str(path), "--json", "--lang", "en").stdout)
    assert german["rejected"][0]["message"] == "Ein Abo 'ghost' gibt es für diesen Kunden nicht."
    assert english["rejected"][0]["message"] == "This customer has no subscription 'ghost'."
    codes = [n["code"] for n in english["notices"]]
    assert codes == ["bill_notice_ignored", "cancellation_confirmed"]
    assert "cancelled (regular); regular end of contract 2026-12-31" in english["notices"][1]["message"]
    assert "ordentlich gekündigt; reguläres Vertragsende 31.12.2026" in german["notices"][1]["message"]
    assert german["invoices"] == english["invoices"]
    run = kontor("simulate", str(path), "--lang", "fr")
    assert run.returncode == 2 and "--lang must be one of de, en" in run.stderr


def test_a_bug_is_a_crash_with_its_traceback_not_a_refused_event(tmp_path, monkeypatch, caplog):
    from typer.testing import CliRunner

    from kontor.entrypoints.cli import main

    def broken(scenario):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(main, "simulate", broken)
    run = CliRunner().invoke(main.app, ["simulate", str(_scenario(tmp_path, GOOD))])
    assert run.exit_code == 70
    assert "internal error in Kontor" in run.output
    assert "ZeroDivisionError: a bug" in caplog.text


def test_a_scenario_of_implausible_length_is_a_file_problem(tmp_path):
    path = _scenario(tmp_path, GOOD.replace("end: 2026-03-01", "end: 9999-12-31"))
    _assert_refused(kontor("simulate", str(path)), "s.yaml:4: end: a scenario spans at most 100 years")


def test_the_command_list_gives_each_summary_as_one_paragraph():
    """`kontor --help` lists a command with its help's first paragraph, the lines of the
    docstring joined (not broken where the source line ends)."""
    from typer.testing import CliRunner

    from kontor.entrypoints.cli import main

    run = CliRunner().invoke(main.app, ["--help"], env={"COLUMNS": "200"})
    assert run.exit_code == 0
    bill = next(line for line in run.stdout.splitlines() if "│ bill " in line)
    assert "Idempotent and resumable: run it again after an interruption and it bills exactly " \
           "who is still due." in bill
