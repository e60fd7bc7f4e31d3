"""The ``portalwatch`` parser, assembled from the command modules, and ``main``.

Each command module declares its arguments (``register``) and its handlers; a handler parses nothing and
calls the library. Errors a user can cause are one sentence on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from crawler import __version__
from crawler.cli import (
    analyze,
    articles,
    cluster,
    crawl,
    db,
    demo,
    documents,
    evidence,
    feed,
    fixtures,
    init,
    meetings,
    portals,
    webhooks,
)
from crawler.cli.common import UsageError, common_options
from crawler.cluster.connection import ClusterError
from crawler.registry import RegistryError
from crawler.store import DEFAULT_DB, StoreError
from crawler.store.errors import database_errors, store_error

GROUPS = (
    init,
    crawl,
    cluster,
    portals,
    fixtures,
    articles,
    meetings,
    documents,
    evidence,
    feed,
    webhooks,
    demo,
    analyze,
    db,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="portalwatch", description="Monitor Vietnamese party and government portals.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = common_options()
    for group in GROUPS:
        group.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (ClusterError, RegistryError, StoreError, UsageError) as exc:
        print(f"portalwatch: {exc}", file=sys.stderr)
        return 2
    except database_errors() as exc:  # a store that opened but fails later (a damaged page, a server gone)
        print(f"portalwatch: {store_error(exc, getattr(args, 'db', None) or DEFAULT_DB)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
