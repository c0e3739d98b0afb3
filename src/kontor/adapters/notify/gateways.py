"""Which gateway sends which channel, from the environment:

- KONTOR_SMTP_URL  smtp://[user:password@]host[:port] (plain, port 25), smtp+starttls://… (port
  587) or smtps://… (TLS, port 465). Without it e-mails are written as .eml files.
- KONTOR_MAIL_FROM the sender of e-mails (default: Kontor <kontor@localhost>).
- KONTOR_OUTBOX_DIR where the development gateways write (default: out/messages): mail/*.eml,
  sms.jsonl."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

from kontor.adapters.notify.mail import FileMailer, SmtpMailer
from kontor.adapters.notify.sms import FileSmsGateway
from kontor.services.notify import Send

SCHEMES = {"smtp": ("none", 25), "smtp+starttls": ("starttls", 587), "smtps": ("tls", 465)}
DEFAULT_SENDER = "Kontor <kontor@localhost>"


class GatewayConfigError(ValueError):
    """A gateway setting that cannot be used (the text says which and why)."""


def smtp_mailer(url: str, sender: str) -> SmtpMailer:
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise GatewayConfigError(
            f"KONTOR_SMTP_URL {url!r} must look like smtp://host:25, smtp+starttls://user:"
            "password@host:587 or smtps://host:465")
    security, port = SCHEMES[parts.scheme]
    return SmtpMailer(parts.hostname, parts.port or port, sender,
                      unquote(parts.username) if parts.username else None,
                      unquote(parts.password) if parts.password else None, security)


def gateways(env: Mapping[str, str] | None = None) -> dict[str, Send]:
    env = os.environ if env is None else env
    sender = env.get("KONTOR_MAIL_FROM") or DEFAULT_SENDER
    directory = Path(env.get("KONTOR_OUTBOX_DIR") or "out/messages")
    url = env.get("KONTOR_SMTP_URL")
    mail = smtp_mailer(url, sender) if url else FileMailer(directory / "mail", sender)
    return {"email": mail, "sms": FileSmsGateway(directory / "sms.jsonl")}


def describe(found: Mapping[str, Send]) -> dict[str, str]:
    """Where each channel goes, for people (passwords left out)."""
    out = {}
    for channel, send in found.items():
        if isinstance(send, SmtpMailer):
            out[channel] = f"SMTP {send.host}:{send.port} ({send.security})"
        elif isinstance(send, FileMailer):
            out[channel] = f"{send.directory}/*.eml"
        elif isinstance(send, FileSmsGateway):
            out[channel] = str(send.path)
        else:
            out[channel] = type(send).__name__
    return out
