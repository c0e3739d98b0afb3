"""Every scenario of tests/scenarios gives the same result (invoices to the cent, notices,
rejections, balances, usage reports …) in `kontor simulate`'s in-memory store, on SQLite and on
PostgreSQL: the whole simulate output is compared, not a sample of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kontor.adapters.scenario_yaml import parse_scenario
from kontor.adapters.yaml_source import read_yaml
from kontor.entrypoints.cli.simulate_output import result_json
from kontor.services.simulate import simulate

SCENARIOS = Path(__file__).parents[1] / "scenarios"
FILES = sorted(SCENARIOS.rglob("*.yaml"))


def _scenario(path: Path):
    doc = read_yaml(path)
    doc.data.pop("expect", None)
    return parse_scenario(doc, path.parent)


@pytest.mark.parametrize("path", FILES, ids=[str(f.relative_to(SCENARIOS)) for f in FILES])
def test_the_store_bills_every_scenario_like_simulate(path: Path, store) -> None:
    scenario = _scenario(path)
    memory_run, store_run = simulate(scenario), simulate(scenario, store.uow())
    in_memory, stored = result_json(memory_run), result_json(store_run)
    assert stored == in_memory
    assert stored["invoices"] or not in_memory["invoices"]
    assert _invoices(store_run) == _invoices(memory_run)  # every field, also what is not shown


def _invoices(result) -> list:
    with result.uow:
        return result.uow.billing.invoices(result.customer)


def test_there_are_scenarios_with_invoices_usage_and_agreements() -> None:
    assert len(FILES) > 60
