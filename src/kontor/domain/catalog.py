"""Catalog: products, prices and the rules a contract follows. Pure data plus pricing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kontor.domain.errors import Refused
from kontor.domain.money import Currency, PriceBasis


class Charge(StrEnum):
    RECURRING = "recurring"  # monthly, in advance, pro rata
    ONE_TIME = "one_time"
    DISCOUNT = "discount"  # monthly reduction, in advance, pro rata
    NONE = "none"  # a contract holder without a price of its own (O2 Unite, a SIM)


@dataclass(frozen=True)
class Tier:
    first: int
    last: int | None  # None: open-ended
    price: Decimal

    def holds(self, quantity: int) -> bool:
        return quantity >= self.first and (self.last is None or quantity <= self.last)


@dataclass(frozen=True)
class Notice:
    """How a regular cancellation reaches an end date."""

    months: int = 0  # "X months before the end"
    werktage: int = 0  # "X Werktage to the month end"
    to: str = "term_end"  # term_end | month_end


@dataclass(frozen=True)
class Terms:
    min_months: int = 0  # 0: no minimum term
    renewal_months: int = 0  # 0 with min_months: ends at term end unless renewed; see contracts
    notice: Notice = field(default_factory=Notice)


@dataclass(frozen=True)
class Trial:
    days: int = 0
    months: int = 0
    min_months: int | None = None  # term with a trial, counted from start (O2 Unite: 27)


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    charge: Charge
    price: Decimal = Decimal(0)
    tiers: tuple[Tier, ...] = ()
    combined_prices: dict[str, Decimal] = field(default_factory=dict)
    first_free: int = 0  # one-time: this many orders per customer are free (porting)
    terms: Terms = field(default_factory=Terms)
    trial: Trial | None = None
    options: tuple[str, ...] = ()
    per_licence: bool = False  # an option priced per user/licence of its subscription
    included_licences: int = 0
    extra_licence_product: str | None = None
    licence_limit: int | None = None  # per customer
    activation_fee: str | None = None  # product charged per licence above the high-water mark
    allowances: dict[str, int | None] = field(default_factory=dict)  # None: unlimited
    rollover: bool = False
    pools: dict[str, str] = field(default_factory=dict)  # pool name -> block product
    sim_product: str | None = None
    aio_discount: str | None = None
    group: str | None = None  # plans a change_plan may move between
    downgrade_lock_days: int = 0
    device_installments: tuple[int, ...] = ()  # allowed device-plan lengths; () = no device plans

    def unit_price(self, quantity: int, combined_with: frozenset[str] = frozenset()) -> Decimal:
        """Monthly (or one-time) price of one unit at this quantity: the reached tier for all."""
        for combo in sorted(combined_with):
            if combo in self.combined_prices:
                return self.combined_prices[combo]
        if self.tiers:
            for tier in self.tiers:
                if tier.holds(quantity):
                    return tier.price
        return self.price

    @property
    def monthly_list_price(self) -> Decimal:
        """The price used to tell an upgrade from a downgrade."""
        return self.tiers[0].price if self.tiers else self.price


@dataclass(frozen=True)
class Issuer:
    name: str
    prefix: str
    address: str = ""


@dataclass(frozen=True)
class Catalog:
    name: str
    title: str
    currency: Currency
    basis: PriceBasis
    tax_rate: Decimal
    issuer: Issuer
    products: dict[str, Product]

    def product(self, code: str) -> Product:
        try:
            return self.products[code]
        except KeyError:
            raise Refused("unknown_product", f"Das Produkt '{code}' gibt es im Katalog "
                          f"'{self.name}' nicht.") from None


@dataclass(frozen=True)
class Offer:
    """The catalogs a customer buys from (one or several of the same currency)."""

    catalogs: tuple[Catalog, ...]

    @property
    def currency(self) -> Currency:
        return self.catalogs[0].currency

    @property
    def basis(self) -> PriceBasis:
        return self.catalogs[0].basis

    @property
    def issuer(self) -> Issuer:
        return self.catalogs[0].issuer

    def product(self, code: str) -> Product:
        for catalog in self.catalogs:
            if code in catalog.products:
                return catalog.products[code]
        names = ", ".join(c.name for c in self.catalogs)
        raise Refused("unknown_product", f"Das Produkt '{code}' gibt es im Katalog {names} nicht.")

    def tax_rate(self, code: str) -> Decimal:
        for catalog in self.catalogs:
            if code in catalog.products:
                return catalog.tax_rate
        return self.catalogs[0].tax_rate
