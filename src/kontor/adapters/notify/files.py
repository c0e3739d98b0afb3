"""File names for messages written to files (development gateways)."""

from __future__ import annotations

import re

from kontor.domain.outgoing import Message


def file_name(message: Message) -> str:
    """A file name from the message's key: invitation_acme_online-statt-hotline_2026-01-15_sms."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", message.key)
