"""Send a rendered message to a channel URL through Apprise: one call, a deadline, a result, never an exception.

Every Apprise URL scheme works (``mailto://``/``mailtos://`` e-mail, ``tgram://`` Telegram, ``zalo://``
Zalo Bot, ``slack://``, ``matrix://``, ``ntfy://``...). HTTP(S) URLs are not sent here: they stay signed
JSON webhooks (``crawler.webhooks``). Per channel, the plugin Apprise picks decides the dialect (Telegram's
HTML parse mode, Markdown, HTML or plain text; e-mail goes as plain text, which every mail client shows
alike with its links written out) and the limit a part is split at (the plugin's ``body_maxlen``: 4,096 for
Telegram, 2,000 for Zalo; none for e-mail).

A message of several parts is sent part by part in order; ``start_part`` resumes after the parts a
previous attempt delivered (``Outcome.sent`` says how many), so a retry repeats at most the part that
failed. ``api`` replaces the plugin's API address (``notify_url``) on this one instance: a self-hosted
Telegram Bot API server (``http://127.0.0.1:8081/bot``, the token and method are appended), Zalo Bot's
template (``http://127.0.0.1:8081/bot{token}/sendMessage``), or a stand-in in tests.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlsplit

import apprise
from apprise import NotifyFormat
from apprise.manager_plugins import NotificationManager
from apprise.plugins.email import NotifyEmail
from apprise.plugins.telegram import NotifyTelegram

from crawler.channels.message import Dialect, Message, Part

WEBHOOK_SCHEMES = ("http", "https")
_FORMATS = {
    Dialect.TEXT: NotifyFormat.TEXT,
    Dialect.MARKDOWN: NotifyFormat.MARKDOWN,
    Dialect.HTML: NotifyFormat.HTML,
    Dialect.TELEGRAM: NotifyFormat.HTML,
}
_GRACE = 1.0  # seconds a part may run past the deadline (a socket timeout firing) before it is given up on


@dataclass(frozen=True)
class Outcome:
    """What a send did: ``ok``, a one-sentence ``reason``, parts delivered by this call and parts in all."""

    ok: bool
    reason: str
    sent: int
    parts: int


@dataclass(frozen=True)
class Channel:
    """An Apprise plugin for one URL and how it takes a message."""

    plugin: apprise.NotifyBase
    service: str
    dialect: Dialect
    limit: int | None

    def parts(self, message: Message) -> list[Part]:
        """The message as this channel receives it, in order.

        A channel without a title field (Telegram, Zalo) gets the title as each part's first line; a title
        longer than the channel's title field is cut at a word, with room left for the ``(i/n)`` of a part.
        """
        title_max = int(getattr(self.plugin, "title_maxlen", 0) or 0)
        if title_max <= 0:
            return message.parts(self.dialect, self.limit, title_in_body=True)
        short = _shorten(message.title, title_max - len(" (99/99)"))
        return replace(message, title=short).parts(self.dialect, self.limit)


def _shorten(text: str, most: int) -> str:
    """``text`` within ``most`` characters, cut after a whole word and marked with an ellipsis."""
    if len(text) <= most:
        return text
    cut = text[: max(most - 1, 1)]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ·,") + "…"


class ChannelError(ValueError):
    """A channel URL that Apprise cannot use; the message is one sentence without the URL's secrets."""


def is_webhook(url: str) -> bool:
    """HTTP(S) URLs are webhooks: signed JSON through ``crawler.webhooks``, not messages."""
    return urlsplit(url.strip()).scheme.lower() in WEBHOOK_SCHEMES


def redact(text: str, url: str) -> str:
    """``text`` with every secret-bearing piece of ``url`` (user, password, host, path, query values) masked."""
    parts = urlsplit(url)
    # every piece of the netloc too: urlsplit reads a Telegram token "123:AAH..." as host and port
    secrets = [parts.username, parts.password, parts.hostname, *re.split(r"[:@]", parts.netloc), *parts.path.split("/")]
    secrets += [value for _, value in parse_qsl(parts.query)]
    for secret in sorted({s for s in secrets if s and len(s) > 3}, key=len, reverse=True):
        text = text.replace(secret, "…")
    return text


class _Capture(logging.Handler):
    """Apprise's warnings from one thread: the reason a plugin gives for refusing (it logs, never raises)."""

    def __init__(self, thread: int) -> None:
        super().__init__(logging.WARNING)
        self.thread = thread
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.lines.append(record.getMessage())


def _dialect(plugin: apprise.NotifyBase) -> Dialect:
    if isinstance(plugin, NotifyTelegram):
        return Dialect.TELEGRAM
    declared = plugin.notify_format
    formats = tuple(declared) if isinstance(declared, tuple | list) else (declared,)
    if formats[0] == NotifyFormat.MARKDOWN:
        return Dialect.MARKDOWN
    if formats[0] == NotifyFormat.HTML and NotifyFormat.TEXT not in formats:
        return Dialect.HTML
    return Dialect.TEXT


