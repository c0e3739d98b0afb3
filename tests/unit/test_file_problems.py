"""File problems an operator reads (migration CSVs, events files): keyed sentences, English as
the readers write them, German for the CLI's default language. Each one is recognised again;
the words a schema uses for kinds of values are said in German too."""

from __future__ import annotations

import string

import pytest

from kontor.adapters.csv_import import CUSTOMER_COLUMNS, CsvUnreadable, customer_row, read_csv
from kontor.adapters.events_yaml import EventsInvalid, load_events
from kontor.messages.problems import PROBLEMS, localized, problem


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(PROBLEMS.templates))
def test_every_problem_is_recognised_and_said_in_german(key):
    template = PROBLEMS.templates[key]
    assert _names(template.de) == _names(template.en)
    params = {name: f"<{name}{i}>" for i, name in enumerate(sorted(_names(template.en)))}
    english = problem(key, **params)
    assert PROBLEMS.codes(english) == [key]
    assert localized(english, "en") == english
    assert localized(english, "de") == template.de.format(**params)


def test_the_kinds_a_schema_asks_for_are_said_in_german():
    english = problem("not_of_kind", value="'drei'", kinds="a whole number or true or false")
    assert localized(english) == "'drei' passt nicht: erwartet eine ganze Zahl oder true oder false"


def test_a_bad_customer_row_reads_in_german(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text("id;name;country;email;language;catalogs\n"
                    "bad;;XX;nomail;fr;\n", encoding="utf-8")
    table = read_csv(path, CUSTOMER_COLUMNS)
    with pytest.raises(Exception) as caught:
        customer_row(table.rows[0], len(table.columns))
    said = [(p.path, localized(p.message)) for p in caught.value.problems]
    assert said == [
        ("name", "ist erforderlich"),
        ("country", "'XX' ist keiner der Werte DE, CH"),
        ("language", "'fr' ist keiner der Werte de, en"),
        ("email", "'nomail' ist keine E-Mail-Adresse"),
        ("catalogs", "ist erforderlich (Katalognamen, getrennt durch ;)")]


def test_a_quote_never_closed_costs_its_row_only(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text('id;name;country;catalogs;address\n'
                    'a;Eins AG;DE;aut-pbx;\n'
                    'b;"Zwei AG;DE;aut-pbx;\n'                        # the quote is never closed
                    'c;Drei AG;DE;aut-pbx;\n'
                    'd;Vier AG;DE;aut-pbx;"Hauptstr. 1\n80331 München"\n'  # a quoted line break
                    'e;Fünf AG;DE;aut-pbx;\n', encoding="utf-8")
    table = read_csv(path, CUSTOMER_COLUMNS)
    assert [(row.line, row.values["id"], row.unclosed) for row in table.rows] == [
        (2, "a", False), (3, "b", True), (4, "c", False), (5, "d", False), (7, "e", False)]
    with pytest.raises(Exception) as caught:
        customer_row(table.rows[1], len(table.columns))
    assert [localized(p.message) for p in caught.value.problems] == [
        "ein Feld in Anführungszeichen wird nicht geschlossen: die Zeile wird abgelehnt und die "
        "nächste als neue Zeile gelesen"]
    assert customer_row(table.rows[3], len(table.columns))[0].address == (
        "Hauptstr. 1", "80331 München")  # a line break separates address lines, like |


def test_an_unusable_csv_header_reads_in_german(tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text("id;name;land;catalogs\n", encoding="utf-8")
    with pytest.raises(CsvUnreadable) as caught:
        read_csv(path, CUSTOMER_COLUMNS)
    unknown, missing = (localized(p.message) for p in caught.value.problems)
    assert unknown.startswith("unbekannte Spalte land (bekannt: id, name, ")
    assert missing == ("fehlende Spalte country (eine Kopfzeile mit den Spaltennamen ist "
                       "erforderlich)")


def test_every_problem_of_a_bad_events_file_is_recognised(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n"
        "  - {date: 2026-02-10, do: set_quantity, subscription: pbx, quantity: 51}\n"
        "  - {customer: acme, date: 2026-02-30, do: set_quantity, subscription: pbx}\n"
        "  - {customer: acme, date: 2026-02-01, do: usage, file: missing.csv}\n"
        "  - {customer: acme, date: 2026-02-01, do: set_quantity, subscription: pbx,"
        " quantity: drei, colour: red}\n"
        "  - [not, a, mapping]\n", encoding="utf-8")
    with pytest.raises(EventsInvalid) as caught:
        load_events(path)
    for found in caught.value.problems:
        assert PROBLEMS.codes(found.message), found
        assert localized(found.message) != found.message, found
