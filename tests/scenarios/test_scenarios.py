"""Every scenario file under tests/scenarios/ is replayed and compared with its hand-worked
`expect:` block (format: tests/scenarios/README.md)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kontor.adapters.scenario_yaml import parse_scenario
from kontor.adapters.yaml_source import read_yaml
from kontor.entrypoints.cli.simulate_output import result_json
from kontor.services.simulate import simulate

HERE = Path(__file__).parent
FILES = sorted(HERE.rglob("*.yaml"))
LINE_KEYS = ("product", "kind", "quantity", "unit_price", "amount", "from", "to",
             "subscription")


def _norm(key: str, value):
    """Compare amounts as decimals ("65" == "65.00"), everything else as text."""
    if value is None:
        return None
    if key in ("quantity", "unit_price", "amount", "net", "tax", "gross", "rounding", "payable",
               "remaining"):
        return Decimal(str(value))
    return str(value)


def _project(item: dict, keys) -> dict:
    return {k: _norm(k, item.get(k)) for k in keys}


def _check_invoice(expected: dict, actual: dict, where: str) -> None:
    totals = {"net": actual["net"], "gross": actual["gross"], "rounding": actual["rounding"],
              "payable": actual["payable"],
              "tax": str(sum((Decimal(t["tax"]) for t in actual["taxes"]), Decimal(0)))}
    for key in ("net", "tax", "gross", "rounding", "payable"):
        if key in expected:
            assert _norm(key, totals[key]) == _norm(key, expected[key]), (
                f"{where}: {key} is {totals[key]}, expected {expected[key]}")
    if "lines" in expected:
        remaining = list(actual["lines"])
        for want in expected["lines"]:
            match = next((got for got in remaining
                          if _project(got, want.keys()) == _project(want, want.keys())), None)
            assert match is not None, (
                f"{where}: no line like {want}\nactual lines:\n" + "\n".join(
                    str(_project(line, LINE_KEYS)) for line in actual["lines"]))
            remaining.remove(match)
        assert not remaining, f"{where}: unexpected lines {[_project(r, LINE_KEYS) for r in remaining]}"


def _contains(expected: list[dict], actual: list[dict], what: str) -> None:
    for want in expected:
        assert any(_project(got, want.keys()) == _project(want, want.keys()) for got in actual), (
            f"no {what} like {want}; got {actual}")


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(HERE)) for p in FILES])
def test_scenario(path: Path) -> None:
    doc = read_yaml(path)
    expect = doc.data.pop("expect")
    result = result_json(simulate(parse_scenario(doc, path.parent)))
    issued = [inv["issued_on"] for inv in result["invoices"]]
    wanted = [str(inv["issued_on"]) for inv in expect.get("invoices", [])]
    assert issued == wanted, f"invoices issued on {issued}, expected {wanted}"
    for want, got in zip(expect.get("invoices", []), result["invoices"], strict=True):
        _check_invoice(want, got, f"invoice of {got['issued_on']}")
    rejected = [(r["event"], r["code"]) for r in result["rejected"]]
    assert rejected == [(r["event"], r["code"]) for r in expect.get("rejected", [])], (
        f"refusals {result['rejected']}")
    _contains(expect.get("notices", []), result["notices"], "notice")
    _contains(expect.get("balances", []), result["balances"], "balance")
    _contains(expect.get("audit", []), result["audit"], "audit record")
    if "flagged" in expect:  # exactly these records, with exactly these flags
        got = sorted((f["record_id"], tuple(f["flags"])) for f in result["flagged"])
        assert got == sorted((f["record_id"], tuple(f["flags"])) for f in expect["flagged"]), got
    _contains(expect.get("usage", []), result["usage"], "usage import")
    if "rewards" in expect:  # exactly these campaign rewards, in the order granted
        keys = ("date", "campaign", "action", "mb")
        assert [_project(r, keys) for r in result["rewards"]] == [
            _project(r, keys) for r in expect["rewards"]], f"rewards {result['rewards']}"
