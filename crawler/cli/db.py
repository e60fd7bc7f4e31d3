"""``portalwatch db migrate|copy``: bring a store to this version's schema, move an archive to another store."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from crawler.cli.common import add_command, add_group, table
from crawler.store import DEFAULT_DB

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    dsub = add_group(sub, "db", "the store's schema and moving an archive between stores")
    add_command(
        dsub,
        "migrate",
        migrate,
        "apply this version's schema migrations to the store (opening it does too; this does only that)",
        "portalwatch db migrate --db postgresql://portalwatch@db.example/portalwatch",
        common,
    )
    p = add_command(
        dsub,
        "copy",
        copy,
        "copy every article, revision, alert, outbox row, subscriber, run and crawl state into an empty store",
        f"portalwatch db copy --from sqlite:///{DEFAULT_DB} --to postgresql://portalwatch@db.example/pw",
        common,
    )
    p.add_argument("--from", dest="source", help="the store to copy (default: --db)")
    p.add_argument(
        "--to", dest="target", required=True, help="an empty store: a new PostgreSQL database or SQLite file"
    )


def migrate(args: argparse.Namespace) -> int:
    from crawler.store import describe, migrate

    applied = migrate(args.db)
    if applied:
        print(f"{describe(args.db)}: applied {len(applied)} migrations: {', '.join(applied)}")
    else:
        print(f"{describe(args.db)}: up to date")
    return 0


def copy(args: argparse.Namespace) -> int:
    from crawler.store import describe
    from crawler.store.copy import Copied, copy_store

    source = args.source or args.db

    def report(done: Copied) -> None:
        print(f"copied {done.rows} rows of {done.table}", file=sys.stderr)

    copied = copy_store(source, args.target, progress=report)
    table([(c.table, c.rows) for c in copied], ["table", "rows"])
    print(f"{describe(source)} -> {describe(args.target)}: {sum(c.rows for c in copied)} rows")
    return 0
