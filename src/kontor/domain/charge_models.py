"""Charge models: how a product's price turns a quantity into an amount. Small pure strategies,
picked by name from MODELS (Lago's charge models, but typed, Decimal and without a database).

Every model answers `components(quantity)`: the linear parts of the price (count × unit price),
never a part with count 0, and `amount(quantity)`: their sum, unrounded (the invoice line
rounds once).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

ZERO = Decimal(0)
BASE_FEE = "Grundgebühr"


@dataclass(frozen=True)
class Component:
    """One linear part of a price: count × unit_price."""

    unit_price: Decimal
    count: int
    label: str = ""  # "51–100" for a graduated tier, "Paket à 100"; "" for a simple price


class ChargeModel(Protocol):
    def components(self, quantity: int) -> tuple[Component, ...]: ...

    def amount(self, quantity: int) -> Decimal: ...


@dataclass(frozen=True)
class Tier:
    """Units first..last (last None: open-ended) at `price` each; `flat_fee` once when reached."""

    first: int
    last: int | None
    price: Decimal
    flat_fee: Decimal = ZERO

    def holds(self, quantity: int) -> bool:
        return quantity >= self.first and (self.last is None or quantity <= self.last)

    @property
    def label(self) -> str:
        return f"ab {self.first}" if self.last is None else f"{self.first}–{self.last}"


@dataclass(frozen=True)
class PriceTerms:
    """The price fields of a catalog entry, from which any model is built (`build`)."""

    price: Decimal = ZERO
    tiers: tuple[Tier, ...] = ()
    size: int = 1  # package: units per block
    free: int = 0  # package: units free before the first block


def _sum(parts: tuple[Component, ...]) -> Decimal:
    return sum((part.unit_price * part.count for part in parts), ZERO)


def _counted(quantity: int) -> int:
    if quantity < 0:
        raise ValueError(f"a quantity is 0 or more, not {quantity}")
    return quantity


def _fee(tier: Tier, label: str = BASE_FEE) -> tuple[Component, ...]:
    return (Component(tier.flat_fee, 1, label),) if tier.flat_fee else ()


def check_tiers(tiers: tuple[Tier, ...]) -> None:
    """Tiers start at 1, follow each other without gap or overlap, and the last is open-ended."""
    if not tiers:
        raise ValueError("tiered pricing needs at least one tier")
    expected = 1
    for tier in tiers:
        if tier.first != expected or (tier.last is not None and tier.last < tier.first):
            raise ValueError(f"tier {tier.label} does not follow at {expected}")
        expected = (tier.last or tier.first) + 1
    if tiers[-1].last is not None:
        raise ValueError("the last tier must be open-ended")


class _Model:
    def components(self, quantity: int) -> tuple[Component, ...]:
        raise NotImplementedError

    def amount(self, quantity: int) -> Decimal:
        return _sum(self.components(quantity))


@dataclass(frozen=True)
class Flat(_Model):
    """One price whatever the quantity, if there is any."""

    price: Decimal

    @classmethod
    def build(cls, terms: PriceTerms) -> Flat:
        return cls(terms.price)

    def components(self, quantity: int) -> tuple[Component, ...]:
        return (Component(self.price, 1),) if _counted(quantity) else ()


@dataclass(frozen=True)
class PerUnit(_Model):
    """The same price for every unit."""

    price: Decimal

    @classmethod
    def build(cls, terms: PriceTerms) -> PerUnit:
        return cls(terms.price)

    def components(self, quantity: int) -> tuple[Component, ...]:
        return (Component(self.price, quantity),) if _counted(quantity) else ()


@dataclass(frozen=True)
class Volume(_Model):
    """The reached tier's price for ALL units, plus that tier's flat fee once."""

    tiers: tuple[Tier, ...]

    def __post_init__(self) -> None:
        check_tiers(self.tiers)

    @classmethod
    def build(cls, terms: PriceTerms) -> Volume:
        return cls(terms.tiers)

    def reached(self, quantity: int) -> Tier:
        return next(tier for tier in self.tiers if tier.holds(quantity))

    def components(self, quantity: int) -> tuple[Component, ...]:
        if not _counted(quantity):
            return ()
        tier = self.reached(quantity)
        return (Component(tier.price, quantity), *_fee(tier))


@dataclass(frozen=True)
class Graduated(_Model):
    """Each unit at the price of its own tier; a tier's flat fee once when it is reached."""

    tiers: tuple[Tier, ...]

    def __post_init__(self) -> None:
        check_tiers(self.tiers)

    @classmethod
    def build(cls, terms: PriceTerms) -> Graduated:
        return cls(terms.tiers)

    def components(self, quantity: int) -> tuple[Component, ...]:
        parts: list[Component] = []
        for tier in self.tiers:
            if _counted(quantity) < tier.first:
                break
            top = quantity if tier.last is None else min(quantity, tier.last)
            parts.append(Component(tier.price, top - tier.first + 1, tier.label))
            parts.extend(_fee(tier, f"{BASE_FEE} {tier.label}"))
        return tuple(parts)


@dataclass(frozen=True)
class Package(_Model):
    """`price` per started block of `size` units, after `free` units that cost nothing."""

    price: Decimal
    size: int
    free: int = 0

    def __post_init__(self) -> None:
        if self.size < 1 or self.free < 0:
            raise ValueError(f"a package needs size ≥ 1 and free ≥ 0 ({self.size}, {self.free})")

    @classmethod
    def build(cls, terms: PriceTerms) -> Package:
        return cls(terms.price, terms.size, terms.free)

    def blocks(self, quantity: int) -> int:
        charged = max(_counted(quantity) - self.free, 0)
        return -(-charged // self.size)  # started blocks

    def components(self, quantity: int) -> tuple[Component, ...]:
        blocks = self.blocks(quantity)
        return (Component(self.price, blocks, f"Paket à {self.size}"),) if blocks else ()


MODELS: dict[str, type] = {
    "flat": Flat,
    "per_unit": PerUnit,
    "volume": Volume,
    "graduated": Graduated,
    "package": Package,
}


def build(kind: str, terms: PriceTerms) -> ChargeModel:
    """The model named `kind` (a key of MODELS) with these price terms."""
    return MODELS[kind].build(terms)
