"""Use cases on subscriptions: one function per command. The same functions serve
`kontor simulate`, the CLI, the API and the portal (through services/handlers.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from kontor.domain.account import Account, OneTimeOrder, Sim
from kontor.domain.calendar import ONE_DAY, next_month_start, period_end
from kontor.domain.catalog import Charge, Product
from kontor.domain.contracts import State, Subscription
from kontor.domain.errors import Refused
from kontor.domain.invoicing.licences import customer_licences, licence_products, licences_of
from kontor.domain.terms import regular_end
from kontor.messages import Phrase
from kontor.services import commands as c
from kontor.services.devices import end_device_plan
from kontor.services.effects import Effects


def _check_licence_limit(account: Account, cmd: c.Command, product: Product, quantity: int,
                         replacing: Subscription | None = None) -> None:
    """The licence limit counts the customer's licences, however they are booked."""
    family = licence_products(account.offer)
    base = account.offer.product(family[product.code]) if product.code in family else None
    if base is None or base.licence_limit is None:
        return
    others = [s for s in account.subscriptions.values() if s is not replacing
              and (replacing is None or s.id != replacing.id)]
    total = quantity + customer_licences(others, account.offer, cmd.day)
    if total > base.licence_limit:
        raise Refused("limit_exceeded", "licence_limit", limit=base.licence_limit, total=total)


def _check_quantity(product: Product, quantity: int, reason: str = "quantity_at_least_one"
                    ) -> None:
    """At least 1 (`reason` says why to the customer) and at most the product's maximum."""
    if quantity < 1:
        raise Refused("invalid_event", reason, product=product.code)
    product.check_quantity(quantity)


def _needs_base(account: Account, product: Product) -> bool:
    """Further licences and per-user options (Digital Phone) need a base package."""
    family = licence_products(account.offer)
    return family.get(product.code, product.code) != product.code or any(
        product.code in p.options for cat in account.offer.catalogs
        for p in cat.products.values() if p.included_licences)


def _is_base(account: Account, sub: Subscription, day: date) -> bool:
    return bool(account.offer.product(sub.state_on(day).product).included_licences)


def _check_base(account: Account, cmd: c.Command, product: Product) -> None:
    """Further licences and per-user options need a base package running that day."""
    if not _needs_base(account, product):
        return
    for sub in account.subscriptions.values():
        if sub.active_on(cmd.day) and _is_base(account, sub, cmd.day):
            return
    raise Refused("no_subscription", "no_base_package", product=product.code, day=cmd.day)


def _test_account(account: Account, day: date) -> date | None:
    """The last day of a base package's free test account running on `day`, if one does: a
    further licence or per-user option booked on its own then shares it (offers.md §5: the
    licences are the customer's, however they are booked)."""
    ends = [sub.trial_until for sub in account.subscriptions.values()
            if sub.in_trial(day) and _is_base(account, sub, day)]
    return max(ends, default=None)  # type: ignore[type-var]


def _end_dependents(account: Account, base: Subscription, cmd: c.Cancel, fx: Effects) -> None:
    """A base package is always required: when the last one ends, the further licences and
    per-user options booked as subscriptions of their own end with it — on the same day when
    it is cancelled at once (with the same `bill_notice`), on its last day when it runs out
    its notice. They are not billed past their base, and no call is rated without one."""
    if not _is_base(account, base, cmd.day) or base.service_end is None:
        return
    after = base.service_end + ONE_DAY
    subs = account.subscriptions.values()
    if any(s is not base and s.active_on(after) and _is_base(account, s, after) for s in subs):
        return
    dependents = [s.id for s in subs if s is not base and s.active_on(cmd.day) and _needs_base(
        account, account.offer.product(s.state_on(cmd.day).product))]
    for sub in map(account.subscription, dependents):  # writable copies
        if cmd.mode == "immediate":
            sub.cancel_immediate(cmd.day, account.offer, account.customer.holidays,
                                 cmd.bill_notice)
        elif not sub.end_by(cmd.day, base.service_end):
            continue
        end_device_plan(account, sub.id, cmd.day)
        fx.notify(cmd.day, "ended_with_base", subscription=sub.id, base=base.id,
                  last_day=sub.service_end)


def subscribe(account: Account, cmd: c.Subscribe, fx: Effects) -> None:
    if cmd.id in account.subscriptions:
        raise Refused("invalid_event", "subscription_exists", subscription=cmd.id)
    product = account.offer.product(cmd.product, cmd.day)
    if product.charge not in (Charge.RECURRING, Charge.NONE):
        raise Refused("invalid_event", "not_subscribable", product=product.code)
    _check_base(account, cmd, product)
    _check_quantity(product, cmd.quantity)
    _check_licence_limit(account, cmd, product, licences_of(State(product.code, cmd.quantity),
                                                            product))
    for code in cmd.options:
        _check_option(account, product, code)
    trial_until = None
    if cmd.trial:
        if product.trial is None:
            raise Refused("invalid_event", "no_trial", product=product.code)
        trial = product.trial
        trial_until = (cmd.day + timedelta(days=trial.days - 1) if trial.days
                       else period_end(cmd.day, trial.months))
    elif _needs_base(account, product):
        trial_until = _test_account(account, cmd.day)
    if cmd.combined_with and not cmd.combined_with & product.combined_prices.keys():
        raise Refused("invalid_event", "no_combined_price", product=product.code,
                      combined=sorted(cmd.combined_with))
    if cmd.aio and not product.aio_discount:
        raise Refused("invalid_event", "no_aio", product=product.code)
    account.subscriptions[cmd.id] = Subscription(
        cmd.id, cmd.day, State(product.code, cmd.quantity, cmd.options, (), cmd.aio),
        cmd.combined_with, trial_until, cmd.site, touched=[cmd.day])


