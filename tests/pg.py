"""A throw-away PostgreSQL server for the tests, started from Debian's `postgresql` package.

`start_server()` runs `initdb` into a temporary directory and `pg_ctl start` with a server that
listens only on a unix socket in that directory (no TCP port, so parallel runs never collide),
trusts every local connection and trades durability for speed (fsync off). `PostgresServer.stop()`
kills it and deletes the directory. If `KONTOR_TEST_POSTGRES_URL` is set, `server_from_env()`
uses that server instead (its database must be allowed to create databases).

initdb refuses to run as root, so under uid 0 the server runs as the system user `kontor-test`
(created with `useradd --system` when missing) through `runuser`.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import URL, create_engine, make_url, text
from sqlalchemy.engine import Engine

ENV_URL = "KONTOR_TEST_POSTGRES_URL"
OS_USER = "kontor-test"  # runs the server when the tests run as root
DB_USER = "kontor-test"  # the cluster's superuser
PORT = 5432  # only names the socket file: the server listens on no TCP port
INSTALL_HINT = "run `scripts/system-packages` (as root, or it prints the apt-get command to run)"
SETTINGS = {
    "listen_addresses": "''",
    "port": str(PORT),
    "max_connections": "100",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries, or the server did not start; the message says what to do."""


def find_bindir() -> Path:
    """The `bin` directory of the highest PostgreSQL major in /usr/lib/postgresql (Debian)."""
    candidates = []
    for bindir in Path("/usr/lib/postgresql").glob("*/bin"):
        major = bindir.parent.name
        if major.isdigit() and (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            candidates.append((int(major), bindir))
    if not candidates:
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found (no /usr/lib/postgresql/<major>/bin/initdb); "
            + INSTALL_HINT
        )
    return max(candidates)[1]


class PostgresServer:
    """A PostgreSQL server the tests may create databases on."""

    def __init__(self, base_url: URL, *, bindir: Path | None = None, directory: Path | None = None):
        self.base_url = base_url  # names the maintenance database used to create databases
        self.bindir = bindir
        self.directory = directory  # None unless this object started the server
        self._admin: Engine | None = None
        self.start_seconds = 0.0  # how long starting (or reaching) it took

    def url(self, dbname: str) -> str:
        """SQLAlchemy URL (psycopg 3) of database `dbname` on this server."""
        return self.base_url.set(database=dbname).render_as_string(hide_password=False)

    @property
    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        return self._admin

    def create_database(self) -> str:
        """Create an empty database with a name unique to this call and return the name."""
        name = f"kontor_test_{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return name

    def clone_database(self, template: str) -> str:
        """A new database that is a copy of `template` (which nobody may be connected to)."""
        name = f"kontor_test_{uuid.uuid4().hex[:16]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        return name

    def drop_database(self, name: str) -> None:
        """Drop `name`, closing whatever connections a test left open to it."""
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def stop(self) -> None:
        """Stop the server (if started here) and delete its directory; safe to call twice."""
        if self._admin is not None:
            self._admin.dispose()
            self._admin = None
        if self.directory is None:
            return
        directory, self.directory = self.directory, None
        try:
            _run_as_owner(
                [str(self.bindir / "pg_ctl"), "-D", str(directory / "data"),
                 "-m", "immediate", "-w", "stop"],
                directory, check=False,
            )
        finally:
            shutil.rmtree(directory, ignore_errors=True)


def server_from_env() -> PostgresServer | None:
    """The server named by KONTOR_TEST_POSTGRES_URL, or None if it is not set."""
    raw = os.environ.get(ENV_URL, "").strip()
    if not raw:
        return None
    url = make_url(raw)
    if url.get_backend_name() != "postgresql":
        raise PostgresUnavailable(f"{ENV_URL} must be a postgresql:// URL, not {url.drivername}")
    if url.get_driver_name() in ("", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    if not url.database:
        url = url.set(database="postgres")
    return PostgresServer(url)


def start_server() -> PostgresServer:
    """initdb + pg_ctl start a throw-away cluster; the caller must call `.stop()`."""
    bindir = find_bindir()
    as_root = os.geteuid() == 0
    # Unix socket paths are limited to ~107 bytes, and under root the server user must be able
    # to reach the directory: use /tmp then (or when $TMPDIR is long).
    base = tempfile.gettempdir()
    if as_root or len(base) > 60:
        base = "/tmp"
    directory = Path(tempfile.mkdtemp(prefix="kontor-pg-", dir=base))
    server = PostgresServer(_socket_url(directory), bindir=bindir, directory=directory)
    atexit.register(server.stop)  # also when the session ends without fixture teardown
    try:
        if as_root:
            _ensure_os_user()
            shutil.chown(directory, OS_USER, OS_USER)
        data = directory / "data"
        _run_as_owner(
            [str(bindir / "initdb"), "-D", str(data), "--auth=trust", f"--username={DB_USER}",
             "--encoding=UTF8", "--locale=C", "--no-sync"],
            directory,
        )
        settings = {**SETTINGS, "unix_socket_directories": f"'{directory}'"}
        with open(data / "postgresql.conf", "a") as conf:
            conf.write("\n# kontor tests\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        _run_as_owner(
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(directory / "postgres.log"),
             "-w", "-t", "60", "start"],
            directory,
        )
    except BaseException:
        server.stop()
        raise
    return server


def _socket_url(directory: Path) -> URL:
    return URL.create(
        "postgresql+psycopg", username=DB_USER, port=PORT, database="postgres",
        query={"host": str(directory)},
    )


def _run_as_owner(cmd: list[str], directory: Path, *, check: bool = True) -> None:
    """Run a PostgreSQL tool as the server's owner (`kontor-test` under root, else ourselves)."""
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", OS_USER, "--", *cmd]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=directory, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        log = directory / "postgres.log"
        log_tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
        raise PostgresUnavailable(
            f"`{' '.join(cmd)}` failed (exit {proc.returncode}, "
            f"{time.monotonic() - started:.1f} s):\n{proc.stdout}{proc.stderr}{log_tail}"
        )


def _ensure_os_user() -> None:
    """Create the system user `kontor-test` unless it exists (tolerates a parallel creation)."""
    for _ in range(20):
        try:
            pwd.getpwnam(OS_USER)
            return
        except KeyError:
            pass
        proc = subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home",
             "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", OS_USER],
            capture_output=True, text=True,
        )
        if proc.returncode == 0:
            return
        # 9: created meanwhile by a parallel run; 10: /etc/passwd locked by one. Try again.
        if proc.returncode not in (9, 10) and not re.search("lock", proc.stderr, re.I):
            raise PostgresUnavailable(f"useradd {OS_USER} failed: {proc.stderr.strip()}")
        time.sleep(0.2)
    raise PostgresUnavailable(f"could not create the system user {OS_USER}")
