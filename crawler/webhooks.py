"""Webhook delivery: each alert POSTed as signed JSON to every subscriber whose filter it matches.

At least once, in alert order per subscriber, resumable: the outbox (``crawler.store.outbox``) holds
the state, so a killed deliverer or receiver only delays alerts. A receiver deduplicates repeats by
the ``Idempotency-Key`` header (the alert id) and checks ``X-Portalwatch-Signature``: ``sha256=`` and
the hex HMAC-SHA256, keyed by the subscriber's secret, of ``<X-Portalwatch-Timestamp>.<body>``
(see ``verify``). Failures are retried with exponential backoff and jitter, without limit.

Subscribers are added with ``portalwatch subscribers add`` or listed in a subscribers file (TOML, one
``[subscribers.<name>]`` table each, ``load_subscribers``) that is synced into the store by name: an
edited entry keeps its id and its outbox, a deleted one stops. ``deliver_pending`` is the entry point
for a scheduler delivering between runs; ``portalwatch deliver`` is a thin loop over ``Deliverer``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from crawler import feed
from crawler.channels import delivery
from crawler.channels.rules import RulesError
from crawler.channels.send import is_webhook
from crawler.registry import Portal
from crawler.store import open_store
from crawler.store.base import Head, NamedSubscriber, Outbox, SyncResult

SIGNATURE, TIMESTAMP, IDEMPOTENCY = "X-Portalwatch-Signature", "X-Portalwatch-Timestamp", "Idempotency-Key"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header's value for a body sent at ``timestamp`` (Unix seconds, as sent)."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, tolerance: float = 300, now: float | None = None
) -> bool:
    """What a receiver runs: the signature matches and the timestamp is recent (replays are refused)."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature)


def backoff(attempts: int, base: float, cap: float, rng: random.Random) -> float:
    """Seconds before the next try after ``attempts`` failures: doubling up to ``cap``, half of it jittered."""
    delay = min(cap, base * 2.0 ** max(attempts - 1, 0))
    return delay / 2 + rng.uniform(0, delay / 2)


# Subscribers file ---------------------------------------------------------------------------------

FILTER_KEYS = ("province", "district", "portal", "kind")
SETTLE = 1.0  # seconds a changed subscribers file must rest before a running deliverer reads it
ENTRY_KEYS = ("url", "secret", "secret_env", *FILTER_KEYS, "since", "from_start", *delivery.ENTRY_KEYS)


class SubscribersError(ValueError):
    """A subscribers file that cannot be used; the message names the file, the entry and what to change."""


def _http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _entry(
    name: str, table: object, where: str, registry: Mapping[str, Portal], env: Mapping[str, str]
) -> NamedSubscriber:
    """One ``[subscribers.<name>]`` table, validated: its filter is checked against the registry now."""
    at = f"[subscribers.{name}] in {where}"
    if not isinstance(table, dict):
        raise SubscribersError(f'{at} is not a table; write it as [subscribers.{name}] with url = "..." under it.')
    unknown = sorted(set(table) - set(ENTRY_KEYS))
    if unknown:
        raise SubscribersError(f"{at} has unknown key {', '.join(unknown)}; known keys: {', '.join(ENTRY_KEYS)}.")
    url = table.get("url")
    channel = isinstance(url, str) and not is_webhook(url)  # an Apprise URL: tgram://, mailtos://...
    if not channel and (not isinstance(url, str) or not _http_url(url.strip())):
        what = "has no url" if url is None else f"has url {url!r}, which is not an http(s) URL"
        raise SubscribersError(f'{at} {what}; add url = "https://...".')
    assert isinstance(url, str)
    try:
        extra = delivery.entry_params(url, table, at)
    except delivery.EntryError as exc:
        raise SubscribersError(str(exc)) from None
    if not channel and ("secret" in table) == ("secret_env" in table):
        raise SubscribersError(f'{at} needs exactly one of secret = "..." or secret_env = "VARIABLE".')
    if channel:  # no signature: the channel authenticates the sender (its token, its mail account)
        secret = ""
    elif "secret" in table:
        secret = table["secret"]
        if not isinstance(secret, str) or not secret:
            raise SubscribersError(f"{at} has an empty or non-string secret; give it a long random string.")
    else:
        variable = table["secret_env"]
        secret = env.get(variable, "") if isinstance(variable, str) else ""
        if not secret:
            raise SubscribersError(
                f'{at} reads its secret from ${variable}, which is not set; export it or use secret = "...".'
            )
    params: dict[str, list[str]] = {}
    for key in FILTER_KEYS:
        value = table.get(key, [])
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise SubscribersError(f"{at}: {key} must be a string or a list of non-empty strings.")
        if values:
            params[key] = [v.strip() for v in values]
    since = table.get("since")
    if since is not None:
        if not isinstance(since, str):  # a bare TOML date is a datetime.date: ask for the string the CLI takes
            raise SubscribersError(f'{at}: since must be a quoted date or ISO datetime, e.g. since = "2025-07-01".')
        params["since"] = [since]
    from_start = table.get("from_start", False)
    if not isinstance(from_start, bool):
        raise SubscribersError(f"{at}: from_start must be true or false.")
    try:
        feed.parse_request(params, registry)
    except feed.FilterError as exc:
        raise SubscribersError(f"{at}: {exc}") from None
    return NamedSubscriber(name, url.strip(), secret, params | extra, from_start)


