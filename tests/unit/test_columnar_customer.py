"""Billing prices a customer's usage with the columnar engine; the record-by-record reference
must give the same totals per subscription, month, group and price, the same balances and the
same flagged records — on every usage scenario."""

from __future__ import annotations

from pathlib import Path

import pytest

from kontor.adapters.scenario_yaml import parse_scenario
from kontor.adapters.yaml_source import read_yaml
from kontor.domain.invoicing.usage import totals
from kontor.domain.rating.customer import balances_on, rate_customer
from kontor.domain.rating.customer_columnar import (
    balances_from,
    price_usage,
    rate_frame,
    records_frame,
)
from kontor.services.simulate import simulate

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FILES = sorted(p for p in SCENARIOS.rglob("*.yaml") if "usage" in p.read_text())


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SCENARIOS)) for p in FILES])
def test_columnar_prices_equal_the_reference(path):
    doc = read_yaml(path)
    doc.data.pop("expect")
    result = simulate(parse_scenario(doc, path.parent))
    records = result.uow.usage.records(result.customer)
    until = result.scenario.end
    reference = totals(rate_customer(result.account, records, until).rated)
    columnar = price_usage(result.account, records_frame(records), until)
    key = lambda p: (p.subscription, p.month, p.group, p.unit_price)  # noqa: E731
    assert sorted(map(key, columnar)) == sorted(map(key, reference))
    want = {key(p): (p.quantity, p.amount) for p in reference}
    assert {key(p): (p.quantity, p.amount) for p in columnar} == want
    assert len(FILES) >= 10
    frame = rate_frame(result.account, records_frame(records), until)
    rated = rate_customer(result.account, records, until)
    assert balances_from(result.account, frame, until) == balances_on(result.account, rated,
                                                                      until)
    assert sorted((r, tuple(f)) for r, _, _, f in frame.flagged.iter_rows()) == sorted(
        (r.record.record_id, r.flags) for r in rated.rated if r.flags)
