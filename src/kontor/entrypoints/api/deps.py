"""What every route depends on: the store's unit of work, the caller's API key and language.

A customer key sees only its own customer: any other customer id answers exactly as an id that
does not exist (404 unknown_customer), so a key cannot even tell which customers there are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Path, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from kontor.domain.errors import Refused
from kontor.entrypoints.api.problems import ApiProblem, request_language
from kontor.services.access import ApiKey, authenticate
from kontor.services.retry import retrying
from kontor.services.unit_of_work import Store, UnitOfWork

T = TypeVar("T")
ATTEMPTS = 3


class Runner:
    """Runs a change in a fresh unit of work, again (up to ATTEMPTS times) when the store says
    a retry may cure the failure (two requests changed the same customer at once)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self, action: Callable[[UnitOfWork], T]) -> T:
        return retrying(self.store, lambda: action(self.store.uow()), ATTEMPTS)


_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <secret>")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: <secret>")

CUSTOMER_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


def get_uow(request: Request) -> UnitOfWork:
    return request.app.state.store.uow()


def get_runner(request: Request) -> Runner:
    return Runner(request.app.state.store)


def get_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    header: Annotated[str | None, Security(_header)],
) -> ApiKey:
    secret = bearer.credentials if bearer else header
    key = authenticate(request.app.state.store.uow(), secret) if secret else None
    if key is None:
        raise ApiProblem("unauthorized")
    return key


def get_lang(request: Request) -> str:
    return request_language(request)


Uow = Annotated[UnitOfWork, Depends(get_uow)]
Run = Annotated[Runner, Depends(get_runner)]
Key = Annotated[ApiKey, Depends(get_key)]
Lang = Annotated[str, Depends(get_lang)]


def visible_customer(
    customer_id: Annotated[str, Path(pattern=CUSTOMER_ID, description="the customer's id")],
    key: Key,
) -> str:
    """The customer id of the path, if the key may see that customer."""
    if not key.may_see(customer_id):
        raise Refused("unknown_customer", "unknown_customer", customer=customer_id)
    return customer_id


def operator(key: Key) -> ApiKey:
    if key.role != "operator":
        raise ApiProblem("forbidden")
    return key


CustomerId = Annotated[str, Depends(visible_customer)]
Operator = Annotated[ApiKey, Depends(operator)]


def operator_customer(customer_id: CustomerId, key: Key) -> str:
    """The customer id of the path for what only the operator does (an agent's override, what
    the network or mediation delivers): another customer's id is unknown to a customer key
    (404), its own is forbidden (403)."""
    operator(key)
    return customer_id


OperatorCustomerId = Annotated[str, Depends(operator_customer)]
