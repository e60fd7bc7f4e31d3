"""Retries that back off: a 429 or 503 waits for ``Retry-After`` or a jittered exponential delay.

Scrapy's ``RetryMiddleware`` re-queues a failed request at once. A government host that answers 429
(Too Many Requests) or 503 (Service Unavailable) is asking us to slow down, and an immediate retry
makes things worse. ``BackoffRetryMiddleware`` keeps Scrapy's behaviour for every other retryable
code and for network errors, and for 429/503 (when listed in ``RETRY_HTTP_CODES``):

- waits what ``Retry-After`` says (delta-seconds or an HTTP-date) when it is at most
  ``PORTALWATCH_RETRY_AFTER_MAX`` (600 s); a longer wait gives that request up, logged, with the stat
  ``portalwatch/retry/gave_up``;
- else waits ``PORTALWATCH_BACKOFF_BASE * 2**n`` seconds (2 s, then 4, 8…) with jitter, capped at
  ``PORTALWATCH_BACKOFF_MAX`` (120 s);
- then retries, up to ``RETRY_TIMES`` (Scrapy's ``get_retry_request`` counts and gives up as usual);
- and doubles that host's download-slot delay (at least the backoff base, at most the backoff cap)
  for the rest of the run, so the host's other requests slow down too.

Stats: ``portalwatch/retry/retry_after`` and ``portalwatch/retry/backoff`` count the waits of each
kind, ``portalwatch/retry/gave_up`` the requests dropped for too long a ``Retry-After``; exhausted
retries stay in Scrapy's ``retry/max_reached``.

The wait is a coroutine sleep inside ``process_response``: the reactor keeps running, other hosts'
requests go on, and the failed request holds no transfer slot of its host. It ends early when the
crawler is stopped (SIGTERM, Ctrl-C), so a shutdown does not wait out a long ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import TYPE_CHECKING

from scrapy import Request, signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.http import Response
from scrapy.utils.asyncio import is_asyncio_available
from scrapy.utils.defer import maybe_deferred_to_future

if TYPE_CHECKING:
    from scrapy.core.downloader import Slot
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

BACKOFF_CODES = frozenset({429, 503})
_SECONDS = re.compile(r"\d+(?:\.\d+)?")
_CHUNK = 1.0  # seconds between checks that the crawler is still running during a wait


def parse_retry_after(value: str | bytes | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header, or ``None`` when it is absent or unreadable.

    RFC 9110 allows delta-seconds or an HTTP-date; a date in the past means "now" (0.0). ``now``
    must be aware, so the caller owns the clock.
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if _SECONDS.fullmatch(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; RFC 5322 says it is UTC all the same
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """The wait before retry ``attempt + 1``: between half and all of ``base * 2**attempt``, capped.

    The fixed half keeps a retry from coming back at once; the random half spreads apart the retries
    of requests that failed together (two per host run concurrently).
    """
    ceiling = min(cap, base * 2.0 ** min(attempt, 64))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


async def pause(seconds: float) -> None:
    """Sleep without blocking the reactor: asyncio's sleep on the asyncio reactor, else Twisted's."""
    if is_asyncio_available():
        await asyncio.sleep(seconds)
        return
    from twisted.internet import reactor  # imported late: importing it installs a reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware, with waits and a slower host after a 429 or 503."""

    def __init__(self, settings: BaseSettings, rng: random.Random | None = None) -> None:
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("PORTALWATCH_RETRY_AFTER_MAX", 600.0)
        self.backoff_base = settings.getfloat("PORTALWATCH_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("PORTALWATCH_BACKOFF_MAX", 120.0)
        for name, value in (
            ("PORTALWATCH_RETRY_AFTER_MAX", self.retry_after_max),
            ("PORTALWATCH_BACKOFF_BASE", self.backoff_base),
            ("PORTALWATCH_BACKOFF_MAX", self.backoff_max),
        ):
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"setting {name} is {value!r}; set it to a number of seconds, 0 or more.")
        self.rng = rng or random.Random()
        # Download-slot key -> the delay that host keeps for the rest of the run.
        self.slot_floors: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        mw = cls(crawler.settings)
        mw.crawler = crawler
        # AutoThrottle lowers a slot's delay after fast responses, and Scrapy drops idle slots and
        # makes them anew at the default delay: re-raise the floor before a request is queued and
        # after each response. Extensions (AutoThrottle) connect before the downloader's middlewares,
        # so this handler runs after AutoThrottle's for the same response.
        crawler.signals.connect(mw.keep_floor, signal=signals.request_reached_downloader)
        crawler.signals.connect(mw.keep_floor, signal=signals.response_downloaded)
        return mw

    # A coroutine where Scrapy's is a plain method: the downloader awaits either, and waiting is the point.
    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if (
            response.status not in BACKOFF_CODES
            or response.status not in self.retry_http_codes
            or request.meta.get("dont_retry", False)
        ):
            return super().process_response(request, response)
        stats = self.crawler.stats
        assert stats is not None and self.crawler.spider is not None
        retry_after = parse_retry_after(response.headers.get(b"Retry-After"), datetime.now(UTC))
        if retry_after is not None and retry_after > self.retry_after_max:
            stats.inc_value("portalwatch/retry/gave_up")
            logger.warning(
                "Gave up %s: it answered %d with Retry-After %.0f s, more than PORTALWATCH_RETRY_AFTER_MAX (%.0f s).",
                request,
                response.status,
                retry_after,
                self.retry_after_max,
                extra={"spider": self.crawler.spider},
            )
            return response
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"{response.status} {HTTPStatus(response.status).phrase}",  # Twisted has no phrase for 429
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
        )
        if retry is None:  # retries exhausted: Scrapy logged it and counted retry/max_reached
            return response
        if retry_after is not None:
            wait, kind = retry_after, "Retry-After"
            stats.inc_value("portalwatch/retry/retry_after")
        else:
            wait, kind = (
                backoff_delay(request.meta.get("retry_times", 0), self.backoff_base, self.backoff_max, self.rng),
                "backoff",
            )
            stats.inc_value("portalwatch/retry/backoff")
        key, delay = self.slow_down(request)
        logger.info(
            "%s answered %d: retrying in %.1f s (%s); host %s now waits %.1f s between requests.",
            request,
            response.status,
            wait,
            kind,
            key,
            delay,
            extra={"spider": self.crawler.spider},
        )
        await self._wait(wait)
        return retry

    def slow_down(self, request: Request) -> tuple[str, float]:
        """Double the delay of the request's download slot for the rest of the run, within bounds."""
        key = self._slot_key(request)
        slot = self._slots().get(key)
        current = max(slot.delay if slot is not None else 0.0, self.slot_floors.get(key, 0.0))
        floor = min(self.backoff_max, max(2 * current, self.backoff_base))
        self.slot_floors[key] = max(floor, self.slot_floors.get(key, 0.0))
        if slot is not None and slot.delay < self.slot_floors[key]:
            slot.delay = self.slot_floors[key]
        return key, self.slot_floors[key]

    def keep_floor(self, request: Request) -> None:
        """Signal handler: put a slowed-down host's delay back up if something lowered it."""
        key = request.meta.get("download_slot")
        if not isinstance(key, str) or key not in self.slot_floors:
            return
        slot = self._slots().get(key)
        if slot is not None and slot.delay < self.slot_floors[key]:
            slot.delay = self.slot_floors[key]

    def _slots(self) -> dict[str, Slot]:
        engine = self.crawler.engine
        return engine.downloader.slots if engine is not None else {}

    def _slot_key(self, request: Request) -> str:
        key = request.meta.get("download_slot")  # the downloader sets it when it queues a request
        if key is None and self.crawler.engine is not None:
            key = self.crawler.engine.downloader.get_slot_key(request)
        return str(key or "")

    async def _wait(self, seconds: float) -> None:
        """Sleep ``seconds`` in short steps, stopping early once the crawler is being stopped."""
        remaining = seconds
        while remaining > 0 and self.crawler.crawling:
            step = min(_CHUNK, remaining)
            await pause(step)
            remaining -= step
