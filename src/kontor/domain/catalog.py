"""Catalog: products, prices and the rules a contract follows. Pure data plus pricing; a catalog
may exist in several versions, each in force from its `valid_from`."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from kontor.domain.charge_models import ChargeModel, Component, PerUnit, Tier, Volume
from kontor.domain.errors import Refused
from kontor.domain.money import Currency, PriceBasis
from kontor.domain.rating.plan import RatingPlan

__all__ = ["Catalog", "Charge", "Component", "Issuer", "Notice", "Offer", "Product", "Terms",
           "Tier", "Trial"]


class Charge(StrEnum):
    RECURRING = "recurring"  # monthly, in advance, pro rata
    ONE_TIME = "one_time"
    DISCOUNT = "discount"  # monthly reduction, in advance, pro rata
    NONE = "none"  # a contract holder without a price of its own (O2 Unite, a SIM)


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
class Rollover:
    """What of a month's unused allowance rolls over, and how long it stays valid.

    keep: "all", or "cap" (at most `limit` units of a month's grant) or "share" (at most the
    fraction `limit` of it). Validity: `months_after_grant` months after the end of the month it
    was granted for, or `months_after_contract_end` after the contract ends (O2 Unite: 12)."""

    keep: str = "all"
    limit: Decimal = Decimal(0)
    months_after_grant: int | None = None
    months_after_contract_end: int | None = 12

    def kept(self, granted: int) -> int:
        """How many units of a grant of `granted` may roll over."""
        if self.keep == "cap":
            return min(granted, int(self.limit))
        if self.keep == "share":
            return int(granted * self.limit)
        return granted


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
    rollover: Rollover | None = None  # None: unused allowance expires at the month's end
    zone: str | None = None  # a minute package: the zone (catalog rating section) it covers
    free_calls: str | None = None  # calls to landline and mobile numbers of this zone are included
    overage: dict[str, Decimal] = field(default_factory=dict)  # pool unit -> price beyond it
    pools: dict[str, str] = field(default_factory=dict)  # pool name -> block product
    sim_product: str | None = None
    aio_discount: str | None = None
    group: str | None = None  # plans a change_plan may move between
    downgrade_lock_days: int = 0
    device_installments: tuple[int, ...] = ()  # allowed device-plan lengths; () = no device plans
    max_quantity: int | None = None  # a plausible maximum per subscription (typing errors)
    pricing: ChargeModel = None  # type: ignore[assignment]  # default: volume tiers or per unit

    def __post_init__(self) -> None:
        if self.pricing is None:
            default = Volume(self.tiers) if self.tiers else PerUnit(self.price)
            object.__setattr__(self, "pricing", default)

    def combined_price(self, combined_with: frozenset[str]) -> Decimal | None:
        """The price with another service (Digital Phone with mobile or All-IP), if one applies."""
        for combo in sorted(combined_with):
            if combo in self.combined_prices:
                return self.combined_prices[combo]
        return None

    def components(self, quantity: int,
                   combined_with: frozenset[str] = frozenset()) -> tuple[Component, ...]:
        """The parts of the price of `quantity` units: a combined price per unit when one
        applies, else the parts of the product's charge model."""
        combined = self.combined_price(combined_with)
        if combined is None:
            return self.pricing.components(quantity)
        return (Component(combined, quantity),) if quantity > 0 else ()

    def unit_price(self, quantity: int, combined_with: frozenset[str] = frozenset()) -> Decimal:
        """Monthly (or one-time) price of one unit at this quantity: the combined price, the
        reached tier's price for all (volume) or the price. Flat, graduated and package pricing
        are not linear: for them this is the average price of a unit (prefer components())."""
        combined = self.combined_price(combined_with)
        if combined is not None:
            return combined
        if quantity > 0 and not isinstance(self.pricing, PerUnit | Volume):
            return self.pricing.amount(quantity) / quantity
        for tier in self.tiers:
            if tier.holds(quantity):
                return tier.price
        return self.price

    @property
    def monthly_list_price(self) -> Decimal:
        """The price used to tell an upgrade from a downgrade."""
        return self.tiers[0].price if self.tiers else self.price

    def check_quantity(self, quantity: int) -> None:
        """Refuse a quantity above the catalog's plausible maximum for this product."""
        if self.max_quantity is not None and quantity > self.max_quantity:
            raise Refused("limit_exceeded", "quantity_above_maximum", product=self.code,
                          maximum=self.max_quantity, quantity=quantity)


