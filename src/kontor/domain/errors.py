"""Typed refusals: a broken rule raises one of these with a stable code."""

from __future__ import annotations


class Refused(Exception):
    """A business rule refused an event. `code` is stable; `message` is for a support agent."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


REFUSAL_CODES = (
    "downgrade_locked",
    "device_plan_min_duration",
    "no_subscription",
    "unknown_product",
    "unknown_subscription",
    "limit_exceeded",
    "invalid_event",
)
