"""The message catalogue: every sentence Kontor says to a person about a refusal or a notice, in
German (default) and English, keyed by a stable name. Parameters are filled in with
str.format; dates are formatted per language. `{count:Rechnung|Rechnungen}` is the word for
one and for any other number of the parameter `count` (the number itself is `{count}`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kontor.messages.catalogue import MESSAGES
from kontor.messages.reasons import FileReason

LANGUAGES = ("de", "en")
PLURAL = re.compile(r"\{(\w+):([^{}|]*)\|([^{}|]*)\}")  # {count:one|other}


@dataclass(frozen=True)
class Phrase:
    """A parameter that is itself a sentence of the catalogue (rendered in the same language)."""

    key: str


def _format(value: object, lang: str) -> object:
    if isinstance(value, Phrase):
        return render(value.key, {}, lang)
    if isinstance(value, FileReason):
        return value.localized(lang)
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}" if lang == "de" else value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10_000:
        text = f"{value:,}"
        return text.replace(",", ".") if lang == "de" else text
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):  # a measurement (seconds taken): 7,4 in German
        return str(value).replace(".", ",") if lang == "de" else str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(_format(v, lang)) for v in value)
    return value


def render(key: str, params: dict, lang: str = "de") -> str:
    """The sentence `key` in `lang` with its parameters; an unknown key is a programming error."""
    entry = MESSAGES[key]
    text = PLURAL.sub(lambda m: m[2] if params.get(m[1]) == 1 else m[3],
                      entry.get(lang) or entry["de"])
    return text.format(**{k: _format(v, lang) for k, v in params.items()})
