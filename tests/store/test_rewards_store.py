"""Campaign invitations, clock restarts and rewards in the SQL store (SQLite and PostgreSQL):
they come back as they were written, a refused action leaves nothing, and the daily job run
twice on the store grants once."""

from __future__ import annotations

from datetime import date

import pytest
from population import load_catalogs

from kontor.domain.account import Customer
from kontor.domain.campaigns import GrantedReward, Invitation, Restart
from kontor.domain.errors import Refused
from kontor.services.commands import from_event
from kontor.services.customers import open_account
from kontor.services.handlers import execute
from kontor.services.rewards import invite, record_action, run_rewards

HOTLINE = "online-statt-hotline"


def test_rewards_are_stored_and_the_job_grants_once(store) -> None:
    load_catalogs(store)
    open_account(store.uow(), Customer("acme", "ACME GmbH", "DE", "BY"), ["o2-unite"])
    execute(store.uow(), "acme", from_event(date(2026, 1, 1), "subscribe",
                                            {"id": "pool", "product": "unite"}))
    invite(store.uow(), "acme", HOTLINE, date(2026, 1, 15), "sms")
    record_action(store.uow(), "acme", HOTLINE, "app_installed", date(2026, 1, 20))
    record_action(store.uow(), "acme", HOTLINE, "hotline_call", date(2026, 3, 2))
    with pytest.raises(Refused):
        record_action(store.uow(), "acme", HOTLINE, "app_deinstalled", date(2026, 3, 3))
    for _ in range(2):
        run_rewards(store.uow(), [HOTLINE], date(2026, 12, 31))
    uow = store.uow()
    with uow:
        account = uow.accounts.get("acme")
    assert account.invitations == (Invitation(HOTLINE, date(2026, 1, 15), "sms"),)
    assert account.restarts == (Restart(HOTLINE, "hotline_call", date(2026, 3, 2)),)
    assert account.rewards == (
        GrantedReward(HOTLINE, "app_installed", date(2026, 1, 20), 600, date(2026, 2, 28),
                      "pool"),
        GrantedReward(HOTLINE, "no_hotline_9_months", date(2026, 12, 2), 1800,
                      date(2027, 1, 31), "pool"))
