"""Typed refusals: a broken rule raises Refused with a stable code and the parameters of its
sentence. The sentence itself comes from the message catalogue (kontor.messages), in German or
English, so the domain never formats text for people."""

from __future__ import annotations


class Refused(Exception):
    """A business rule refused a command.

    `code` is the stable machine code of the spec (downgrade_locked, invalid_event, …); `key`
    names the sentence in the message catalogue (defaults to the code); `params` fill it in.
    """

    def __init__(self, code: str, key: str | None = None, /, **params: object) -> None:
        self.code = code
        self.key = key or code
        self.params = params
        super().__init__(code, self.key)

    def message(self, lang: str = "de") -> str:
        from kontor.messages import render  # the catalogue is data; imported lazily

        return render(self.key, self.params, lang)

    def __str__(self) -> str:
        return self.message("de")


REFUSAL_CODES = (
    "downgrade_locked",
    "device_plan_min_duration",
    "no_subscription",
    "unknown_product",
    "unknown_subscription",
    "unknown_customer",
    "unknown_catalog",
    "unknown_quarantine_entry",
    "unknown_key",
    "customer_exists",
    "limit_exceeded",
    "subscription_ending",
    "invalid_event",
)
