"""A change that fails in a way the store says a retry may cure (two requests changed the same
customer at once) is run again in a fresh unit of work; any other failure is not."""

from __future__ import annotations

import pytest

from kontor.adapters.memory import MemoryStore
from kontor.domain.errors import Refused
from kontor.entrypoints.api.deps import ATTEMPTS, Runner


class Clash(Exception):
    pass


class ClashingStore(MemoryStore):
    def retryable(self, exc: BaseException) -> bool:
        return isinstance(exc, Clash)


def flaky(failures: int, error: Exception):
    calls = []

    def action(uow):
        calls.append(uow)
        if len(calls) <= failures:
            raise error
        return "done"

    return action, calls


def test_a_retryable_failure_is_run_again():
    action, calls = flaky(ATTEMPTS - 1, Clash())
    assert Runner(ClashingStore())(action) == "done"
    assert len(calls) == ATTEMPTS


def test_retries_end():
    action, calls = flaky(ATTEMPTS, Clash())
    with pytest.raises(Clash):
        Runner(ClashingStore())(action)
    assert len(calls) == ATTEMPTS


@pytest.mark.parametrize("error", [Refused("invalid_event", "quantity_zero", product="p"),
                                   ValueError("a bug")])
def test_other_failures_are_not_retried(error):
    action, calls = flaky(1, error)
    with pytest.raises(type(error)):
        Runner(ClashingStore())(action)
    assert len(calls) == 1
