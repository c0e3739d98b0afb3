"""Read scenario files (shared/spec/scenarios.md): the whole file is checked before anything
runs, and every problem is one line naming the file, line, event index and field."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from kontor.adapters.catalog_yaml import CatalogInvalid, load_catalog, resolve
from kontor.adapters.yaml_source import Document, Problem, YamlError, read_yaml, schema_problems
from kontor.domain.account import Customer
from kontor.domain.calendar import known_regions
from kontor.domain.catalog import Catalog, Offer
from kontor.services.commands import Command

DATE_FIELDS = ("effective",)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ScenarioInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Scenario:
    name: str
    file: str
    offer: Offer
    customer: Customer
    start: date
    end: date
    commands: tuple[Command, ...]


def scenario_schema() -> dict:
    return json.loads((resources.files("kontor") / "schemas" / "scenario.schema.json").read_text())


def load_scenario(path: Path) -> Scenario:
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        raise ScenarioInvalid([exc.problem]) from exc
    return parse_scenario(doc, path.parent)


def _date(doc: Document, where: tuple, value, problems: list[Problem]) -> date | None:
    """A date from its ISO text; an impossible one (2026-02-30) is a problem. A value of the
    wrong shape was already reported by the schema."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(doc.problem(where, f"{value!r} is not a date that exists"))
        return None


def parse_scenario(doc: Document, base: Path) -> Scenario:
    """Check the whole file, reporting every problem at once, then build the scenario."""
    if not isinstance(doc.data, dict):
        raise ScenarioInvalid([doc.problem((), "a scenario must be a mapping of keys")])
    problems = schema_problems(doc, scenario_schema())
    data = doc.data
    start = _date(doc, ("start",), data.get("start"), problems)
    end = _date(doc, ("end",), data.get("end"), problems)
    if start and end and end < start:
        problems.append(doc.problem(("end",), f"end {end} is before start {start}"))
    commands = _commands(doc, start, end, problems)
    offer = None
    if isinstance(data.get("catalog"), str | list):
        offer = _offer(doc, data["catalog"], base, problems)
    customer = _customer(doc, problems)
    if problems or offer is None or customer is None:
        # the scenario's own lines first, then those of a catalog it names, each by line
        raise ScenarioInvalid(sorted(problems, key=lambda p: (p.file != doc.file, p.line or 0)))
    commands.sort(key=lambda item: (item[0], item[1]))  # stable: file order within a day
    return Scenario(data.get("scenario", ""), doc.file, offer, customer, start, end,  # type: ignore[arg-type]
                    tuple(c for _, _, c in commands))


def _commands(doc: Document, start: date | None, end: date | None, problems: list[Problem]
              ) -> list[tuple[date, str, Command]]:
    events = doc.data.get("events")
    commands = []
    for i, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict):
            continue
        day = _date(doc, ("events", i, "date"), event.get("date"), problems)
        fields = {k: v for k, v in event.items() if k not in ("date", "do", "at")}
        for key in DATE_FIELDS:
            if key in fields:
                fields[key] = _date(doc, ("events", i, key), fields[key], problems)
        if day and start and end and not start <= day <= end:
            problems.append(doc.problem(("events", i, "date"),
                                        f"{day} lies outside the scenario ({start} … {end})"))
        if day:
            command = Command(day, event.get("do"), fields, i)
            commands.append((day, str(event.get("at", "")), command))
    return commands


def _customer(doc: Document, problems: list[Problem]) -> Customer | None:
    cust = doc.data.get("customer")
    if not isinstance(cust, dict) or cust.get("country") not in ("DE", "CH") or "id" not in cust:
        return None
    region = cust.get("region")
    if region is not None and region not in known_regions(cust["country"]):
        problems.append(doc.problem(("customer", "region"), (
            f"{region!r} is no region of {cust['country']} with known public holidays "
            f"(one of {', '.join(known_regions(cust['country']))})")))
    return Customer(str(cust["id"]), str(cust.get("name", cust["id"])), cust["country"], region)


def _offer(doc: Document, names, base: Path, problems: list[Problem]) -> Offer | None:
    names = [names] if isinstance(names, str) else list(names)
    catalogs: list[Catalog] = []
    for j, name in enumerate(names):
        where = ("catalog",) if len(names) == 1 else ("catalog", j)
        path = resolve(name, base)
        if not path.exists():
            problems.append(doc.problem(where, f"no shipped catalog and no file named {name!r}"))
            continue
        try:
            catalogs.append(load_catalog(path))
        except CatalogInvalid as exc:
            problems.append(doc.problem(where, f"catalog {name!r} is invalid:"))
            problems += exc.problems
    if len({c.currency for c in catalogs}) > 1:
        problems.append(doc.problem(("catalog",), "catalogs of one scenario must share a currency"))
    return Offer(tuple(catalogs)) if catalogs else None

