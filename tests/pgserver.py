"""A private PostgreSQL server (Debian's package) on 127.0.0.1, for one pytest session or one benchmark run.

``initdb`` into a new directory under the system temp dir, the server on a free port, TCP on 127.0.0.1 only and
its socket in that directory, so nothing of the machine's own PostgreSQL (its cluster, port 5432, /var/run) is
touched. PostgreSQL refuses to run as root: as root, the server runs as the ``postgres`` user Debian's package
creates. Nothing is installed here (``scripts/system-deps`` installs the package); a missing binary or a server
that does not start is a ``PgServerError`` whose message says what to do, and the fixtures turn it into a FAILED
test, never a skip.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support import free_port

DEBIAN_BINARIES = Path("/usr/lib/postgresql")
USER = "portalwatch"
# For tests: durability is not what they check, and fsync costs seconds per test on a busy disk.
FAST = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class PgServerError(RuntimeError):
    """The private server could not be had; the message says what to do."""


def bindir() -> Path:
    """The newest installed PostgreSQL's binaries (``/usr/lib/postgresql/<version>/bin``, found, not assumed)."""

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", path.parent.parent.name)) or (0,)

    found = sorted(DEBIAN_BINARIES.glob("*/bin/pg_ctl"), key=version)
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise PgServerError(
        "PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/pg_ctl); run scripts/system-deps as root"
        " (make test does), or apt-get install postgresql."
    )


def _account() -> dict[str, Any]:
    """``subprocess`` keywords running the server as an unprivileged user when this process is root."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    raise PgServerError("running as root and no 'postgres' user to run PostgreSQL as; apt-get install postgresql.")


@dataclass
class PgServer:
    """A running private server: ``url(database)``, and ``new_database()`` for a test's own empty database."""

    host: str
    port: int
    root: Path
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """One statement as the superuser, outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]  # trusted test SQL, not a literal

    def new_database(self, prefix: str = "test") -> str:
        """A new empty database; its URL."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _run(args: list[str], account: Mapping[str, Any], what: str, log: Path | None = None) -> None:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, **account)
    if proc.returncode != 0:
        tail = (log.read_text(errors="replace")[-1500:] if log and log.exists() else "") or proc.stderr[-1500:]
        raise PgServerError(f"{what} failed (exit {proc.returncode}): {tail.strip()}")


@contextlib.contextmanager
def private_server(settings: Mapping[str, str] | None = None) -> Iterator[PgServer]:
    """Start a new server with these ``postgresql.conf`` settings (``FAST`` for tests); stop and delete it after."""
    binaries, account = bindir(), _account()
    # Under the system temp dir (world-traversable), since the server's user must reach it; 0700 inside.
    root = Path(tempfile.mkdtemp(prefix="portalwatch-pg-"))
    try:
        if account:
            os.chown(root, account["user"], account["group"])
        data, log = root / "data", root / "server.log"
        _run(
            [str(binaries / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale"],
            account,
            "initdb",
        )
        port = free_port()
        options = {"port": str(port), "listen_addresses": "127.0.0.1", "unix_socket_directories": str(root)}
        options.update(settings or {})
        flags = " ".join(f"-c {k}={v}" for k, v in options.items())
        start = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", flags, "-w", "-t", "60", "start"]
        _run(start, account, "pg_ctl start", log)
        try:
            yield PgServer("127.0.0.1", port, root)
        finally:
            subprocess.run(
                [str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                capture_output=True,
                timeout=120,
                **account,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
