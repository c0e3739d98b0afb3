"""Readable output of `kontor simulate` (without --json): rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kontor.messages import render

TITLE_CHARS = 200  # the rule above a result; the JSON output keeps the whole title
CELL_CHARS = 500


def _plain(text: object, limit: int = CELL_CHARS) -> str:
    """Text from a file or a message, at most `limit` characters, never read as markup."""
    text = str(text)
    return escape(text if len(text) <= limit else text[:limit - 1] + "…")


def _title(data: dict) -> str:
    """The scenario's title (or file) on one line of at most TITLE_CHARS characters."""
    return _plain(" ".join(str(data["scenario"] or data["file"]).split()), TITLE_CHARS)


def _invoice_table(inv: dict, lang: str) -> Table:
    def say(key: str, **params: object) -> str:
        return render(f"label_{key}", params, lang)

    title = _plain(say("invoice", number=inv["number"], date=inv["issued_on"],
                       customer=inv["customer"]))
    table = Table(title=title, title_justify="left", show_footer=False)
    for name, justify in ((say("service"), "left"), (say("kind"), "left"),
                          (say("quantity"), "right"), (say("price"), "right"),
                          (say("amount", currency=inv["currency"]), "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for line in inv["lines"]:
        table.add_row(_plain(line["text"]), line["kind"], line["quantity"],
                      line["unit_price"] or "", line["amount"])
    table.add_section()
    table.add_row(say("net"), "", "", "", inv["net"])
    for tax in inv["taxes"]:
        table.add_row(say("vat", rate=tax["rate"], base=tax["base"]), "", "", "", tax["tax"])
    table.add_row(say("gross"), "", "", "", inv["gross"])
    if inv["rounding"] != "0.00":
        table.add_row(say("rounding"), "", "", "", inv["rounding"])
    table.add_row(f"[bold]{say('payable')}[/bold]", "", "", "", f"[bold]{inv['payable']}[/bold]")
    return table


def print_result(console: Console, data: dict, lang: str = "de") -> None:
    console.rule(f"[bold]{_title(data)}[/bold]")
    if not data["invoices"]:
        console.print(render("label_no_invoices", {}, lang))
    for inv in data["invoices"]:
        console.print(_invoice_table(inv, lang))
    for key, cols in (
        ("rejected", ("date", "event", "code", "message")),
        ("notices", ("date", "code", "message")),
        ("balances", ("subscription", "product", "unit", "remaining", "expires")),
        ("audit", ("date", "event", "agent", "ticket", "rule")),
    ):
        if data[key]:
            table = Table(title=render(f"label_{key}", {}, lang), title_justify="left")
            for col in cols:
                table.add_column(col)
            for row in data[key]:
                table.add_row(*("" if row[c] is None else _plain(row[c]) for c in cols))
            console.print(table)
