"""Store errors as one sentence each: what happened to the database, and what to do.

SQLite says ``unable to open database file`` for a missing directory, a directory in the file's place and an
unwritable directory alike, and ``database disk image is malformed`` for a damaged file; PostgreSQL's driver says
``server closed the connection unexpectedly`` (and more lines) for a server gone in the middle of a command.
``store_error`` turns each driver error (and the ``OSError`` of making a file's directory) into a ``StoreError``
that names the store as messages show it: a PostgreSQL URL without its password (``crawler.store.describe``).

Which errors are the store's is asked at the time of the error (``database_errors`` and the two after it):
psycopg's are among them once a PostgreSQL store has loaded it, and nothing imports it for a SQLite store.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit


class StoreError(ValueError):
    """The database location cannot be used; the message says what to change."""


def redact(text: str, location: str | Path | None) -> str:
    """``text`` with the location's password (a PostgreSQL URL's) replaced by ``***``, wherever a driver quoted
    it; the text as it is for a location without one."""
    try:
        parts = urlsplit(str(location or ""))
        secrets = [parts.password or ""]
    except ValueError:  # not a URL at all (a path with brackets)
        return text
    secrets += [v for k, v in parse_qsl(parts.query) if "password" in k.lower()]
    for secret in {s for p in secrets if p for s in (p, unquote(p))}:
        text = text.replace(secret, "***")
    return text


def _postgres_sentence(exc: BaseException, store: str, text: str) -> str:
    """A PostgreSQL error (psycopg's), by what the user can do about it."""
    lowered = text.lower()
    name = type(exc).__name__
    gone = (
        "server closed the connection",
        "terminating connection",
        "connection is closed",
        "connection is lost",
        "consuming input failed",
        "connection refused",
        "could not receive data",
        "could not send data",
        "ssl syscall",
        "eof detected",
    )
    if name in ("AdminShutdown", "CrashShutdown", "ConnectionFailure") or any(g in lowered for g in gone):
        return f"{store} stopped answering in the middle of the command ({text}); check that the server runs"
    if "password authentication failed" in lowered or name == "InvalidPassword":
        return f"{store} refused the login ({text}); check the user and password in the URL"
    if name == "InsufficientPrivilege" or "permission denied" in lowered:
        return f"{store} refused the command ({text}); grant the URL's user rights on the database"
    if name in ("DiskFull", "OutOfMemory") or "no space left" in lowered:
        return f"{store} could not be written ({text}); free disk space on the server"
    if name in ("LockNotAvailable", "QueryCanceled") or "lock timeout" in lowered:
        return f"{store} stayed locked by another process ({text}); try again when it is done"
    if name == "ReadOnlySqlTransaction":
        return f"{store} cannot be written ({text}); use the primary server's URL, not a replica's"
    return f"{store} failed: {text}"


def store_error(exc: BaseException, location: str | Path | None) -> StoreError:
    """A one-sentence ``StoreError`` for a SQLite, PostgreSQL or file-system error met on the store at ``location``
    (a ``StoreError`` already is one, and is returned as it is). The sentence never holds the URL's password."""
    if isinstance(exc, StoreError):
        return exc
    from crawler.store import describe

    where = describe(location) if location else ""
    store = f"the store {where}" if where else "the store"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = redact(lines[0] if lines else type(exc).__name__, location)
    if type(exc).__module__.split(".")[0] == "psycopg":
        return StoreError(_postgres_sentence(exc, store, text.removesuffix(".")) + ".")
    lowered = text.lower()
    unwritable = bool(where) and "unable to open" in lowered and not os.access(Path(where).parent, os.W_OK)
    if isinstance(exc, PermissionError) or "readonly" in lowered or "read-only" in lowered or unwritable:
        message = (
            f"{store} cannot be written (a read-only file or directory); check its permissions or use another --db"
        )
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        message = f"{store} cannot be made: a file stands where its directory should be; use another --db"
    elif isinstance(exc, IsADirectoryError) or (bool(where) and Path(where).is_dir() and "unable to open" in lowered):
        message = f"{store} is a directory, not a database file; give a file path to --db"
    elif "malformed" in lowered or "not a database" in lowered or "file is encrypted" in lowered:
        message = (
            f"{store} is damaged or is not a portalwatch database ({text}); restore it from a backup or"
            " move it aside to start a new one"
        )
    elif "unable to open" in lowered:
        message = f"{store} cannot be opened ({text}); check that its directory exists and can be written"
    elif "disk is full" in lowered or "disk i/o" in lowered:
        message = f"{store} could not be written ({text}); free disk space or check the disk"
    elif "locked" in lowered or "busy" in lowered:
        message = f"{store} stayed locked by another process ({text}); try again when it is done"
    else:
        message = f"{store} failed: {text}"
    return StoreError(message + ".")


def database_errors() -> tuple[type[Exception], ...]:
    """What a database driver raises on a store that opened but fails later (a damaged page met by a read, a
    server gone): sqlite3's errors, and psycopg's once a PostgreSQL store has loaded it. The CLI turns these into
    ``store_error``'s sentence without importing a driver itself."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error, psycopg.Error) if psycopg is not None else (sqlite3.Error,)


def store_errors() -> tuple[type[Exception], ...]:
    """The same, and the file-system errors of opening a store."""
    return (*database_errors(), OSError)


def any_store_error() -> tuple[type[Exception], ...]:
    """Every error a store raises or lets through: its own sentences, and the driver's and file system's."""
    return (StoreError, *store_errors())
