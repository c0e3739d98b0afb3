"""SQLite's one write lock: a writing unit of work waits for another process's transaction and
starts as soon as that one ends (begin_writing tries every millisecond instead of SQLite's
busy handler, which sleeps up to 100 ms at a time); after its time it gives up with the error
the billing run retries."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from kontor.adapters.db.uow import SqlStore, begin_writing


def _holder(path: str, seconds: float, held: threading.Event) -> threading.Thread:
    """Another connection (as another process would) holding the write lock for `seconds`."""
    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    return thread


@pytest.fixture
def path(tmp_path) -> str:
    path = str(tmp_path / "lock.db")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x INTEGER)")
    conn.close()
    return path


def test_a_writer_starts_right_after_the_other_one_commits(path) -> None:
    held = threading.Event()
    thread = _holder(path, 0.44, held)
    started = time.monotonic()
    conn = sqlite3.connect(path, isolation_level=None, timeout=60)
    begin_writing(conn)
    waited = time.monotonic() - started
    conn.execute("INSERT INTO t VALUES (1)")
    conn.execute("COMMIT")
    thread.join()
    # SQLite's own busy handler tries after 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228,
    # 328, 428, 528 ms: it would start this one 88 ms after the lock came free
    assert 0.43 <= waited < 0.5
    assert conn.execute("PRAGMA busy_timeout").fetchone() == (60000,)  # restored


def test_a_writer_gives_up_after_its_time_with_database_is_locked(path) -> None:
    held = threading.Event()
    thread = _holder(path, 0.5, held)
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        begin_writing(conn, wait=0.05)
    thread.join()
    assert conn.execute("PRAGMA busy_timeout").fetchone() == (60000,)


def test_a_unit_of_work_waits_for_the_lock_and_writes(path) -> None:
    held = threading.Event()
    thread = _holder(path, 0.1, held)
    store = SqlStore(f"sqlite:///{path}")
    uow = store.uow()
    with uow:
        uow.connection.exec_driver_sql("INSERT INTO t VALUES (2)")
        uow.commit()
    thread.join()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT x FROM t").fetchall() == [(2,)]
    store.dispose()
