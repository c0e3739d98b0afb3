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
                      paid_only: bool = False, billed: bool = False) -> int:
    """Licences running on `day` (on paid days only, with `paid_only`; with `billed`, the
    licences whose fees run that day, also in a billed notice month after the service ended)."""
    family = licence_products(offer)
    count = 0
    for sub in subs:
        running = sub.billed_on(day) if billed else sub.active_on(day)
        if not running or (paid_only and sub.in_trial(day)):
            continue
        state = sub.state_on(day)
        if state.product in family:
            count += licences_of(state, offer.product(state.product))
    return count


def option_carriers(subs: Iterable[Subscription], offer: Offer, day: date) -> dict[str, str]:
    """Per-user option code -> the subscription that bills it on `day` for every licence of
    the customer: of those carrying it whose fees run that day, the one that started first
    (then by id). The others carrying it bill none of it that day, so each licence pays a
    per-user option once, however many base packages carry it."""
    out: dict[str, str] = {}
    for sub in sorted(subs, key=lambda s: (s.start, s.id)):
        if not sub.billed_on(day):
            continue
        for code in sub.state_on(day).options:
            if offer.product(code, day).per_licence:
                out.setdefault(code, sub.id)
    return out
