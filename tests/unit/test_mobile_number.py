"""A customer's mobile number for SMS: one rule (domain.account.mobile_number) for the scenario
file, the migration CSV and the REST API — written with spaces or without, stored as E.164."""

from __future__ import annotations

from pathlib import Path

import pytest

from kontor.adapters.scenario_yaml import ScenarioInvalid, parse_scenario
from kontor.adapters.yaml_source import parse_yaml
from kontor.domain.account import mobile_number
from kontor.entrypoints.api.requests import NewCustomer


@pytest.mark.parametrize(("written", "stored"), [
    ("+49 171 1234567", "+491711234567"), ("+491711234567", "+491711234567"),
    ("+41 79 123 45 67", "+41791234567"),
    ("0171 1234567", None),  # national: the SMS gateway needs the country
    ("+0 171 1234567", None), ("+49 171", None), ("+49 171 12345x7", None), ("", None)])
def test_a_mobile_number_is_stored_as_e164_or_refused(written: str, stored: str | None) -> None:
    assert mobile_number(written) == stored


def _scenario(phone: str):
    text = ("scenario: phone\ncatalog: o2-unite\n"
            f"customer: {{id: c1, country: DE, phone: '{phone}'}}\n"
            "start: 2026-01-01\nend: 2026-02-01\nevents: []\n")
    return parse_scenario(parse_yaml(text, "s.yaml"), Path("."))


def test_a_scenario_stores_the_number_written_with_spaces_as_e164() -> None:
    assert _scenario("+49 171 1234567").customer.phone == "+491711234567"


def test_a_scenario_with_too_few_digits_is_refused_at_the_customer_phone() -> None:
    with pytest.raises(ScenarioInvalid) as refused:
        _scenario("+4 9 1 7 1 1")  # the file's schema counts the spaces; the rule does not
    assert "customer.phone" in str(refused.value)
    assert "no international mobile number" in str(refused.value)


def test_the_api_takes_the_stored_form_only() -> None:
    body = {"id": "c1", "name": "C", "country": "DE", "catalogs": ["o2-unite"]}
    assert NewCustomer.model_validate(body | {"phone": "+491711234567"}).phone == "+491711234567"
    with pytest.raises(ValueError, match="phone"):
        NewCustomer.model_validate(body | {"phone": "0171 1234567"})
