"""API keys: the digest of the secret, the role and the customer of a customer key."""

from __future__ import annotations

from sqlalchemy import insert, select

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
        if row is None:
            return None
        return ApiKey(row.id, row.role, row.customer_id, row.digest, row.created_at)
