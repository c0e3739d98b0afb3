"""API keys: an operator key may do everything, a customer key only what concerns its own
customer. The secret is shown once, when the key is made; the store keeps its SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
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
    with uow:
        return uow.keys.find(digest(secret))
