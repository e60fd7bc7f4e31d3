"""Channel subscribers in the outbox: their entries checked, their alerts chosen by rules and sent as messages.

The webhook deliverer (``crawler.webhooks.Deliverer``) owns the loop, the outbox and the backoff; this module is
what it does differently for a subscriber whose URL is an Apprise channel (``tgram://``, ``mailtos://``,
``zalo://``...) rather than an http(s) webhook:

- ``entry_params``: the rule and channel keys of a subscriber entry (file or command), checked, as the extra
  parameters stored beside its feed filter (every value a list of strings, as a stored filter keeps them);
- ``accepted``: which of the alerts its filter passed its ``match``/``exclude`` rules keep (webhooks too);
- ``attempt``: one step for a due head: held until its digest or the end of quiet hours, or the head's batch
  (one alert, or one digest) rendered in Vietnamese, sent through ``dispatch`` and marked delivered; a refusal
  is recorded with its sentence and retried with the webhook backoff, resuming after the parts already sent.

One batch per attempt, like one POST per webhook attempt: the loop's deadline and the lease hold per message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from crawler import feed
from crawler.channels.dispatch import Pending, dispatch
from crawler.channels.rules import RULE_KEYS, Rules, RulesError, parse_rules
from crawler.channels.send import ChannelError, _schemes, channel, is_webhook, redact
from crawler.registry import Portal
from crawler.store.base import Head, Outbox, Subscriber

API, BASE_URL = "api", "base_url"
ENTRY_KEYS = (*RULE_KEYS, API)  # keys of a subscriber entry this module reads (``base_url`` is the file's)
WEBHOOK_RULES = ("match", "exclude")  # a webhook receives each alert at once: no digest, no quiet hours
PENDING_LIMIT = 1000  # pending rows read per attempt: a digest of more goes out as several messages


class EntryError(ValueError):
    """A subscriber entry's URL or rule that cannot be used: one sentence naming the entry and the field."""


def _http(url: object) -> bool:
    parts = urlsplit(url) if isinstance(url, str) else None
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.hostname)


def entry_params(url: str, table: Mapping[str, object], at: str) -> dict[str, list[str]]:
    """The checked rule and channel keys of one entry (``at`` names it), to store beside its filter.

    A channel URL is checked with Apprise (``check_url``: one sentence, no secrets); a webhook takes only
    ``match`` and ``exclude``, a channel no ``secret``.
    """
    url = url.strip()
    webhook = is_webhook(url)
    if not webhook:
        if urlsplit(url).scheme.lower() not in _schemes():
            raise EntryError(
                f"{at} has url {url!r}, which is not an http(s) URL nor a channel URL Apprise knows; "
                "use https://... for a webhook or e.g. tgram://, mailtos://, zalo://, slack://, ntfy://."
            )
        for key in ("secret", "secret_env"):
            if key in table:
                raise EntryError(f"{at}: {key} is for webhooks (signed JSON); a channel URL takes none, remove it.")
    wrong = [k for k in (*RULE_KEYS, API) if k in table and webhook and k not in WEBHOOK_RULES]
    if wrong:
        raise EntryError(
            f"{at}: {wrong[0]} is for channel URLs (tgram://, mailtos://...); a webhook receives each alert at once."
        )
    api = table.get(API)
    if api is not None and not _http(api):
        raise EntryError(f'{at}: api must be an http(s) URL, e.g. api = "http://127.0.0.1:8081/bot".')
    if not webhook:
        try:
            channel(url, api if isinstance(api, str) else None)
        except ChannelError as exc:
            raise EntryError(f"{at}: {exc}") from None
    try:
        rules = parse_rules({k: table[k] for k in RULE_KEYS if k in table}, at)
    except RulesError as exc:
        raise EntryError(str(exc)) from None
    return rules.params() | ({API: [str(api)]} if isinstance(api, str) else {})


def file_base_url(value: object, path: str) -> str | None:
    """A subscribers file's top-level ``base_url`` (the workbench's address for entry-page links), checked."""
    if value is None:
        return None
    if not _http(value):
        raise EntryError(
            f'subscribers file {path}: base_url must be an http(s) URL, e.g. base_url = "https://pw.example".'
        )
    return str(value).rstrip("/")


def rules_of(sub: Subscriber) -> Rules:
    """A stored subscriber's rules (``Rules.params`` read back); raises ``RulesError`` for a stored bad one."""
    return parse_rules({k: sub.filter[k] for k in RULE_KEYS if k in sub.filter}, f"subscriber {sub.id}")


