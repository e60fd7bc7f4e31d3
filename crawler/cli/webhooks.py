"""``portalwatch subscribers add|list|remove`` and ``deliver``: subscribers (webhooks and Apprise channels) and
their delivery."""

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
    wsub = add_group(sub, "subscribers", "webhook and channel (Telegram, e-mail, Zalo...) subscribers")
    p = add_command(
        wsub,
        "add",
        subscribers_add,
        "add a subscriber (an http(s) webhook or an Apprise channel URL) with a filter",
        "portalwatch subscribers add 'tgram://BOT_TOKEN/CHAT_ID' --province 'Đồng Tháp' --match 'kỳ họp'",
        common,
    )
    p.add_argument("url", help="https://... (signed JSON) or a channel: tgram://, mailtos://, zalo://...")
    p.add_argument("--secret", help="HMAC secret of a webhook (default: a new random one, printed)")
    p.add_argument("--from-start", action="store_true", help="also deliver every alert already stored")
    p.add_argument("--match", action="append", help="keep alerts naming this phrase (repeatable; folded Vietnamese)")
    p.add_argument("--exclude", action="append", help="drop alerts naming this phrase (repeatable)")
    p.add_argument("--digest", help="channels: one message per period, 'hourly', 'daily 07:00', 'weekly mon 07:00'")
    p.add_argument("--quiet", help="channels: send nothing in these local hours, e.g. '22:00-06:00'")
    p.add_argument("--api", help="channels: the API address to use instead of the public one (self-hosted Bot API)")
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
        "send pending alerts to subscribers: POSTs to webhooks, messages to channels",
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
    from crawler.channels import delivery, is_webhook
    from crawler.feed import FilterError, parse_request

    webhook = is_webhook(args.url)
    if webhook:
        require_http_url(args.url, "URL")
    options = {k: getattr(args, k) for k in delivery.ENTRY_KEYS if getattr(args, k) is not None}
    if args.secret is not None:
        options["secret"] = args.secret
    try:
        params = cli_params(args) | delivery.entry_params(args.url, options, "subscriber")
    except delivery.EntryError as exc:
        raise UsageError(str(exc)) from None
    secret = (args.secret or secrets.token_hex(32)) if webhook else ""
    store = open_store(args.db)
    try:
        try:
            parse_request(params, load_registry(args.registry), stored=store.portals)
        except FilterError as exc:
            raise UsageError(str(exc)) from None
        sub_id = store.outbox.add_subscriber(args.url, secret, params, args.from_start)
    finally:
        store.close()
    print(f"subscriber {sub_id}: {delivery.shown_url(args.url)}" + (f"\nsecret: {secret}" if webhook else ""))
    return 0


def subscribers_list(args: argparse.Namespace) -> int:
    from crawler.channels.delivery import shown_url
    from crawler.webhooks import SubscribersError, describe, sync_subscribers

    store = open_store(args.db)
    try:
        outbox = store.outbox
        if args.subscribers:
            try:
                line = describe(
                    sync_subscribers(outbox, args.subscribers, load_registry(args.registry), store.feed),
                    args.subscribers,
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
            [
                s.id,
                s.name or "",
                shown_url(s.url),
                flt,
                c.get("pending", 0),
                c.get("delivered", 0),
                errors.get(s.id) or "",
            ]
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
    import time

    from crawler.channels.delivery import fixed_clock
    from crawler.runner import project_settings
    from crawler.webhooks import Deliverer, SubscribersError

    def stderr(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    settings = project_settings()
    start = settings.get("PORTALWATCH_DELIVER_NOW") or ""
    try:
        clock = fixed_clock(start, time.time) if start else time.time
    except ValueError as exc:
        raise UsageError(str(exc)) from None

    deliverer = Deliverer(
        args.db,
        load_registry(args.registry),
        timeout=args.timeout,
        backoff_base=args.backoff_base,
        backoff_cap=args.backoff_cap,
        log=stderr if args.verbose else None,
        notice=stderr,
        subscribers_file=args.subscribers,
        base_url=settings.get("PORTALWATCH_BASE_URL") or None,
        clock=clock,
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
