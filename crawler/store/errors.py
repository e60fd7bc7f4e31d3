"""Store errors as one sentence each: what happened to the database file, and what to do.

SQLite says ``unable to open database file`` for a missing directory, a directory in the file's place and an
unwritable directory alike, and ``database disk image is malformed`` for a damaged file; ``describe`` turns each
``sqlite3.Error`` (and the ``OSError`` of making the file's directory) into a ``StoreError`` that names the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class StoreError(ValueError):
    """The database location cannot be used; the message says what to change."""


def describe(exc: BaseException, path: str | Path) -> StoreError:
    """A one-sentence ``StoreError`` for a SQLite or file-system error met on the store at ``path`` (a
    ``StoreError`` already is one, and is returned as it is)."""
    if isinstance(exc, StoreError):
        return exc
    where = str(path)
    text = str(exc).strip() or type(exc).__name__
    lowered = text.lower()
    unwritable = "unable to open" in lowered and not os.access(Path(where).parent, os.W_OK)
    if isinstance(exc, PermissionError) or "readonly" in lowered or "read-only" in lowered or unwritable:
        message = (
            f"the store {where} cannot be written (a read-only file or directory); check its permissions or use"
            " another --db"
        )
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        message = f"the store {where} cannot be made: a file stands where its directory should be; use another --db"
    elif isinstance(exc, IsADirectoryError) or (Path(where).is_dir() and "unable to open" in lowered):
        message = f"the store {where} is a directory, not a database file; give a file path to --db"
    elif "malformed" in lowered or "not a database" in lowered or "file is encrypted" in lowered:
        message = (
            f"the store {where} is damaged or is not a portalwatch database ({text}); restore it from a backup or"
            " move it aside to start a new one"
        )
    elif "unable to open" in lowered:
        message = f"the store {where} cannot be opened ({text}); check that its directory exists and can be written"
    elif "disk is full" in lowered or "disk i/o" in lowered:
        message = f"the store {where} could not be written ({text}); free disk space or check the disk"
    elif "locked" in lowered or "busy" in lowered:
        message = f"the store {where} stayed locked by another process ({text}); try again when it is done"
    else:
        message = f"the store {where} failed: {text}"
    return StoreError(message + ".")


# What a database driver raises on a store that opened but fails later (a damaged page met by a read): the CLI
# turns these into ``describe``'s sentence without importing a driver itself.
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
# The same, and the file-system errors of opening a store.
STORE_ERRORS: tuple[type[Exception], ...] = (*DATABASE_ERRORS, OSError)
# Every error a store raises or lets through: its own sentences, and the driver's and file system's.
ANY_STORE_ERROR: tuple[type[Exception], ...] = (StoreError, *STORE_ERRORS)
