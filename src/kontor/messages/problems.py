"""What is wrong in a file an operator hands to Kontor — migration CSVs (`customers import`,
`subscriptions import`) and events files (`events apply`), with the checks they share with
scenario files — as keyed sentences in English and German (messages/sentences.py). The readers
write the English sentence into their Problem (file, line, field, sentence); the CLI says it in
its language. Scenario and catalog files, written by the people who set Kontor up, and the
YAML parser's own words stay English."""

from __future__ import annotations

from collections.abc import Callable

from kontor.messages.sentences import Sentences, Template

# the kinds of value a schema asks for (adapters/schema_check.TYPE_WORDS), in German
TYPE_WORDS = {"a whole number": "eine ganze Zahl", "a number": "eine Zahl", "text": "Text",
              "true or false": "true oder false", "a list": "eine Liste",
              "a mapping": "eine Zuordnung", "empty": "leer"}
EVENTS_SHAPE = ("an events file is a mapping with one key, events: a list of events",
                "eine Ereignisdatei ist eine Zuordnung mit einem Schlüssel, events: eine Liste "
                "von Ereignissen")

PROBLEMS = Sentences({
    # --- any field (the schema's checks) ------------------------------------------------------
    "required": Template("is required", "ist erforderlich"),
    "key_required": Template("{name} is required", "{name} ist erforderlich"),
    "unknown_key": Template("unknown key {names}", "unbekannter Schlüssel {names}"),
    "not_of_kind": Template("{value} is not {kinds}", "{value} passt nicht: erwartet {kinds}",
                            lists=("kinds",), words=TYPE_WORDS),
    "does_not_fit": Template("{value} does not fit here", "{value} passt hier nicht"),
    "not_one_of": Template("{value} is not one of {allowed}",
                           "{value} ist keiner der Werte {allowed}"),
    "below_minimum": Template("{value} is less than the minimum of {limit}",
                              "{value} ist kleiner als das Minimum {limit}"),
    "above_maximum": Template("{value} is more than the maximum of {limit}",
                              "{value} ist größer als das Maximum {limit}"),
    "empty_text": Template("must not be empty", "darf nicht leer sein"),
    "too_short": Template("must be {n} characters or more",
                          "muss mindestens {n} Zeichen lang sein"),
    "too_long": Template("is longer than {n} characters", "ist länger als {n} Zeichen"),
    "empty_list": Template("must not be an empty list", "darf keine leere Liste sein"),
    "too_few_items": Template("needs {n} items or more", "braucht mindestens {n} Einträge"),
    "bad_form": Template("{value} does not have the expected form",
                         "{value} hat nicht die erwartete Form"),
    "listed_twice": Template("lists a value twice", "nennt einen Wert zweimal"),
    "iso_date": Template("must be an ISO date YYYY-MM-DD",
                         "muss ein ISO-Datum JJJJ-MM-TT sein"),
    "time_of_day": Template("must be a time of day HH:MM, from 00:00 to 23:59",
                            "muss eine Uhrzeit HH:MM sein, von 00:00 bis 23:59"),
    "amount": Template(
        "must be an amount from 0 to 1000000000, as a number or a string (e.g. 349.00)",
        "muss ein Betrag von 0 bis 1000000000 sein, als Zahl oder Text (z. B. 349.00)"),
    # --- dates and events ---------------------------------------------------------------------
    "no_such_date": Template("{value} is not a date that exists",
                             "{value} ist kein Datum, das es gibt"),
    "not_a_month_end": Template(
        "{value} is not the last day of a month (the previous system's fees are billed by the "
        "month)",
        "{value} ist nicht der letzte Tag eines Monats (das bisherige System rechnet "
        "monatlich ab)"),
    "billed_before_start": Template(
        "{value} is before the start {start}; leave billed_until empty if nothing was billed",
        "{value} liegt vor dem Beginn {start}; billed_until leer lassen, wenn nichts "
        "abgerechnet wurde"),
    "not_a_date": Template("{value} is not a date YYYY-MM-DD",
                           "{value} ist kein Datum JJJJ-MM-TT"),
    "usage_file_or_records": Template(
        "a usage event names a file or lists records (one of them)",
        "ein usage-Ereignis nennt eine Datei oder listet Datensätze auf (eines von beiden)"),
    "no_usage_file": Template("no usage file {name} next to the scenario",
                              "keine Nutzungsdatei {name} neben der Datei"),
    "events_empty": Template(f"the file is empty: {EVENTS_SHAPE[0]}",
                             f"die Datei ist leer: {EVENTS_SHAPE[1]}"),
    "events_shape": Template(EVENTS_SHAPE[0], EVENTS_SHAPE[1]),
    "events_unknown_key": Template(f"unknown key {{name}}: {EVENTS_SHAPE[0]}",
                                   f"unbekannter Schlüssel {{name}}: {EVENTS_SHAPE[1]}"),
    "event_shape": Template(
        "an event is a mapping with customer, date, do and the fields of its do",
        "ein Ereignis ist eine Zuordnung mit customer, date, do und den Feldern seines do"),
    "event_customer_required": Template(
        "customer: is required (the id of a stored customer)",
        "customer: ist erforderlich (die Id eines gespeicherten Kunden)"),
    "event_customer_text": Template("must be a customer id (text)",
                                    "muss eine Kunden-Id sein (Text)"),
    # --- migration CSV files ------------------------------------------------------------------
    "cannot_read": Template("cannot read: {error}", "nicht lesbar: {error}"),
    "not_utf8": Template("not UTF-8 text (save the file as UTF-8)",
                         "kein UTF-8-Text (die Datei als UTF-8 speichern)"),
    "not_csv": Template("not CSV: {error}", "kein CSV: {error}"),
    "csv_empty": Template(
        "the file is empty: a header line naming the columns is required ({columns})",
        "die Datei ist leer: eine Kopfzeile mit den Spaltennamen ist erforderlich ({columns})"),
    "unknown_column": Template("unknown column {names} (known: {known})",
                               "unbekannte Spalte {names} (bekannt: {known})"),
    "unnamed_column": Template("(column {n} has no name)", "(Spalte {n} hat keinen Namen)"),
    "missing_column": Template(
        "missing column {names} (a header line naming the columns is required)",
        "fehlende Spalte {names} (eine Kopfzeile mit den Spaltennamen ist erforderlich)"),
    "column_twice": Template("column {names} appears twice", "Spalte {names} kommt zweimal vor"),
    "unclosed_quote": Template(
        "a quoted field is not closed: the row is refused and the next line read as a new row",
        "ein Feld in Anführungszeichen wird nicht geschlossen: die Zeile wird abgelehnt und die "
        "nächste als neue Zeile gelesen"),
    "field_count": Template("{found} fields, but the header names {count} columns",
                            "{found} Felder, aber die Kopfzeile nennt {count} Spalten"),
    "customer_id": Template(
        "{value} is no customer id (1 to 64 letters, digits, '.', '_' or '-')",
        "{value} ist keine Kunden-Id (1 bis 64 Buchstaben, Ziffern, '.', '_' oder '-')"),
    "region": Template(
        "{value} is no region of {country} with known public holidays (one of {regions})",
        "{value} ist keine Region von {country} mit bekannten Feiertagen (eine von "
        "{regions})"),
    "email": Template("{value} is no e-mail address", "{value} ist keine E-Mail-Adresse"),
    "vat_id": Template("{value} is no VAT id (DE123456789, CHE-123.456.789 MWST or another EU "
                       "country's)",
                       "{value} ist keine USt-IdNr. (DE123456789, CHE-123.456.789 MWST oder die "
                       "eines anderen EU-Landes)"),
    "mobile_number": Template("{value} is no international mobile number (+49…)",
                              "{value} ist keine internationale Mobilnummer (+49…)"),
    "catalogs_required": Template("is required (catalog names, separated by ;)",
                                  "ist erforderlich (Katalognamen, getrennt durch ;)"),
})


def problem(key: str, **params: object) -> str:
    """The English sentence `key` (what a Problem carries)."""
    return PROBLEMS.say(key, **params)


def normalised(written: str, normalise: Callable[[str], str | None], key: str
               ) -> tuple[str | None, str | None]:
    """A field a person wrote (a phone number, a VAT id) in the form stored, and the problem
    `key` when it has none; (None, None) for an empty field."""
    if not written:
        return None, None
    value = normalise(written)
    return value, None if value is not None else problem(key, value=repr(written))


def localized(text: str, lang: str = "de") -> str:
    """A problem's sentence in `lang` (as it is if no template matches)."""
    return PROBLEMS.localized(text, lang)
