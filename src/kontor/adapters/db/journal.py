"""Notices, audit records and purchase agreements: append-only, per customer."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, insert, select

from kontor.adapters.db import schema as t
from kontor.domain.account import AuditRecord, Notice
from kontor.domain.agreements import PurchaseAgreement


class SqlJournal:
    def __init__(self, uow) -> None:
        self._uow = uow

    @property
    def _conn(self) -> Connection:
        return self._uow.connection

    def add(self, customer_id: str, notices: Iterable[Notice], audit: Iterable[AuditRecord],
            agreements: Iterable[PurchaseAgreement]) -> None:
        rows = {
            t.notices: [{"customer_id": customer_id, "day": n.day, "code": n.code,
                         "params": n.params} for n in notices],
            t.audit_records: [{"customer_id": customer_id, "day": a.day, "agent": a.agent,
                               "ticket": a.ticket, "rule": a.rule, "subject": a.subject,
                               "event": a.event} for a in audit],
            t.agreements: [{"customer_id": customer_id, "plan_id": a.plan_id, "document": a}
                           for a in agreements]}
        for table, values in rows.items():
            if values:
                self._conn.execute(insert(table), values)
                self._uow.wrote(customer_id)

    def _of(self, table, customer_id: str) -> list:
        return self._conn.execute(select(table).where(table.c.customer_id == customer_id)
                                  .order_by(table.c.id)).all()

    def notices(self, customer_id: str) -> list[Notice]:
        return [Notice(r.day, r.code, tuple(r.params)) for r in self._of(t.notices, customer_id)]

    def audit(self, customer_id: str) -> list[AuditRecord]:
        return [AuditRecord(r.day, r.agent, r.ticket, r.rule, r.subject, r.event)
                for r in self._of(t.audit_records, customer_id)]

    def agreements(self, customer_id: str) -> list[PurchaseAgreement]:
        return [r.document for r in self._of(t.agreements, customer_id)]
