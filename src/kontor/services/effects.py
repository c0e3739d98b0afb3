"""What a command leaves besides the changed account: notices, audit records, documents and
messages to the customer. The unit of work appends them to their collections when the command
commits (keep(uow, customer_id, fx))."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kontor.domain.account import AuditRecord, Notice, notice
from kontor.domain.agreements import PurchaseAgreement
from kontor.domain.contracts import Override
from kontor.domain.outgoing import Message


@dataclass
class Effects:
    notices: list[Notice] = field(default_factory=list)
    audit: list[AuditRecord] = field(default_factory=list)
    agreements: list[PurchaseAgreement] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)  # to send once committed

    def notify(self, day: date, code: str, **params: object) -> None:
        self.notices.append(notice(day, code, **params))

    def overridden(self, day: date, override: Override | None, rule: str | None, subject: str,
                   event: int | None) -> None:
        """Record an override in the audit log when one let a rule through."""
        if rule and override:
            self.audit.append(AuditRecord.of(day, override, rule, subject, event))


def keep(uow, customer_id: str, fx: Effects) -> None:
    """Append what a command left to the unit of work's collections (before its commit)."""
    uow.journal.add(customer_id, fx.notices, fx.audit, fx.agreements)
    if fx.messages:
        uow.outbox.add(fx.messages)
