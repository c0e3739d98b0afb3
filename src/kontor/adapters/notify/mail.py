"""E-mail: over SMTP (smtplib; STARTTLS or TLS as the URL says), or as .eml files for
development. A refusal of the server (4xx/5xx) or a network error raises, so the outbox keeps
the message and tries again."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from kontor.adapters.notify.files import file_name
from kontor.domain.outgoing import Message


def email_of(message: Message, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = message.subject or ""
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    mail["Content-Language"] = message.language
    mail.set_content(message.body)
    return mail


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    security: str = "none"  # none | starttls | tls
    timeout: float = 30.0

    def __call__(self, message: Message) -> None:
        mail = email_of(message, self.sender)
        if self.security == "tls":
            client = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(mail)  # raises on any refusal: nothing is taken as sent


@dataclass(frozen=True)
class FileMailer:
    """Writes each e-mail as DIRECTORY/NAME.eml (development: no SMTP server configured)."""

    directory: Path
    sender: str

    def __call__(self, message: Message) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{file_name(message)}.eml"
        path.write_bytes(bytes(email_of(message, self.sender)))
