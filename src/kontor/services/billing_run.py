"""The billing run: every customer due on a billing date, in batches. A batch is read at once
(accounts, what was billed, usage) and its usage priced at once; then a chunk of its customers
after the other is drafted (pure, so several workers draft at the same time) and issued in a
short transaction, which takes the invoice numbers. Idempotent: a customer whose run mark
says it was billed for the date is not due again. Resumable: what was committed stays, the
rest is still due. Safe with several workers:
a customer written by another unit of work since it was read (a concurrent run) fails the
version check and is billed again from fresh state, which then finds nothing left to bill."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from kontor.domain.invoicing.draft import draft, usage_until
from kontor.domain.invoicing.invoice import Invoice
from kontor.domain.rating.batch import price_usage_many
from kontor.services.billing import billed_until, issue_draft, run_billing
from kontor.services.retry import retrying

log = logging.getLogger(__name__)

BATCH = 2000  # customers read and drafted together (each batch has a fixed cost)
CHUNK = 100  # customers issued in one transaction
RETRIES = 5


@dataclass
class BatchResult:
    """What a batch (or a whole run) issued: counts and the amount payable per currency — not
    the invoices themselves, which are in the store (a run of 100,000 customers would keep
    them all in memory)."""

    customers: int = 0  # billed in this batch (including those with nothing to invoice)
    issued: int = 0  # invoices
    payable: dict[str, Decimal] = field(default_factory=dict)  # per currency
    retried: int = 0  # issued again from fresh state after a concurrent change

    def add(self, other: BatchResult) -> None:
        self.customers += other.customers
        self.issued += other.issued
        self._pay(other.payable.items())
        self.retried += other.retried

    def count(self, invoices: list[Invoice]) -> None:
        self.issued += len(invoices)
        self._pay((str(i.currency), i.totals.payable) for i in invoices)

    def _pay(self, amounts: Iterable[tuple[str, Decimal]]) -> None:
        for currency, amount in amounts:
            self.payable[currency] = self.payable.get(currency, Decimal(0)) + amount


def due_customers(store, billing_date: date) -> list[str]:
    """Customers not yet billed for `billing_date`, sorted (a run bills them in this order)."""
    uow = store.uow(write=False)
    with uow:
        return uow.billing.due(billing_date)


def batches(ids: Sequence[str], size: int = BATCH) -> Iterator[list[str]]:
    for i in range(0, len(ids), size):
        yield list(ids[i:i + size])


def shared_batches(ids: Sequence[str], workers: int, size: int = BATCH) -> list[list[str]]:
    """Batches for `workers` processes: at most `size` customers, at least four batches per
    worker, and the customers of the last `workers` batches in batches four times smaller —
    so that at the end no worker stands idle long while another bills a long batch."""
    if workers <= 1:
        return list(batches(ids, size))
    size = max(1, min(size, -(-len(ids) // (workers * 4))))
    tail = max(0, len(ids) - workers * size)
    small = -(-(len(ids) - tail) // (workers * 4))
    return list(batches(ids[:tail], size)) + list(batches(ids[tail:], max(1, small)))


def bill_batch(store, ids: Sequence[str], billing_date: date) -> BatchResult:
    """Bill the customers of one batch that are still due on `billing_date`."""
    result = BatchResult()
    uow = store.uow(write=False)  # read without holding a write lock
    with uow:
        uow.accounts.preload(list(ids))
        views = uow.billing.views(list(ids))
        frames = uow.usage.frames(list(ids))
        due = [cid for cid in ids if (billed_until(views[cid]) or date.min) < billing_date]
        accounts = {cid: uow.accounts.get(cid) for cid in due}  # others: billed already
    priced = price_usage_many(accounts, {cid: frames[cid] for cid in due},
                              usage_until(billing_date), drop_later=True)
    # drafted chunk by chunk, each issued at once: with several worker processes one drafts
    # while another holds the write lock, instead of all drafting and then all queueing
    for chunk in batches(due, CHUNK):
        drafted = [(accounts[cid], views[cid],
                    draft(accounts[cid], views[cid], billing_date, frames[cid],
                          priced=priced[cid])) for cid in chunk]
        result.add(_issue_chunk(store, drafted, billing_date))
    return result


def _issue_chunk(store, chunk: list, billing_date: date) -> BatchResult:
    result = BatchResult()
    uow = store.uow()
    try:
        with uow:
            uow.billing.defer_numbers()  # composed and converted before any lock is taken
            for account, view, proposal in chunk:
                uow.accounts.adopt(account)
                uow.billing.adopt(account.customer.id, view)
                result.count(issue_draft(uow, account, view, proposal))
            uow.commit()
        result.customers = len(chunk)
        return result
    except Exception as exc:
        if not store.retryable(exc):
            raise
        log.info("chunk of %d customers changed concurrently; billing each again", len(chunk))
    result = BatchResult(retried=len(chunk))
    for account, _, _ in chunk:
        result.count(retrying(store, lambda cid=account.customer.id: run_billing(
            store.uow(), cid, billing_date), RETRIES, pause=0.05))
        result.customers += 1
    return result


def run_in_process(store, billing_date: date, batch: int = BATCH,
                   progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """The whole run in this process, batch after batch (SQLite, or a single machine)."""
    due = due_customers(store, billing_date)
    result = BatchResult()
    for ids in batches(due, batch):
        result.add(bill_batch(store, ids, billing_date))
        if progress is not None:
            progress(result.customers, len(due))
    return result
