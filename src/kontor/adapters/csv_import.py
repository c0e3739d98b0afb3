"""Master data from another system as CSV (`kontor customers import`, `kontor subscriptions
import`). A file is UTF-8 (a leading BOM is fine), with `,` or `;` between fields (whichever
the header line uses more) and a header line naming its columns (any order, any case).

A file that cannot be used at all (unreadable, not UTF-8, no header, a required column missing,
a column nobody knows) raises CsvUnreadable; a bad row gives its problems, each naming file,
line and column, and the other rows are still read. Rows are only parsed here: the rules are
checked by the services they go through."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kontor.adapters.scenario_yaml import event_problems
from kontor.adapters.yaml_source import Document, Problem
from kontor.domain.account import CallList, Customer, mobile_number, vat_id
from kontor.domain.calendar import ONE_DAY, known_regions
from kontor.messages.problems import normalised, problem


@dataclass(frozen=True)
class Columns:
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def known(self) -> tuple[str, ...]:
        return self.required + self.optional


CUSTOMER_COLUMNS = Columns(("id", "name", "country", "catalogs"),
                           ("region", "address", "vat_id", "email", "language", "phone",
                            "call_list"))
SUBSCRIPTION_COLUMNS = Columns(("customer", "id", "product", "start"),
                               ("quantity", "options", "combined_with", "aio", "trial", "site",
                                "billed_until"))
COUNTRIES = ("DE", "CH")
LANGUAGES = ("de", "en")
CALL_LISTS = tuple(c.value for c in CallList)
CUSTOMER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WHOLE_NUMBER = re.compile(r"^[+-]?\d+$")
YES = ("true", "yes", "ja", "1", "x")
NO = ("false", "no", "nein", "0")


class CsvUnreadable(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class RowInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    file: str
    line: int  # where the row starts (a quoted field may span lines)
    values: dict[str, str]  # column -> text without surrounding blanks ("" if empty)
    fields: int  # how many fields the row had
    unclosed: bool = False  # a quoted field not closed: nothing of the row can be trusted

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.file, self.line, column, message)


@dataclass(frozen=True)
class CsvFile:
    file: str
    delimiter: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def read_csv(path: Path, columns: Columns) -> CsvFile:
    """Every data row of a file (blank lines skipped); CsvUnreadable if it cannot be used."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CsvUnreadable([Problem(file, None, "", problem(
            "cannot_read", error=exc.strerror or exc))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise CsvUnreadable([Problem(file, line, "", problem("not_utf8"))]) from None
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        records = _records(text.splitlines(keepends=True), delimiter)
    except _NotCsv as exc:
        raise CsvUnreadable([Problem(file, exc.line, "",
                                     problem("not_csv", error=exc.error))]) from None
    if not records:
        raise CsvUnreadable([Problem(file, 1, "", problem(
            "csv_empty", columns=", ".join(columns.known)))])
    header_line, header, _ = records[0]
    names = _header(file, header_line, header, columns)
    rows = tuple(Row(file, line, {n: (cells[i].strip() if i < len(cells) else "")
                                  for i, n in enumerate(names)}, len(cells), unclosed)
                 for line, cells, unclosed in records[1:])
    return CsvFile(file, delimiter, names, rows)


class _NotCsv(Exception):
    def __init__(self, line: int, error: csv.Error) -> None:
        self.line, self.error = line, error


def _records(lines: list[str], delimiter: str) -> list[tuple[int, list[str], bool]]:
    """(first line, cells, unclosed) of every non-blank record. A quoted field may span lines
    (an address), but a record that does so and then has another number of fields than the
    header is a quote never closed: it is marked, and reading starts again on the line after
    its first, so the rows it would swallow are read as rows of their own."""
    found: list[tuple[int, list[str], bool]] = []
    at, width = 0, None  # lines read; fields of the header
    while at < len(lines):
        reader = csv.reader(iter(lines[at:]), delimiter=delimiter)
        end = 0
        try:
            for cells in reader:
                start, end = end + 1, reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if width is None:
                    width = len(cells)
                elif end > start and len(cells) != width:
                    found.append((at + start, cells, True))
                    at += start
                    break
                found.append((at + start, cells, False))
            else:
                return found
        except csv.Error as exc:
            raise _NotCsv(at + reader.line_num, exc) from None
    return found


def _header(file: str, line: int, header: list[str], columns: Columns) -> tuple[str, ...]:
    names = tuple(name.strip().lower() for name in header)
    problems = []
    unknown = [n or problem("unnamed_column", n=i + 1) for i, n in enumerate(names)
               if n not in columns.known]
    missing = [n for n in columns.required if n not in names]
    doubled = sorted({n for n in names if names.count(n) > 1 and n})
    if unknown:
        problems.append(Problem(file, line, "", problem(
            "unknown_column", names=", ".join(unknown), known=", ".join(columns.known))))
    if missing:
        problems.append(Problem(file, line, "", problem("missing_column",
                                                        names=", ".join(missing))))
    if doubled:
        problems.append(Problem(file, line, "", problem("column_twice",
                                                        names=", ".join(doubled))))
    if problems:
        raise CsvUnreadable(problems)
    return names


