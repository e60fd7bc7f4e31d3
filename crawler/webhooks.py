"""Webhook delivery: each alert POSTed as signed JSON to every subscriber whose filter it matches.

At least once, in alert order per subscriber, resumable: the outbox (``crawler.store.outbox``) holds
the state, so a killed deliverer or receiver only delays alerts. A receiver deduplicates repeats by
the ``Idempotency-Key`` header (the alert id) and checks ``X-Portalwatch-Signature``: ``sha256=`` and
the hex HMAC-SHA256, keyed by the subscriber's secret, of ``<X-Portalwatch-Timestamp>.<body>``
(see ``verify``). Failures are retried with exponential backoff and jitter, without limit.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import random
import secrets
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from crawler import feed
from crawler.registry import Portal, load_registry
from crawler.store import open_store
from crawler.store.feedquery import EntryFilter, FeedQuery
from crawler.store.outbox import Head, Outbox

SIGNATURE, TIMESTAMP, IDEMPOTENCY = "X-Portalwatch-Signature", "X-Portalwatch-Timestamp", "Idempotency-Key"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for a body sent at ``timestamp`` (Unix seconds, as sent)."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, tolerance: float = 300,
           now: float | None = None) -> bool:
    """What a receiver runs: the signature matches and the timestamp is recent (replays are refused)."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff(attempts: int, base: float, cap: float, rng: random.Random) -> float:
    """Seconds before the next try after ``attempts`` failures: doubling up to ``cap``, half of it jittered."""
    delay = min(cap, base * 2 ** max(attempts - 1, 0))
    return delay / 2 + rng.uniform(0, delay / 2)


def matches(flt: EntryFilter, alert: Mapping[str, Any]) -> bool:
    """The feed's filter semantics applied to one alert row (portal, kind, meeting kind)."""
    if flt.portals is not None and alert["portal"] not in flt.portals:
        return False
    kinds = set(flt.kinds)
    if not kinds or alert["kind"] in kinds:
        return True
    is_article = alert["kind"] in ("new_article", "meeting")
    return is_article and ("new_article" in kinds or alert.get("meeting_kind") in kinds)


class Deliverer:
    """One delivery loop over a store; ``clock``, ``sleep`` and ``rng`` are injectable for tests."""

    def __init__(self, db: str, registry: Mapping[str, Portal], *, timeout: float = 10.0, backoff_base: float = 1.0,
                 backoff_cap: float = 600.0, client: httpx.Client | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None, log: Callable[[str], None] | None = None) -> None:
        self.store = open_store(db)
        self.outbox = Outbox(self.store.conn)  # type: ignore[attr-defined]  # SQLiteStore's connection
        self.query = FeedQuery(db.removeprefix("sqlite:///"))
        self.registry = registry
        self.timeout, self.backoff_base, self.backoff_cap = timeout, backoff_base, backoff_cap
        self.client = client or httpx.Client(headers={"User-Agent": "portalwatch-webhooks/0.1"})
        self.clock, self.sleep, self.rng = clock, sleep, rng or random.Random()
        self.log = log or (lambda message: None)
        self.sent = 0

    def close(self) -> None:
        self.client.close()
        self.query.close()
        self.store.close()

    def enqueue_new(self) -> int:
        """Outbox rows for alerts raised since each subscriber's mark; returns how many were added."""
        added = 0
        for sub in self.outbox.subscribers():
            flt = feed.parse_request(sub.filter, self.registry).filter
            mark = sub.enqueued_through
            while batch := self.outbox.alerts_after(mark):
                mark = batch[-1]["id"]
                added += self.outbox.enqueue(sub.id, [a["id"] for a in batch if matches(flt, a)], mark)
        return added

    def payload(self, alert_id: int) -> bytes:
        """The JSON body for one alert: the alert, its article and the portal's place."""
        alert = self.query.alert(alert_id) or {"id": alert_id, "kind": "unknown", "portal": "", "article": None}
        portal = self.registry.get(alert["portal"])
        alert["portal_name"] = portal.name if portal else alert["portal"]
        alert["province"], alert["district"] = (portal.province, portal.district) if portal else (None, None)
        return json.dumps(feed.sanitize(alert), ensure_ascii=False, sort_keys=True).encode("utf-8")

    def attempt(self, head: Head) -> bool:
        """One POST of a due head; True when the receiver answered 2xx."""
        now = self.clock()
        if not self.outbox.claim(head, now, now + self.timeout + 5):
            return False
        body = self.payload(head.alert_id)
        stamp = str(int(self.clock()))
        headers = {"Content-Type": "application/json; charset=utf-8", TIMESTAMP: stamp,
                   SIGNATURE: sign(head.subscriber.secret, stamp, body), IDEMPOTENCY: str(head.alert_id)}
        try:
            status = self.client.post(head.subscriber.url, content=body, headers=headers, timeout=self.timeout)
            error = None if 200 <= status.status_code < 300 else f"HTTP {status.status_code}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error is None:
            self.outbox.delivered(head)
            self.sent += 1
            self.log(f"delivered alert {head.alert_id} to subscriber {head.subscriber.id}")
            return True
        retry = backoff(head.attempts + 1, self.backoff_base, self.backoff_cap, self.rng)
        self.outbox.failed(head, error, self.clock() + retry)
        self.log(f"alert {head.alert_id} to subscriber {head.subscriber.id}: {error}; retry in {retry:.1f}s")
        return False

    def run(self, follow: bool = False, deadline: float | None = None, poll: float = 5.0) -> int:
        """Deliver until the outbox is empty (or forever with ``follow``); 1 if ``deadline`` left rows pending."""
        start = self.clock()
        while True:
            self.enqueue_new()
            heads = self.outbox.heads()
            now = self.clock()
            due = [h for h in heads if h.next_attempt_at <= now]
            for head in due:
                self.attempt(head)
            if due:
                continue
            if not heads and not follow:
                return 0
            if deadline is not None and now - start >= deadline:
                return 1 if heads else 0
            wait = min([h.next_attempt_at - now for h in heads] + [poll])
            if deadline is not None:
                wait = min(wait, start + deadline - now)
            self.sleep(max(wait, 0.01))