@dataclass(frozen=True)
class BankAccount:
    iban: str
    bic: str = ""
    bank: str = ""  # the bank's name


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Issuer:
    """Who issues the invoices of a catalog: what an invoice must say about its seller."""

    name: str
    prefix: str
    address: str = ""  # the postal address on one line (address_lines joined)
    address_lines: tuple[str, ...] = ()  # street, …, "postcode city"
    country: str = ""  # ISO 3166 alpha-2
    vat_id: str | None = None  # USt-IdNr. / UID with "MWST"
    tax_number: str | None = None  # Steuernummer, where there is no VAT id
    register: str = ""  # commercial register entry (Amtsgericht …, HRB …)
    bank: BankAccount | None = None
    contact: Contact | None = None
    payment_days: int = 14  # the invoice is due this many days after its date


@dataclass(frozen=True)
class Catalog:
    name: str
    title: str
    currency: Currency
    basis: PriceBasis
    tax_rate: Decimal
    issuer: Issuer
    products: dict[str, Product]
    rating: RatingPlan | None = None  # zones and pay-as-you-go prices of calls
    version: int = 1
    valid_from: date | None = None  # None: in force since always

    def product(self, code: str) -> Product:
        try:
            return self.products[code]
        except KeyError:
            raise Refused("unknown_product", "unknown_product", product=code,
                          catalogs=self.name) from None

    @property
    def order(self) -> tuple[date, int]:
        """Sort key of the versions of one catalog: the later in force, the newer."""
        return (self.valid_from or date.min, self.version)


@dataclass(frozen=True)
class Offer:
    """The catalogs a customer buys from (one or several of the same currency), each possibly in
    several versions (the same catalog name, different valid_from)."""

    catalogs: tuple[Catalog, ...]
    _found: dict = field(default_factory=dict, init=False, compare=False, hash=False,
                         repr=False)  # catalog_of's answers: an offer never changes
    memo: dict = field(default_factory=dict, init=False, compare=False, hash=False,
                       repr=False)  # what billing works out from the offer alone, for everyone
                                    # who buys it (invoicing.recurring.Context)

    def era(self, day: date) -> int:
        """Which stretch between the catalog versions' first days `day` lies in: days of one
        era are priced by the same versions."""
        starts = self.memo.get("starts")
        if starts is None:
            starts = self.memo["starts"] = sorted({c.valid_from for c in self.catalogs
                                                   if c.valid_from})
        return bisect_right(starts, day) if starts else 0

    @property
    def currency(self) -> Currency:
        return self.catalogs[0].currency

    @property
    def basis(self) -> PriceBasis:
        return self.catalogs[0].basis

    @property
    def issuer(self) -> Issuer:
        return self.catalogs[0].issuer

    def catalog_of(self, code: str, day: date | None = None) -> Catalog:
        """The catalog version whose price of `code` is in force on `day`: of the versions that
        hold the product, the one with the latest valid_from on or before `day` (None: the
        newest). A product a newer version no longer lists keeps its last version's terms."""
        found = self._found.get((code, day))
        if found is None:
            found = self._found[(code, day)] = self._catalog_of(code, day)
        return found

    def _catalog_of(self, code: str, day: date | None) -> Catalog:
        holding = [c for c in self.catalogs if code in c.products]
        if not holding:
            raise Refused("unknown_product", "unknown_product", product=code,
                          catalogs=", ".join(dict.fromkeys(c.name for c in self.catalogs)))
        versions = [c for c in holding if c.name == holding[0].name]
        in_force = [c for c in versions
                    if day is None or c.valid_from is None or c.valid_from <= day]
        if not in_force:
            first = min(versions, key=lambda c: c.order)
            raise Refused("unknown_product", "product_not_yet_valid", product=code,
                          catalog=first.name, valid_from=first.valid_from, day=day)
        return max(in_force, key=lambda c: c.order)

    def product(self, code: str, day: date | None = None) -> Product:
        """The product `code` as the catalog version in force on `day` prices it."""
        return self.catalog_of(code, day).products[code]

    def tax_rate(self, code: str, day: date | None = None) -> Decimal:
        if any(code in c.products for c in self.catalogs):
            return self.catalog_of(code, day).tax_rate
        return self.catalogs[0].tax_rate
