"""Fuzzing the loaders: whatever YAML text they are given (wrong types, missing and extra keys,
duplicate keys, aliases, odd Unicode, huge numbers, deep nesting, broken syntax), they return a
result or refuse it with located problems, never another exception, and quickly."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kontor.adapters.catalog_yaml import SHIPPED, CatalogInvalid, load_catalog
from kontor.adapters.scenario_yaml import ScenarioInvalid, _rules, parse_scenario
from kontor.adapters.yaml_source import YamlError, parse_yaml, read_yaml

FUZZ = settings(max_examples=120, deadline=2000, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SCENARIO = {
    "scenario": "fuzz", "catalog": "aut-pbx",
    "customer": {"id": "c1", "name": "C1 GmbH", "country": "DE", "region": "BY"},
    "start": "2026-01-01", "end": "2026-04-01",
    "events": [
        {"date": "2026-01-01", "do": "subscribe", "id": "pbx", "product": "autpbx-extension",
         "quantity": 10, "options": ["autpbx-number"]},
        {"date": "2026-02-10", "at": "09:30", "do": "set_quantity", "subscription": "pbx",
         "quantity": 51},
        {"date": "2026-02-11", "do": "device_plan", "id": "d1", "subscription": "pbx",
         "device": "phone", "price": "349.00", "down_payment": 49, "installments": 24},
        {"date": "2026-03-01", "do": "cancel", "subscription": "pbx", "mode": "regular",
         "override": {"ticket": "T-1", "agent": "ab"}},
    ],
}
# raw YAML put where a value goes: numbers and words YAML reads in surprising ways, and worse
RAW = ["1e400", "1.0e+400", "-1", "10000000000000000000000000000000", ".nan", "-.inf", "0x1F",
       "0o17", "017", "10:30", "2026-02-30", "2026-13-01", "NO", "~", "''", "1_000", "2.5",
       "!!binary aGk=", "!!python/object:os.system x", "&anchor x", "*alias", "[[[[[[[[]]]]]]]]",
       "{a: 1, a: 1}", "'\\u202e\U0001f600'", '"\\0"', "|\n  block\n", "9" * 5000, "x" * 3000]
KEYS = ["date", "do", "at", "id", "product", "quantity", "subscription", "price", "code",
        "catalog", "events", "customer", "tiers", "from", "to", "charge", "products", "trial",
        "terms", "notice", "options", "pools", "valid_from", "version", "<<", "?", "ü"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.text(max_size=20),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(KEYS),
    st.builds(lambda i: f"RAW{i:04d}", st.integers(0, len(RAW) - 1)))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=4)),
    max_leaves=12)


def _paths(node: Any, at: tuple = ()) -> list[tuple]:
    found = [at]
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in items:
        found += _paths(child, (*at, key))
    return found


def _parent(doc: Any, path: tuple) -> tuple[Any, Any]:
    for part in path[:-1]:
        doc = doc[part]
    return doc, path[-1]


@st.composite
def mutated(draw, base: dict) -> dict:
    """The base document with a few values replaced, keys removed and keys added."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(doc, path)
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[last] = draw(values)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS))] = draw(values)
        else:
            parent.append(draw(values))
    return doc


def _plain(node: Any) -> Any:
    """Decimals as text so that yaml.safe_dump can write them (unquoted, see _yaml)."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return f"DEC{node}" if type(node).__name__ == "Decimal" else node


def _yaml(doc: Any) -> str:
    text = yaml.safe_dump(_plain(doc), allow_unicode=True, sort_keys=False)
    for i, raw in reversed(list(enumerate(RAW))):
        text = text.replace(f"RAW{i:04d}", raw)
    return text.replace("DEC", "")


@st.composite
def texts(draw, base: dict) -> str:
    """YAML text of a mutated document, perhaps also damaged as text."""
    text = _yaml(draw(mutated(base)))
    lines = text.splitlines(keepends=True)
    damage = draw(st.sampled_from(["none", "duplicate line", "alias", "insert", "cut"]))
    at = draw(st.integers(0, len(lines)))
    if damage == "duplicate line" and lines:
        lines.insert(at, lines[min(at, len(lines) - 1)])
    elif damage == "alias":
        return text.replace(": ", ": &x ", 1) + "again: *x\n"
    elif damage == "insert":
        lines.insert(at, draw(st.sampled_from(["\t", "\ufeff", "\x00", "{", "&", "*", ": ",
                                               "- ", "---\n", "\u2028", "%YAML 1.1\n"])))
    elif damage == "cut":
        return text[:draw(st.integers(0, len(text)))]
    return "".join(lines)


def _assert_located(exc: ScenarioInvalid | CatalogInvalid | YamlError) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert problem.file and problem.message, problem
        assert "Decimal(" not in problem.message, problem


def _catalog_base() -> dict:
    return read_yaml(Path(str(SHIPPED)) / "aut-pbx.yaml").data


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@FUZZ
@given(text=texts(SCENARIO))
def test_scenario_loader_refuses_or_loads(text):
    try:
        parse_scenario(parse_yaml(text, "fuzz.yaml"), Path("."))
    except (ScenarioInvalid, YamlError) as exc:
        _assert_located(exc)


@FUZZ
@given(text=texts(_catalog_base()))
def test_catalog_loader_refuses_or_loads(text, folder):
    path = folder / "catalog.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_catalog(path)
    except CatalogInvalid as exc:
        _assert_located(exc)


@FUZZ
@given(event=mutated({"event": SCENARIO["events"][0]}).map(lambda d: d.get("event")))
def test_the_quick_check_never_passes_what_jsonschema_refuses(event):
    """The fast path for events is only ever stricter than the schema."""
    top, unknown, per_do = _rules()
    do = event.get("do") if isinstance(event, dict) else None
    rule = per_do.get(do, unknown) if isinstance(do, str) else unknown
    if rule.quick(event):
        assert not list(rule.validator.iter_errors(event))


@settings(FUZZ, max_examples=15)
@given(text=texts(SCENARIO))
def test_the_cli_refuses_bad_files_without_a_traceback(text, folder):
    from kontor.entrypoints.cli.main import app

    path = folder / "bad.yaml"
    bad = text + "\nunknown_key_for_sure: 1\n"  # whatever else the text is, this is wrong
    path.write_text(bad, encoding="utf-8", errors="surrogatepass")
    run = CliRunner().invoke(app, ["simulate", str(path), "--json"])
    assert run.exit_code == 2, (run.output, run.exception)
    assert "Traceback" not in run.output


def test_the_schema_the_fast_path_mirrors_is_valid():
    for rule in (*_rules()[:2], *_rules()[2].values()):
        jsonschema.Draft202012Validator.check_schema(rule.validator.schema)
        assert rule.quick is not None, "a keyword quick_check does not know: slow validation"
