"""Messages to customers (invitations by e-mail and SMS): what to say, to whom, by which
channel. A message is written with what caused it, in the same transaction, and sent afterwards
(services/notify.py); its key names the cause, so one cause never gives two messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Message:
    key: str  # what caused it (invitation:CUSTOMER:CAMPAIGN:DAY:CHANNEL): written once
    customer_id: str
    channel: str  # email | sms
    recipient: str  # e-mail address or mobile number
    subject: str | None  # e-mail only
    body: str
    language: str
    created_on: date


@dataclass(frozen=True)
class Queued:
    """A message in the outbox: how often sending was tried, the last failure, when it went."""

    id: int
    message: Message
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None

    @property
    def pending(self) -> bool:
        return self.sent_at is None
