"""Invoices (as `kontor simulate --json` shows them), the preview of the next invoice, balances
and the pool monitor. Reading only: nothing here changes a customer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kontor.entrypoints.api.convert import balance_json, invoice_json, pools_json
from kontor.entrypoints.api.deps import CustomerId, Key, Uow
from kontor.entrypoints.api.problems import ApiProblem, problem_responses
from kontor.entrypoints.api.requests import IsoDate
from kontor.entrypoints.api.schemas import (
    BalancesOut,
    InvoiceOut,
    PoolsOut,
    PreviewOut,
)
from kontor.services import billing as billing_service
from kontor.services.monitoring import report_pools
from kontor.services.usage import balances as customer_balances

router = APIRouter(tags=["billing"])

ERRORS = problem_responses(401, 404, 422)
At = Annotated[IsoDate, Query(description="the day (ISO date)")]


@router.get("/customers/{customer_id}/invoices", response_model=list[InvoiceOut],
            responses=ERRORS)
def list_invoices(customer_id: CustomerId, uow: Uow) -> list[dict]:
    """The customer's invoices, in the order they were issued."""
    with uow:
        uow.accounts.get(customer_id)
        return [invoice_json(i) for i in uow.billing.invoices(customer_id)]


@router.get("/invoices/{number}", response_model=InvoiceOut, responses=ERRORS)
def get_invoice(number: Annotated[str, Path(max_length=100)], uow: Uow, key: Key) -> dict:
    """One invoice by its number (a customer key: only its own customer's)."""
    with uow:
        invoice = uow.billing.invoice(number)
    if invoice is None or not key.may_see(invoice.customer):
        raise ApiProblem("unknown_invoice", number=number)
    return invoice_json(invoice)


@router.get("/customers/{customer_id}/invoices/preview", response_model=PreviewOut,
            responses=ERRORS)
def preview_invoices(customer_id: CustomerId, uow: Uow,
                     billing_date: Annotated[IsoDate, Query(alias="date")]) -> dict:
    """The invoices a billing run on `date` would issue now, without a number; nothing is
    recorded."""
    drafted = billing_service.preview_invoices(uow, customer_id, billing_date)
    return {"customer": customer_id, "billing_date": billing_date,
            "invoices": [invoice_json(i) | {"number": None} for i in drafted]}


@router.get("/customers/{customer_id}/balances", response_model=BalancesOut,
            responses=ERRORS)
def balances(customer_id: CustomerId, uow: Uow, at: At) -> dict:
    """What is left in every allowance and pool at the end of `at`, with the usage up to it."""
    buckets = customer_balances(uow, customer_id, at)
    return {"customer": customer_id, "at": at, "balances": [balance_json(b) for b in buckets]}


@router.get("/customers/{customer_id}/pools", response_model=PoolsOut, responses=ERRORS)
def pools(customer_id: CustomerId, uow: Uow, at: At) -> dict:
    """The pool monitor at `at`: per pool and unit the month's allowance, carry-over, use and
    what remains; use per SIM and per profile."""
    report = report_pools(uow, customer_id, at)
    return {"customer": customer_id, "at": at, **pools_json(report)}
