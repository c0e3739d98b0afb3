"""Billed items, cursors, invoices with their lines, and gap-free invoice numbers per issuer.
A customer's billed items are read once per unit of work into the same index the in-memory
store uses (adapters/memory.MemoryBilled)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.dialects import postgresql, sqlite

from kontor.adapters.db import schema as t
from kontor.adapters.db.bulk import Prepared, prepare_tuples, write_prepared
from kontor.adapters.memory import MemoryBilled
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.items import BilledItem, Cursor, Rate
from kontor.domain.invoicing.lines import InvoiceLine
from kontor.domain.money import Currency, InvoiceTotals


class SqlBilling:
    def __init__(self, uow) -> None:
        self._uow = uow
        self._views: dict[str, MemoryBilled] = {}
        self._reserved: dict[str, list[int]] = {}
        self._deferred: dict[str, int] | None = None  # provisional numbers handed out
        self._pending: dict[str, list] = {"items": [], "cursors": [], "invoices": [],
                                          "lines": []}

    @property
    def _conn(self) -> Connection:
        return self._uow.connection

    def reset(self) -> None:
        self._views = {}
        self._reserved = {}
        self._deferred = None
        for rows in self._pending.values():
            rows.clear()

    def flush(self) -> None:
        """Write what was recorded, each table in one statement (executemany)."""
        self.write(self.prepare())

    def prepare(self) -> list[Prepared]:
        """What was recorded, converted for writing; runs no statement (commit prepares
        before it takes any lock)."""
        pending, conn = self._pending, self._conn
        prepared = [prepare_tuples(conn, t.billed_items, ITEM_COLUMNS, pending["items"]),
                    prepare_tuples(conn, t.cursors, CURSOR_COLUMNS,
                                   _last_per_key(pending["cursors"]),
                                   conflict=("customer_id", "subject")),
                    prepare_tuples(conn, t.invoices, INVOICE_COLUMNS, pending["invoices"]),
                    prepare_tuples(conn, t.invoice_lines, LINE_COLUMNS, pending["lines"])]
        for rows in pending.values():
            rows.clear()
        return [p for p in prepared if p is not None]

    def write(self, prepared: list[Prepared]) -> None:
        """Write prepared rows (parents first), with the real numbers for provisional ones."""
        numbers = self._take_deferred()
        if numbers:
            issued = {n for rows in prepared if "number" in rows.plan.names
                      for n in rows.column("number")}
            if unused := sorted(set(numbers) - issued):  # a gap in the sequence
                raise RuntimeError(f"invoice numbers handed out and not used: {unused}")
            for rows in prepared:
                for column in ("invoice_number", "number"):
                    if column in rows.plan.names:
                        rows.replace(column, numbers)
            for view in self._views.values():
                view.renumber(numbers)
        if any(self._reserved.values()):
            raise RuntimeError(f"invoice numbers reserved and not used: {self._reserved}")
        for rows in prepared:
            write_prepared(self._conn, rows)

    def view(self, customer_id: str) -> MemoryBilled:
        if customer_id not in self._views:
            self._views[customer_id] = load_views(self._conn, [customer_id])[customer_id]
        return self._views[customer_id]

    def views(self, ids: list[str]) -> dict[str, MemoryBilled]:
        missing = [cid for cid in ids if cid not in self._views]
        if missing:
            self._views.update(load_views(self._conn, missing))
        return {cid: self._views[cid] for cid in ids}

    def adopt(self, customer_id: str, view: MemoryBilled) -> None:
        self._views[customer_id] = view

    def summary(self, issued_on: date) -> dict[str, tuple[int, Decimal]]:
        """Invoices issued on a date: count and payable per currency."""
        self.flush()
        rows = self._conn.execute(
            select(t.invoices.c.currency, func.count(), t.invoices.c.payable)
            .where(t.invoices.c.issued_on == issued_on)
            .group_by(t.invoices.c.currency, t.invoices.c.payable)).all()
        out: dict[str, tuple[int, Decimal]] = {}
        for currency, count, payable in rows:  # summed here: exact on SQLite too
            n, total = out.get(currency, (0, Decimal(0)))
            out[currency] = (n + count, total + payable * count)
        return out

    def due(self, billing_date: date) -> list[str]:
        self.flush()
        billed = select(t.cursors.c.customer_id).where(
            t.cursors.c.subject == "run", t.cursors.c.settled_until >= billing_date)
        return list(self._conn.execute(select(t.customers.c.id).where(
            t.customers.c.id.not_in(billed)).order_by(t.customers.c.id)).scalars())

    def record(self, customer_id: str, items: Iterable[tuple[str | None, BilledItem]],
               cursors: Iterable[tuple[str, Cursor]]) -> None:
        view = self.view(customer_id)
        for number, item in items:
            self._pending["items"].append(_item_row(customer_id, number, item))
            view.add(number, item)
        for subject, cursor in cursors:
            self._pending["cursors"].append(
                (customer_id, subject, cursor.settled_until, cursor.seen))
            view._cursors[subject] = cursor
        self._uow.wrote(customer_id)

    def add_invoice(self, invoice: Invoice) -> None:
        totals = invoice.totals
        number = invoice.number
        self._pending["invoices"].append((
            number, invoice.customer, invoice.issued_on, str(invoice.currency), totals.net,
            totals.gross, totals.rounding, totals.payable, totals.taxes))
        self._pending["lines"].extend([
            (number, i, line.product, line.kind, line.text, line.quantity, line.unit_price,
             line.amount, line.first, line.last, line.tax_rate, line.subscription,
             line.corrects)
            for i, line in enumerate(invoice.lines)])
        self._uow.wrote(invoice.customer)

    def invoices(self, customer_id: str | None = None) -> list[Invoice]:
        self.flush()
        query = select(t.invoices)
        if customer_id is not None:
            query = query.where(t.invoices.c.customer_id == customer_id)
        return self._build(self._conn.execute(
            query.order_by(t.invoices.c.issued_on, t.invoices.c.number)).all())

    def invoice(self, number: str) -> Invoice | None:
        self.flush()
        found = self._build(self._conn.execute(
            select(t.invoices).where(t.invoices.c.number == number)).all())
        return found[0] if found else None

    def _build(self, rows: list) -> list[Invoice]:
        lines = defaultdict(list)
        numbers = [r.number for r in rows]
        for i in range(0, len(numbers), 5000):
            for line in self._conn.execute(select(t.invoice_lines).where(
                    t.invoice_lines.c.invoice_number.in_(numbers[i:i + 5000]))
                    .order_by(t.invoice_lines.c.invoice_number, t.invoice_lines.c.position)):
                lines[line.invoice_number].append(InvoiceLine(
                    line.product, line.kind, line.text, line.quantity, line.unit_price,
                    line.amount, line.first, line.last, line.tax_rate, line.subscription_id,
                    line.corrects))
        return [Invoice(r.number, r.customer_id, r.issued_on, Currency(r.currency),
                        tuple(lines[r.number]),
                        InvoiceTotals(r.net, tuple(r.taxes), r.gross, r.rounding, r.payable))
                for r in rows]

    def defer_numbers(self) -> None:
        """Hand out provisional numbers until the next write, which takes the real ones, in
        the same order, in one statement per issuer — so a billing chunk composes its invoices
        and converts its rows before it takes the issuers' number rows (PostgreSQL: locked
        until commit) and SQLite's write lock. Invoices composed meanwhile carry the
        provisional numbers (`{prefix}-?{n}`); what is stored carries the real ones."""
        self._deferred = {}

    def _take_deferred(self) -> dict[str, str]:
        """Provisional number -> real number, for every provisional number handed out."""
        deferred, self._deferred = self._deferred, None
        if not deferred:
            return {}
        self.reserve(deferred)
        return {f"{prefix}-?{n}": self.next_number(prefix)
                for prefix, count in sorted(deferred.items()) for n in range(1, count + 1)}

    def next_number(self, prefix: str) -> str:
        """The next number of an issuer, taken inside the issuing transaction: on PostgreSQL
        the row stays locked until commit, so numbers are gap-free and never taken twice."""
        if self._deferred is not None:
            n = self._deferred[prefix] = self._deferred.get(prefix, 0) + 1
            return f"{prefix}-?{n}"
        block = self._reserved.get(prefix)
        if not block:
            self.reserve({prefix: 1})
            block = self._reserved[prefix]
        return f"{prefix}-{block.pop(0):06d}"

    def reserve(self, counts: dict[str, int]) -> None:
        """Take `count` numbers of each issuer with one statement. Every number reserved
        must be used before commit, or the sequence has a gap (write refuses to write then)."""
        conn = self._conn
        stmt = _take_numbers(conn.dialect.name)
        for prefix, count in sorted(counts.items()):  # one lock order: no deadlock
            if count <= 0:
                continue
            last = conn.execute(stmt, {"prefix": prefix, "count": count}).scalar_one()
            self._reserved.setdefault(prefix, []).extend(range(last - count + 1, last + 1))


@cache
def _take_numbers(dialect: str):
    """Add `count` to an issuer's last number (the first: `count`) and return it — one
    statement, built once (every issuing transaction of a run takes numbers)."""
    insert = (postgresql if dialect == "postgresql" else sqlite).insert
    stmt = insert(t.number_sequences).values(prefix=bindparam("prefix"),
                                             last=bindparam("count"))
    return stmt.on_conflict_do_update(
        index_elements=["prefix"],
        set_={"last": t.number_sequences.c.last + bindparam("count")},
    ).returning(t.number_sequences.c.last)


# the rows a billing unit of work records, as tuples of these columns
ITEM_COLUMNS = ("customer_id", "invoice_number", "subscription_id", "key", "product",
                "rate_product", "rate_kind", "rate_unit_price", "rate_label", "rate_version",
                "quantity", "amount", "first", "last", "catalog_version")
CURSOR_COLUMNS = ("customer_id", "subject", "settled_until", "seen")
INVOICE_COLUMNS = ("number", "customer_id", "issued_on", "currency", "net", "gross",
                   "rounding", "payable", "taxes")
LINE_COLUMNS = ("invoice_number", "position", "product", "kind", "text", "quantity",
                "unit_price", "amount", "first", "last", "tax_rate", "subscription_id",
                "corrects")


def _last_per_key(rows: list[tuple]) -> list[tuple]:
    """One row per cursor (the last recorded): one upsert may not touch a row twice. A
    cursor's key is its row's first two CURSOR_COLUMNS (customer_id, subject)."""
    return list({row[:2]: row for row in rows}.values())


NO_RATE = (None,) * 5  # rate_product … rate_version of an item without a rate


def _item_row(customer_id: str, number: str | None, item: BilledItem) -> tuple:
    rate = item.rate
    rated = NO_RATE if rate is None else (rate.product, rate.kind, rate.unit_price,
                                          rate.label, rate.version)
    return (customer_id, number, item.subscription, item.key, item.product, *rated,
            item.quantity, item.amount, item.first, item.last, item.catalog_version)


def load_views(conn: Connection, ids: list[str]) -> dict[str, MemoryBilled]:
    """The billed items and cursors of many customers, each table read once."""
    views = {cid: MemoryBilled() for cid in ids}
    for i in range(0, len(ids), 5000):
        part = ids[i:i + 5000]
        for r in conn.execute(select(t.billed_items).where(
                t.billed_items.c.customer_id.in_(part)).order_by(t.billed_items.c.id)):
            rate = (Rate(r.rate_product, r.rate_kind, r.rate_unit_price, r.rate_label,
                         r.rate_version) if r.rate_kind is not None else None)
            views[r.customer_id].add(r.invoice_number, BilledItem(
                r.subscription_id, r.key, rate, r.product, r.quantity, r.amount, r.first,
                r.last, r.catalog_version))
        for r in conn.execute(select(t.cursors).where(t.cursors.c.customer_id.in_(part))):
            views[r.customer_id]._cursors[r.subject] = Cursor(r.settled_until, r.seen)
    return views