def _schemes() -> list[str]:
    """Every URL scheme Apprise has a plugin for."""
    schemes: list[str] = NotificationManager().schemas()  # type: ignore[no-untyped-call]
    return schemes


def channel(url: str, api: str | None = None) -> Channel:
    """The Apprise plugin for ``url``; raises ``ChannelError`` for a webhook, an unknown scheme or bad fields."""
    url = url.strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme in WEBHOOK_SCHEMES:
        raise ChannelError(f"{scheme}:// URLs are webhooks, delivered as signed JSON, not through a channel.")
    logger = logging.getLogger("apprise")
    capture = _Capture(threading.get_ident())
    logger.addHandler(capture)
    try:
        plugin = apprise.Apprise.instantiate(url)
    finally:
        logger.removeHandler(capture)
    if plugin is None:
        if scheme not in _schemes():
            raise ChannelError(
                f"channel URL scheme {scheme + '://' if scheme else '(none)'} is not one Apprise knows; "
                "use e.g. tgram://, mailtos://, zalo://, slack://, ntfy:// or matrix://."
            )
        why = redact(capture.lines[-1], url).rstrip(".") if capture.lines else "a required field is missing"
        raise ChannelError(
            f"channel URL {scheme}://… is not usable ({why}); check its fields against Apprise's page for {scheme}://."
        )
    if api is not None:
        if not hasattr(plugin, "notify_url"):
            raise ChannelError(f"the {plugin.service_name} channel has no API address to replace.")
        plugin.notify_url = api  # this instance only: the class keeps the public address
    limit = None if isinstance(plugin, NotifyEmail) else int(plugin.body_maxlen)
    return Channel(plugin, str(plugin.service_name), _dialect(plugin), limit)


def check_url(url: str) -> str | None:
    """None when ``url`` is a usable channel URL, else the one-sentence reason (for validating a file)."""
    try:
        channel(url)
    except ChannelError as exc:
        return str(exc)
    return None


def _notify(chan: Channel, part: Part, timeout: float) -> tuple[bool, str | None]:
    """One part through the plugin, in the calling thread; (accepted, Apprise's last warning)."""
    plugin = chan.plugin
    plugin.socket_connect_timeout = min(float(plugin.socket_connect_timeout), timeout)
    plugin.socket_read_timeout = min(float(plugin.socket_read_timeout), timeout)
    logger = logging.getLogger("apprise")
    capture = _Capture(threading.get_ident())
    logger.addHandler(capture)
    try:
        ok = bool(plugin.notify(body=part.body, title=part.title, body_format=_FORMATS[chan.dialect]))
    except Exception as exc:  # noqa: BLE001  # a plugin bug must not stop the deliverer: it is a failed send
        return False, f"{type(exc).__name__}: {exc}"
    finally:
        logger.removeHandler(capture)
    return ok, capture.lines[-1] if capture.lines else None


def _in_thread(chan: Channel, part: Part, left: float) -> tuple[bool, str | None] | None:
    """``_notify`` in a daemon thread, waited for ``left`` seconds and a grace; None when it is still running."""
    result: list[tuple[bool, str | None]] = []
    worker = threading.Thread(target=lambda: result.append(_notify(chan, part, left)), daemon=True, name="channel-send")
    worker.start()
    worker.join(left + _GRACE)
    return result[0] if result else None


def send(url: str, message: Message, *, deadline: float = 30.0, start_part: int = 0, api: str | None = None) -> Outcome:
    """Send ``message`` to the channel at ``url`` within ``deadline`` seconds; never raises.

    Parts from ``start_part`` on are sent in order; the first refusal stops the send. Each request's
    timeouts are cut to the time left, and a part still unanswered a second after the deadline is given
    up on (it may still arrive: delivery is at least once).
    """
    start = time.monotonic()
    try:
        chan = channel(url, api)
        parts = chan.parts(message)
    except ChannelError as exc:
        return Outcome(False, str(exc), 0, 0)
    except Exception as exc:  # noqa: BLE001  # rendering or Apprise failing on odd input: reported, not raised
        return Outcome(False, redact(f"the message could not be prepared ({type(exc).__name__}: {exc}).", url), 0, 0)
    n, sent = len(parts), 0
    for index in range(start_part, n):
        left = deadline - (time.monotonic() - start)
        where = f"part {index + 1} of {n}" if n > 1 else "the message"
        if left <= 0:
            return Outcome(
                False, f"{chan.service}: the {deadline:g} s deadline passed before {where} was sent.", sent, n
            )
        result = _in_thread(chan, parts[index], left)
        if result is None:
            return Outcome(False, f"{chan.service} did not answer {where} within the {deadline:g} s deadline.", sent, n)
        ok, why = result
        if not ok:
            detail = redact(why, url).rstrip(".") if why else "no reason given"
            return Outcome(False, f"{chan.service} refused {where}: {detail}.", sent, n)
        sent += 1
    return Outcome(True, f"{chan.service} accepted {n} part{'s' if n > 1 else ''}.", sent, n)
