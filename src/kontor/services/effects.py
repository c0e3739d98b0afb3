"""What a command leaves besides the changed account: notices, audit records and documents.
The unit of work appends them to their collections when the command commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kontor.domain.account import AuditRecord, Notice, notice
from kontor.domain.agreements import PurchaseAgreement
from kontor.domain.contracts import Override


@dataclass
class Effects:
    notices: list[Notice] = field(default_factory=list)
    audit: list[AuditRecord] = field(default_factory=list)
    agreements: list[PurchaseAgreement] = field(default_factory=list)

    def notify(self, day: date, code: str, **params: object) -> None:
        self.notices.append(notice(day, code, **params))

    def overridden(self, day: date, override: Override | None, rule: str | None, subject: str,
                   event: int | None) -> None:
        """Record an override in the audit log when one let a rule through."""
        if rule and override:
            self.audit.append(AuditRecord.of(day, override, rule, subject, event))
