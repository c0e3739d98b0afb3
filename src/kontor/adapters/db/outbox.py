"""The outbox: messages to customers, inserted in the transaction that caused them (so an
invitation is never recorded without its message, nor a message sent for an invitation that was
rolled back), then claimed, sent and marked by services/notify.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, and_, insert, or_, select, update

from kontor.adapters.db import schema as t
from kontor.domain.outgoing import Message, Queued

o = t.outbox


class SqlOutbox:
    def __init__(self, uow) -> None:
        self._uow = uow

    @property
    def _conn(self) -> Connection:
        return self._uow.connection

    def add(self, messages: Iterable[Message]) -> None:
        """Write the messages whose key is new (the same cause never gives two messages)."""
        fresh = {m.key: m for m in messages}
        if not fresh:
            return
        taken = set(self._conn.execute(select(o.c.key).where(o.c.key.in_(list(fresh))))
                    .scalars())
        rows = [{"key": m.key, "customer_id": m.customer_id, "channel": m.channel,
                 "recipient": m.recipient, "subject": m.subject, "body": m.body,
                 "language": m.language, "created_on": m.created_on, "attempts": 0}
                for key, m in fresh.items() if key not in taken]
        if rows:
            self._conn.execute(insert(o), rows)

    def pending(self, limit: int, stale: datetime) -> list[Queued]:
        """Unsent messages, oldest first, that nobody is sending now (claimed before `stale`
        counts as abandoned: a sender that died)."""
        rows = self._conn.execute(
            select(o).where(o.c.sent_at.is_(None),
                            or_(o.c.claimed_at.is_(None), o.c.claimed_at < stale))
            .order_by(o.c.id).limit(limit)).all()
        return [_queued(r) for r in rows]

    def claim(self, message_id: int, now: datetime, stale: datetime) -> bool:
        """Take the message for sending; False if it was sent or another sender has it."""
        result = self._conn.execute(update(o).where(and_(
            o.c.id == message_id, o.c.sent_at.is_(None),
            or_(o.c.claimed_at.is_(None), o.c.claimed_at < stale))).values(claimed_at=now))
        return result.rowcount == 1

    def sent(self, message_id: int, now: datetime) -> None:
        self._conn.execute(update(o).where(o.c.id == message_id).values(
            sent_at=now, attempts=o.c.attempts + 1, claimed_at=None))

    def failed(self, message_id: int, error: str) -> None:
        self._conn.execute(update(o).where(o.c.id == message_id).values(
            attempts=o.c.attempts + 1, last_error=error[:2000], claimed_at=None))

    def of(self, customer_id: str | None = None) -> list[Queued]:
        """Every message (of one customer), oldest first."""
        query = select(o).order_by(o.c.id)
        if customer_id is not None:
            query = query.where(o.c.customer_id == customer_id)
        return [_queued(r) for r in self._conn.execute(query).all()]


def _queued(row) -> Queued:
    return Queued(row.id, Message(row.key, row.customer_id, row.channel, row.recipient,
                                  row.subject, row.body, row.language, row.created_on),
                  row.attempts, row.last_error, _utc(row.sent_at))


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back the UTC time it was given without its zone."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment
