"""Readable output of `kontor simulate` (without --json): rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kontor.services.simulate import SimulationResult

TITLE_CHARS = 200  # the rule above a result; the JSON output keeps the whole title
CELL_CHARS = 500


def _plain(text: object, limit: int = CELL_CHARS) -> str:
    """Text from a file or a message, at most `limit` characters, never read as markup."""
    text = str(text)
    return escape(text if len(text) <= limit else text[:limit - 1] + "…")


def _title(data: dict) -> str:
    """The scenario's title (or file) on one line of at most TITLE_CHARS characters."""
    return _plain(" ".join(str(data["scenario"] or data["file"]).split()), TITLE_CHARS)


def _invoice_table(inv: dict) -> Table:
    title = _plain(f"Rechnung {inv['number']} vom {inv['issued_on']} — {inv['customer']}")
    table = Table(title=title, title_justify="left", show_footer=False)
    for name, justify in (("Leistung", "left"), ("Art", "left"), ("Menge", "right"),
                          ("Preis", "right"), (f"Betrag {inv['currency']}", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for line in inv["lines"]:
        table.add_row(_plain(line["text"]), line["kind"], line["quantity"],
                      line["unit_price"] or "", line["amount"])
    table.add_section()
    table.add_row("Netto", "", "", "", inv["net"])
    for tax in inv["taxes"]:
        table.add_row(f"MwSt. {tax['rate']} % auf {tax['base']}", "", "", "", tax["tax"])
    table.add_row("Brutto", "", "", "", inv["gross"])
    if inv["rounding"] != "0.00":
        table.add_row("Rundung", "", "", "", inv["rounding"])
    table.add_row("[bold]Zu zahlen[/bold]", "", "", "", f"[bold]{inv['payable']}[/bold]")
    return table


def print_result(console: Console, result: SimulationResult, data: dict) -> None:
    console.rule(f"[bold]{_title(data)}[/bold]")
    if not data["invoices"]:
        console.print("Keine Rechnungen im simulierten Zeitraum.")
    for inv in data["invoices"]:
        console.print(_invoice_table(inv))
    for title, key, cols in (
        ("Abgelehnte Ereignisse", "rejected", ("date", "event", "code", "message")),
        ("Hinweise", "notices", ("date", "code", "message")),
        ("Guthaben am Ende", "balances",
         ("subscription", "product", "unit", "remaining", "expires")),
        ("Übersteuerungen (Audit)", "audit", ("date", "event", "agent", "ticket", "rule")),
    ):
        if data[key]:
            table = Table(title=title, title_justify="left")
            for col in cols:
                table.add_column(col)
            for row in data[key]:
                table.add_row(*("" if row[c] is None else _plain(row[c]) for c in cols))
            console.print(table)
