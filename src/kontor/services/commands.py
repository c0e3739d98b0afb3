"""Use cases on a customer's account: one function per command. The same functions serve
`kontor simulate`, the CLI, the API and the portal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from kontor.domain.account import Account, Sim
from kontor.domain.calendar import ONE_DAY, next_month_start, period_end
from kontor.domain.catalog import Charge, Product
from kontor.domain.contracts import Override, State, Subscription
from kontor.domain.errors import Refused
from kontor.domain.invoicing.activation import HighWaterMark
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.invoicing.recurring import Ledger, licences
from kontor.domain.money import round_cents
from kontor.domain.terms import regular_end


@dataclass(frozen=True)
class Command:
    """A dated instruction: `do` names the use case, `fields` its arguments."""

    day: date
    do: str
    fields: dict = field(default_factory=dict)
    index: int | None = None

    def get(self, key: str, default=None):
        value = self.fields.get(key)
        return default if value is None else value

    @property
    def override(self) -> Override | None:
        raw = self.fields.get("override")
        return Override(str(raw["ticket"]), str(raw["agent"])) if raw else None


def _audit(account: Account, cmd: Command, rule: str | None, subject: str) -> None:
    if rule and cmd.override:
        account.record_override(cmd.day, cmd.override, rule, subject, cmd.index)


def _check_licence_limit(account: Account, cmd: Command, product: Product, quantity: int,
                         replacing: Subscription | None = None) -> None:
    if product.licence_limit is None:
        return
    total = quantity
    for sub in account.subscriptions.values():
        if sub is not replacing and sub.active_on(cmd.day):
            state = sub.state_on(cmd.day)
            other = account.offer.product(state.product)
            if other.licence_limit is not None:
                total += licences(state, other)
    if total > product.licence_limit:
        raise Refused("limit_exceeded", f"Höchstens {product.licence_limit:,} Lizenzen je Kunde "
                      f"möglich; verlangt wären {total:,}.".replace(",", "."))


def subscribe(account: Account, cmd: Command) -> None:
    sub_id = str(cmd.get("id"))
    if sub_id in account.subscriptions:
        raise Refused("invalid_event", f"Ein Abo '{sub_id}' gibt es bereits.")
    product = account.offer.product(cmd.get("product"))
    if product.charge not in (Charge.RECURRING, Charge.NONE):
        raise Refused("invalid_event", f"'{product.code}' kann nicht abonniert werden.")
    quantity = int(cmd.get("quantity", 1))
    _check_licence_limit(account, cmd, product, max(quantity, product.included_licences))
    options = tuple(cmd.get("options", ()))
    for code in options:
        _check_option(account, product, code)
    trial_until = None
    if cmd.get("trial", False):
        if product.trial is None:
            raise Refused("invalid_event", f"'{product.code}' hat keine Testphase.")
        trial = product.trial
        trial_until = (cmd.day + timedelta(days=trial.days - 1) if trial.days
                       else period_end(cmd.day, trial.months))
    combined = frozenset(cmd.get("combined_with", ()))
    if combined and not combined & product.combined_prices.keys():
        raise Refused("invalid_event", f"'{product.code}' hat keinen Kombi-Preis für "
                      f"{', '.join(sorted(combined))}.")
    aio = bool(cmd.get("aio", False))
    if aio and not product.aio_discount:
        raise Refused("invalid_event", f"'{product.code}' kennt keinen AiO-Rabatt.")
    account.subscriptions[sub_id] = Subscription(
        sub_id, cmd.day, State(product.code, quantity, options, (), aio),
        combined, trial_until, cmd.get("site"))
    account.ledgers[sub_id] = Ledger()
    if product.activation_fee and product.activation_fee not in account.marks:
        account.marks[product.activation_fee] = HighWaterMark(product.activation_fee)


def _check_option(account: Account, main: Product, code: str) -> Product:
    option = account.offer.product(code)
    if code not in main.options:
        raise Refused("invalid_event", f"'{code}' ist keine Option von '{main.code}'.")
    return option


def set_quantity(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    sub.ensure_running(cmd.day)
    product = account.offer.product(sub.state_on(cmd.day).product)
    quantity = int(cmd.get("quantity"))
    _check_licence_limit(account, cmd, product, max(quantity, product.included_licences), sub)
    sub.set_quantity(cmd.day, quantity)


def change_plan(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    target = account.offer.product(cmd.get("product"))
    _, overridden = sub.change_plan(cmd.day, target, account.offer, cmd.override)
    _audit(account, cmd, overridden, f"Abo {sub.id}: Wechsel auf {target.code}")


def cancel(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    region = account.customer.holidays
    if cmd.get("mode", "regular") == "immediate":
        end = sub.cancel_immediate(cmd.day, account.offer, region, bool(cmd.get("bill_notice")))
        how = "sofort" + (", Kündigungsfrist verrechnet" if cmd.get("bill_notice") else "")
    else:
        end = sub.cancel_regular(cmd.day, account.offer, region)
        how = "ordentlich"
    _end_device_plan(account, sub.id, cmd.day)
    account.notify(cmd.day, "cancellation_confirmed",
                   f"Abo {sub.id} {how} gekündigt; reguläres Vertragsende {end.isoformat()}, "
                   f"letzter Leistungstag {sub.service_end.isoformat()}.")  # type: ignore[union-attr]


def _end_device_plan(account: Account, sub_id: str, day: date) -> None:
    plan = account.active_device_plan(sub_id, day)
    if plan:
        plan.end(day)


def add_option(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    main = account.offer.product(sub.state_on(cmd.day).product)
    _check_option(account, main, cmd.get("product"))
    sub.add_option(cmd.day, cmd.get("product"))


def remove_option(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    option = account.offer.product(cmd.get("product"))
    started = sub.option_start(option.code, cmd.day)
    if option.terms.notice.werktage or option.terms.notice.months or option.terms.min_months:
        last = regular_end(started, option, None, cmd.day, account.customer.holidays)
    else:
        last = next_month_start(cmd.day) - ONE_DAY
    sub.remove_option(cmd.day, option.code, last)


def set_pools(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    product = account.offer.product(sub.state_on(cmd.day).product)
    if not product.pools:
        raise Refused("invalid_event", f"'{product.code}' hat keine Pools.")
    blocks = {product.pools[name]: int(cmd.fields[name])
              for name in ("voice", "sms", "data") if cmd.fields.get(name) is not None}
    sub.set_pools(cmd.day, blocks)


def add_sim(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    sub.ensure_running(cmd.day)
    sim_id = str(cmd.get("id"))
    if sim_id in account.sims and account.sims[sim_id].removed_on is None:
        raise Refused("invalid_event", f"Die SIM '{sim_id}' ist bereits aktiv.")
    account.sims[sim_id] = Sim(sim_id, sub.id, cmd.get("profile"), added_on=cmd.day)


def remove_sim(account: Account, cmd: Command) -> None:
    sim = account.sims.get(str(cmd.get("id")))
    if sim is None or sim.removed_on is not None:
        raise Refused("invalid_event", f"Eine aktive SIM '{cmd.get('id')}' gibt es nicht.")
    sim.removed_on = cmd.day


def set_profile(account: Account, cmd: Command) -> None:
    sim = account.sims.get(str(cmd.get("sim")))
    if sim is None or sim.removed_on is not None:
        raise Refused("invalid_event", f"Eine aktive SIM '{cmd.get('sim')}' gibt es nicht.")
    if "roaming" in cmd.fields:
        sim.roaming = bool(cmd.fields["roaming"])
    if "data_cap_mb" in cmd.fields:
        cap = cmd.fields["data_cap_mb"]
        sim.data_cap_mb = None if cap is None else int(cap)


def set_overage(account: Account, cmd: Command) -> None:
    sub = account.subscription(cmd.get("subscription"))
    sub.ensure_running(cmd.day)
    account.overage[sub.id] = cmd.get("policy")


def one_time(account: Account, cmd: Command) -> None:
    product = account.offer.product(cmd.get("product"))
    if product.charge is not Charge.ONE_TIME:
        raise Refused("invalid_event", f"'{product.code}' ist keine einmalige Leistung.")
    quantity = int(cmd.get("quantity", 1))
    free = max(0, min(quantity, product.first_free - account.orders[product.code]))
    account.orders[product.code] += quantity
    rate = account.offer.tax_rate(product.code)
    if free:
        account.pending.append(InvoiceLine(
            product.code, "one_time", f"{product.name} (kostenlos)", Decimal(free),
            Decimal("0.00"), Decimal("0.00"), cmd.day, cmd.day, rate))
    if quantity - free:
        account.pending.append(InvoiceLine(
            product.code, "one_time", product.name, Decimal(quantity - free), product.price,
            round_cents((quantity - free) * product.price), cmd.day, cmd.day, rate))