def _view(query: Any, registry: Mapping[str, Portal], alert_id: int) -> dict[str, Any] | None:
    entry = query.entry(f"alert:{alert_id}")
    return None if entry is None else feed.view(entry, registry)


def accepted(sub: Subscriber, alert_ids: Sequence[int], query: Any, registry: Mapping[str, Portal]) -> list[int]:
    """The alerts (already past the subscriber's filter) its ``match``/``exclude`` rules keep, in order."""
    rules = rules_of(sub)
    if not rules.match and not rules.exclude:
        return list(alert_ids)
    return [a for a in alert_ids if (v := _view(query, registry, a)) is not None and rules.accepts(v)]


def refilter(outbox: Outbox, query: Any, registry: Mapping[str, Portal], names: Sequence[str]) -> None:
    """After a sync, drop the pending alerts that the edited subscribers' ``match``/``exclude`` now refuse (as the
    sync drops those their edited filter refuses)."""
    for sub in outbox.subscribers():
        if sub.name not in names:
            continue
        try:
            ids = [a for a, _ in outbox.pending_alerts(sub.id)]
            refused = set(ids) - set(accepted(sub, ids, query, registry))
        except RulesError:  # reported by the deliverer, which leaves such a subscriber's alerts waiting
            continue
        outbox.drop_pending(sub.id, sorted(refused))


def _raised(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # the store writes UTC


class Deliverer(Protocol):
    """What ``attempt`` uses of ``crawler.webhooks.Deliverer``."""

    outbox: Outbox
    query: Any
    registry: Mapping[str, Portal]
    clock: Callable[[], float]
    log: Callable[[str], None]
    base_url: str | None
    sent: int

    def retry_in(self, attempts: int) -> float: ...


def attempt(d: Deliverer, head: Head, timeout: float) -> bool:
    """One step for a channel subscriber's due head; True when its batch was delivered.

    Nothing due (digest time or quiet hours ahead): the head is held until then, no attempt counted.
    """
    sub, now = head.subscriber, d.clock()
    moment = datetime.fromtimestamp(now, UTC)
    try:
        rules = rules_of(sub)
    except RulesError as exc:
        d.outbox.failed(head, str(exc), now + d.retry_in(head.attempts + 1))
        return False
    rows = [(a, _raised(r)) for a, r in d.outbox.pending_alerts(sub.id, PENDING_LIMIT)]
    batches, next_due = rules.plan(rows, moment)
    if not batches:
        if next_due is not None and d.outbox.hold(head, next_due.timestamp(), now):
            d.log(f"alert {head.alert_id} to subscriber {sub.id}: held until {next_due.isoformat()}")
        return False
    if not d.outbox.claim(head, now, now + timeout + 5):
        return False
    batch = batches[0]
    views = {a: _view(d.query, d.registry, a) for a in batch.alert_ids}
    gone = [a for a, v in views.items() if v is None]  # an alert no longer in the store: nothing to say
    pending = [Pending(a, r, v) for a, r in rows if (v := views.get(a)) is not None]
    api, base = (sub.filter.get(k, [None])[0] for k in (API, BASE_URL))
    step = dispatch(
        sub.url,
        rules,
        pending,
        moment,
        base_url=base or d.base_url,
        deadline=timeout,
        start_part=head.parts_sent,
        api=api,
    )
    if not step.sent or step.sent[0][1].ok:
        ids = [*gone, *step.delivered]
        d.outbox.delivered_many(sub.id, ids)
        d.sent += len(ids)
        d.log(f"delivered alert{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))} to subscriber {sub.id}")
        return True
    outcome = step.sent[0][1]
    retry = d.retry_in(head.attempts + 1)
    d.outbox.failed(head, outcome.reason, now + retry, head.parts_sent + outcome.sent)
    d.log(f"alert {head.alert_id} to subscriber {sub.id}: {outcome.reason} Retry in {retry:.1f}s.")
    return False


def shown_url(url: str) -> str:
    """A subscriber's URL as listings show it: a channel URL's token, password and address masked."""
    return url if is_webhook(url) else redact(url, url)


def fixed_clock(text: str, clock: Callable[[], float]) -> Callable[[], float]:
    """A clock that starts at ISO time ``text`` and runs from there (``PORTALWATCH_DELIVER_NOW``: tests, replays)."""
    try:
        start = datetime.fromisoformat(text)
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        raise ValueError(
            f"PORTALWATCH_DELIVER_NOW={text!r} is not an ISO time with offset; write 2025-07-01T06:00+07:00."
        )
    offset = start.timestamp() - clock()
    return lambda: clock() + offset