def _check_option(account: Account, main: Product, code: str) -> Product:
    option = account.offer.product(code)
    if code not in main.options:
        raise Refused("invalid_event", "not_an_option", option=code, product=main.code)
    return option


def set_quantity(account: Account, cmd: c.SetQuantity, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    sub.ensure_running(cmd.day)
    product = account.offer.product(sub.state_on(cmd.day).product)
    _check_quantity(product, cmd.quantity, "quantity_zero")
    _check_licence_limit(account, cmd, product,
                         licences_of(State(product.code, cmd.quantity), product), sub)
    sub.set_quantity(cmd.day, cmd.quantity)


def change_plan(account: Account, cmd: c.ChangePlan, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    target = account.offer.product(cmd.product)
    _, overridden = sub.change_plan(cmd.day, target, account.offer, cmd.override)
    fx.overridden(cmd.day, cmd.override, overridden, f"Abo {sub.id}: Wechsel auf {target.code}",
                  cmd.index)


def cancel(account: Account, cmd: c.Cancel, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    region = account.customer.holidays
    if cmd.mode == "immediate":
        end = sub.cancel_immediate(cmd.day, account.offer, region, cmd.bill_notice)
        how = Phrase("how_immediate_billed" if cmd.bill_notice else "how_immediate")
    else:
        end = sub.cancel_regular(cmd.day, account.offer, region)
        how = Phrase("how_regular")
        if cmd.bill_notice:
            fx.notify(cmd.day, "bill_notice_ignored", subscription=sub.id, end=end)
    end_device_plan(account, sub.id, cmd.day)
    fx.notify(cmd.day, "cancellation_confirmed", subscription=sub.id, how=how, end=end,
              last_day=sub.service_end)
    _end_dependents(account, sub, cmd, fx)


def add_option(account: Account, cmd: c.AddOption, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    main = account.offer.product(sub.state_on(cmd.day).product)
    _check_option(account, main, cmd.product)
    sub.add_option(cmd.day, cmd.product)


def remove_option(account: Account, cmd: c.RemoveOption, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    option = account.offer.product(cmd.product)
    started = sub.option_start(option.code, cmd.day)
    if option.terms.notice.werktage or option.terms.notice.months or option.terms.min_months:
        last = regular_end(started, option, None, cmd.day, account.customer.holidays)
    else:
        last = next_month_start(cmd.day) - ONE_DAY
    sub.remove_option(cmd.day, option.code, last)


def set_pools(account: Account, cmd: c.SetPools, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    product = account.offer.product(sub.state_on(cmd.day).product)
    if not product.pools:
        raise Refused("invalid_event", "no_pools", product=product.code)
    blocks = {product.pools[name]: count for name, count in
              (("voice", cmd.voice), ("sms", cmd.sms), ("data", cmd.data))
              if count is not None and name in product.pools}
    for code, count in blocks.items():
        if count:
            account.offer.product(code).check_quantity(count)
    sub.set_pools(cmd.day, blocks)


def add_sim(account: Account, cmd: c.AddSim, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    sub.ensure_running(cmd.day)
    if cmd.id in account.sims and account.sims[cmd.id].removed_on is None:
        raise Refused("invalid_event", "sim_active", sim=cmd.id)
    account.sims[cmd.id] = Sim(cmd.id, sub.id, cmd.profile, added_on=cmd.day)


def remove_sim(account: Account, cmd: c.RemoveSim, fx: Effects) -> None:
    sim = account.sim(cmd.id)
    if cmd.subscription is not None and cmd.subscription != sim.subscription:
        raise Refused("invalid_event", "sim_in_other_pool", sim=cmd.id,
                      subscription=cmd.subscription, pool=sim.subscription)
    sim.removed_on = cmd.day


def set_profile(account: Account, cmd: c.SetProfile, fx: Effects) -> None:
    sim = account.sim(cmd.sim)
    profile = sim.profile_on(cmd.day)
    if cmd.roaming is not None:
        profile = replace(profile, roaming=cmd.roaming)
    if cmd.cap_given:
        profile = replace(profile, data_cap_mb=cmd.data_cap_mb)
    sim.profiles = (*sim.profiles, (cmd.day, profile))


def set_overage(account: Account, cmd: c.SetOverage, fx: Effects) -> None:
    sub = account.subscription(cmd.subscription)
    sub.ensure_running(cmd.day)
    account.overage[sub.id] = (*account.overage.get(sub.id, ()), (cmd.day, cmd.policy))


def one_time(account: Account, cmd: c.OneTime, fx: Effects) -> None:
    product = account.offer.product(cmd.product, cmd.day)
    if product.charge is not Charge.ONE_TIME:
        raise Refused("invalid_event", "not_one_time", product=product.code)
    _check_quantity(product, cmd.quantity)
    free = max(0, min(cmd.quantity, product.first_free - account.ordered(product.code)))
    account.add_order(OneTimeOrder(len(account.orders) + 1, cmd.day, product.code,
                                   cmd.quantity, free, product.price))
