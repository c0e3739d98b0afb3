"""SMS: the gateway interface and the file-writing implementation for development. A real
gateway (an operator's SMSC or an HTTP SMS API) implements SmsGateway and is named in
gateways.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kontor.domain.outgoing import Message

SEGMENT = 160  # GSM-7 characters in one SMS; longer texts go as concatenated parts of 153


class SmsGateway(Protocol):
    def __call__(self, message: Message) -> None: ...  # delivers or raises


def parts(text: str) -> int:
    """How many SMS a text takes (GSM-7: 160 characters, concatenated parts 153 each)."""
    return 1 if len(text) <= SEGMENT else -(-len(text) // 153)


@dataclass(frozen=True)
class FileSmsGateway:
    """Appends each SMS as one JSON line to FILE (development)."""

    path: Path

    def __call__(self, message: Message) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"key": message.key, "to": message.recipient, "text": message.body,
                           "parts": parts(message.body), "language": message.language},
                          ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
