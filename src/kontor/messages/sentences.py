"""Sentences recognised again: a catalogue of keyed English templates with their German. The
English sentence is what is made — column-wise for millions of rows, or stored, or passed on
by code that speaks no language — and `localized` recognises it by its template and says it in
German. Several sentences are joined by "; ". Parameters (field names, values quoted from a
file) stay as they are; a list joined by " or " / " and " and an ISO date are said in German
too."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Template:
    en: str
    de: str
    lists: tuple[str, ...] = ()  # parameters that are lists joined by " or " / " and "
    words: Mapping[str, str] | None = None  # English words of the lists' items, in German
    dates: tuple[str, ...] = ()  # parameters that are ISO dates


CONJUNCTIONS = {" or ": " oder ", " and ": " und "}
SEPARATOR = "; "  # between the sentences of a record with several problems


class Sentences:
    """A catalogue of keyed English templates with their German: the English sentence is made
    (and stored or passed on), and recognised again to be said in German."""

    def __init__(self, templates: dict[str, Template]) -> None:
        self.templates = templates

    def say(self, key: str, **params: object) -> str:
        """The English sentence `key`."""
        return self.templates[key].en.format(**params)

    def parts(self, key: str) -> list[tuple[str, str | None]]:
        """The English template of `key` as (literal text, parameter name or None) pieces."""
        return [(literal, name)
                for literal, name, _, _ in string.Formatter().parse(self.templates[key].en)]

    def localized(self, text: str, lang: str = "de") -> str:
        """A sentence (or several joined by "; ") in `lang`; a sentence that matches no
        template (written before this catalogue, or by hand) is given as it is."""
        if lang == "en" or not text:
            return text
        found = self._parse(text)
        if found is None:
            return text
        return SEPARATOR.join(self._german(key, params) for key, params in found)

    def codes(self, text: str) -> list[str]:
        """The keys of the sentences in `text` (empty: none recognised)."""
        return [key for key, _ in self._parse(text) or []]

    def _german(self, key: str, params: dict[str, str]) -> str:
        template = self.templates[key]
        out = dict(params)
        for name in template.lists:
            for en, de in sorted((template.words or {}).items(), key=lambda w: -len(w[0])):
                out[name] = out[name].replace(en, de)
            for en, de in CONJUNCTIONS.items():
                out[name] = out[name].replace(en, de)
        for name in template.dates:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", out[name]):
                year, month, day = out[name].split("-")
                out[name] = f"{day}.{month}.{year}"
        return template.de.format(**out)

    def _parse(self, text: str) -> list[tuple[str, dict[str, str]]] | None:
        """The sentences of `text`, each as (key, parameters); None if it is not made of
        them. A value quoted from a file may itself hold "; ": a shorter split that leaves an
        unreadable rest is given up for a longer one."""
        ends = [m.start() for m in re.finditer(re.escape(SEPARATOR), text)] + [len(text)]
        for end in ends:
            first = self._match(text[:end])
            if first is None:
                continue
            if end == len(text):
                return [first]
            rest = self._parse(text[end + len(SEPARATOR):])
            if rest is not None:
                return [first, *rest]
        return None

    def _match(self, sentence: str) -> tuple[str, dict[str, str]] | None:
        for key, pattern in self._patterns():
            if m := pattern.fullmatch(sentence):
                return key, m.groupdict()
        return None

    @cache  # noqa: B019 - catalogues live as long as the process
    def _patterns(self) -> list[tuple[str, re.Pattern]]:
        """Each English template as a pattern; the most literal text first, so that a fixed
        sentence ("duration_s: missing for a voice record") wins over a general one."""
        patterns = []
        for key in self.templates:
            parts = self.parts(key)
            regex = "".join(re.escape(literal) + (f"(?P<{name}>.*?)" if name else "")
                            for literal, name in parts)
            patterns.append((sum(len(literal) for literal, _ in parts), key,
                             re.compile(regex, re.DOTALL)))
        return [(key, pattern) for _, key, pattern in sorted(patterns, key=lambda p: -p[0])]
