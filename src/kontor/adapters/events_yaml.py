"""Dated events for stored customers (`kontor events apply FILE`): the events of a scenario file
(shared/spec/scenarios.md), each naming the customer it is for.

    events:
      - {customer: acme, date: 2026-02-10, do: set_quantity, subscription: pbx, quantity: 51}
      - {customer: acme, date: 2026-03-05, do: usage, file: cdrs/march.csv}

The whole file is checked before anything is applied, with the checks of scenario files: every
problem names file, line, event index and field. Events come out in date order (and time of
day, `at:`); events of one day keep their file order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kontor.adapters.scenario_yaml import dated_events, event_problems, usage_files
from kontor.adapters.yaml_source import Document, Problem, YamlError, read_yaml
from kontor.messages.problems import problem
from kontor.services.commands import Command, from_event


class EventsInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class CustomerEvent:
    customer: str
    do: str
    command: Command  # its `index` is the event's place in the file


def load_events(path: Path) -> list[CustomerEvent]:
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        raise EventsInvalid(exc.problems) from exc
    return parse_events(doc, path.parent)


def parse_events(doc: Document, base: Path) -> list[CustomerEvent]:
    """Check the whole document, then build one command per event, in the order to apply."""
    shape = _shape_problems(doc)
    if shape:
        raise EventsInvalid(shape)
    problems: list[Problem] = []
    for i, event in enumerate(doc.data["events"]):
        if not isinstance(event, dict):
            problems.append(doc.problem(("events", i), problem("event_shape")))
            continue
        problems += _customer_problems(doc, event, i)
        problems += event_problems(doc, {k: v for k, v in event.items() if k != "customer"},
                                   ("events", i))
    events = dated_events(doc, None, None, problems)
    usage_files(doc, events, base, problems)
    if problems:
        raise EventsInvalid(sorted(problems, key=lambda p: p.line or 0))
    events.sort(key=lambda event: event[:2])  # by day and time of day; stable: file order
    return [CustomerEvent(fields.pop("customer"), do, from_event(day, do, fields, i))
            for day, _, i, do, fields in events]


def _shape_problems(doc: Document) -> list[Problem]:
    data = doc.data
    if data is None:
        return [Problem(doc.file, 1, "", problem("events_empty"))]
    if not isinstance(data, dict):
        return [Problem(doc.file, doc.lines.get((), 1), "", problem("events_shape"))]
    problems = [doc.problem((key,), problem("events_unknown_key", name=repr(key)))
                for key in data if key != "events"]
    if not isinstance(data.get("events"), list):
        problems.append(doc.problem(("events",) if "events" in data else (),
                                    problem("events_shape")))
    return problems


def _customer_problems(doc: Document, event: dict, i: int) -> list[Problem]:
    customer = event.get("customer")
    if "customer" not in event:
        return [doc.problem(("events", i), problem("event_customer_required"))]
    if not isinstance(customer, str) or not customer:
        return [doc.problem(("events", i, "customer"), problem("event_customer_text"))]
    return []
