"""What a catalog's JSON Schema cannot say: amounts in the writer's words (6.50, not 1e3 or
.nan), references to products of the right charge, tier lists, pricing models and dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from kontor.adapters.yaml_source import Document, Path_, Problem
from kontor.domain import charge_models
from kontor.domain.catalog import Charge

# which charge a referenced product must have
REFERENCE_KINDS: dict[str, tuple[str, ...]] = {
    "activation_fee": ("one_time",),
    "aio_discount": ("discount",),
    "extra_licence_product": ("recurring",),
    "options": ("recurring",),
    "pools": ("recurring",),
    "sim_product": ("none", "recurring"),
}
TIERED = ("volume", "graduated")
PLAIN_DECIMAL = re.compile(r"^[0-9]+(\.[0-9]+)?$")


# --- amounts ----------------------------------------------------------------------------------


def money_reason(value: object) -> str | None:
    """What is wrong with an amount as written, or None when it is a decimal of zero or more."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        return f"{_written(value)} is not a decimal number (write an amount like 6.50)"
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\.?(nan|inf)", text, re.IGNORECASE):
        return f"{text} is not a price"
    if re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        return f"{text!r} is not a decimal number: write {text.replace(',', '.')} with a point"
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return f"{text!r} is not a decimal number"
    if not amount.is_finite():
        return f"{text} is not a price"
    if "e" in text.lower() and (isinstance(value, str) or "E+" in text):
        return f"prices are written as decimals like 6.50, not {text}"
    if amount < 0:
        return f"an amount is never negative, not {text}"
    if isinstance(value, str) and not PLAIN_DECIMAL.match(text):
        return f"write {text!r} as a plain decimal like 6.50"
    return None


