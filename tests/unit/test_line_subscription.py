"""Every invoice line names the subscription it bills (None for customer-wide lines), in the
domain, in `kontor simulate --json` and in the CLI tables; the readable outputs show it only on
lines of a product the invoice bills for more than one subscription (one rule for all)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
from rich.console import Console

from kontor.adapters.scenario_yaml import parse_scenario
from kontor.adapters.yaml_source import read_yaml
from kontor.domain.invoicing.lines import products_of_several_subscriptions
from kontor.entrypoints.cli.simulate_output import result_json
from kontor.entrypoints.cli.simulate_tables import _invoice_table
from kontor.services.simulate import simulate

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "tests" / "scenarios"
SCHEMA = (ROOT / "src/kontor/schemas/simulate-output.schema.json").read_text()


def _simulate(name: str):
    path = SCENARIOS / name
    doc = read_yaml(path)
    doc.data.pop("expect", None)
    return simulate(parse_scenario(doc, path.parent))


def _by_kind(result) -> dict[str, set]:
    out: dict[str, set] = {}
    for invoice in result.invoices:
        for line in invoice.lines:
            out.setdefault(line.kind, set()).add(line.subscription)
    return out


def test_device_plan_charges_name_the_plan_s_subscription_and_rounding_lines_none():
    # p1 is a device plan on s1 (CHF: the 0.05 rounding line belongs to no subscription)
    kinds = _by_kind(_simulate("smart_abo/device_plan_instalment_rounding.yaml"))
    assert kinds == {"recurring": {"s1"}, "down_payment": {"s1"}, "installment": {"s1"},
                     "remaining_amount": {"s1"}, "rounding": {None}}


def test_notice_period_charges_and_discounts_name_their_subscription():
    # s1 (Smart S with AIO) is cancelled at once with the notice period billed on 1 April
    result = _simulate("smart_abo/immediate_cancel_notice_billed.yaml")
    notice = [line for i in result.invoices for line in i.lines if "Kündigungsfrist" in line.text]
    assert {(line.kind, line.subscription) for line in notice} == {
        ("recurring", "s1"), ("discount", "s1")}


def test_one_time_orders_are_customer_wide():
    kinds = _by_kind(_simulate("aut_pbx/one_time_fees.yaml"))
    assert kinds == {"recurring": {"pbx"}, "one_time": {None}}


def test_usage_lines_name_the_subscription_that_rated_the_calls():
    kinds = _by_kind(_simulate("aut_pbx/usage/itemised_call_list_masked.yaml"))
    assert kinds == {"recurring": {"pbx"}, "usage": {"pbx"}}


def test_the_json_lines_carry_the_key_and_validate():
    data = result_json(_simulate("digital_phone/extensions_at_two_sites.yaml"))
    jsonschema.validate(data, json.loads(SCHEMA))
    first = data["invoices"][0]["lines"]
    assert [(line["product"], line["subscription"]) for line in first] == [
        ("dp-base-basic", "base"), ("dp-extension-basic", "base"),
        ("dp-extension-basic", "hh"), ("dp-extension-basic", "hl"), ("dp-activation", None)]


def test_the_rule_names_only_products_billed_for_several_subscriptions():
    assert products_of_several_subscriptions([]) == frozenset()
    assert products_of_several_subscriptions(
        [("a", "s1"), ("a", "s1"), ("b", "s1"), (None, None), ("c", None)]) == frozenset()
    assert products_of_several_subscriptions(
        [("a", "s1"), ("a", "s2"), ("b", "s1"), ("c", None), ("c", "s3")]) == {"a"}


def _table_text(invoice: dict, sites: dict | None, lang: str = "de") -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(_invoice_table(invoice, lang, "Kunde", sites))
    return console.export_text()


def test_the_cli_table_shows_the_subscription_only_where_a_product_has_several():
    result = _simulate("digital_phone/extensions_at_two_sites.yaml")
    data = result_json(result)
    text = _table_text(data["invoices"][0], result.account.sites())
    assert "Abonnement hh, Standort Hamburg" in text
    assert "Abonnement hl, Standort Lübeck" in text
    assert "Abonnement base" in text  # its own extension line; the base has no site
    assert text.count("Abonnement") == 3  # not under the base package or the activation fee
    english = _table_text(data["invoices"][0], result.account.sites(), "en")
    assert "Subscription hh, site Hamburg" in english
    without_sites = _table_text(data["invoices"][0], None)
    assert "Abonnement hh" in without_sites and "Standort" not in without_sites


def test_one_subscription_per_product_shows_none():
    data = result_json(_simulate("aut_pbx/one_time_fees.yaml"))
    for invoice in data["invoices"]:
        assert "Abonnement" not in _table_text(invoice, {"pbx": "Wien"})
