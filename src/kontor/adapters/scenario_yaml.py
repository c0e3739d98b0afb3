"""Read scenario files (shared/spec/scenarios.md): the whole file is checked before anything
runs, and every problem is one line naming the file, line, event index and field."""

from __future__ import annotations

import json
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


def _date(doc: Document, where: tuple, value: str, problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(doc.problem(where, f"{value!r} is not a date that exists"))
        return None


def parse_scenario(doc: Document, base: Path) -> Scenario:
    if not isinstance(doc.data, dict):
        raise ScenarioInvalid([doc.problem((), "a scenario must be a mapping of keys")])
    problems = schema_problems(doc, scenario_schema())
    if problems:
        raise ScenarioInvalid(problems)
    data = doc.data
    start = _date(doc, ("start",), data["start"], problems)
    end = _date(doc, ("end",), data["end"], problems)
    if start and end and end < start:
        problems.append(doc.problem(("end",), f"end {end} is before start {start}"))
    commands = []
    for i, event in enumerate(data["events"]):
        day = _date(doc, ("events", i, "date"), event["date"], problems)
        fields = {k: v for k, v in event.items() if k not in ("date", "do", "at")}
        for key in DATE_FIELDS:
            if key in fields:
                fields[key] = _date(doc, ("events", i, key), fields[key], problems)
        if day and start and end and not start <= day <= end:
            problems.append(doc.problem(("events", i, "date"),
                                        f"{day} lies outside the scenario ({start} … {end})"))
        if day:
            commands.append((day, event.get("at", ""), Command(day, event["do"], fields, i)))
    offer = _offer(doc, data["catalog"], base, problems)
    if problems:
        raise ScenarioInvalid(problems)
    cust = data["customer"]
    region = cust.get("region")
    if region is not None and region not in known_regions(cust["country"]):
        problems.append(doc.problem(("customer", "region"), (
            f"{region!r} is no region of {cust['country']} with known public holidays "
            f"(one of {', '.join(known_regions(cust['country']))})")))
    if problems:
        raise ScenarioInvalid(problems)
    customer = Customer(str(cust["id"]), cust.get("name", str(cust["id"])), cust["country"],
                        cust.get("region"))
    commands.sort(key=lambda item: (item[0], item[1]))  # stable: file order within a day
    return Scenario(data.get("scenario", ""), doc.file, offer, customer, start, end,  # type: ignore[arg-type]
                    tuple(c for _, _, c in commands))


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

