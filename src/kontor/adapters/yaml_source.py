"""Read YAML documents for catalogs and scenarios: decimals instead of floats, dates as text
(validated by us, so 2026-02-30 is an error message and not a traceback), and the line of every
node so each problem can name its place."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    pass


# Dates stay strings: the schema layer parses them and reports impossible ones with their place.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | str:
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf / .nan: keep the text, validation refuses it
        return text


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where and why."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass
class Document:
    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def problem(self, path: Path_, message: str) -> Problem:
        probe = tuple(path)
        while probe and probe not in self.lines:
            probe = probe[:-1]
        return Problem(self.file, self.lines.get(probe), format_path(path), message)


class YamlError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _index_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value
            lines[(*path, name)] = key.start_mark.line + 1
            _index_lines(value, (*path, name), lines)
            lines[(*path, name)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), lines)


def parse_yaml(text: str, file: str) -> Document:
    """Parse one YAML document; a syntax error becomes a YamlError naming file and line."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        raise YamlError(Problem(file, line, "", f"bad YAML: {reason}")) from None
    except (ValueError, TypeError) as exc:
        raise YamlError(Problem(file, None, "", f"bad YAML: {exc}")) from exc
    lines: dict[Path_, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return Document(file, data, lines)


def read_yaml(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlError(Problem(str(path), None, "", f"cannot read: {exc}")) from exc
    return parse_yaml(text, str(path))


def schema_problems(doc: Document, schema: dict) -> list[Problem]:
    """Validate against a JSON Schema; one Problem per error, with line and readable reason."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    for err in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.path))):
        problems.append(doc.problem(tuple(err.path), _reason(err)))
    return problems


def _reason(err: Any) -> str:
    message = err.schema.get("x-message") if isinstance(err.schema, dict) else None
    if message:
        return message
    if err.validator == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        return f"unknown key {', '.join(map(repr, extra))}"
    if err.validator == "required":
        return err.message.replace("is a required property", "is required")
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
    return err.message
