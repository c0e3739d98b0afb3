"""In-memory repositories and unit of work: the throw-away store of `kontor simulate` and of
tests. Rollback restores the accounts taken in the unit of work (their containers, without a
deep copy: changed entities were copied on write) and truncates the append-only collections."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from kontor.adapters.catalog_yaml import load_catalog, locate, shipped_names
from kontor.adapters.memory_usage import MemoryUsage
from kontor.domain.account import Account, AuditRecord, Notice, Snapshot
from kontor.domain.agreements import PurchaseAgreement
from kontor.domain.calendar import month_start
from kontor.domain.catalog import Catalog, Offer
from kontor.domain.errors import Refused
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.invoicing.items import BilledItem, Cursor
from kontor.domain.outgoing import Message, Queued
from kontor.services.access import ApiKey

ZERO = Decimal(0)


class MemoryBilled:
    """The billed items of one customer, indexed for billing: positions per subscription and
    month, lump totals per key, cursors per subject."""

    def __init__(self) -> None:
        self.items: list[tuple[str | None, BilledItem]] = []  # (invoice number, item)
        self._positions: dict[tuple[str, date], list[BilledItem]] = defaultdict(list)
        self._lumps: dict[str, tuple[Decimal, Decimal]] = {}
        self._cursors: dict[str, Cursor] = {}

    def positions(self, subscription: str, month: date) -> list[BilledItem]:
        return self._positions.get((subscription, month), [])

    def lump(self, key: str) -> tuple[Decimal, Decimal]:
        return self._lumps.get(key, (ZERO, ZERO))

    def cursor(self, subject: str) -> Cursor | None:
        return self._cursors.get(subject)

    def lump_keys(self, prefix: str) -> list[str]:
        return [key for key in self._lumps if key.startswith(prefix)]

    def add(self, invoice: str | None, item: BilledItem) -> None:
        self.items.append((invoice, item))
        if item.rate is not None:
            self._positions[(item.subscription, month_start(item.first))].append(item)
        else:
            quantity, amount = self.lump(item.key)
            self._lumps[item.key] = (quantity + item.quantity, amount + item.amount)

    def renumber(self, numbers: dict[str, str]) -> None:
        """Provisional invoice numbers replaced by the real ones (SqlBilling.defer_numbers)."""
        self.items[:] = [(numbers.get(n, n), item) for n, item in self.items]

    def state(self) -> tuple:
        return (len(self.items), dict(self._lumps), dict(self._cursors))

    def restore(self, state: tuple) -> None:
        count, lumps, cursors = state
        for _, item in self.items[count:]:
            if item.rate is not None:
                self._positions[(item.subscription, month_start(item.first))].remove(item)
        del self.items[count:]
        self._lumps, self._cursors = lumps, cursors


class MemoryAccounts:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._accounts: dict[str, Account] = {}
        self._uow = uow

    def add(self, account: Account) -> None:
        if account.customer.id in self._accounts:
            raise Refused("customer_exists", "customer_exists", customer=account.customer.id)
        self._accounts[account.customer.id] = account
        self._uow.added.append(account.customer.id)

    def get(self, customer_id: str) -> Account:
        account = self._accounts.get(customer_id)
        if account is None:
            raise Refused("unknown_customer", "unknown_customer", customer=customer_id)
        self._uow.taken(account)
        return account

    def ids(self) -> list[str]:
        return sorted(self._accounts)

    def preload(self, ids: list[str]) -> None:
        pass  # in memory already

    def adopt(self, account: Account) -> None:
        self._uow.taken(account)

    def all(self) -> list[Account]:
        return list(self._accounts.values())


class MemoryBilling:
    def __init__(self, uow: MemoryUnitOfWork) -> None:
        self._billed: dict[str, MemoryBilled] = defaultdict(MemoryBilled)
        self._invoices: list[Invoice] = []
        self._numbers: Counter = Counter()
        self._uow = uow

    def view(self, customer_id: str) -> MemoryBilled:
        billed = self._billed[customer_id]
        self._uow.taken_billed(customer_id, billed)
        return billed

    def record(self, customer_id: str, items: Iterable[tuple[str | None, BilledItem]],
               cursors: Iterable[tuple[str, Cursor]]) -> None:
        billed = self.view(customer_id)
        for invoice, item in items:
            billed.add(invoice, item)
        billed._cursors.update(cursors)

    def add_invoice(self, invoice: Invoice) -> None:
        self._invoices.append(invoice)

    def invoices(self, customer_id: str | None = None) -> list[Invoice]:
        return [i for i in self._invoices if customer_id in (None, i.customer)]

    def invoice(self, number: str) -> Invoice | None:
        return next((i for i in self._invoices if i.number == number), None)

    def summary(self, issued_on: date) -> dict[str, tuple[int, Decimal]]:
        out: dict[str, tuple[int, Decimal]] = {}
        for invoice in self._invoices:
            if invoice.issued_on == issued_on:
                n, total = out.get(str(invoice.currency), (0, ZERO))
                out[str(invoice.currency)] = (n + 1, total + invoice.totals.payable)
        return out

    def due(self, billing_date: date) -> list[str]:
        def billed(cid: str) -> bool:
            run = self._billed[cid].cursor("run") if cid in self._billed else None
            return run is not None and run.settled_until >= billing_date
        return [cid for cid in self._uow.accounts.ids() if not billed(cid)]

    def views(self, ids: list[str]) -> dict[str, MemoryBilled]:
        return {cid: self.view(cid) for cid in ids}

    def adopt(self, customer_id: str, view: MemoryBilled) -> None:
        self._uow.taken_billed(customer_id, view)

    def defer_numbers(self) -> None:
        pass  # numbers are taken one by one in memory: no lock to keep short

    def next_number(self, prefix: str) -> str:
        self._numbers[prefix] += 1
        return f"{prefix}-{self._numbers[prefix]:06d}"


class MemoryJournal:
    def __init__(self) -> None:
        self.entries: dict[str, dict[str, list]] = defaultdict(
            lambda: {"notices": [], "audit": [], "agreements": []})

    def add(self, customer_id: str, notices: Iterable[Notice], audit: Iterable[AuditRecord],
            agreements: Iterable[PurchaseAgreement]) -> None:
        entry = self.entries[customer_id]
        entry["notices"] += notices
        entry["audit"] += audit
        entry["agreements"] += agreements

    def notices(self, customer_id: str) -> list[Notice]:
        return self.entries[customer_id]["notices"]

    def audit(self, customer_id: str) -> list[AuditRecord]:
        return self.entries[customer_id]["audit"]

    def agreements(self, customer_id: str) -> list[PurchaseAgreement]:
        return self.entries[customer_id]["agreements"]

    def sizes(self) -> dict:
        return {c: {k: len(v) for k, v in e.items()} for c, e in self.entries.items()}

    def truncate(self, sizes: dict) -> None:
        for customer, entry in self.entries.items():
            for kind, items in entry.items():
                del items[sizes.get(customer, {}).get(kind, 0):]


class MemoryOutbox:
    """Messages to customers, like the SQL outbox (services/notify.py sends them)."""

    def __init__(self) -> None:
        self.entries: list[Queued] = []
        self._claimed: dict[int, datetime] = {}

    def add(self, messages: Iterable[Message]) -> None:
        keys = {q.message.key for q in self.entries}
        for m in messages:
            if m.key not in keys:
                keys.add(m.key)
                self.entries.append(Queued(len(self.entries) + 1, m))

    def pending(self, limit: int, stale: datetime) -> list[Queued]:
        return [q for q in self.entries if q.pending and self._free(q.id, stale)][:limit]

    def _free(self, message_id: int, stale: datetime) -> bool:
        return message_id not in self._claimed or self._claimed[message_id] < stale

    def claim(self, message_id: int, now: datetime, stale: datetime) -> bool:
        if not (self.entries[message_id - 1].pending and self._free(message_id, stale)):
            return False
        self._claimed[message_id] = now
        return True

    def sent(self, message_id: int, now: datetime) -> None:
        q = self.entries[message_id - 1]
        self.entries[message_id - 1] = replace(q, attempts=q.attempts + 1, sent_at=now)
        self._claimed.pop(message_id, None)

    def failed(self, message_id: int, error: str) -> None:
        q = self.entries[message_id - 1]
        self.entries[message_id - 1] = replace(q, attempts=q.attempts + 1, last_error=error)
        self._claimed.pop(message_id, None)

    def of(self, customer_id: str | None = None) -> list[Queued]:
        return [q for q in self.entries
                if customer_id is None or q.message.customer_id == customer_id]

    def state(self) -> tuple:
        return list(self.entries), dict(self._claimed)

    def restore(self, state: tuple) -> None:
        self.entries, self._claimed = list(state[0]), dict(state[1])


class MemoryKeys:
    def __init__(self) -> None:
        self._keys: dict[str, ApiKey] = {}

    def add(self, key: ApiKey) -> None:
        self._keys[key.digest] = key

    def find(self, digest: str) -> ApiKey | None:
        return self._keys.get(digest)

    def all(self) -> list[ApiKey]:
        return sorted(self._keys.values(), key=lambda k: k.created_at)

    def revoke(self, key_id: str, when: datetime) -> None:
        for digest, key in self._keys.items():
            if key.id == key_id:
                self._keys[digest] = replace(key, revoked_at=when)


class MemoryCatalogs:
    """Catalogs added, and the shipped ones for a name that was not."""

    def __init__(self) -> None:
        self._versions: dict[str, dict[int, Catalog]] = defaultdict(dict)

    def add(self, catalog: Catalog, source: str) -> None:
        self._versions[catalog.name][catalog.version] = catalog

    def offer(self, names: Sequence[str]) -> Offer:
        return Offer(tuple(version for name in dict.fromkeys(names)
                           for version in self._of(name)))

    def _of(self, name: str) -> list[Catalog]:
        if not self._versions.get(name):
            if name not in shipped_names():
                raise Refused("unknown_catalog", "unknown_catalog", catalog=name,
                              loaded=", ".join(self.names()))
            self.add(load_catalog(locate(name)), "")
        return sorted(self._versions[name].values(), key=lambda c: c.order)

    def names(self) -> list[str]:
        return sorted({*self._versions, *shipped_names()})


class MemoryStore:
    """One in-memory unit of work for everyone (tests, `kontor simulate`)."""

    def __init__(self) -> None:
        self._uow = MemoryUnitOfWork()

    def uow(self, write: bool = True) -> MemoryUnitOfWork:
        return self._uow

    def retryable(self, exc: BaseException) -> bool:
        return False


class MemoryUnitOfWork:
    def __init__(self) -> None:
        self.accounts = MemoryAccounts(self)
        self.billing = MemoryBilling(self)
        self.journal = MemoryJournal()
        self.usage = MemoryUsage()
        self.keys = MemoryKeys()
        self.catalogs = MemoryCatalogs()
        self.outbox = MemoryOutbox()
        self._open = False
        self._reset()

    def _reset(self) -> None:
        self._snapshots: dict[int, tuple[Account, Snapshot]] = {}
        self._billed: dict[str, tuple[MemoryBilled, tuple]] = {}
        self.added: list[str] = []
        self._marks = (len(self.billing._invoices), Counter(self.billing._numbers),
                       self.journal.sizes(), self.usage.sizes(), self.outbox.state())

    def taken(self, account: Account) -> None:
        if self._open and id(account) not in self._snapshots:
            self._snapshots[id(account)] = (account, account.begin())

    def taken_billed(self, customer_id: str, billed: MemoryBilled) -> None:
        if self._open and customer_id not in self._billed:
            self._billed[customer_id] = (billed, billed.state())

    def __enter__(self) -> MemoryUnitOfWork:
        self._open = True
        self._reset()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._open:
            self.rollback()

    def commit(self) -> None:
        for account, _ in self._snapshots.values():
            account.committed()
        self._open = False
        self._reset()

    def rollback(self) -> None:
        for account, snapshot in self._snapshots.values():
            account.restore(snapshot)
        for billed, state in self._billed.values():
            billed.restore(state)
        invoices, numbers, sizes, usage, outbox = self._marks
        del self.billing._invoices[invoices:]
        self.billing._numbers = numbers
        self.journal.truncate(sizes)
        self.usage.truncate(usage)
        self.outbox.restore(outbox)
        for customer_id in self.added:
            self.accounts._accounts.pop(customer_id, None)
        self._open = False
        self._reset()
