"""Use cases of device plans (Smart Abo): activate, cancel, orphan after delete_order, relink."""

from __future__ import annotations

from datetime import date

from kontor.domain.account import Account
from kontor.domain.agreements import purchase_agreement
from kontor.domain.contracts import Subscription
from kontor.domain.devices import DevicePlan
from kontor.domain.errors import Refused
from kontor.domain.money import round_cents
from kontor.services import commands as c
from kontor.services.effects import Effects


def _check_not_ending(sub: Subscription, day: date) -> None:
    """No device plan on a subscription already cancelled (under notice or ended), activated
    or linked: cancelling ends a subscription's device plan at once."""
    if sub.service_end is not None and sub.start <= day:
        raise Refused("subscription_ending", "subscription_ending", subscription=sub.id,
                      end=sub.service_end)


def activate_device_plan(account: Account, cmd: c.ActivateDevicePlan, fx: Effects) -> None:
    if cmd.id in account.device_plans:
        raise Refused("invalid_event", "device_plan_exists", plan=cmd.id)
    sub = account.subscription(cmd.subscription)
    _check_not_ending(sub, cmd.day)
    if not sub.active_on(cmd.day):
        raise Refused("no_subscription", "device_plan_needs_subscription", subscription=sub.id,
                      day=cmd.day)
    product = account.offer.product(sub.state_on(cmd.day).product)
    if cmd.installments not in product.device_installments:
        raise Refused("invalid_event", "installments_not_allowed",
                      installments=cmd.installments, product=product.code,
                      allowed=list(product.device_installments) or "-")
    plan = DevicePlan(cmd.id, sub.id, cmd.device, _cents(cmd.price, "price"),
                      _cents(cmd.down_payment, "down_payment"), cmd.installments, cmd.channel,
                      cmd.day)
    previous = account.active_device_plan(sub.id, cmd.day)
    if previous:
        previous.end(cmd.day)
        fx.notify(cmd.day, "device_plan_replaced", old=previous.id, new=cmd.id)
    account.device_plans[cmd.id] = plan
    fx.agreements.append(purchase_agreement(plan, account.offer.catalog_of(product.code).issuer,
                                            account.customer))
    if plan.channel == "order":
        fx.notify(cmd.day, "device_shipment", device=plan.device, plan=cmd.id)


def _cents(value, name: str):
    if value != round_cents(value):
        raise Refused("invalid_event", "too_many_decimals", field=name, value=value)
    return round_cents(value)


def cancel_device_plan(account: Account, cmd: c.CancelDevicePlan, fx: Effects) -> None:
    plan = account.device_plan(cmd.id)
    effective = cmd.effective or cmd.day
    if effective < cmd.day:
        raise Refused("invalid_event", "no_retroactive_cancel")
    if plan.cancel(cmd.day, effective, overridden=cmd.override is not None):
        fx.overridden(cmd.day, cmd.override, "device_plan_min_duration",
                      f"Geräteplan {plan.id}: Ende {effective.isoformat()}", cmd.index)


def end_device_plan(account: Account, sub_id: str, day: date) -> None:
    """Cancelling a subscription ends its device plan on the day of the cancellation."""
    plan = account.active_device_plan(sub_id, day)
    if plan:
        plan.end(day)


def delete_order(account: Account, cmd: c.DeleteOrder, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    sub.delete_order(cmd.day)
    for plan_id, plan in list(account.device_plans.items()):
        if plan.subscription_id == sub.id and not plan.ended_by(cmd.day):
            account.device_plan(plan_id).subscription_id = None
    report_orphans(account, cmd.day, fx)


def link_device_plan(account: Account, cmd: c.LinkDevicePlan, fx: Effects) -> None:
    plan = account.device_plan(cmd.id)
    sub = account.subscription(cmd.subscription)
    _check_not_ending(sub, cmd.day)
    if not sub.active_on(cmd.day):
        raise Refused("no_subscription", "subscription_not_active", subscription=sub.id)
    if plan.ended_by(cmd.day):
        raise Refused("invalid_event", "device_plan_ended", plan=plan.id, end=plan.ended_on)
    other = account.active_device_plan(sub.id, cmd.day)
    if other is not None and other.id != plan.id:
        raise Refused("limit_exceeded", "device_plan_taken", subscription=sub.id, plan=other.id)
    plan.subscription_id = sub.id


def report_orphans(account: Account, day: date, fx: Effects) -> None:
    """The orphan report: every running device plan without a subscription."""
    for plan in account.device_plans.values():
        if plan.subscription_id is None and not plan.ended_by(day):
            fx.notify(day, "orphan_device_plan", plan=plan.id, device=plan.device)
