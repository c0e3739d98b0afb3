"""Use cases of device plans (Smart Abo): activate, cancel, orphan after delete_order, relink."""

from __future__ import annotations

from kontor.domain.account import Account
from kontor.domain.agreements import purchase_agreement
from kontor.domain.devices import DevicePlan
from kontor.domain.errors import Refused
from kontor.domain.money import round_cents, to_decimal
from kontor.services.commands import Command


def activate_device_plan(account: Account, cmd: Command) -> None:
    plan_id = str(cmd.get("id"))
    if plan_id in account.device_plans:
        raise Refused("invalid_event", f"Einen Geräteplan '{plan_id}' gibt es bereits.")
    sub = account.subscription(cmd.get("subscription"))
    if not sub.active_on(cmd.day):
        raise Refused("no_subscription", f"Das Abo '{sub.id}' ist am {cmd.day.isoformat()} "
                      "nicht aktiv; ohne Abo gibt es keinen Geräteplan.")
    product = account.offer.product(sub.state_on(cmd.day).product)
    installments = int(cmd.get("installments"))
    if installments not in product.device_installments:
        allowed = ", ".join(map(str, product.device_installments)) or "keine"
        raise Refused("invalid_event", f"{installments} Raten sind für '{product.code}' nicht "
                      f"möglich (erlaubt: {allowed}).")
    price, down = _amount(cmd, "price"), _amount(cmd, "down_payment")
    plan = DevicePlan(plan_id, sub.id, str(cmd.get("device")), price, down, installments,
                      cmd.get("channel", "order"), cmd.day)
    previous = account.active_device_plan(sub.id, cmd.day)
    if previous:
        previous.end(cmd.day)
        account.notify(cmd.day, "device_plan_replaced", f"Geräteplan {previous.id} endet durch "
                       f"den neuen Geräteplan {plan_id}; der Restbetrag wird sofort fällig.")
    account.device_plans[plan_id] = plan
    account.agreements.append(purchase_agreement(plan, account.offer.issuer, account.customer))
    if plan.channel == "order":
        account.notify(cmd.day, "device_shipment", f"Bestellung abgeschlossen: {plan.device} "
                       f"(Geräteplan {plan_id}) wird zum Versand freigegeben.")


def _amount(cmd: Command, key: str):
    value = to_decimal(cmd.get(key, 0))
    if value != round_cents(value):
        raise Refused("invalid_event", f"'{key}' {value} hat mehr als zwei Nachkommastellen.")
    return round_cents(value)


def cancel_device_plan(account: Account, cmd: Command) -> None:
    plan = account.device_plan(str(cmd.get("id")))
    effective = cmd.get("effective", cmd.day)
    if effective < cmd.day:
        raise Refused("invalid_event", "Ein Geräteplan kann nicht rückwirkend gekündigt werden.")
    if plan.cancel(effective, overridden=cmd.override is not None) and cmd.override:
        account.record_override(cmd.day, cmd.override, "device_plan_min_duration",
                                f"Geräteplan {plan.id}: Ende {effective.isoformat()}", cmd.index)


def delete_order(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    sub.delete_order(cmd.day)
    for plan in account.device_plans.values():
        if plan.subscription_id == sub.id and not plan.ended_by(cmd.day):
            plan.subscription_id = None
    report_orphans(account, cmd.day)


def link_device_plan(account: Account, cmd: Command) -> None:
    plan = account.device_plan(str(cmd.get("id")))
    sub = account.subscription(cmd.get("subscription"))
    if not sub.active_on(cmd.day):
        raise Refused("no_subscription", f"Das Abo '{sub.id}' ist nicht aktiv.")
    if plan.ended_by(cmd.day):
        raise Refused("invalid_event", f"Der Geräteplan '{plan.id}' ist bereits beendet.")
    other = account.active_device_plan(sub.id, cmd.day)
    if other is not None and other is not plan:
        raise Refused("limit_exceeded", f"Das Abo '{sub.id}' hat bereits den aktiven "
                      f"Geräteplan '{other.id}'; pro Abo ist nur einer möglich.")
    plan.subscription_id = sub.id


def report_orphans(account: Account, day) -> None:
    """The orphan report: every running device plan without a subscription."""
    for plan in account.device_plans.values():
        if plan.subscription_id is None and not plan.ended_by(day):
            account.notify(day, "orphan_device_plan", f"Geräteplan {plan.id} ({plan.device}) hat "
                           "kein Abo: bitte mit dem neuen Abo verknüpfen (link_device_plan).")
