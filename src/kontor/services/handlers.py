"""One entry point for every command: find the handler of its type and run it in a unit of
work. A refusal rolls everything back; only a commit keeps the change and its effects."""

from __future__ import annotations

from collections.abc import Callable

from kontor.domain.account import Account
from kontor.services import commands as c
from kontor.services import contracts as k
from kontor.services import devices as d
from kontor.services import rewards as r
from kontor.services.effects import Effects, keep
from kontor.services.unit_of_work import UnitOfWork

Handler = Callable[[Account, c.Command, Effects], None]

HANDLERS: dict[type, Handler] = {
    c.Subscribe: k.subscribe, c.SetQuantity: k.set_quantity, c.ChangePlan: k.change_plan,
    c.Cancel: k.cancel, c.AddOption: k.add_option, c.RemoveOption: k.remove_option,
    c.SetPools: k.set_pools, c.AddSim: k.add_sim, c.RemoveSim: k.remove_sim,
    c.SetProfile: k.set_profile, c.SetOverage: k.set_overage, c.OneTime: k.one_time,
    c.ActivateDevicePlan: d.activate_device_plan, c.CancelDevicePlan: d.cancel_device_plan,
    c.DeleteOrder: d.delete_order, c.LinkDevicePlan: d.link_device_plan,
    c.Invite: r.invite_handler, c.RecordAction: r.action_handler,
}


def execute(uow: UnitOfWork, customer_id: str, command: c.Command) -> Effects:
    """Apply one command to a customer's account. Raises Refused (and changes nothing) when a
    rule refuses it; any other exception is a programming error and is not caught here."""
    with uow:
        account = uow.accounts.get(customer_id)
        fx = Effects()
        HANDLERS[type(command)](account, command, fx)
        keep(uow, customer_id, fx)
        uow.commit()
    return fx
