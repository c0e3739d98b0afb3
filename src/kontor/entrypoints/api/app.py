"""The REST API: FastAPI routers under /v1 that only translate between HTTP and the services.
OpenAPI at /openapi.json, docs at /docs. Errors are RFC 9457 problem documents.

    app = create_app(store)   # store.uow() gives the unit of work of one request

Endpoints are synchronous (`def`): the stores are, and FastAPI runs them in its thread pool."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from kontor.entrypoints.api import (
    routes_billing,
    routes_commands,
    routes_customers,
    routes_usage,
)
from kontor.entrypoints.api.problems import Problem, install, problem_responses
from kontor.services.unit_of_work import Store

PREFIX = "/v1"
DESCRIPTION = (
    "Kontor's billing core over HTTP. Authenticate with an API key: "
    "`Authorization: Bearer <secret>` or `X-API-Key: <secret>`. An operator key may do "
    "everything; a customer key sees only its own customer (any other answers 404, as one "
    "that does not exist). Money and quantities are decimal strings, dates ISO dates. Errors "
    "are RFC 9457 problem documents with a stable `code`, their `detail` in the language of "
    "Accept-Language (de, the default, or en)."
)


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="Kontor", version="1", description=DESCRIPTION)
    app.state.store = store
    for module in (routes_customers, routes_commands, routes_usage, routes_billing):
        app.include_router(module.router, prefix=PREFIX)
    install(app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _with_problems(get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _with_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """The Problem schema the error responses refer to; 400 for every request with a body (one
    that cannot be parsed at all, e.g. not UTF-8)."""
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if "requestBody" in operation:
                operation["responses"].update(problem_responses(400))
    return schema