def _written(value: object) -> str:
    """A value that is no amount at all, as the file's author wrote it."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "an empty value"}[value]
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else (
        repr(value))


def _money_places(data: dict) -> Iterator[tuple[Path_, object]]:
    if "tax_rate" in data:
        yield ("tax_rate",), data["tax_rate"]
    for i, raw in _products(data):
        at = ("products", i)
        if "price" in raw:
            yield (*at, "price"), raw["price"]
        for key in ("combined_prices", "overage"):
            if isinstance(raw.get(key), dict):
                yield from (((*at, key, k), v) for k, v in raw[key].items())
        tiers = raw.get("tiers")
        for j, tier in enumerate(tiers if isinstance(tiers, list) else []):
            if isinstance(tier, dict):
                yield from (((*at, "tiers", j, k), tier[k]) for k in ("price", "flat_fee")
                            if k in tier)


def bad_money(data: dict) -> Iterator[tuple[Path_, str]]:
    for path, value in _money_places(data):
        reason = money_reason(value)
        if reason:
            yield path, reason


# --- what the schema cannot say ---------------------------------------------------------------


def _products(data: dict) -> list[tuple[int, dict]]:
    listed = data.get("products")
    return [(i, p) for i, p in enumerate(listed if isinstance(listed, list) else [])
            if isinstance(p, dict)]


def semantic_problems(doc: Document) -> list[Problem]:
    """References, tier lists, pricing models, dates. Products the schema already found
    malformed are skipped (their problems are reported already)."""
    problems = _date_problems(doc, ("valid_from",))
    charges = {p["code"]: _known(p.get("charge"), set(Charge)) for _, p in _products(doc.data)
               if isinstance(p.get("code"), str)}
    seen: set[str] = set()
    for i, raw in _products(doc.data):
        if not _well_formed(raw):
            continue
        at = ("products", i)
        if raw["code"] in seen:
            problems.append(doc.problem((*at, "code"),
                                        f"product code {raw['code']!r} is used twice"))
        seen.add(raw["code"])
        problems += _reference_problems(doc, at, raw, charges)
        problems += _price_problems(doc, at, raw)
        problems += _tier_problems(doc, at, raw.get("tiers", []))
        problems += _term_problems(doc, at, raw)
        problems += _quantity_problems(doc, at, raw)
    return problems


def _known(value: object, names: set[str] | dict) -> str | None:
    """The value if it is one of `names` (safe for any YAML value), else None."""
    return value if isinstance(value, str) and value in names else None


def _well_formed(raw: dict) -> bool:
    tiers = raw.get("tiers", [])
    return (isinstance(raw.get("code"), str) and _known(raw.get("charge"), set(Charge))
            and isinstance(tiers, list)
            and all(isinstance(t, dict) and isinstance(t.get("from"), int)
                    and isinstance(t.get("to", 0), int) for t in tiers)
            and isinstance(raw.get("options", []), list) and isinstance(raw.get("pools", {}), dict)
            and all(isinstance(code, str) for code in _references(raw).values())
            and _known(raw.get("pricing", "per_unit"), charge_models.MODELS) is not None
            and isinstance(raw.get("package", {}), dict))


def _date_problems(doc: Document, path: Path_) -> list[Problem]:
    value = doc.data.get(path[0])
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return []  # absent, or the schema says what is wrong
    try:
        date.fromisoformat(value)
    except ValueError:
        return [doc.problem(path, f"{value!r} is not a date of the calendar (YYYY-MM-DD)")]
    return []


def _references(raw: dict) -> dict[Path_, object]:
    """Every product a product names, by its path inside the product."""
    found: dict[Path_, object] = {(key,): raw[key] for key in REFERENCE_KINDS
                                  if key in raw and key not in ("options", "pools")}
    options, pools = raw.get("options", []), raw.get("pools", {})
    found.update({("options", j): code for j, code in
                  enumerate(options if isinstance(options, list) else [])})
    found.update({("pools", name): code for name, code in
                  (pools if isinstance(pools, dict) else {}).items()})
    return found


def _reference_problems(doc: Document, at: Path_, raw: dict,
                        charges: dict[str, object]) -> list[Problem]:
    problems = []
    for path, code in _references(raw).items():
        allowed = REFERENCE_KINDS[path[0]]
        if code not in charges:
            problems.append(doc.problem((*at, *path), f"names unknown product {code!r}"))
        elif charges[code] is not None and charges[code] not in allowed:
            problems.append(doc.problem((*at, *path), (
                f"names {code!r}, a {charges[code]} product; {path[0]} must name a "
                f"{' or '.join(allowed)} product")))
    for j, code in enumerate(raw.get("options", [])):
        if code == raw["code"]:
            problems.append(doc.problem((*at, "options", j), "a product is not its own option"))
        elif code in raw["options"][:j]:
            problems.append(doc.problem((*at, "options", j), f"option {code!r} is listed twice"))
    return problems


def pricing_of(raw: dict) -> str:
    """The charge model a product names, or the default: tiers are volume, else per unit."""
    if "pricing" in raw:
        return raw["pricing"]
    return "volume" if "tiers" in raw else "package" if "package" in raw else "per_unit"


def _price_problems(doc: Document, at: Path_, raw: dict) -> list[Problem]:
    kind, has_price, has_tiers = pricing_of(raw), "price" in raw, "tiers" in raw
    if has_price and has_tiers:
        return [doc.problem(at, "give price or tiers, not both")]
    if kind in TIERED and not has_tiers:
        return [doc.problem(at, f"pricing {kind} needs tiers")]
    if kind not in TIERED and has_tiers:
        return [doc.problem((*at, "tiers"), f"tiers need pricing volume or graduated, not {kind}")]
    if kind == "package" and "package" not in raw:
        return [doc.problem(at, "pricing package needs package: {size: N} (units per block)")]
    if kind != "package" and "package" in raw:
        return [doc.problem((*at, "package"), f"package is for pricing package, not {kind}")]
    if raw["charge"] != "none" and not (has_price or has_tiers):
        return [doc.problem(at, f"a {raw['charge']} product needs a price or tiers")]
    return []


def _tier_problems(doc: Document, at: Path_, tiers: list[dict]) -> list[Problem]:
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


def _term_problems(doc: Document, at: Path_, raw: dict) -> list[Problem]:
    problems = []
    trial = raw.get("trial")
    if isinstance(trial, dict) and bool(trial.get("days")) == bool(trial.get("months")):
        problems.append(doc.problem((*at, "trial"), "give either days or months"))
    terms = raw.get("terms")
    notice = terms.get("notice") if isinstance(terms, dict) else None
    if isinstance(notice, dict) and notice.get("months") and notice.get("werktage"):
        problems.append(doc.problem((*at, "terms", "notice"), "give months or werktage, not both"))
    return problems


def _quantity_problems(doc: Document, at: Path_, raw: dict) -> list[Problem]:
    most, included, limit = (raw.get(k) for k in ("max_quantity", "included_licences",
                                                  "licence_limit"))
    if not isinstance(most, int) or isinstance(most, bool):
        return []
    if isinstance(included, int) and most < included:
        return [doc.problem((*at, "max_quantity"),
                            f"max_quantity {most} is below the {included} included licences")]
    if isinstance(limit, int) and most > limit:
        return [doc.problem((*at, "max_quantity"),
                            f"max_quantity {most} can never be reached: licence_limit is {limit}")]
    return []