def load_subscribers(
    path: Path, registry: Mapping[str, Portal], env: Mapping[str, str] | None = None
) -> list[NamedSubscriber]:
    """Read a subscribers file: one ``[subscribers.<name>]`` table per subscriber (see README, Webhooks).

    Raises ``SubscribersError`` for the first problem found, so that a file is used whole or not at all.
    """
    env = os.environ if env is None else env
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SubscribersError(
            f"subscribers file {path} does not exist; check --subscribers or PORTALWATCH_SUBSCRIBERS."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SubscribersError(f"subscribers file {path} cannot be read ({exc}); check the path.") from None
    except tomllib.TOMLDecodeError as exc:
        raise SubscribersError(f"subscribers file {path} is not valid TOML ({exc}); fix the syntax there.") from None
    extra = sorted(set(data) - {"subscribers", delivery.BASE_URL})
    if extra:
        raise SubscribersError(
            f"subscribers file {path} has top-level key {', '.join(extra)}; put each subscriber "
            "in its own [subscribers.<name>] table."
        )
    tables = data.get("subscribers", {})
    if not isinstance(tables, dict):
        raise SubscribersError(f"subscribers file {path}: subscribers must be tables, [subscribers.<name>].")
    try:
        base = delivery.file_base_url(data.get(delivery.BASE_URL), str(path))
    except delivery.EntryError as exc:
        raise SubscribersError(str(exc)) from None
    entries = [_entry(name, table, str(path), registry, env) for name, table in tables.items()]
    return [
        replace(e, filter=e.filter | {delivery.BASE_URL: [base]}) if base and not is_webhook(e.url) else e
        for e in entries
    ]


def sync_subscribers(outbox: Outbox, path: Path, registry: Mapping[str, Portal], query: Any = None) -> SyncResult:
    """Make the store's named subscribers those of the file (same name, same subscriber and outbox); with the
    store's ``query`` (``Store.feed``), pending alerts an edited entry's rules refuse are dropped too."""
    entries = load_subscribers(path, registry)
    result = outbox.sync_named(entries, {e.name: feed.parse_request(e.filter, registry).filter for e in entries})
    if query is not None and result.updated:
        delivery.refilter(outbox, query, registry, result.updated)
    return result


def describe(result: SyncResult, path: Path) -> str | None:
    """One line on what a sync changed, or None when it changed nothing."""
    parts = [
        f"{what} {', '.join(names)}"
        for what, names in (("added", result.added), ("updated", result.updated), ("removed", result.removed))
        if names
    ]
    return f"subscribers file {path}: {'; '.join(parts)}" if parts else None


class Deliverer:
    """One delivery loop over a store; ``clock``, ``sleep`` and ``rng`` are injectable for tests."""

    def __init__(
        self,
        db: str,
        registry: Mapping[str, Portal],
        *,
        timeout: float = 10.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 600.0,
        client: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        log: Callable[[str], None] | None = None,
        notice: Callable[[str], None] | None = None,
        subscribers_file: Path | None = None,
        base_url: str | None = None,
    ) -> None:
        """``log`` hears every attempt; ``notice`` (default: ``log``) what an operator must see: subscribers
        file changes and errors, filters the registry no longer accepts. ``base_url`` is the workbench's address
        for channel messages' entry-page links (a subscribers file's own ``base_url`` wins)."""
        self.base_url = base_url
        self.subscribers_file = subscribers_file
        self._file_stamp: tuple[int, int, int] | None = None
        self.store = open_store(db)
        self.outbox, self.query = self.store.outbox, self.store.feed
        self.registry = registry
        self.timeout, self.backoff_base, self.backoff_cap = timeout, backoff_base, backoff_cap
        self.client = client or httpx.Client(headers={"User-Agent": "portalwatch-webhooks/0.1"})
        self.clock, self.sleep, self.rng = clock, sleep, rng or random.Random()
        self.log = log or (lambda message: None)
        self.notice = notice or self.log
        self.sent = 0

    def close(self) -> None:
        self.client.close()
        self.store.close()

    def sync(self, strict: bool = True) -> SyncResult | None:
        """Sync the subscribers file if it changed since the last look; None when there was nothing to do.

        ``strict`` raises ``SubscribersError`` for a bad file (at start); otherwise (a file edited while
        ``--follow`` runs) the error is logged once and the subscribers stay as they were.
        """
        if self.subscribers_file is None:
            return None
        try:
            st = self.subscribers_file.stat()
            stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None
        if stamp is not None and stamp == self._file_stamp:
            return None
        if not strict and stamp is not None and time.time() - st.st_mtime < SETTLE:
            return None  # an editor may still be writing it: a half-written file would remove subscribers
        try:
            result = sync_subscribers(self.outbox, self.subscribers_file, self.registry, self.query)
        except SubscribersError as exc:
            if strict:
                raise
            self.notice(f"{exc} Keeping the subscribers as they were.")
            self._file_stamp = stamp
            return None
        self._file_stamp = stamp
        line = describe(result, self.subscribers_file)
        if line:
            self.notice(line)
        return result

    def enqueue_new(self) -> int:
        """Outbox rows for alerts raised since each subscriber's mark; returns how many were added."""
        added = 0
        for sub in self.outbox.subscribers():
            try:
                flt = feed.parse_request(sub.filter, self.registry, stored=self.store.portals).filter
                delivery.rules_of(sub)
            except (feed.FilterError, RulesError) as exc:  # the registry changed under a stored filter: alerts wait
                self.notice(f"subscriber {sub.id}: {exc} Its alerts wait until the filter or the registry is fixed.")
                continue
            mark = sub.enqueued_through
            while batch := self.outbox.alerts_after(mark):
                mark = batch[-1]["id"]
                matched = [a["id"] for a in batch if flt.matches(a)]
                added += self.outbox.enqueue(sub.id, delivery.accepted(sub, matched, self.query, self.registry), mark)
        return added

    def payload(self, alert_id: int) -> bytes:
        """The JSON body for one alert: the alert, its article and the portal's place."""
        alert = self.query.alert(alert_id) or {"id": alert_id, "kind": "unknown", "portal": "", "article": None}
        portal = self.registry.get(alert["portal"])
        alert["portal_name"] = portal.name if portal else alert["portal"]
        alert["province"], alert["district"] = (portal.province, portal.district) if portal else (None, None)
        return json.dumps(feed.sanitize(alert), ensure_ascii=False, sort_keys=True).encode("utf-8")

    def retry_in(self, attempts: int) -> float:
        """Seconds before the next try after ``attempts`` failures."""
        return backoff(attempts, self.backoff_base, self.backoff_cap, self.rng)

    def attempt(self, head: Head, timeout: float | None = None) -> bool:
        """One POST of a due head (a channel's: ``crawler.channels.delivery``); True when it was delivered."""
        timeout = self.timeout if timeout is None else timeout
        if not is_webhook(head.subscriber.url):
            return delivery.attempt(self, head, timeout)
        now = self.clock()
        if not self.outbox.claim(head, now, now + timeout + 5):
            return False
        body = self.payload(head.alert_id)
        stamp = str(int(self.clock()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            TIMESTAMP: stamp,
            SIGNATURE: sign(head.subscriber.secret, stamp, body),
            IDEMPOTENCY: str(head.alert_id),
        }
        try:
            status = self.client.post(head.subscriber.url, content=body, headers=headers, timeout=timeout)
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
        """Deliver until the outbox is empty (or forever with ``follow``); 1 if ``deadline`` left rows pending.

        ``deadline`` is a budget in seconds from now: no attempt starts after it, a request never waits past
        it by more than a second, and without ``follow`` the loop returns as soon as every pending row is
        backing off beyond it (the next call picks them up).
        """
        start = self.clock()
        end = None if deadline is None else start + deadline
        self.sync(strict=True)
        while True:
            self.sync(strict=False)
            self.enqueue_new()
            heads = self.outbox.heads()
            now = self.clock()
            if end is not None and now >= end:
                return 1 if heads else 0
            due = [h for h in heads if h.next_attempt_at <= now]
            for head in due:
                left = None if end is None else end - self.clock()
                if left is not None and left <= 0:
                    break
                self.attempt(head, None if left is None else min(self.timeout, max(left, 1.0)))
            if due:
                continue
            if not follow and all(h.held for h in heads):  # none, or each waits for its digest or quiet hours' end
                return 0
            soonest = min([h.next_attempt_at for h in heads], default=now + poll)
            if end is not None and not follow and soonest >= end:
                return 1
            wait = min(soonest - now, poll)
            if end is not None:
                wait = min(wait, end - now)
            self.sleep(max(wait, 0.01))


def deliver_pending(
    db: str | Path,
    registry: Mapping[str, Portal],
    *,
    subscribers_file: Path | None,
    deadline: float,
    timeout: float = 10.0,
    log: Callable[[str], None] | None = None,
) -> int:
    """Deliver between scheduled runs: the library form of ``portalwatch deliver --deadline``.

    Syncs ``subscribers_file`` (when given) into the store, enqueues the alerts raised since the last call
    and POSTs what is due until ``deadline`` seconds from now have passed (each request's ``timeout`` is cut
    to what is left, never below a second). Rows still pending (a receiver down, backing off) stay in the
    outbox for the next call. Returns the number of alerts delivered; raises ``SubscribersError`` for a bad
    subscribers file before anything is sent.
    """
    deliverer = Deliverer(str(db), registry, timeout=timeout, log=log, subscribers_file=subscribers_file)
    try:
        deliverer.run(deadline=deadline)
        return deliverer.sent
    finally:
        deliverer.close()
