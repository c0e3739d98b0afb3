"""`kontor simulate`: replay a customer's dated timeline on a throw-away account."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kontor.adapters.scenario_yaml import Scenario
from kontor.domain.account import Account
from kontor.domain.balances import Bucket, buckets, remaining_on
from kontor.domain.calendar import month_starts
from kontor.domain.errors import Refused
from kontor.services import commands as c
from kontor.services import devices as d
from kontor.services.billing import run_billing
from kontor.services.numbering import InMemoryNumbers

Handler = Callable[[Account, c.Command], None]

HANDLERS: dict[str, Handler] = {
    "subscribe": c.subscribe, "set_quantity": c.set_quantity, "change_plan": c.change_plan,
    "cancel": c.cancel, "add_option": c.add_option, "remove_option": c.remove_option,
    "set_pools": c.set_pools, "add_sim": c.add_sim, "remove_sim": c.remove_sim,
    "set_profile": c.set_profile, "set_overage": c.set_overage, "one_time": c.one_time,
    "device_plan": d.activate_device_plan, "cancel_device_plan": d.cancel_device_plan,
    "delete_order": d.delete_order, "link_device_plan": d.link_device_plan,
}
NOT_YET = {"usage": "usage records", "invite": "campaign invitations",
           "action": "campaign actions"}


@dataclass(frozen=True)
class Rejection:
    day: date
    event: int | None
    code: str
    message: str


@dataclass
class SimulationResult:
    scenario: Scenario
    account: Account
    rejected: list[Rejection] = field(default_factory=list)
    balances: list[Bucket] = field(default_factory=list)


def apply(account: Account, command: c.Command) -> None:
    """Apply one command; a refusal leaves the account as it was (checks come before changes)."""
    if command.do in NOT_YET:
        raise Refused("invalid_event", f"'{command.do}' ({NOT_YET[command.do]}) is not "
                      "supported by this version of Kontor yet; the event was not applied.")
    HANDLERS[command.do](account, command)


def _rejection(command: c.Command, exc: Exception) -> Rejection:
    """A typed refusal keeps its code; any other failure of one event is refused as
    invalid_event with its reason, so one event never loses the whole run."""
    if isinstance(exc, Refused):
        return Rejection(command.day, command.index, exc.code, exc.message)
    return Rejection(command.day, command.index, "invalid_event",
                     f"Das Ereignis konnte nicht angewendet werden ({type(exc).__name__}: {exc}).")


def simulate(scenario: Scenario) -> SimulationResult:
    account = Account(scenario.customer, scenario.offer)
    result = SimulationResult(scenario, account)
    numbers = InMemoryNumbers()
    pending = list(scenario.commands)
    for billing_date in [*month_starts(scenario.start, scenario.end), None]:
        while pending and (billing_date is None or pending[0].day <= billing_date):
            command = pending.pop(0)
            before = copy.deepcopy(account.__dict__)
            try:
                apply(account, command)
            except (Refused, ArithmeticError, LookupError, TypeError, ValueError) as exc:
                account.__dict__.update(before)  # a refused event changes nothing
                result.rejected.append(_rejection(command, exc))
        if billing_date is not None:
            run_billing(account, billing_date, numbers)
    all_buckets = [b for sub in account.subscriptions.values()
                   for b in buckets(sub, account.offer, scenario.end)]
    result.balances = remaining_on(all_buckets, scenario.end)
    return result
