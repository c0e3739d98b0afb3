"""The document tests look at pages with poppler (Debian's poppler-utils)."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session", autouse=True)
def _poppler() -> None:
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        pytest.fail("poppler-utils (pdftoppm, pdftotext) missing: run scripts/system-packages")
