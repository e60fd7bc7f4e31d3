"""What every command module shares: the error a user can cause, the common options, the store a command
opens and the plain-text tables commands print.

Nothing here imports more than the registry and the store's interface, so that building the parser (and
``portalwatch --help``) stays fast; command modules import the heavy library modules inside their handlers.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, TypeAlias
from urllib.parse import urlsplit

from crawler.store import DEFAULT_DB, Store, open_store

if TYPE_CHECKING:
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

Handler = Callable[[argparse.Namespace], int]


class UsageError(ValueError):
    """The command line asks for something impossible; the message says what to change."""


def common_options() -> argparse.ArgumentParser:
    """``--db`` and ``--registry``, the parent parser of every command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=os.environ.get("PORTALWATCH_DB", DEFAULT_DB),
        help="SQLite file or sqlite:///path URL (env PORTALWATCH_DB; default %(default)s)",
    )
    common.add_argument(
        "--registry",
        default=os.environ.get("PORTALWATCH_REGISTRY") or None,
        help="your portal registry: a TOML file (with the *.toml of the folder named like it) or a folder of them; "
        "it replaces the packaged registry, it does not extend it (env PORTALWATCH_REGISTRY; 'portalwatch init' "
        "writes a starter)",
    )
    return common


def add_command(
    sub: Subcommands,
    name: str,
    handler: Handler,
    summary: str,
    example: str,
    common: argparse.ArgumentParser,
) -> argparse.ArgumentParser:
    """One command: its summary is the help line and the description, its example ends ``--help``."""
    parser = sub.add_parser(
        name,
        help=summary,
        description=summary,
        parents=[common],
        epilog=f"example:\n  {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def add_group(sub: Subcommands, name: str, summary: str) -> Subcommands:
    """A command with subcommands (``portals list``); returns where its subcommands are added."""
    group = sub.add_parser(name, help=summary, description=summary)
    return group.add_subparsers(dest=f"{name}_command", required=True, metavar="SUBCOMMAND")


@contextmanager
def opened_store(db: str) -> Iterator[Store]:
    """The store at ``--db``, closed when the command is done with it."""
    store = open_store(db)
    try:
        yield store
    finally:
        store.close()


def require_http_url(url: str, option: str) -> None:
    """Raise ``UsageError`` unless ``url`` is an absolute http(s) URL; ``option`` names it in the message."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{option} {url!r} is not an http(s) URL.")


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str], out: IO[str] | None = None) -> None:
    """Rows as left-aligned columns under a ruled header, the way every listing command prints."""
    out = out or sys.stdout
    cells = [list(headers), *[[str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for i, row in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip(), file=out)
        if i == 0:
            print("  ".join("-" * w for w in widths), file=out)
