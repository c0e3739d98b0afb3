"""Customers: open an account (operator keys only), list them (a customer key: only its own),
read one with a summary of its subscriptions."""

from __future__ import annotations

from fastapi import APIRouter

from kontor.domain.account import CallList, Customer, vat_id
from kontor.domain.calendar import known_regions
from kontor.domain.errors import Refused
from kontor.entrypoints.api.convert import customer_json, detail_json
from kontor.entrypoints.api.deps import CustomerId, Key, Operator, Run, Uow
from kontor.entrypoints.api.problems import problem_responses
from kontor.entrypoints.api.requests import NewCustomer
from kontor.entrypoints.api.schemas import CustomerDetailOut, CustomersOut
from kontor.services.customers import open_account

router = APIRouter(tags=["customers"])


@router.post("/customers", status_code=201, response_model=CustomerDetailOut,
             responses=problem_responses(401, 403, 404, 409, 422))
def create_customer(body: NewCustomer, run: Run, _: Operator) -> dict:
    """Open a customer's account with the catalogs it buys from (operator keys only)."""
    regions = known_regions(body.country)
    if body.region is not None and body.region not in regions:
        raise Refused("invalid_event", "unknown_region", region=body.region,
                      country=body.country, regions=", ".join(regions))
    vat = vat_id(body.vat_id) if body.vat_id else None
    if body.vat_id and vat is None:
        raise Refused("invalid_event", "vat_id_invalid", value=body.vat_id)
    customer = Customer(body.id, body.name, body.country, body.region, tuple(body.address),
                        vat, body.email, body.language, body.phone, CallList(body.call_list))
    return detail_json(run(lambda uow: open_account(uow, customer, body.catalogs)))


@router.get("/customers", response_model=CustomersOut, responses=problem_responses(401, 422))
def list_customers(uow: Uow, key: Key) -> dict:
    """Every customer (a customer key: only its own)."""
    with uow:
        ids = [i for i in uow.accounts.ids() if key.may_see(i)]
        return {"customers": [customer_json(uow.accounts.get(i)) for i in ids]}


@router.get("/customers/{customer_id}", response_model=CustomerDetailOut,
            responses=problem_responses(401, 404, 422))
def get_customer(customer_id: CustomerId, uow: Uow) -> dict:
    """A customer's master data, subscriptions (their periods), SIMs and device plans."""
    with uow:
        return detail_json(uow.accounts.get(customer_id))
