"""API keys: an operator key may do everything, a customer key only what concerns its own
customer. The secret is shown once, when the key is made; the store keeps its SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime

from kontor.domain.errors import Refused

ROLES = ("operator", "customer")


@dataclass(frozen=True)
class ApiKey:
    id: str
    role: str  # operator | customer
    customer: str | None  # the only customer a customer key may see
    digest: str
    created_at: datetime
    revoked_at: datetime | None = None  # a revoked key authenticates nobody

    def may_see(self, customer_id: str) -> bool:
        return self.role == "operator" or self.customer == customer_id


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(uow, role: str, customer: str | None, now: datetime) -> tuple[ApiKey, str]:
    """A new key and its secret (`kontor_<id>_<random>`); the secret is not kept."""
    if role not in ROLES:
        raise Refused("invalid_event", "unknown_role", role=role, roles=", ".join(ROLES))
    if role == "customer":
        if not customer:
            raise Refused("invalid_event", "customer_key_needs_customer")
    else:
        customer = None
    with uow:
        if customer is not None:
            uow.accounts.get(customer)  # refused if there is no such customer
        key_id = secrets.token_hex(6)
        secret = f"kontor_{key_id}_{secrets.token_urlsafe(24)}"
        key = ApiKey(key_id, role, customer, digest(secret), now)
        uow.keys.add(key)
        uow.commit()
    return key, secret


def authenticate(uow, secret: str) -> ApiKey | None:
    """The key of `secret`, unless there is none or it was revoked."""
    with uow:
        key = uow.keys.find(digest(secret))
    return key if key is not None and key.revoked_at is None else None


def list_keys(uow, customer: str | None = None) -> list[ApiKey]:
    """Every key (revoked ones too, with the time), oldest first; only those of `customer`
    when given."""
    with uow:
        keys = uow.keys.all()
    return [k for k in keys if customer is None or k.customer == customer]


def revoke_key(uow, key_id: str, now: datetime) -> tuple[ApiKey, bool]:
    """Revoke a key at once (it stays listed, with the time). (key, False) if it was revoked
    already: that time stands."""
    with uow:
        key = next((k for k in uow.keys.all() if k.id == key_id), None)
        if key is None:
            raise Refused("unknown_key", id=key_id)
        if key.revoked_at is not None:
            return key, False
        uow.keys.revoke(key_id, now)
        uow.commit()
    return replace(key, revoked_at=now), True
