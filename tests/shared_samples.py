"""Where the real files written by others are: `shared/samples/` beside the repository
(../shared, as the project is laid out), or beside the repository this checkout was cloned
from (a fresh `git clone . /tmp/x`), or KONTOR_SHARED_DIR. A test that needs them fails with
this message when they are not found — the product must handle them, so they are never
skipped."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    if os.environ.get("KONTOR_SHARED_DIR"):
        return Path(os.environ["KONTOR_SHARED_DIR"])
    beside = ROOT.parent / "shared"
    if beside.is_dir():
        return beside
    origin = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True, check=False).stdout.strip()
    if origin and Path(origin).is_dir():
        cloned_from = Path(origin).resolve().parent / "shared"
        if cloned_from.is_dir():
            return cloned_from
    return beside


def samples(kind: str) -> Path:
    """shared/samples/`kind` (cdr, einvoice), wherever shared_dir finds it."""
    return shared_dir() / "samples" / kind


def require(folder: Path) -> None:
    """Fail (not skip) a test whose samples are missing, saying where they were looked for."""
    if not folder.is_dir():
        pytest.fail(f"the real samples are not there: {folder} is missing (put shared/ beside "
                    "the repository, or set KONTOR_SHARED_DIR)")
