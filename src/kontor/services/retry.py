"""Running a unit of work again when the store says a retry may cure its failure (another unit
of work changed the same customer at once): one loop for the CLI, the API and the billing run.
A refusal or any other error is not retried."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
ATTEMPTS = 3


def retrying(store, work: Callable[[], T], attempts: int = ATTEMPTS, pause: float = 0.0) -> T:
    """`work()`, up to `attempts` times; `pause` × n seconds before the n-th retry."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except Exception as exc:
            if attempt == attempts or not store.retryable(exc):
                raise
            time.sleep(pause * attempt)
    raise AssertionError("unreachable")
