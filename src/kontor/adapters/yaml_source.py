"""Read YAML documents for catalogs and scenarios: decimals instead of floats, dates as text
(validated by us, so 2026-02-30 is an error message and not a traceback), and the line of every
node so each problem can name its place.

The text is parsed once, with libyaml when it is there, as a stream of events from which the data
is built here. Anchors, aliases and tags are refused as they come, before anything is expanded;
so are duplicate keys, nesting deeper than MAX_DEPTH and files larger than MAX_BYTES."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

Path_ = tuple[str | int, ...]
MAX_BYTES = 50 * 2**20
MAX_DEPTH = 64
TOO_LARGE = f"the file is too large: Kontor reads YAML files of at most {MAX_BYTES // 2**20} MB"
LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
BOM = "\ufeff"
# what YAML forbids in a file (PyYAML's reader refuses the same, but without a line)
NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                           "\U00010000-\U0010ffff]")
# the scalars YAML 1.1 reads as null, booleans and numbers; no base-60 numbers (10:30 is a time)
NULLS = frozenset(("", "~", "null", "Null", "NULL"))
BOOLS = {**dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
         **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False)}
INT = re.compile(r"[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*)")
FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+][0-9]+)?"
                   r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
NUMBER_START = frozenset("-+.0123456789")
STR_TAGS = frozenset((None, "!", "tag:yaml.org,2002:str"))
MAP_TAGS = frozenset((None, "tag:yaml.org,2002:map"))
SEQ_TAGS = frozenset((None, "tag:yaml.org,2002:seq"))


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
    """A file that is no acceptable YAML; `problems` lists each reason, `problem` the first."""

    def __init__(self, problem: Problem, *more: Problem) -> None:
        super().__init__("\n".join(map(str, (problem, *more))))
        self.problem = problem
        self.problems = [problem, *more]


def format_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_yaml(path: Path) -> Document:
    """Read and parse one file: at most MAX_BYTES of UTF-8 text (a leading BOM is fine)."""
    file = str(path)
    try:
        with path.open("rb") as stream:  # a bounded read: a pipe or /dev/zero cannot flood us
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise YamlError(Problem(file, None, "", f"cannot read: {exc}")) from None
    if len(raw) > MAX_BYTES:
        raise YamlError(Problem(file, None, "", TOO_LARGE))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(_not_utf8(raw, exc.start, file)) from None
    return parse_yaml(text, file)


def _not_utf8(raw: bytes, at: int, file: str) -> Problem:
    line_start = raw.rfind(b"\n", 0, at) + 1
    column = len(raw[line_start:at].decode("utf-8", "replace")) + 1
    return Problem(file, raw.count(b"\n", 0, at) + 1, "",
                   f"not UTF-8 text: byte 0x{raw[at]:02x} in column {column}")


def parse_yaml(text: str, file: str) -> Document:
    """Parse one YAML document; anything wrong becomes a YamlError naming file and line."""
    if len(text) > MAX_BYTES:
        raise YamlError(Problem(file, None, "", TOO_LARGE))
    text = text.removeprefix(BOM)
    bad = NOT_PRINTABLE.search(text)
    if bad:
        line, column = _line_column(text, bad.start())
        raise YamlError(Problem(file, line, "", f"character U+{ord(bad.group()):04X} is not "
                                                f"allowed in YAML (column {column})"))
    builder = _Builder(file)
    loader = LOADER(text)
    try:
        builder.run(loader.get_event)
    except yaml.YAMLError as exc:
        raise YamlError(_syntax_problem(exc, file, text)) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise YamlError(*builder.problems)
    return Document(file, builder.root, builder.lines)


def _line_column(text: str, at: int) -> tuple[int, int]:
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def _syntax_problem(exc: yaml.YAMLError, file: str, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = mark.line + 1 if mark else None
    if mark is None and isinstance(getattr(exc, "position", None), int):
        line = _line_column(text, min(exc.position, len(text)))[0]  # type: ignore[attr-defined]
    return Problem(file, line, "", f"bad YAML: {reason.removeprefix('did not find ')}")


class _Frame:
    """An open mapping or list, and for a mapping the key whose value comes next."""

    __slots__ = ("container", "path", "key", "key_line", "duplicate")

    def __init__(self, container: dict | list, path: Path_) -> None:
        self.container = container
        self.path = path
        self.key: str | None = None
        self.key_line = 0
        self.duplicate = False


class _Builder:
    """Builds plain data (dict, list, str, int, Decimal, bool, None) from parser events."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.root: Any = None
        self.lines: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.stack: list[_Frame] = []

    def run(self, next_event) -> None:
        documents = 0
        while True:
            event = next_event()
            kind = event.__class__
            if kind is ScalarEvent:
                self.scalar(event)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                self.stack.pop()
            elif kind is MappingStartEvent:
                self.open(event, {}, MAP_TAGS)
            elif kind is SequenceStartEvent:
                self.open(event, [], SEQ_TAGS)
            elif kind is AliasEvent:
                self.fail(event, "anchors and aliases are not allowed")
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.fail(event, "a file holds one YAML document, this one has a second")
            elif kind is StreamEndEvent:
                return

    def fail(self, event, message: str) -> None:
        path = self.next_path() if self.stack else ()
        problem = Problem(self.file, event.start_mark.line + 1, format_path(path), message)
        raise YamlError(problem)

    def next_path(self) -> Path_:
        """Where the next value goes (for a mapping awaiting a key: the mapping itself)."""
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return top.path if top.key is None else (*top.path, top.key)

    def check(self, event, tags: frozenset) -> None:
        if event.anchor is not None:
            self.fail(event, "anchors and aliases are not allowed")
        if event.tag not in tags:
            self.fail(event, f"YAML tags such as {event.tag!r} are not allowed")

    def scalar(self, event: ScalarEvent) -> None:
        if event.anchor is not None or event.tag is not None:
            self.check(event, STR_TAGS)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.key is None and top.container.__class__ is dict:
            self.key(top, event)
        elif event.tag is None and event.implicit[0]:
            self.place(_plain(event.value), event)
        else:
            self.place(event.value, event)

    def key(self, top: _Frame, event: ScalarEvent) -> None:
        key = sys.intern(event.value)
        top.key, top.key_line = key, event.start_mark.line + 1
        top.duplicate = key in top.container
        if top.duplicate:
            self.problems.append(Problem(self.file, top.key_line, format_path(top.path),
                                         f"duplicate key {show(key)}"))

    def open(self, event, container: dict | list, tags: frozenset) -> None:
        if event.anchor is not None or event.tag is not None:
            self.check(event, tags)
        top = self.stack[-1] if self.stack else None
        if top is not None and top.key is None and top.container.__class__ is dict:
            self.fail(event, "a key must be a plain value, not a list or a mapping")
        if len(self.stack) >= MAX_DEPTH:
            self.fail(event, f"nested more than {MAX_DEPTH} levels deep")
        self.stack.append(_Frame(container, self.place(container, event)))

    def place(self, value: Any, event) -> Path_:
        """Put a value into the open container (or make it the root); return its path."""
        if not self.stack:
            self.root = value
            self.lines[()] = event.start_mark.line + 1
            return ()
        top = self.stack[-1]
        container = top.container
        if container.__class__ is list:
            path = (*top.path, len(container))
            container.append(value)
            self.lines[path] = event.start_mark.line + 1
            return path
        path = (*top.path, top.key)
        if not top.duplicate:
            container[top.key] = value
            self.lines[path] = top.key_line
        top.key = None
        return path


def _plain(text: str) -> Any:
    """An unquoted scalar: null, true/false, a whole number, a decimal, or else text."""
    if text in NULLS:
        return None
    if text in BOOLS:
        return BOOLS[text]
    if text[0] not in NUMBER_START:
        return text
    try:
        if INT.fullmatch(text):
            return _int(text.replace("_", ""))
        if FLOAT.fullmatch(text):
            return Decimal(text.replace("_", ""))
    except (ValueError, ArithmeticError):  # .inf, .nan, thousands of digits: validation says no
        pass
    return text


def _int(text: str) -> int:
    sign, digits = (-1, text[1:]) if text[0] == "-" else (1, text.lstrip("+"))
    if digits.startswith(("0b", "0x")):
        return sign * int(digits, 0)
    if len(digits) > 1 and digits[0] == "0":
        return sign * int(digits, 8)
    return sign * int(digits)


def show(value: Any, limit: int = 40) -> str:
    """A value as the file's author would write it, shortened."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[:limit] + "…")
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
