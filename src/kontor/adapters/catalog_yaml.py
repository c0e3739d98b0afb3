"""Load and validate catalogs (YAML). Every problem is reported with file, line and path, in the
words of the person who wrote the file."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

from kontor.adapters.catalog_checks import bad_money, pricing_of, semantic_problems
from kontor.adapters.schema_check import schema_problems
from kontor.adapters.yaml_source import Document, Problem, YamlError, format_path, read_yaml
from kontor.domain import charge_models
from kontor.domain.catalog import (
    BankAccount,
    Catalog,
    Charge,
    Contact,
    Issuer,
    Notice,
    Product,
    Rollover,
    Terms,
    Trial,
)
from kontor.domain.charge_models import PriceTerms, Tier
from kontor.domain.money import Currency, PriceBasis
from kontor.domain.rating.plan import CallRate, RatingPlan, expand_zones

SHIPPED = resources.files("kontor") / "catalogs"
CATALOG_KEYS = "catalog, currency, price_basis, tax_rate, issuer and products"
MONEY_FALLBACK = "must be an amount like 6.50 (zero or more)"  # the schema's x-message


class CatalogInvalid(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def catalog_schema() -> dict:
    return json.loads((resources.files("kontor") / "schemas" / "catalog.schema.json").read_text())


def shipped_names() -> list[str]:
    return sorted(p.name.removesuffix(".yaml") for p in SHIPPED.iterdir()
                  if p.name.endswith(".yaml"))


def resolve(name: str, relative_to: Path | None = None) -> Path:
    """A shipped catalog name, or a path (relative to the scenario file that names it)."""
    if name in shipped_names():
        return Path(str(SHIPPED / f"{name}.yaml"))
    path = Path(name)
    if not path.is_absolute() and relative_to is not None:
        path = relative_to / path
    return path


def locate(name: str) -> Path:
    """Like resolve, but a name that is neither shipped nor a file is a CatalogInvalid."""
    path = resolve(name)
    if path.is_dir():
        raise CatalogInvalid([Problem(name, None, "", f"{name!r} is a folder, not a file")])
    if not path.exists():
        shipped = ", ".join(shipped_names())
        raise CatalogInvalid([Problem(name, None, "", f"no shipped catalog and no file named "
                                                      f"{name!r} (shipped: {shipped})")])
    return path


def read_document(path: Path) -> Document:
    try:
        return read_yaml(path)
    except YamlError as exc:
        raise CatalogInvalid(list(getattr(exc, "problems", [exc.problem]))) from exc


def shape_problems(doc: Document, what: str, keys: str) -> list[Problem]:
    """An empty file or one that is not a mapping: one problem on line 1, nothing else."""
    if doc.data is None:
        return [Problem(doc.file, 1, "", f"the {what} is empty: expected a mapping with {keys}")]
    if not isinstance(doc.data, dict):
        value = doc.data
        plain = format(value, "f") if isinstance(value, Decimal) else str(value)
        held = "a list" if isinstance(value, list) else f"only the value {plain!r}"
        return [Problem(doc.file, doc.lines.get((), 1), "",
                        f"a {what} is a mapping with {keys}; this file holds {held}")]
    return []


def load_catalog(path: Path) -> Catalog:
    return catalog_from(read_document(path))


def catalog_from(doc: Document) -> Catalog:
    problems = catalog_problems(doc)
    if problems:
        raise CatalogInvalid(sorted(problems, key=lambda p: (p.line or 0, p.path)))
    return build(doc.data)


def catalog_problems(doc: Document) -> list[Problem]:
    """Everything wrong with a catalog document: its shape, the schema, what the schema cannot
    say (money in words, references, tiers, pricing models)."""
    shape = shape_problems(doc, "catalog", CATALOG_KEYS)
    if shape:
        return shape
    money = {format_path(path): doc.problem(path, reason) for path, reason in bad_money(doc.data)}
    schema = [p for p in schema_problems(doc, catalog_schema())
              if not (p.message == MONEY_FALLBACK and p.path in money)]
    return schema + list(money.values()) + semantic_problems(doc)


# --- building the domain objects (from a document without problems) ---------------------------


def _dec(value) -> Decimal:
    return Decimal(str(value))


def _pricing(raw: dict) -> tuple[tuple[Tier, ...], charge_models.ChargeModel]:
    tiers = tuple(Tier(t["from"], t.get("to"), _dec(t["price"]), _dec(t.get("flat_fee", 0)))
                  for t in raw.get("tiers", []))
    package = raw.get("package", {})
    terms = PriceTerms(_dec(raw.get("price", 0)), tiers, package.get("size", 1),
                       package.get("free", 0))
    return tiers, charge_models.build(pricing_of(raw), terms)


def _terms(raw: dict) -> tuple[Terms, Trial | None]:
    terms, trial = raw.get("terms", {}), raw.get("trial")
    notice = terms.get("notice", {})
    return (Terms(terms.get("min_months", 0), terms.get("renewal_months", 0),
                  Notice(notice.get("months", 0), notice.get("werktage", 0),
                         notice.get("to", "term_end"))),
            Trial(trial.get("days", 0), trial.get("months", 0), trial.get("min_months"))
            if trial else None)


def _product(raw: dict) -> Product:
    tiers, pricing = _pricing(raw)
    terms, trial = _terms(raw)
    return Product(
        code=raw["code"], name=raw["name"], charge=Charge(raw["charge"]),
        price=_dec(raw.get("price", 0)), tiers=tiers, pricing=pricing,
        combined_prices={k: _dec(v) for k, v in raw.get("combined_prices", {}).items()},
        first_free=raw.get("first_free", 0), terms=terms, trial=trial,
        options=tuple(raw.get("options", ())), per_licence=raw.get("per_licence", False),
        included_licences=raw.get("included_licences", 0),
        extra_licence_product=raw.get("extra_licence_product"),
        licence_limit=raw.get("licence_limit"), activation_fee=raw.get("activation_fee"),
        allowances={unit: (None if v == "unlimited" else int(v))
                    for unit, v in raw.get("allowances", {}).items()},
        rollover=_rollover(raw.get("rollover", False)), zone=raw.get("zone"),
        free_calls=raw.get("free_calls"),
        overage={unit: _dec(v) for unit, v in raw.get("overage", {}).items()},
        pools=dict(raw.get("pools", {})), sim_product=raw.get("sim_product"),
        aio_discount=raw.get("aio_discount"), group=raw.get("group"),
        downgrade_lock_days=raw.get("downgrade_lock_days", 0),
        device_installments=tuple(raw.get("device_installments", ())),
        max_quantity=raw.get("max_quantity"),
    )


def _rollover(raw) -> Rollover | None:
    """`true`: everything rolls over, valid until 12 months after the contract ends."""
    if raw is True:
        return Rollover()
    if not raw:
        return None
    valid = raw.get("valid", {"months_after_contract_end": 12})
    return Rollover(raw.get("keep", "all"), _dec(raw.get("limit", 0)),
                    valid.get("months_after_grant"), valid.get("months_after_contract_end"))


def _rating(raw: dict | None) -> RatingPlan | None:
    if not raw:
        return None
    rates = tuple(CallRate(r.get("zone"), _dec(r["landline"]), _dec(r["mobile"]))
                  for r in raw.get("call_rates", []))
    return RatingPlan(expand_zones(raw.get("zones", {})), rates,
                      raw.get("first_seconds", 60))


def _issuer(raw: dict, currency: Currency) -> Issuer:
    """The issuer; `address` is one line or a list of lines (the last one "postcode city")."""
    address = raw.get("address", "")
    lines = tuple(address) if isinstance(address, list) else tuple(
        part.strip() for part in address.split(",") if part.strip())
    bank, contact = raw.get("bank"), raw.get("contact")
    return Issuer(
        raw["name"], raw["prefix"], ", ".join(lines), lines,
        raw.get("country", "CH" if currency is Currency.CHF else "DE"),
        raw.get("vat_id"), raw.get("tax_number"), raw.get("register", ""),
        BankAccount(bank["iban"].replace(" ", ""), bank.get("bic", ""), bank.get("name", ""))
        if bank else None,
        Contact(contact.get("name", ""), contact.get("phone", ""), contact.get("email", ""))
        if contact else None,
        raw.get("payment_days", 14))


def build(data: dict) -> Catalog:
    issuer = data["issuer"]
    valid_from = data.get("valid_from")
    return Catalog(
        name=data["catalog"], title=data.get("title", data["catalog"]),
        currency=Currency(data["currency"]), basis=PriceBasis(data["price_basis"]),
        tax_rate=_dec(data["tax_rate"]),
        issuer=_issuer(issuer, Currency(data["currency"])),
        products={p["code"]: _product(p) for p in data["products"]},
        rating=_rating(data.get("rating")),
        version=data.get("version", 1),
        valid_from=date.fromisoformat(valid_from) if valid_from else None,
    )
