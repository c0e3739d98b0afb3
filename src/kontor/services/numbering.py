"""Gap-free invoice numbers per issuer."""

from __future__ import annotations

from collections import Counter


class InMemoryNumbers:
    """Numbers for a throw-away store (simulation): PREFIX-000001, PREFIX-000002, …"""

    def __init__(self) -> None:
        self._last: Counter = Counter()

    def __call__(self, prefix: str) -> str:
        self._last[prefix] += 1
        return f"{prefix}-{self._last[prefix]:06d}"