def _width(row: Row, columns: int) -> list[Problem]:
    """The row's field count against the header's; a row with a quote never closed is
    refused for that alone (its fields are whatever the quote swallowed)."""
    if row.unclosed:
        raise RowInvalid([row.problem("", problem("unclosed_quote"))])
    if row.fields == columns:
        return []
    return [row.problem("", problem("field_count", found=row.fields, count=columns))]


def _not_one_of(text: str, allowed: tuple[str, ...]) -> str:
    return problem("not_one_of", value=repr(text), allowed=", ".join(allowed))


def _list(text: str, separator: str = ";") -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


# --- customers ----------------------------------------------------------------------------------


def customer_row(row: Row, columns: int) -> tuple[Customer, tuple[str, ...]]:
    """The customer of a row and the names of the catalogs it buys from."""
    v = row.values
    problems = _width(row, columns)
    if not CUSTOMER_ID.match(v["id"]):
        problems.append(row.problem("id", problem("customer_id", value=repr(v["id"]))
                                    if v["id"] else problem("required")))
    if not v["name"]:
        problems.append(row.problem("name", problem("required")))
    country, region = v["country"].upper(), v.get("region", "") or None
    if country not in COUNTRIES:
        problems.append(row.problem("country", _not_one_of(v["country"], COUNTRIES)))
    elif region is not None and region not in known_regions(country):
        problems.append(row.problem("region", problem(
            "region", value=repr(region), country=country,
            regions=", ".join(known_regions(country)))))
    language = v.get("language", "").lower() or "de"
    if language not in LANGUAGES:
        problems.append(row.problem("language", _not_one_of(v["language"], LANGUAGES)))
    email = v.get("email", "") or None
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
        problems.append(row.problem("email", problem("email", value=repr(email))))
    phone, wrong = normalised(v.get("phone", ""), mobile_number, "mobile_number")
    if wrong:
        problems.append(row.problem("phone", wrong))
    vat, wrong = normalised(v.get("vat_id", ""), vat_id, "vat_id")
    if wrong:
        problems.append(row.problem("vat_id", wrong))
    call_list = (v.get("call_list", "") or "none").lower()
    if call_list not in CALL_LISTS:
        problems.append(row.problem("call_list", _not_one_of(v["call_list"], CALL_LISTS)))
    catalogs = tuple(_list(v["catalogs"]))
    if not catalogs:
        problems.append(row.problem("catalogs", problem("catalogs_required")))
    if problems:
        raise RowInvalid(problems)
    address = tuple(_list("|".join(v.get("address", "").splitlines()), "|"))  # | or line breaks
    return Customer(v["id"], v["name"], country, region, address,
                    vat, email, language, phone,
                    CallList(call_list)), catalogs


# --- subscriptions ------------------------------------------------------------------------------


def subscription_row(row: Row, columns: int) -> tuple[str, date, dict, date | None]:
    """(customer id, start day, fields of a `subscribe` event, billed until), the fields
    checked like those of a scenario's subscribe event. `billed_until`: the last day the
    previous system billed the subscription's fees, a month's last day, not before its start
    month."""
    v = row.values
    problems = _width(row, columns)
    if not v["customer"]:
        problems.append(row.problem("customer", problem("required")))
    day = _day(row, "start", problems)
    billed = _billed_until(row, day, problems)
    event: dict = {"date": (day or date.min).isoformat(), "do": "subscribe"}
    for column in SUBSCRIPTION_COLUMNS.known[1:]:
        text = v.get(column, "")
        if column not in ("start", "billed_until") and text:
            event[column] = _typed(column, text)
    problems += event_problems(Document(row.file, event, {(): row.line}), event, ())
    if problems or day is None:
        raise RowInvalid(problems)
    fields = {k: x for k, x in event.items() if k not in ("date", "do")}
    return v["customer"], day, fields, billed


def _billed_until(row: Row, start: date | None, problems: list[Problem]) -> date | None:
    if not row.values.get("billed_until"):
        return None
    day = _day(row, "billed_until", problems)
    if day is None:
        return None
    if (day + ONE_DAY).day != 1:
        problems.append(row.problem("billed_until", problem("not_a_month_end", value=day)))
    elif start is not None and day < start - ONE_DAY:
        problems.append(row.problem("billed_until", problem("billed_before_start",
                                                            value=day, start=start)))
    return day


def _day(row: Row, column: str, problems: list[Problem]) -> date | None:
    text = row.values[column]
    if not ISO_DATE.match(text):
        problems.append(row.problem(column, problem("not_a_date", value=repr(text)) if text
                                    else problem("required")))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(row.problem(column, problem("no_such_date", value=repr(text))))
        return None


def _typed(column: str, text: str) -> object:
    """A cell as the type the subscribe event wants; text that does not fit stays text, so the
    schema check says what is wrong with it."""
    if column == "quantity" and WHOLE_NUMBER.match(text):
        return int(text)
    if column in ("aio", "trial"):
        word = text.lower()
        return True if word in YES else False if word in NO else text
    if column in ("options", "combined_with"):
        return _list(text)
    return text
