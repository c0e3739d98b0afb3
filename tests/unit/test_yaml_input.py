"""Reading the YAML that users write (scenarios, catalogs): every problem is one located line in
the user's words, hostile input is refused early, large files load fast."""

from __future__ import annotations

import io
import time
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from kontor.adapters import yaml_source
from kontor.adapters.catalog_yaml import SHIPPED, CatalogInvalid, load_catalog
from kontor.adapters.scenario_yaml import ScenarioInvalid, load_scenario, parse_scenario
from kontor.adapters.yaml_source import YamlError, parse_yaml, read_yaml
from kontor.entrypoints.cli.simulate_tables import print_result

GOOD = """\
scenario: yaml input
catalog: aut-pbx
customer: {id: c1, country: DE}
start: 2026-01-01
end: 2026-03-01
events:
  - {date: 2026-01-01, do: subscribe, id: pbx, product: autpbx-extension, quantity: 3}
"""
AUT_PBX = (Path(str(SHIPPED)) / "aut-pbx.yaml").read_text(encoding="utf-8")
BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""


def _problems(text: str, folder: Path = Path(".")) -> list[str]:
    """The problems of a scenario text, as printed ([] if it loads)."""
    try:
        parse_scenario(parse_yaml(text, "s.yaml"), folder)
    except ScenarioInvalid as exc:
        return [str(p) for p in exc.problems]
    except YamlError as exc:
        return [str(p) for p in exc.problems]
    return []


