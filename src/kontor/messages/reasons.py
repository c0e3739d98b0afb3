"""Why a usage record is quarantined, or a usage file refused: sentences with a stable key, in
English and German (messages/sentences.py). The readers write the English sentence (made
column-wise in Polars for millions of rows, and stored with the quarantine entry); people read
it in their language."""

from __future__ import annotations

from dataclasses import dataclass

from kontor.messages.sentences import SEPARATOR, Sentences, Template

__all__ = ["REASONS", "SEPARATOR", "FileReason", "localized", "reason", "reason_codes",
           "template_parts"]

REASONS: dict[str, Template] = {
    # --- a record's fields --------------------------------------------------------------------
    "missing": Template("{field}: missing", "{field}: fehlt"),
    "missing_voice_duration": Template("duration_s: missing for a voice record",
                                       "duration_s: fehlt bei einem Gesprächsdatensatz"),
    "missing_data_volume": Template("volume_bytes: missing for a data record",
                                    "volume_bytes: fehlt bei einem Datenverkehrsdatensatz"),
    "missing_destination": Template(
        "destination: missing (a call or SMS needs the number it went to)",
        "destination: fehlt (ein Anruf oder eine SMS braucht die Zielnummer)"),
    "column_empty": Template("{field}: {column} is empty", "{field}: {column} ist leer"),
    "columns_both_empty": Template("{field}: {first} and {second} are both empty",
                                   "{field}: {first} und {second} sind beide leer"),
    "columns_all_empty": Template("{field}: {columns} are all empty",
                                  "{field}: {columns} sind alle leer", lists=("columns",)),
    "not_whole_number": Template("{field}: '{value}' is not a whole number",
                                 "{field}: '{value}' ist keine ganze Zahl"),
    "negative": Template("{field}: {value} is negative", "{field}: {value} ist negativ"),
    "not_utf8": Template("{field}: not valid UTF-8", "{field}: kein gültiges UTF-8"),
    "not_a_time": Template("{field}: '{value}' is not a time",
                           "{field}: '{value}' ist keine Zeitangabe"),
    "no_time_offset": Template("{field}: '{value}' has no time offset (write Z or +01:00)",
                               "{field}: '{value}' hat keinen Zeitversatz (Z oder +01:00 "
                               "anfügen)"),
    "skipped_time": Template("{field}: '{value}' does not exist in {zone} (clocks go forward)",
                             "{field}: '{value}' gibt es in {zone} nicht (die Uhr wird "
                             "vorgestellt)"),
    "unknown_disposition": Template("disposition: '{value}' is not one of {known}",
                                    "disposition: '{value}' ist keiner der Werte {known}"),
    "billsec_over_duration": Template("billsec: {seconds} is more than duration {duration}",
                                      "billsec: {seconds} ist mehr als duration {duration}"),
    "unknown_service": Template("service: '{value}' is not voice, sms or data",
                                "service: '{value}' ist nicht voice, sms oder data"),
    "not_a_country": Template("roaming_country: '{value}' is not a country code (ISO 3166, "
                              "two letters)",
                              "roaming_country: '{value}' ist kein Ländercode (ISO 3166, "
                              "zwei Buchstaben)"),
    # --- a line of a file ---------------------------------------------------------------------
    "column_count": Template("{expected} columns expected, found {found}",
                             "{expected} Spalten erwartet, {found} gefunden",
                             lists=("expected",)),
    "unclosed_quote": Template(
        "unclosed quote: a quoted field is not closed before the end of the line",
        "offenes Anführungszeichen: ein Feld in Anführungszeichen endet nicht vor dem "
        "Zeilenende"),
    "stray_quote": Template(
        "stray quote: a closing quote must be followed by a comma",
        "überzähliges Anführungszeichen: auf ein schließendes Anführungszeichen muss ein "
        "Komma folgen"),
    "not_csv": Template("not readable as CSV ({error})", "nicht als CSV lesbar ({error})"),
    "not_a_record": Template("not a record (fields with values expected): {value}",
                             "kein Datensatz (Felder mit Werten erwartet): {value}"),
    "unknown_fields": Template("unknown field(s) {names}", "unbekannte(s) Feld(er) {names}"),
    # --- rating (shared/spec/usage.md) --------------------------------------------------------
    "not_a_phone_number": Template("destination: '{value}' is not a phone number",
                                   "destination: '{value}' ist keine Telefonnummer"),
    "not_a_sim": Template("subscriber: '{value}' is no SIM of this customer on {day}",
                          "subscriber: '{value}' ist am {day} keine SIM dieses Kunden",
                          dates=("day",)),
    "no_pbx_subscription": Template("no subscription of this customer rates calls on {day}",
                                    "kein Abo dieses Kunden tarifiert Anrufe am {day}",
                                    dates=("day",)),
    "pbx_calls_only": Template("service: '{value}': a PBX offer rates calls only",
                               "service: '{value}': ein PBX-Angebot tarifiert nur Anrufe"),
    # --- a whole file, or how it is to be read ------------------------------------------------
    "no_such_file": Template("no such file", "Datei nicht gefunden"),
    "not_positive": Template("{field}: {value} is not a positive number",
                             "{field}: {value} ist keine positive Zahl"),
    "canonical_has_header": Template(
        "a canonical file names its columns in its header: layout and columns are for PBX "
        "files",
        "eine Datei im kanonischen Format nennt ihre Spalten in der Kopfzeile: layout und "
        "columns sind für PBX-Dateien"),
    "empty_file": Template(
        "the file is empty: a header line with the column names is expected",
        "die Datei ist leer: erwartet wird eine Kopfzeile mit den Spaltennamen"),
    "header_lacks": Template(
        "the header lacks the column(s) {lacking} (required: {required}; found: {found})",
        "der Kopfzeile fehlt/fehlen die Spalte(n) {lacking} (nötig: {required}; gefunden: "
        "{found})"),
    "header_repeats": Template("the header names {names} more than once",
                               "die Kopfzeile nennt {names} mehr als einmal"),
    "not_parquet": Template("not a readable Parquet file ({error})",
                            "keine lesbare Parquet-Datei ({error})"),
    "layout_and_columns": Template("give either a layout name or a column list, not both",
                                   "entweder einen Layout-Namen oder eine Spaltenliste angeben, "
                                   "nicht beides"),
    "unknown_layout": Template(
        "layout: {name} is not a known layout (known: {known}; or give the column order with "
        "columns=)",
        "layout: {name} ist kein bekanntes Layout (bekannt: {known}; oder die Reihenfolge der "
        "Spalten mit columns= angeben)"),
    "unknown_format": Template("fmt: {name} is not one of {known}",
                               "fmt: {name} ist keines von {known}"),
    "columns_repeated": Template("columns: {names} named more than once",
                                 "columns: {names} mehr als einmal genannt"),
    "columns_lacking": Template("columns: no column for {lacking}",
                                "columns: keine Spalte für {lacking}"),
    "unknown_timezone": Template("timezone: {name} is not a known time zone such as "
                                "Europe/Berlin",
                                "timezone: {name} ist keine bekannte Zeitzone wie "
                                "Europe/Berlin"),
}

CATALOGUE = Sentences(REASONS)


def reason(key: str, **params: object) -> str:
    """The English sentence `key` (what is stored and what `localized` recognises)."""
    return CATALOGUE.say(key, **params)


def template_parts(key: str) -> list[tuple[str, str | None]]:
    """The English template of `key` in pieces — for readers that build the sentence
    column-wise."""
    return CATALOGUE.parts(key)


def localized(text: str, lang: str = "de") -> str:
    """A stored reason (or several joined by "; ") in `lang`."""
    return CATALOGUE.localized(text, lang)


def reason_codes(text: str) -> list[str]:
    """The keys of the sentences in a stored reason (empty: none recognised)."""
    return CATALOGUE.codes(text)


@dataclass(frozen=True)
class FileReason:
    """Why a usage file is refused, as a parameter of a catalogue sentence: `where` (the
    file) and the English reason; rendered in the sentence's language."""

    reason: str
    where: str | None = None

    def localized(self, lang: str) -> str:
        said = localized(self.reason, lang)
        return f"{self.where}: {said}" if self.where else said

    def __str__(self) -> str:
        return self.localized("en")
