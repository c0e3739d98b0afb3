"""Read scenario files (shared/spec/scenarios.md): the whole file is checked before anything
runs, and every problem is one line naming the file, line, event index and field."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from kontor.adapters.campaign_yaml import load_campaign, resolve_campaign, shipped_campaign_names
from kontor.adapters.catalog_yaml import CatalogInvalid, load_catalog, resolve
from kontor.adapters.schema_check import quick_check, validation_problems
from kontor.adapters.yaml_source import Document, Problem, YamlError, read_yaml
from kontor.domain.account import CallList, Customer, mobile_number, vat_id
from kontor.domain.calendar import known_regions
from kontor.domain.campaigns import Campaign
from kontor.domain.catalog import Catalog, Offer
from kontor.messages.problems import normalised, problem
from kontor.services.commands import Command, from_event

DATE_FIELDS = ("effective",)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
SCENARIO_KEYS = "catalog, customer, start, end and events"


MAX_YEARS = 100  # a plausible customer life; beyond it a typo (9999-12-31) would run for ages


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
    catalog_files: tuple[Path, ...] = ()  # the files of the offer's catalogs, as named
    campaigns: dict[str, Campaign] = field(default_factory=dict)  # by name: those named


def scenario_schema() -> dict:
    return json.loads((resources.files("kontor") / "schemas" / "scenario.schema.json").read_text())


def load_scenario(path: Path) -> Scenario:
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        raise ScenarioInvalid(exc.problems) from exc
    return parse_scenario(doc, path.parent)


def parse_scenario(doc: Document, base: Path) -> Scenario:
    """Check the whole file, reporting every problem at once, then build the scenario."""
    shape = _shape_problem(doc)
    if shape:
        raise ScenarioInvalid([shape])
    problems = _schema_problems(doc)
    data = doc.data
    start = _date(doc, ("start",), data.get("start"), problems)
    end = _date(doc, ("end",), data.get("end"), problems)
    if start and end and end < start:
        problems.append(doc.problem(("end",), f"end {end} is before start {start}"))
    elif start and end and end.year - start.year > MAX_YEARS:
        problems.append(doc.problem(("end",), f"a scenario spans at most {MAX_YEARS} years; "
                                              f"{start} … {end} is longer"))
    events = dated_events(doc, start, end, problems)
    usage_files(doc, events, base, problems)
    campaigns = campaign_files(doc, events, base, problems)
    offer = _offer(doc, data.get("catalog"), base, problems)
    customer = _customer(doc, problems)
    if problems or offer is None or customer is None:
        # the scenario's own lines first, then those of a catalog it names, each by line
        raise ScenarioInvalid(sorted(problems, key=lambda p: (p.file != doc.file, p.line or 0)))
    events.sort(key=lambda event: event[:2])  # by day and time of day; stable: file order
    commands = tuple(from_event(day, do, fields, i) for day, _, i, do, fields in events)
    names = data["catalog"] if isinstance(data["catalog"], list) else [data["catalog"]]
    return Scenario(data.get("scenario", ""), doc.file, offer, customer, start, end,  # type: ignore[arg-type]
                    commands, tuple(resolve(name, base) for name in names), campaigns)


def _shape_problem(doc: Document) -> Problem | None:
    """An empty file, or one whose top level is not a mapping, is one problem on its line."""
    if doc.data is None:
        return Problem(doc.file, 1, "", f"the scenario is empty: expected a mapping with "
                                        f"{SCENARIO_KEYS}")
    if not isinstance(doc.data, dict):
        held = "a list" if isinstance(doc.data, list) else "a single value"
        return Problem(doc.file, doc.lines.get((), 1), "",
                       f"a scenario is a mapping with {SCENARIO_KEYS}; this file holds {held}")
    return None


# --- the schema: the top level once, each event by a validator for its `do` -------------------


@dataclass(frozen=True)
class _Rule:
    validator: Any
    quick: Any  # a fast yes; None if the schema has keywords quick_check does not know


def _rule(schema: dict) -> _Rule:
    return _Rule(jsonschema.validators.validator_for(schema)(schema), quick_check(schema))


@cache
def _rules() -> tuple[_Rule, _Rule, dict[str, _Rule]]:
    """Rules for the top level (events only as a list), for an event of unknown `do`, and one
    per `do` (the event's common keys merged with that event's own)."""
    schema = scenario_schema()
    top = copy.deepcopy(schema)
    top["properties"]["events"] = {"type": "array"}
    del top["$defs"]
    event = {k: v for k, v in schema["$defs"]["event"].items() if k != "allOf"}
    per_do = {}
    for branch in schema["$defs"]["event"]["allOf"]:
        own = branch["then"]
        merged = {**event, **own, "required": [*event["required"], *own.get("required", [])],
                  "properties": {**own.get("properties", {}), **event["properties"]}}
        merged["$schema"] = schema["$schema"]
        per_do[branch["if"]["properties"]["do"]["const"]] = _rule(merged)
    return _rule(top), _rule({**event, "$schema": schema["$schema"]}), per_do


def _check(doc: Document, rule: _Rule, value: Any, at: tuple) -> list[Problem]:
    if rule.quick is not None and rule.quick(value):
        return []
    return validation_problems(doc, rule.validator, value, at)


def _schema_problems(doc: Document) -> list[Problem]:
    top, _, _ = _rules()
    problems = _check(doc, top, doc.data, ())
    events = doc.data.get("events")
    for i, event in enumerate(events if isinstance(events, list) else ()):
        problems += event_problems(doc, event, ("events", i))
    return problems


def event_problems(doc: Document, event: Any, at: tuple) -> list[Problem]:
    """One event (found at `at` in the document) checked against the schema of its `do`:
    scenario files, and the other files that speak the scenario vocabulary."""
    _, unknown, per_do = _rules()
    do = event.get("do") if isinstance(event, dict) else None
    rule = per_do.get(do, unknown) if isinstance(do, str) else unknown
    return _check(doc, rule, event, at)


# --- dates, times and commands ------------------------------------------------------------------


def _date(doc: Document, where: tuple, value, problems: list[Problem]) -> date | None:
    """A date from its ISO text; an impossible one (2026-02-30) is a problem. A value of the
    wrong shape was already reported by the schema."""
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(doc.problem(where, problem("no_such_date", value=repr(value))))
        return None


def _seconds(value) -> int | None:
    """Seconds since midnight of an `at:` time; None for none (or a malformed one, which the
    schema reports)."""
    match = TIME_OF_DAY.match(value) if isinstance(value, str) else None
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds or 0)


def usage_files(doc: Document, events: list, base: Path, problems: list[Problem]) -> None:
    """A usage event names its file relative to the scenario file; it must exist, and it
    names a file or lists records, not both."""
    for _, _, i, do, fields in events:
        if do != "usage":
            continue
        if ("file" in fields) == ("records" in fields):
            problems.append(doc.problem(("events", i), problem("usage_file_or_records")))
        elif isinstance(fields.get("file"), str):
            path = Path(fields["file"])
            path = path if path.is_absolute() else base / path
            if not path.is_file():
                problems.append(doc.problem(("events", i, "file"), problem(
                    "no_usage_file", name=repr(fields["file"]))))
            fields["file"] = str(path)


def campaign_files(doc: Document, events: list, base: Path, problems: list[Problem]
                   ) -> dict[str, Campaign]:
    """The campaigns that invite and action events name: a shipped campaign, or a campaign
    file relative to the scenario. Each event's `campaign` becomes the campaign's own name."""
    found: dict[str, Campaign] = {}
    loaded: dict[str, Campaign | None] = {}
    for _, _, i, do, fields in events:
        name = fields.get("campaign") if do in ("invite", "action") else None
        if not isinstance(name, str) or not name:
            continue
        if name not in loaded:
            loaded[name] = _campaign(doc, ("events", i, "campaign"), name, base, problems)
        campaign = loaded[name]
        if campaign is None:
            continue
        if found.setdefault(campaign.name, campaign) != campaign:
            problems.append(doc.problem(("events", i, "campaign"), (
                f"two different campaigns are named {campaign.name!r}")))
        fields["campaign"] = campaign.name
    return found


def _campaign(doc: Document, where: tuple, name: str, base: Path, problems: list[Problem]
              ) -> Campaign | None:
    path = resolve_campaign(name, base)
    if not path.is_file():
        problems.append(doc.problem(where, (
            f"no shipped campaign and no file named {name!r} "
            f"(shipped: {', '.join(shipped_campaign_names())})")))
        return None
    try:
        return load_campaign(path)
    except CatalogInvalid as exc:
        problems.append(doc.problem(where, f"campaign {name!r} is invalid:"))
        problems += exc.problems
        return None


def dated_events(doc: Document, start: date | None, end: date | None,
                 problems: list[Problem]) -> list[tuple[date, int, int, str, dict]]:
    """Each dated event as (day, time of day, index, do, fields). An event without `at:` takes
    the time of the event before it on its day (00:00 for the first), so file order decides
    among equal times. Commands are built from these only once the whole file is valid."""
    events = doc.data.get("events")
    found = []
    clock: dict[date, int] = {}
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
            at = _seconds(event.get("at"))
            clock[day] = at = clock.get(day, 0) if at is None else at
            found.append((day, at, i, event.get("do"), fields))
    return found


# --- customer and catalogs ----------------------------------------------------------------------


def _customer(doc: Document, problems: list[Problem]) -> Customer | None:
    cust = doc.data.get("customer")
    if not isinstance(cust, dict) or cust.get("country") not in ("DE", "CH") or "id" not in cust:
        return None
    region = cust.get("region")
    if isinstance(region, str) and region not in known_regions(cust["country"]):
        problems.append(doc.problem(("customer", "region"), problem(
            "region", value=repr(region), country=cust["country"],
            regions=", ".join(known_regions(cust["country"])))))
    address = cust.get("address") or ()
    address = (address,) if isinstance(address, str) else tuple(str(a) for a in address)
    phone, wrong = normalised(str(cust.get("phone") or ""), mobile_number, "mobile_number")
    if wrong:
        problems.append(doc.problem(("customer", "phone"), wrong))
    vat, wrong = normalised(str(cust.get("vat_id") or ""), vat_id, "vat_id")
    if wrong:
        problems.append(doc.problem(("customer", "vat_id"), wrong))
    return Customer(str(cust["id"]), str(cust.get("name", cust["id"])), cust["country"], region,
                    address, vat, cust.get("email"), cust.get("language", "de"),
                    phone, CallList(cust.get("call_list", "none")))


def _offer(doc: Document, names, base: Path, problems: list[Problem]) -> Offer | None:
    """The catalogs named (the schema reported names that are not non-empty text)."""
    names = [names] if isinstance(names, str) else names
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        return None
    loaded: list[tuple[tuple, str, Catalog]] = []
    for j, name in enumerate(names):
        where = ("catalog",) if len(names) == 1 else ("catalog", j)
        path = resolve(name, base)
        if not path.exists():
            problems.append(doc.problem(where, f"no shipped catalog and no file named {name!r}"))
            continue
        try:
            loaded.append((where, name, load_catalog(path)))
        except CatalogInvalid as exc:
            problems.append(doc.problem(where, f"catalog {name!r} is invalid:"))
            problems += exc.problems
    if len({c.currency for _, _, c in loaded}) > 1:
        problems.append(doc.problem(("catalog",), "catalogs of one scenario must share a currency"))
    problems += _shared_codes(doc, loaded)
    return Offer(tuple(c for _, _, c in loaded)) if loaded else None


def _shared_codes(doc: Document, loaded: list[tuple[tuple, str, Catalog]]) -> list[Problem]:
    """Two catalogs must not define one product code, or which price applies is a guess. Files
    with the same `catalog:` name are versions of one catalog and may."""
    owner: dict[str, tuple[str, str]] = {}  # code -> (catalog name, name in the scenario)
    problems = []
    for where, name, catalog in loaded:
        clashes: dict[str, list[str]] = {}
        for code in catalog.products:
            first = owner.setdefault(code, (catalog.name, name))
            if first[0] != catalog.name:
                clashes.setdefault(first[1], []).append(code)
        for other, codes in clashes.items():
            shown = ", ".join(map(repr, codes[:5])) + (f" and {len(codes) - 5} more"
                                                       if len(codes) > 5 else "")
            problems.append(doc.problem(where, (
                f"catalogs {other!r} and {name!r} both define product "
                f"{'code' if len(codes) == 1 else 'codes'} {shown}; a product code may "
                f"appear in only one catalog of a scenario")))
    return problems
