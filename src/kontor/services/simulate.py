"""`kontor simulate`: replay a customer's dated timeline in a throw-away in-memory store,
through the same command and billing services as every other entry point."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kontor.adapters.catalog_yaml import load_catalog
from kontor.adapters.memory import MemoryUnitOfWork
from kontor.adapters.scenario_yaml import Scenario
from kontor.domain.account import Account
from kontor.domain.balances import Bucket
from kontor.domain.calendar import month_starts
from kontor.domain.campaigns import GrantedReward
from kontor.domain.errors import Refused
from kontor.domain.rating.customer_columnar import balances_from
from kontor.services.billing import run_billing
from kontor.services.commands import Command, Invite, RecordAction, RecordUsage
from kontor.services.handlers import execute
from kontor.services.rewards import invite, record_action, run_rewards
from kontor.services.unit_of_work import UnitOfWork
from kontor.services.usage import ImportReport, rating_until, record_usage


@dataclass(frozen=True)
class Rejection:
    day: date
    event: int | None
    refusal: Refused

    @property
    def code(self) -> str:
        return self.refusal.code

    def message(self, lang: str = "de") -> str:
        return self.refusal.message(lang)


@dataclass(frozen=True)
class Flagged:
    """A record rated and flagged (a SIM profile broken, a pool empty under block)."""

    record_id: str
    subscriber: str
    day: date
    flags: list[str]


@dataclass
class SimulationResult:
    scenario: Scenario
    uow: UnitOfWork
    rejected: list[Rejection] = field(default_factory=list)
    balances: list[Bucket] = field(default_factory=list)
    imports: list[ImportReport] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)

    @property
    def customer(self) -> str:
        return self.scenario.customer.id

    @property
    def account(self) -> Account:
        with self.uow:
            return self.uow.accounts.get(self.customer)

    @property
    def invoices(self):
        with self.uow:
            return self.uow.billing.invoices(self.customer)

    @property
    def rewards(self) -> tuple[GrantedReward, ...]:
        """Every campaign reward granted, in the order granted."""
        return self.account.rewards

    @property
    def notices(self):
        with self.uow:
            return self.uow.journal.notices(self.customer)

    @property
    def audit(self):
        with self.uow:
            return self.uow.journal.audit(self.customer)

    @property
    def agreements(self):
        with self.uow:
            return self.uow.journal.agreements(self.customer)


def simulate(scenario: Scenario, uow: UnitOfWork | None = None) -> SimulationResult:
    """Apply every event dated on or before a billing date, then bill that date. Only a
    refusal becomes a rejection; any other error is a crash (a bug to fix, not bad input).

    The store is a throw-away in-memory one unless `uow` names another (the tests run every
    scenario on SQLite and PostgreSQL too); the scenario's catalogs are loaded into it."""
    uow = uow or MemoryUnitOfWork()
    customer = scenario.customer.id
    with uow:
        for path in scenario.catalog_files:
            uow.catalogs.add(load_catalog(path), path.read_text(encoding="utf-8"))
        uow.accounts.add(Account(scenario.customer,
                                 uow.catalogs.offer([c.name for c in scenario.offer.catalogs])))
        uow.commit()
    result = SimulationResult(scenario, uow)
    pending = list(scenario.commands)
    position = 0
    timers = _Timers(uow, scenario)
    for billing_date in [*month_starts(scenario.start, scenario.end), None]:
        while position < len(pending) and (
                billing_date is None or pending[position].day <= billing_date):
            command = pending[position]
            position += 1
            timers.run(command.day)
            try:
                _apply(uow, scenario, command, result)
            except Refused as refusal:
                result.rejected.append(Rejection(command.day, command.index, refusal))
        if billing_date is not None:
            timers.run(billing_date)
            run_billing(uow, customer, billing_date)
    timers.run(scenario.end)
    account, rating = rating_until(uow, customer, scenario.end)
    result.balances = balances_from(account, rating, scenario.end)
    result.flagged = [Flagged(*row) for row in rating.flagged.iter_rows()]
    return result


def _apply(uow: UnitOfWork, scenario: Scenario, command: Command,
           result: SimulationResult) -> None:
    customer = scenario.customer.id
    if isinstance(command, RecordUsage):
        result.imports.append(record_usage(uow, customer, command))
    elif isinstance(command, Invite):
        invite(uow, customer, scenario.campaigns[command.campaign], command.day,
               command.channel)
    elif isinstance(command, RecordAction):
        record_action(uow, customer, scenario.campaigns[command.campaign], command.action,
                      command.day)
    else:
        execute(uow, customer, command)


class _Timers:
    """The daily rewards job, run before a day's events, before each billing and at the end.
    A run for a day grants what fell due on every day since the last run, each dated on its own
    day, so running it on these days only is running it every day (tests/unit/
    test_rewards.py). Not run at all in a scenario that invites nobody."""

    def __init__(self, uow: UnitOfWork, scenario: Scenario) -> None:
        self.uow, self.scenario = uow, scenario
        self.invites = any(isinstance(c, Invite) for c in scenario.commands)

    def run(self, day: date) -> None:
        if self.invites:
            run_rewards(self.uow, self.scenario.campaigns.values(), day,
                        [self.scenario.customer.id])
