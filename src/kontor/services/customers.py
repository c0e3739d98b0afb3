"""Customers: an account is opened with the customer's master data and the catalogs it buys
from (their names; every loaded version of each)."""

from __future__ import annotations

from collections.abc import Sequence

from kontor.domain.account import Account, Customer
from kontor.domain.errors import Refused
from kontor.services.unit_of_work import UnitOfWork


def open_account(uow: UnitOfWork, customer: Customer, catalogs: Sequence[str]) -> Account:
    if not catalogs:
        raise Refused("unknown_catalog", "unknown_catalog", catalog="",
                      loaded=", ".join(uow.catalogs.names()))
    with uow:
        offer = uow.catalogs.offer(catalogs)
        if len({c.currency for c in offer.catalogs}) > 1:
            raise Refused("invalid_event", "catalogs_mix_currencies",
                          catalogs=", ".join(catalogs))
        account = Account(customer, offer)
        uow.accounts.add(account)
        uow.commit()
    return account
