"""``portalwatch subscribers add|list|remove`` and ``deliver``: webhook subscribers and their delivery."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.cli.common import UsageError, add_command, add_group, require_http_url, table
from crawler.cli.feed import add_filter_arguments, cli_params
from crawler.registry import load_registry
from crawler.store import open_store

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    wsub = add_group(sub, "subscribers", "webhook subscribers")
    p = add_command(
        wsub,
        "add",
        subscribers_add,
        "add a webhook subscriber with a filter",
        "portalwatch subscribers add https://bot.example/hook --province 'Đồng Tháp' --kind meeting",
        common,
    )
    p.add_argument("url")
    p.add_argument("--secret", help="HMAC secret (default: a new random one, printed)")
    p.add_argument("--from-start", action="store_true", help="also deliver every alert already stored")
    add_filter_arguments(p)
    p = add_command(
        wsub,
        "list",
        subscribers_list,
        "list webhook subscribers and their outbox",
        "portalwatch subscribers list --subscribers subscribers.toml",
        common,
    )
    p.add_argument(
        "--subscribers",
        type=Path,
        default=os.environ.get("PORTALWATCH_SUBSCRIBERS") or None,
        help="sync this subscribers file first, which also checks it (env PORTALWATCH_SUBSCRIBERS)",
    )
    p = add_command(
        wsub,
        "remove",
        subscribers_remove,
        "remove a webhook subscriber",
        "portalwatch subscribers remove 3",
        common,
    )
    p.add_argument("id", type=int)

    p = add_command(
        sub,
        "deliver",
        deliver,
        "POST pending alerts to webhook subscribers",
        "portalwatch deliver --follow --subscribers subscribers.toml",
        common,
    )
    p.add_argument(
        "--subscribers",
        type=Path,
        default=os.environ.get("PORTALWATCH_SUBSCRIBERS") or None,
        help="subscribers file ([subscribers.<name>] tables), synced at start and whenever it changes "
        "(env PORTALWATCH_SUBSCRIBERS)",
    )
    p.add_argument("--follow", action="store_true", help="keep running and deliver new alerts as they come")
    p.add_argument("--deadline", type=float, help="give up after this many seconds, leaving the rest pending")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    p.add_argument("--backoff-base", type=float, default=1.0, help="first retry delay in seconds (then doubling)")
    p.add_argument("--backoff-cap", type=float, default=600.0, help="longest retry delay in seconds")
    p.add_argument("-v", "--verbose", action="store_true", help="log each attempt on stderr")


def subscribers_add(args: argparse.Namespace) -> int:
    from crawler.feed import FilterError, parse_request

    require_http_url(args.url, "URL")
    params = cli_params(args)
    secret = args.secret or secrets.token_hex(32)
    store = open_store(args.db)
    try:
        try:
            parse_request(params, load_registry(args.registry), stored=store.portals)
        except FilterError as exc:
            raise UsageError(str(exc)) from None
        sub_id = store.outbox.add_subscriber(args.url, secret, params, args.from_start)
    finally:
        store.close()
    print(f"subscriber {sub_id}: {args.url}\nsecret: {secret}")
    return 0


def subscribers_list(args: argparse.Namespace) -> int:
    from crawler.webhooks import SubscribersError, describe, sync_subscribers

    store = open_store(args.db)
    try:
        outbox = store.outbox
        if args.subscribers:
            try:
                line = describe(
                    sync_subscribers(outbox, args.subscribers, load_registry(args.registry)), args.subscribers
                )
            except SubscribersError as exc:
                raise UsageError(str(exc)) from None
            if line:
                print(line)
        subs, counts, errors = outbox.subscribers(), outbox.counts(), outbox.last_errors()
    finally:
        store.close()
    rows = []
    for s in subs:
        flt = " ".join(f"{k}={','.join(v)}" for k, v in s.filter.items()) or "(all)"
        c = counts.get(s.id, {})
        rows.append(
            [s.id, s.name or "", s.url, flt, c.get("pending", 0), c.get("delivered", 0), errors.get(s.id) or ""]
        )
    table(rows, ["id", "name", "url", "filter", "pending", "delivered", "last error"])
    return 0


def subscribers_remove(args: argparse.Namespace) -> int:

    store = open_store(args.db)
    try:
        outbox = store.outbox
        name = next((s.name for s in outbox.subscribers() if s.id == args.id), None)
        removed = outbox.remove_subscriber(args.id)
    finally:
        store.close()
    if not removed:
        raise UsageError(f"no subscriber {args.id}; 'portalwatch subscribers list' shows them.")
    print(f"removed subscriber {args.id}")
    if name:
        print(
            f"it came from a subscribers file: delete its [subscribers.{name}] table there too, or the next "
            "deliver adds it again",
            file=sys.stderr,
        )
    return 0


def deliver(args: argparse.Namespace) -> int:
    """``portalwatch deliver``: thin over ``Deliverer``; Ctrl-C (or the scheduler's SIGINT) stops it cleanly."""
    from crawler.webhooks import Deliverer, SubscribersError

    def stderr(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    deliverer = Deliverer(
        args.db,
        load_registry(args.registry),
        timeout=args.timeout,
        backoff_base=args.backoff_base,
        backoff_cap=args.backoff_cap,
        log=stderr if args.verbose else None,
        notice=stderr,
        subscribers_file=args.subscribers,
    )
    status, stopped = 0, False
    try:
        status = deliverer.run(follow=args.follow, deadline=args.deadline)
    except SubscribersError as exc:
        raise UsageError(str(exc)) from None
    except KeyboardInterrupt:  # a row in flight keeps its lease and is sent again by the next run
        stopped = True
    finally:
        pending = sum(c["pending"] for c in deliverer.outbox.counts().values())
        deliverer.close()
    print(f"delivered {deliverer.sent}; pending {pending}" + ("; stopped" if stopped else ""), flush=True)
    return status
