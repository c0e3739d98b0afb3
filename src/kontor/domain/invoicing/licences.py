"""Licences of a customer, however they are booked (a base package with its included
extensions, its quantity, or separate extension subscriptions): counted per customer for the
activation fee, per-user options and the licence limit (offers.md §5)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kontor.domain.catalog import Offer, Product
from kontor.domain.contracts import State, Subscription


def licence_products(offer: Offer) -> dict[str, str]:
    """Licence product code -> the base product code it belongs to (a base names itself)."""
    out: dict[str, str] = {}
    for catalog in offer.catalogs:
        for product in catalog.products.values():
            if product.included_licences:
                out[product.code] = product.code
                if product.extra_licence_product:
                    out.setdefault(product.extra_licence_product, product.code)
    return out


def licences_of(state: State, product: Product) -> int:
    return max(state.quantity, product.included_licences)


def licence_subscriptions(subs: Iterable[Subscription], offer: Offer) -> list[Subscription]:
    family = licence_products(offer)
    return [s for s in subs if s.initial.product in family]  # a plan change stays in its group


def customer_licences(subs: Iterable[Subscription], offer: Offer, day: date,
                      paid_only: bool = False) -> int:
    """Licences running on `day` (on paid days only, with `paid_only`)."""
    family = licence_products(offer)
    count = 0
    for sub in subs:
        if not sub.active_on(day) or (paid_only and sub.in_trial(day)):
            continue
        state = sub.state_on(day)
        if state.product in family:
            count += licences_of(state, offer.product(state.product))
    return count


def option_licences(subs: Iterable[Subscription], offer: Offer, sub: Subscription, day: date
                    ) -> tuple[tuple[str, int], ...]:
    """The licences each per-user option of `sub` is billed for on `day`, so that every licence
    of the customer pays it once: a subscription carrying the option bills it for its own
    licences; of those carrying it whose fees run that day, the one that started first (then
    by id) also bills it for the licences of the customer's subscriptions that do not carry it
    (separate extension subscriptions, base packages without it)."""
    family = licence_products(offer)
    running = sorted((s for s in subs if s.billed_on(day)), key=lambda s: (s.start, s.id))
    states = [(s, s.state_on(day)) for s in running]
    mine = sub.state_on(day)
    own = licences_of(mine, offer.product(mine.product, day))
    out = []
    for code in mine.options:
        if not offer.product(code, day).per_licence:
            continue
        carriers = [s for s, state in states if code in state.options]
        rest = 0
        if carriers and carriers[0] is sub:
            rest = sum(licences_of(state, offer.product(state.product, day))
                       for s, state in states
                       if state.product in family and code not in state.options)
        out.append((code, own + rest))
    return tuple(out)
