"""API keys: the digest of the secret, the role, the customer of a customer key, and when
it was made and revoked."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from kontor.adapters.db import schema as t
from kontor.services.access import ApiKey


class SqlKeys:
    def __init__(self, uow) -> None:
        self._uow = uow

    def add(self, key: ApiKey) -> None:
        self._uow.connection.execute(insert(t.api_keys).values(
            id=key.id, digest=key.digest, role=key.role, customer_id=key.customer,
            created_at=key.created_at))

    def find(self, digest: str) -> ApiKey | None:
        row = self._uow.connection.execute(
            select(t.api_keys).where(t.api_keys.c.digest == digest)).first()
        return None if row is None else _key(row)

    def all(self) -> list[ApiKey]:
        rows = self._uow.connection.execute(
            select(t.api_keys).order_by(t.api_keys.c.created_at, t.api_keys.c.id))
        return [_key(row) for row in rows]

    def revoke(self, key_id: str, when: datetime) -> None:
        self._uow.connection.execute(update(t.api_keys).where(
            t.api_keys.c.id == key_id, t.api_keys.c.revoked_at.is_(None)).values(
            revoked_at=when))


def _key(row) -> ApiKey:
    return ApiKey(row.id, row.role, row.customer_id, row.digest, row.created_at,
                  row.revoked_at)
