"""Sending the outbox: every message written by a committed unit of work (an invitation's
e-mail or SMS) is claimed, handed to the gateway of its channel, and marked sent. A failed send
is tried again (`tries` times, with a growing pause) and, if it still fails, stays in the outbox
with the error and the number of attempts for the next run (`kontor notify send`): a message is
never lost. Two senders at once do not send a message twice (a claim is a compare-and-set; a
claim older than `stale` counts as abandoned by a sender that died). A send that succeeded but
could not be marked (the database gone at that moment) is sent again on the next run: delivery
is at least once."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from kontor.domain.outgoing import Message, Queued
from kontor.services.retry import retrying
from kontor.services.unit_of_work import Store

Send = Callable[[Message], None]  # delivers or raises (DeliveryFailed, OSError, …)
STALE = timedelta(minutes=10)
BATCH = 100


class DeliveryFailed(Exception):
    """A gateway could not deliver a message (the text says why)."""


@dataclass
class Delivery:
    sent: list[Queued] = field(default_factory=list)
    failed: list[tuple[Queued, str]] = field(default_factory=list)  # still in the outbox


def now_utc() -> datetime:
    return datetime.now(UTC)


def send_pending(store: Store, gateways: Mapping[str, Send], *, tries: int = 3,
                 pause: float = 1.0, now: Callable[[], datetime] = now_utc,
                 sleep: Callable[[float], None] = time.sleep,
                 progress: Callable[[Queued, str | None], None] | None = None) -> Delivery:
    """Send every pending message once (each with up to `tries` attempts, `pause` × 2^n
    seconds apart). `progress(message, error)` is told about each one."""
    done = Delivery()
    tried: set[int] = set()
    while True:
        batch = [q for q in _read(store, lambda uow: uow.outbox.pending(
            BATCH + len(tried), now() - STALE)) if q.id not in tried][:BATCH]
        if not batch:
            return done
        for queued in batch:
            tried.add(queued.id)
            if not _write(store, lambda uow, q=queued: uow.outbox.claim(
                    q.id, now(), now() - STALE)):
                continue  # another sender has it, or sent it meanwhile
            error = _deliver(queued.message, gateways, tries, pause, sleep)
            if error is None:
                _write(store, lambda uow, q=queued: uow.outbox.sent(q.id, now()))
                done.sent.append(queued)
            else:
                _write(store, lambda uow, q=queued, e=error: uow.outbox.failed(q.id, e))
                done.failed.append((queued, error))
            if progress is not None:
                progress(queued, error)


def _deliver(message: Message, gateways: Mapping[str, Send], tries: int, pause: float,
             sleep: Callable[[float], None]) -> str | None:
    """None when delivered, else the last error."""
    send = gateways.get(message.channel)
    if send is None:
        return f"no gateway for the channel {message.channel!r}"
    error = None
    for attempt in range(tries):
        if attempt:
            sleep(pause * 2 ** (attempt - 1))
        try:
            send(message)
            return None
        except Exception as exc:  # noqa: BLE001 - any failure of a gateway is kept, not raised
            error = f"{type(exc).__name__}: {exc}"
    return error


def _read(store: Store, query):
    def work():
        with store.uow() as uow:
            return query(uow)
    return retrying(store, work)


def _write(store: Store, change):
    def work():
        with store.uow() as uow:
            result = change(uow)
            uow.commit()
            return result
    return retrying(store, work)


def messages(store: Store, customer_id: str | None = None) -> list[Queued]:
    """The outbox (of one customer), oldest first: what was sent, what is still waiting."""
    return _read(store, lambda uow: uow.outbox.of(customer_id))
