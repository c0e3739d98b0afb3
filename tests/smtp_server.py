"""A real SMTP server for the tests (aiosmtpd on a free local port) that keeps what it
accepts and can refuse the first attempts with a temporary error, as a greylisting server does.
The `smtp` fixture (tests/conftest.py) starts them: `inbox, url = smtp(refuse=1)`."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self, refuse: int = 0) -> None:
        self.refuse = refuse
        self.attempts = 0
        self.mails: list[tuple[str, list[str], bytes]] = []  # (mail from, rcpt to, content)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        self.attempts += 1
        if self.attempts <= self.refuse:
            return "451 4.7.1 Greylisted, please try again later"
        self.mails.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def parsed(self, i: int) -> EmailMessage:
        return message_from_bytes(self.mails[i][2], policy=default_policy)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def smtp_servers() -> Iterator[Callable[..., tuple[Inbox, str]]]:
    """Yields a function that starts a server and returns its inbox and smtp:// URL; every
    server started is stopped afterwards."""
    started: list[Controller] = []

    def start(refuse: int = 0) -> tuple[Inbox, str]:
        inbox = Inbox(refuse)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        started.append(controller)
        return inbox, f"smtp://127.0.0.1:{controller.port}"

    yield start
    for controller in started:
        controller.stop()
