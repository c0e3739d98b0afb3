"""Load and validate catalogs (YAML). Every problem is reported with file, line and path."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from pathlib import Path

from kontor.adapters.yaml_source import Document, Problem, YamlError, read_yaml, schema_problems
from kontor.domain.catalog import (
    Catalog,
    Charge,
    Issuer,
    Notice,
    Product,
    Terms,
    Tier,
    Trial,
)
from kontor.domain.money import Currency, PriceBasis

SHIPPED = resources.files("kontor") / "catalogs"
REFERENCES = ("extra_licence_product", "activation_fee", "sim_product", "aio_discount")


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


def load_catalog(path: Path) -> Catalog:
    try:
        doc = read_yaml(path)
    except YamlError as exc:
        raise CatalogInvalid([exc.problem]) from exc
    problems = schema_problems(doc, catalog_schema()) + semantic_problems(doc)
    if problems:
        raise CatalogInvalid(sorted(problems, key=lambda p: p.line or 0))
    return build(doc.data)


def semantic_problems(doc: Document) -> list[Problem]:
    """What the schema cannot say: references, tier lists, one price per product. Products the
    schema already found malformed are skipped (their problems are reported already)."""
    listed = doc.data.get("products") if isinstance(doc.data, dict) else None
    products = [(i, p) for i, p in enumerate(listed if isinstance(listed, list) else [])
                if _well_formed(p)]
    codes = [p["code"] for _, p in products]
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, raw in products:
        at = ("products", i)
        if raw["code"] in seen:
            problems.append(doc.problem((*at, "code"),
                                        f"product code {raw['code']!r} is used twice"))
        seen.add(raw["code"])
        for key in REFERENCES:
            if key in raw and raw[key] not in codes:
                problems.append(doc.problem((*at, key), f"names unknown product {raw[key]!r}"))
        for j, code in enumerate(raw.get("options", [])):
            if code not in codes:
                problems.append(doc.problem((*at, "options", j), f"names unknown product {code!r}"))
        for name, code in raw.get("pools", {}).items():
            if code not in codes:
                problems.append(doc.problem((*at, "pools", name),
                                            f"names unknown product {code!r}"))
        problems += _price_problems(doc, at, raw)
        problems += _tier_problems(doc, at, raw.get("tiers", []))
        trial = raw.get("trial")
        if trial is not None and bool(trial.get("days")) == bool(trial.get("months")):
            problems.append(doc.problem((*at, "trial"), "give either days or months"))
        notice = raw.get("terms", {}).get("notice", {})
        if notice.get("months") and notice.get("werktage"):
            problems.append(doc.problem((*at, "terms", "notice"),
                                        "give months or werktage, not both"))
    return problems


def _well_formed(raw) -> bool:
    tiers = raw.get("tiers", []) if isinstance(raw, dict) else None
    return (isinstance(raw, dict) and isinstance(raw.get("code"), str) and "charge" in raw
            and isinstance(tiers, list)
            and all(isinstance(t, dict) and isinstance(t.get("from"), int) for t in tiers)
            and all(isinstance(raw.get(k, []), list | dict) for k in ("options", "pools")))


def _price_problems(doc: Document, at: tuple, raw: dict) -> list[Problem]:
    has_price, has_tiers = "price" in raw, "tiers" in raw
    if has_price and has_tiers:
        return [doc.problem(at, "give price or tiers, not both")]
    if raw["charge"] != "none" and not (has_price or has_tiers):
        return [doc.problem(at, f"a {raw['charge']} product needs a price or tiers")]
    return []


def _tier_problems(doc: Document, at: tuple, tiers: list[dict]) -> list[Problem]:
    problems = []
    expected = 1
    for j, tier in enumerate(tiers):
        where = (*at, "tiers", j)
        if tier["from"] != expected:
            what = "gap" if tier["from"] > expected else "overlap"
            problems.append(doc.problem(
                (*where, "from"),
                f"tier starts at {tier['from']}, expected {expected} "
                f"({what} after the previous tier)"))
        last = tier.get("to")
        if last is None and j != len(tiers) - 1:
            problems.append(doc.problem(where, "only the last tier may be open-ended (no 'to')"))
        if last is not None and last < tier["from"]:
            problems.append(doc.problem((*where, "to"), "'to' is below 'from'"))
        expected = (last or tier["from"]) + 1
    if tiers and tiers[-1].get("to") is not None:
        problems.append(doc.problem((*at, "tiers", len(tiers) - 1),
                                    "the last tier must be open-ended (no 'to')"))
    return problems


def _dec(value) -> Decimal:
    return Decimal(str(value))


def _product(raw: dict) -> Product:
    terms = raw.get("terms", {})
    notice = terms.get("notice", {})
    trial = raw.get("trial")
    allowances = {unit: (None if v == "unlimited" else int(v))
                  for unit, v in raw.get("allowances", {}).items()}
    return Product(
        code=raw["code"], name=raw["name"], charge=Charge(raw["charge"]),
        price=_dec(raw.get("price", 0)),
        tiers=tuple(Tier(t["from"], t.get("to"), _dec(t["price"])) for t in raw.get("tiers", [])),
        combined_prices={k: _dec(v) for k, v in raw.get("combined_prices", {}).items()},
        first_free=raw.get("first_free", 0),
        terms=Terms(terms.get("min_months", 0), terms.get("renewal_months", 0),
                    Notice(notice.get("months", 0), notice.get("werktage", 0),
                           notice.get("to", "term_end"))),
        trial=Trial(trial.get("days", 0), trial.get("months", 0), trial.get("min_months"))
        if trial else None,
        options=tuple(raw.get("options", ())), per_licence=raw.get("per_licence", False),
        included_licences=raw.get("included_licences", 0),
        extra_licence_product=raw.get("extra_licence_product"),
        licence_limit=raw.get("licence_limit"), activation_fee=raw.get("activation_fee"),
        allowances=allowances, rollover=raw.get("rollover", False),
        pools=dict(raw.get("pools", {})), sim_product=raw.get("sim_product"),
        aio_discount=raw.get("aio_discount"), group=raw.get("group"),
        downgrade_lock_days=raw.get("downgrade_lock_days", 0),
        device_installments=tuple(raw.get("device_installments", ())),
    )


def build(data: dict) -> Catalog:
    issuer = data["issuer"]
    return Catalog(
        name=data["catalog"], title=data.get("title", data["catalog"]),
        currency=Currency(data["currency"]), basis=PriceBasis(data["price_basis"]),
        tax_rate=_dec(data["tax_rate"]),
        issuer=Issuer(issuer["name"], issuer["prefix"], issuer.get("address", "")),
        products={p["code"]: _product(p) for p in data["products"]},
    )