def _scenario_file(tmp_path: Path, data: bytes | str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _file_problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


# --- 1. duplicate keys ---------------------------------------------------------------------------


def test_a_duplicate_key_in_an_event_is_located():
    text = GOOD + "  - {date: 2026-02-01, do: set_quantity, subscription: pbx, quantity: 10, quantity: 20}\n"
    assert _problems(text) == ["s.yaml:8: events[1]: duplicate key 'quantity'"]


def test_a_duplicate_top_level_key_is_located():
    assert _problems(GOOD + "start: 2026-02-01\n") == ["s.yaml:8: duplicate key 'start'"]


def test_every_duplicate_key_is_reported():
    text = GOOD.replace("country: DE}", "country: DE, id: c2}") + "end: 2026-04-01\n"
    assert _problems(text) == ["s.yaml:3: customer: duplicate key 'id'",
                               "s.yaml:8: duplicate key 'end'"]


def test_a_duplicate_key_in_a_catalog_is_located(tmp_path):
    path = _scenario_file(tmp_path, AUT_PBX.replace("currency: EUR", "currency: EUR\ncurrency: CHF"),
                          "dup.yaml")
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(path)
    assert [str(p) for p in info.value.problems] == [f"{path}:5: duplicate key 'currency'"]


# --- 2. anchors, aliases and size ----------------------------------------------------------------


def test_an_alias_bomb_is_refused_before_it_expands():
    began = time.perf_counter()
    with pytest.raises(YamlError) as info:
        parse_yaml(BOMB, "bomb.yaml")
    assert time.perf_counter() - began < 1
    assert str(info.value) == "bomb.yaml:1: a: anchors and aliases are not allowed"


def test_an_alias_bomb_catalog_is_refused(tmp_path):
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(_scenario_file(tmp_path, BOMB, "bomb.yaml"))
    assert "anchors and aliases are not allowed" in str(info.value)


@pytest.mark.parametrize("text, where", [
    (GOOD.replace("customer: {", "customer: &c {"), "s.yaml:3: customer"),
    (GOOD + "  - *x\n", "s.yaml:8: events[1]"),
    (GOOD.replace("quantity: 3}", "quantity: &n 3}"), "s.yaml:7: events[0].quantity"),
])
def test_anchors_and_aliases_are_refused_wherever_they_are(text, where):
    assert _problems(text) == [f"{where}: anchors and aliases are not allowed"]


def test_a_file_above_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(yaml_source, "MAX_BYTES", 1000)
    path = _scenario_file(tmp_path, GOOD + "# padding\n" * 200)
    assert _file_problems(path) == [f"{path}: {yaml_source.TOO_LARGE}"]


@pytest.mark.parametrize("text, message", [
    (GOOD + "---\nstart: 2026-01-01\n", "s.yaml:8: a file holds one YAML document, this one has a second"),
    (GOOD.replace("id: c1", "id: !!python/object:os.system c1"), "s.yaml:3: customer.id: YAML tags such as 'tag:yaml.org,2002:python/object:os.system' are not allowed"),
    (GOOD + "deep: " + "[" * 100 + "]" * 100 + "\n", "s.yaml:8: deep" + "[0]" * 63 + ": nested more than 64 levels deep"),
    (GOOD + "? [a, b]\n: c\n", "s.yaml:8: a key must be a plain value, not a list or a mapping"),
])
def test_other_yaml_that_kontor_refuses(text, message):
    assert _problems(text) == [message]


# --- 3. loading speed ----------------------------------------------------------------------------


def test_a_large_scenario_loads_every_event(tmp_path):
    """Its speed is measured in benchmarks/ (billing_core.py, load_events.py), not here."""
    events = [f"  - {{date: 2026-01-01, do: subscribe, id: s{n}, product: autpbx-extension}}"
              for n in range(500)]
    events += [f"  - {{date: 2026-{1 + n % 12:02}-{1 + n % 28:02}, do: set_quantity, "
               f"subscription: s{n % 500}, quantity: {n % 50}}}" for n in range(4500)]
    text = GOOD.replace("2026-03-01", "2026-12-31").split("events:")[0]
    path = _scenario_file(tmp_path, text + "events:\n" + "\n".join(events) + "\n")
    scenario = load_scenario(path)
    assert len(scenario.commands) == 5000
    assert scenario.commands[-1].day == date(2026, 12, 28)  # sorted by day, file order kept


def test_values_lines_and_numbers_are_read_as_before():
    doc = parse_yaml("a: 1.50\nb: 2026-01-01\nc: [yes, ~, 0x1F, 1_000, '7']\nd: 10:30\n", "x.yaml")
    assert doc.data == {"a": yaml_source.Decimal("1.50"), "b": "2026-01-01",
                        "c": [True, None, 31, 1000, "7"], "d": "10:30"}
    assert doc.lines[("c", 2)] == 3 and doc.lines[("d",)] == 4


# --- 4. order of events within a day -------------------------------------------------------------


def _order(*events: str) -> list[int]:
    doc = parse_yaml(GOOD.split("events:")[0] + "events:\n" + "".join(
        f"  - {{date: 2026-01-05, {e}}}\n" for e in events), "s.yaml")
    return [c.index for c in parse_scenario(doc, Path(".")).commands]


def test_an_event_without_at_takes_the_time_of_the_event_before_it():
    assert _order("at: '09:00', do: subscribe, id: pbx, product: autpbx-extension",
                  "do: one_time, product: autpbx-admin",
                  "at: '09:30', do: set_quantity, subscription: pbx, quantity: 5") == [0, 1, 2]


def test_events_with_at_apply_in_order_of_time_and_file_order_breaks_ties():
    assert _order("at: '10:00', do: one_time, product: autpbx-admin",
                  "do: one_time, product: autpbx-setup",
                  "at: '09:00', do: subscribe, id: pbx, product: autpbx-extension",
                  "at: '10:00', do: set_quantity, subscription: pbx, quantity: 5",
                  "do: one_time, product: autpbx-porting") == [2, 0, 1, 3, 4]


@pytest.mark.parametrize("at", ["'24:00'", "'12:60'", "'9:30'", "930", "noon"])
def test_at_must_be_a_time_of_day(at):
    text = GOOD.replace("do: subscribe", f"at: {at}, do: subscribe")
    assert _problems(text) == [
        "s.yaml:7: events[0].at: must be a time of day HH:MM, from 00:00 to 23:59"]


def test_an_unquoted_time_is_a_time_not_a_number():
    assert _problems(GOOD.replace("do: subscribe", "at: 10:30, do: subscribe")) == []


# --- 5. two catalogs, one product code -----------------------------------------------------------


def test_two_catalogs_defining_one_product_code_are_refused(tmp_path):
    own = AUT_PBX.replace("catalog: aut-pbx", "catalog: my-pbx", 1)
    _scenario_file(tmp_path, own, "my.yaml")
    text = GOOD.replace("catalog: aut-pbx", "catalog: [aut-pbx, my.yaml]")
    problems = _problems(text, tmp_path)
    assert len(problems) == 1
    assert problems[0].startswith("s.yaml:2: catalog[1]: catalogs 'aut-pbx' and 'my.yaml' both "
                                  "define product codes 'autpbx-extension', ")


def test_two_versions_of_one_catalog_may_share_product_codes(tmp_path):
    newer = AUT_PBX.replace("catalog: aut-pbx", "catalog: aut-pbx\nversion: 2\nvalid_from: 2026-02-01", 1)
    _scenario_file(tmp_path, newer, "aut-pbx-2.yaml")
    assert _problems(GOOD.replace("catalog: aut-pbx", "catalog: [aut-pbx, aut-pbx-2.yaml]"),
                     tmp_path) == []


# --- 6. a long title -----------------------------------------------------------------------------


def _render(title: str) -> str:
    out = io.StringIO()
    data = {"scenario": title, "file": "s.yaml", "invoices": [], "rejected": [], "notices": [],
            "balances": [], "audit": []}
    print_result(Console(file=out, width=100), data)
    return out.getvalue()


def test_a_long_title_is_cut_to_one_short_line_and_renders_fast():
    began = time.perf_counter()
    shown = _render("lang " * 40_000)
    assert time.perf_counter() - began < 2  # was minutes, in rich's console.rule
    assert "…" in shown and len(shown.splitlines()[0]) <= 100


def test_a_title_is_text_not_markup():
    assert "[/bold] [red]x" in _render("[/bold] [red]x")


# --- 7. messages in the user's words -------------------------------------------------------------


@pytest.mark.parametrize("change, message", [
    ("quantity: 2.5", "events[0].quantity: 2.5 is not a whole number"),
    ("quantity: 1000000000000000000000000000000", "events[0].quantity: 1000000000000000000000000000000 is more than the maximum of 1000000"),
    ("quantity: 1e400", "events[0].quantity: '1e400' is not a whole number"),
    ("quantity: .nan", "events[0].quantity: '.nan' is not a whole number"),
    ("quantity: -.inf", "events[0].quantity: '-.inf' is not a whole number"),
    ("quantity: 1.0e+400", "events[0].quantity: 1.0E+400 is not a whole number"),
    ("quantity: true", "events[0].quantity: true is not a whole number"),
    ("quantity: [1]", "events[0].quantity: a list is not a whole number"),
    ("quantity: -1", "events[0].quantity: -1 is less than the minimum of 0"),
    ("quantity: 3, site: 7", "events[0].site: 7 is not text"),
    ("quantity: 3, site: ''", "events[0].site: must not be empty"),
    ("aio: 1", "events[0].aio: 1 is not true or false"),
    ("options: x", "events[0].options: 'x' is not a list"),
    ("options: [{a: 1}]", "events[0].options[0]: a mapping is not text"),
])
def test_type_errors_are_said_in_plain_words(change, message):
    problems = _problems(GOOD.replace("quantity: 3", change))
    assert problems == [f"s.yaml:7: {message}"]
    assert "Decimal(" not in problems[0]


@pytest.mark.parametrize("change, message", [
    ("customer: {id: c1, country: DE}", "customer: 'a' is not a mapping"),
    ("catalog: aut-pbx", "catalog: 5 is not text or a list"),
    ("catalog: aut-pbx", "catalog: must not be an empty list"),
    ("catalog: aut-pbx", "catalog[1]: 3 is not text"),
    ("start: 2026-01-01", "start: must be an ISO date YYYY-MM-DD"),
])
def test_top_level_errors_in_plain_words(change, message):
    new = {"customer": "customer: a", "catalog: 5": "catalog: 5", "catalog: must": "catalog: []",
           "catalog[1]": "catalog: [aut-pbx, 3]", "start": "start: 20260101"}
    key = next(k for k in new if message.startswith(k))
    problems = _problems(GOOD.replace(change, new[key]))
    assert [p.split(": ", 1)[1] for p in problems] == [message]


def test_a_file_that_is_not_utf8_names_line_and_column(tmp_path):
    path = _scenario_file(tmp_path, GOOD.replace("id: c1", "id: M\xfcller").encode("latin-1"))
    assert _file_problems(path) == [f"{path}:3: not UTF-8 text: byte 0xfc in column 17"]


@pytest.mark.parametrize("text, message", [
    ("", "s.yaml:1: the scenario is empty: expected a mapping with catalog, customer, start, end and events"),
    ("# only a comment\n", "s.yaml:1: the scenario is empty: expected a mapping with catalog, customer, start, end and events"),
    ("\n- a\n- b\n", "s.yaml:2: a scenario is a mapping with catalog, customer, start, end and events; this file holds a list"),
    ("2.5\n", "s.yaml:1: a scenario is a mapping with catalog, customer, start, end and events; this file holds a single value"),
    (GOOD.replace("id: c1", "id: \x07"), "s.yaml:3: character U+0007 is not allowed in YAML (column 16)"),
    (GOOD.replace("  - {date", "\t- {date"), "s.yaml:7: bad YAML: "),
])
def test_files_of_the_wrong_shape_get_a_located_message(text, message):
    problems = _problems(text)
    assert len(problems) == 1 and problems[0].startswith(message)


@pytest.mark.parametrize("text", [
    "\ufeff" + GOOD,
    GOOD.replace("id: c1", "id: \"\u202e\U0001f600\u0301\u200b\""),
    GOOD.replace("scenario: yaml input", "scenario: \"tab\\there\""),
])
def test_odd_but_valid_text_loads(text):
    assert _problems(text) == []


def test_a_bom_file_loads(tmp_path):
    path = _scenario_file(tmp_path, b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert read_yaml(path).data["customer"]["id"] == "c1"
