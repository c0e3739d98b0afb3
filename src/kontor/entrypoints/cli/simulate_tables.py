"""Readable output of `kontor simulate` (without --json): rich tables, with numbers and dates in
the reader's locale (babel: 1.234,56 and 01.01.2026 in German), line kinds in words, a credit
note titled as such, Swiss invoices shown as gross with the VAT contained and the rounding once,
and remaining units (minutes, SMS, GB/MB) rather than money."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kontor.adapters.documents.formatting import Formats, locale_for
from kontor.domain.account import Customer
from kontor.domain.invoicing.lines import products_of_several_subscriptions
from kontor.messages import MESSAGES, render

TITLE_CHARS = 200  # the rule above a result; the JSON output keeps the whole title
CELL_CHARS = 500
MB_PER_GB = Decimal(1024)


def _plain(text: object, limit: int = CELL_CHARS) -> str:
    """Text from a file or a message, at most `limit` characters, never read as markup."""
    text = str(text)
    return escape(text if len(text) <= limit else text[:limit - 1] + "…")


def _title(data: dict) -> str:
    """The scenario's title (or file) on one line of at most TITLE_CHARS characters."""
    return _plain(" ".join(str(data["scenario"] or data["file"]).split()), TITLE_CHARS)


def _formats(currency: str, lang: str) -> Formats:
    return Formats(locale_for(lang, "CH" if currency == "CHF" else "DE"))


def _kind(line: dict, lang: str) -> str:
    kind = line["kind"]
    if kind == "discount" and Decimal(line["amount"]) > 0:
        kind = "discount_reversed"
    key = f"label_kind_{kind}"
    return render(key, {}, lang) if key in MESSAGES else kind


def _line_text(line: dict, several: frozenset[str], sites: Mapping[str, str], lang: str
               ) -> str:
    """A line's text; under it, where the invoice bills its product for several
    subscriptions, the subscription (and its site) it is for."""
    text = _plain(line["text"])
    sub = line.get("subscription")
    if sub is None or line["product"] not in several:
        return text
    site = sites.get(sub)
    key = "label_line_subscription_site" if site else "label_line_subscription"
    return f"{text}\n[dim]{_plain(render(key, {'subscription': sub, 'site': site}, lang))}[/dim]"


def _invoice_table(inv: dict, lang: str, customer_name: str | None = None,
                   sites: Mapping[str, str] | None = None) -> Table:
    def say(key: str, **params: object) -> str:
        return render(f"label_{key}", params, lang)

    fmt = _formats(inv["currency"], lang)
    payable = Decimal(inv["payable"])
    title = _plain(say("credit_note" if payable < 0 else "invoice", number=inv["number"],
                       date=fmt.day(date.fromisoformat(inv["issued_on"])),
                       customer=customer_name or inv["customer"]))
    table = Table(title=title, title_justify="left", show_footer=False)
    for name, justify in ((say("service"), "left"), (say("kind"), "left"),
                          (say("quantity"), "right"), (say("price"), "right"),
                          (say("amount", currency=inv["currency"]), "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    several = products_of_several_subscriptions(
        (line["product"], line.get("subscription")) for line in inv["lines"])
    for line in inv["lines"]:
        if line["kind"] == "rounding":
            continue  # shown once, with the totals
        price = fmt.price(Decimal(line["unit_price"])) if line["unit_price"] else ""
        table.add_row(_line_text(line, several, sites or {}, lang), _kind(line, lang),
                      fmt.number(Decimal(line["quantity"])), price,
                      fmt.amount(Decimal(line["amount"])))
    table.add_section()
    for text, value in _totals(inv, fmt, lang):
        table.add_row(text, "", "", "", value)
    due = say("refund") if payable < 0 else say("payable")
    table.add_row(f"[bold]{due}[/bold]", "", "", "", f"[bold]{fmt.amount(abs(payable))}[/bold]")
    return table


def _totals(inv: dict, fmt: Formats, lang: str) -> list[tuple[str, str]]:
    def say(key: str, **params: object) -> str:
        return render(f"label_{key}", params, lang)

    def amount(text: str) -> str:
        return fmt.amount(Decimal(text))

    rows = []
    if inv["currency"] == "CHF":  # gross prices: the VAT is contained, not added
        rows.append((say("gross_contained"), amount(inv["gross"])))
        rows += [(say("vat_contained", rate=fmt.number(Decimal(t["rate"])),
                      base=amount(t["base"])), amount(t["tax"])) for t in inv["taxes"]]
    else:
        rows.append((say("net"), amount(inv["net"])))
        rows += [(say("vat", rate=fmt.number(Decimal(t["rate"])), base=amount(t["base"])),
                  amount(t["tax"])) for t in inv["taxes"]]
        rows.append((say("gross"), amount(inv["gross"])))
    if Decimal(inv["rounding"]):
        rows.append((say("rounding"), amount(inv["rounding"])))
    return rows


def _remaining(row: dict, fmt: Formats, lang: str) -> str:
    """153600 data_mb -> 150 GB; 512 data_mb -> 512 MB; 5500 voice_min -> 5.500 Min."""
    value = Decimal(row["remaining"])
    if row["unit"] == "data_mb":
        if abs(value) >= MB_PER_GB:
            return f"{fmt.number((value / MB_PER_GB).quantize(Decimal('0.01')).normalize())} GB"
        return f"{fmt.number(value)} MB"
    key = f"label_unit_{row['unit']}"
    if key in MESSAGES:
        return render(key, {"amount": fmt.number(value)}, lang)
    return f"{fmt.number(value)} {row['unit']}"


def _cell(key: str, row: dict, fmt: Formats, lang: str) -> str:
    value = row[key]
    if value is None:
        return ""
    if key == "remaining":
        return _remaining(row, fmt, lang)
    if key in ("date", "expires"):
        return fmt.day(date.fromisoformat(value))
    if key == "mb":
        return f"{fmt.number(Decimal(value))} MB"
    return _plain(value)


def _header(col: str, lang: str) -> str:
    key = f"label_col_{col}"
    return render(key, {}, lang) if key in MESSAGES else col


def print_result(console: Console, data: dict, lang: str = "de",
                 customer: Customer | None = None,
                 sites: Mapping[str, str] | None = None) -> None:
    console.rule(f"[bold]{_title(data)}[/bold]")
    if not data["invoices"]:
        console.print(render("label_no_invoices", {}, lang))
    for inv in data["invoices"]:
        console.print(_invoice_table(inv, lang, customer.name if customer else None, sites))
    currency = data["invoices"][0]["currency"] if data["invoices"] else "EUR"
    fmt = _formats(currency if customer is None else
                   ("CHF" if customer.country == "CH" else "EUR"), lang)
    for key, title, cols in (
        ("rejected", "rejected", ("date", "event", "code", "message")),
        ("notices", "notices", ("date", "code", "message")),
        ("balances", "remaining_units", ("subscription", "product", "remaining", "expires")),
        ("rewards", "rewards", ("date", "campaign", "action", "mb")),
        ("audit", "audit", ("date", "event", "agent", "ticket", "rule")),
    ):
        if data.get(key):
            table = Table(title=render(f"label_{title}", {}, lang), title_justify="left")
            for col in cols:
                table.add_column(_header(col, lang))
            for row in data[key]:
                table.add_row(*(_cell(c, row, fmt, lang) for c in cols))
            console.print(table)
