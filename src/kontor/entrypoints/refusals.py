"""A refusal's stable code mapped once to what each entry point answers with: the CLI's exit
code and the API's HTTP status. Every code of domain.errors.REFUSAL_CODES has an entry."""

from __future__ import annotations

EXIT_REFUSED = 3  # a command was refused by a business rule (2 is an invalid file)
EXIT_CRASH = 70  # an internal error (EX_SOFTWARE): a bug, with its traceback in the log

HTTP_STATUS = {
    "downgrade_locked": 409,
    "device_plan_min_duration": 409,
    "subscription_ending": 409,
    "limit_exceeded": 409,
    "no_subscription": 422,
    "invalid_event": 422,
    "unknown_product": 404,
    "unknown_subscription": 404,
    "unknown_customer": 404,
    "unknown_catalog": 404,
    "unknown_quarantine_entry": 404,
    "unknown_key": 404,
    "customer_exists": 409,
}
EXIT_CODES = dict.fromkeys(HTTP_STATUS, EXIT_REFUSED)
