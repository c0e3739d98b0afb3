"""Errors as RFC 9457 problem documents (`application/problem+json`): a refusal of a business
rule (its status from entrypoints.refusals, its sentence from the message catalogue in the
language of Accept-Language), and the API's own problems (401, 403, 404, 405, 422)."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from kontor.domain.errors import Refused
from kontor.entrypoints.refusals import HTTP_STATUS
from kontor.messages import LANGUAGES, render

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://kontor.example/problems/"

# The API's own problems: code -> (HTTP status, message key)
API_PROBLEMS = {
    "unauthorized": (401, "api_unauthorized"),
    "forbidden": (403, "api_forbidden"),
    "not_found": (404, "api_not_found"),
    "unknown_invoice": (404, "api_unknown_invoice"),
    "unknown_quarantine_entry": (404, "api_unknown_quarantine_entry"),
    "method_not_allowed": (405, "api_method_not_allowed"),
    "unreadable_request": (400, "api_unreadable_request"),
    "invalid_request": (422, "api_invalid_request"),
    "internal_error": (500, "api_internal_error"),
}


class FieldError(BaseModel):
    location: str = Field(description="where in the request, e.g. body.quantity")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document; `code` is Kontor's stable machine code."""

    type: str
    title: str
    status: int = Field(ge=400, le=599)
    detail: str
    code: str
    errors: list[FieldError] | None = None


class ApiProblem(Exception):
    """A problem of the API itself (not a business rule): one of API_PROBLEMS."""

    def __init__(self, code: str, /, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def language(accept_language: str | None) -> str:
    """The first of Kontor's languages the client accepts (by q value), German by default."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, rest = part.strip().partition(";")
        quality = 1.0
        rest = rest.strip()
        if rest.startswith("q="):
            try:
                quality = float(rest[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "de"


def request_language(request: Request) -> str:
    return language(request.headers.get("accept-language"))


def problem_response(status: int, code: str, detail: str,
                     errors: list[FieldError] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    body = Problem(type=TYPE_BASE + code, title=HTTPStatus(status).phrase, status=status,
                   detail=detail, code=code, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status,
                        media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def api_problem(request: Request, code: str, headers: dict[str, str] | None = None,
                **params: object) -> JSONResponse:
    status, key = API_PROBLEMS[code]
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    return problem_response(status, code, render(key, params, request_language(request)),
                            headers=headers)


def _location(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _refused(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    return problem_response(HTTP_STATUS[exc.code], exc.code,
                            exc.message(request_language(request)))


def _own(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return api_problem(request, exc.code, **exc.params)


def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [FieldError(location=_location(e.get("loc", ())), message=str(e.get("msg", "")))
              for e in exc.errors()]
    lang = request_language(request)
    detail = render("api_invalid_request", {"count": len(errors)}, lang)
    return problem_response(422, "invalid_request", detail, errors)


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed(request) or headers.get("Allow", "")
        return api_problem(request, "method_not_allowed", headers, method=request.method)
    if exc.status_code == 404:
        return api_problem(request, "not_found", headers, path=request.url.path)
    if exc.status_code == 400:  # a body that cannot be parsed at all (e.g. not UTF-8)
        return api_problem(request, "unreadable_request", headers)
    status = exc.status_code if exc.status_code >= 400 else 500
    return problem_response(status, "http_error", str(exc.detail), headers=headers)


def _allowed(request: Request) -> str:
    """Every method the path allows, over all its routes (Starlette names only those of the
    first route that matches the path)."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        parts = re.split(r"(\{[^/{}]+\})", template)
        pattern = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        if re.fullmatch(pattern, request.url.path):
            methods |= {method.upper() for method in operations}
    return ", ".join(sorted(methods))


def _crash(request: Request, exc: Exception) -> JSONResponse:
    return api_problem(request, "internal_error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(Refused, _refused)
    app.add_exception_handler(ApiProblem, _own)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _crash)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` entries of these error statuses, as problem documents."""
    ref = {"$ref": "#/components/schemas/Problem"}
    return {status: {"description": HTTPStatus(status).phrase,
                     "content": {PROBLEM_MEDIA_TYPE: {"schema": ref}}}
            for status in statuses}