# CLI handlers -------------------------------------------------------------------------------------


def _usage(message: str) -> Exception:
    from crawler.commands import UsageError

    return UsageError(message)


def subscribers_add(args: argparse.Namespace) -> int:
    if urlsplit(args.url).scheme not in ("http", "https") or not urlsplit(args.url).hostname:
        raise _usage(f"URL {args.url!r} is not an http(s) URL.")
    params = feed.cli_params(args)
    try:
        feed.parse_request(params, load_registry(args.registry))
    except feed.FilterError as exc:
        raise _usage(str(exc)) from None
    secret = args.secret or secrets.token_hex(32)
    store = open_store(args.db)
    try:
        sub_id = Outbox(store.conn).add_subscriber(args.url, secret, params, args.from_start)  # type: ignore[attr-defined]
    finally:
        store.close()
    print(f"subscriber {sub_id}: {args.url}\nsecret: {secret}")
    return 0


def subscribers_list(args: argparse.Namespace) -> int:
    from crawler.commands import _table

    store = open_store(args.db)
    try:
        outbox = Outbox(store.conn)  # type: ignore[attr-defined]
        subs, counts, errors = outbox.subscribers(), outbox.counts(), outbox.last_errors()
    finally:
        store.close()
    rows = []
    for s in subs:
        flt = " ".join(f"{k}={','.join(v)}" for k, v in s.filter.items()) or "(all)"
        c = counts.get(s.id, {})
        rows.append([s.id, s.url, flt, c.get("pending", 0), c.get("delivered", 0), errors.get(s.id) or ""])
    _table(rows, ["id", "url", "filter", "pending", "delivered", "last error"])
    return 0


def subscribers_remove(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        removed = Outbox(store.conn).remove_subscriber(args.id)  # type: ignore[attr-defined]
    finally:
        store.close()
    if not removed:
        raise _usage(f"no subscriber {args.id}; 'portalwatch subscribers list' shows them.")
    print(f"removed subscriber {args.id}")
    return 0


def deliver(args: argparse.Namespace) -> int:
    log = (lambda m: print(m, file=sys.stderr, flush=True)) if args.verbose else None
    deliverer = Deliverer(args.db, load_registry(args.registry), timeout=args.timeout, backoff_base=args.backoff_base,
                          backoff_cap=args.backoff_cap, log=log)
    try:
        status = deliverer.run(follow=args.follow, deadline=args.deadline)
        pending = sum(c["pending"] for c in deliverer.outbox.counts().values())
    finally:
        deliverer.close()
    print(f"delivered {deliverer.sent}; pending {pending}")
    return status
