"""Per-host politeness for the whole cluster: one gate per host in Redis, whichever worker sends the request.

Scrapy's own politeness (``DOWNLOAD_DELAY``, ``CONCURRENT_REQUESTS_PER_DOMAIN``, the backoff of ``crawler.retry``)
lives in one process's download slots: two workers would each send a host its two requests at once, a second apart.
scrapy-redis shares queues, not slots, so ``HostGate`` shares them, in the HTTP download handler
(``GatedHTTPDownloadHandler``: after Scrapy's slot, when the request really goes out, so a delay the slot adds
cannot bunch two workers' requests together): before a request is sent it takes one of the host's
``PORTALWATCH_HOST_CONCURRENCY`` tokens and a start time at least ``PORTALWATCH_HOST_DELAY`` seconds after the
host's previous request started and after its previous answer came in (one Lua script, so the check and the taking
are one step); the token is returned when the response or error comes back, and expires by itself if its worker
dies. A 429 or 503 blocks the host for every worker for its ``Retry-After`` (or the backoff ``crawler.retry`` would
wait) and doubles the host's delay, within ``PORTALWATCH_BACKOFF_BASE`` and ``PORTALWATCH_BACKOFF_MAX``, for
``PORTALWATCH_HOST_SLOWDOWN_TTL`` seconds. A host is its ``host:port``.

The worker turns each portal's Scrapy delay and concurrency into these settings and the local ones into no
limit (``crawler.cluster.worker``), so a host's pace is decided here alone. Times are Redis's clock.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.httpobj import urlparse_cached

from crawler.cluster.connection import Keys
from crawler.retry import BACKOFF_CODES, backoff_delay, parse_retry_after, pause

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

_POLL = 0.025  # seconds between looks at a host whose tokens are all taken

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "

# KEYS: tokens, next, floor, blocked. ARGV: token, limit, delay_ms, lease_ms.
# Returns {1, ms to wait before sending} with a token taken, or {0, 0} when every token is out.
_ACQUIRE = (
    _NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return {0, 0} end
local delay = math.max(tonumber(ARGV[3]), tonumber(redis.call('GET', KEYS[3]) or '0'))
local at = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'), tonumber(redis.call('GET', KEYS[4]) or '0'))
redis.call('SET', KEYS[2], at + delay, 'PX', at + delay - now + 60000)
redis.call('ZADD', KEYS[1], at + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], at - now + tonumber(ARGV[4]))
return {1, at - now}
"""
)

# KEYS: tokens, next, floor. ARGV: token, delay_ms. The next start is at least a delay after this answer, so
# that a worker slow to send its reserved request (a busy machine) cannot bring two requests closer than the delay.
_RELEASE = (
    _NOW
    + """
redis.call('ZREM', KEYS[1], ARGV[1])
local delay = math.max(tonumber(ARGV[2]), tonumber(redis.call('GET', KEYS[3]) or '0'))
if delay > 0 then
  local at = math.max(now + delay, tonumber(redis.call('GET', KEYS[2]) or '0'))
  redis.call('SET', KEYS[2], at, 'PX', at - now + 60000)
end
return 1
"""
)

# KEYS: floor, blocked. ARGV: wait_ms, delay_ms, base_ms, cap_ms, slowdown_ms. Returns {blocked ms, new delay ms}.
_PENALIZE = (
    _NOW
    + """
local until_ = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now + tonumber(ARGV[1]))
redis.call('SET', KEYS[2], until_, 'PX', until_ - now + 1000)
local current = math.max(tonumber(ARGV[2]), tonumber(redis.call('GET', KEYS[1]) or '0'))
local floor = math.min(tonumber(ARGV[4]), math.max(2 * current, tonumber(ARGV[3])))
redis.call('SET', KEYS[1], floor, 'PX', tonumber(ARGV[5]))
return {until_ - now, floor}
"""
)


class HostGate:
    """A host's shared token and start time, taken before a request goes out (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        from scrapy_redis import connection

        settings = crawler.settings
        self.crawler = crawler
        self.server = connection.from_settings(settings)
        self.keys = Keys(settings.get("PORTALWATCH_CLUSTER_PREFIX") or Keys().prefix)
        self.delay = settings.getfloat("PORTALWATCH_HOST_DELAY", 1.0)
        self.concurrency = max(settings.getint("PORTALWATCH_HOST_CONCURRENCY", 2), 1)
        self.lease = settings.getfloat("DOWNLOAD_TIMEOUT", 60) + 30
        self.backoff_base = settings.getfloat("PORTALWATCH_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("PORTALWATCH_BACKOFF_MAX", 120.0)
        self.slowdown = settings.getfloat("PORTALWATCH_HOST_SLOWDOWN_TTL", 3600)
        self.retry_codes = {int(c) for c in settings.getlist("RETRY_HTTP_CODES")}
        self.retry_after_max = settings.getfloat("PORTALWATCH_RETRY_AFTER_MAX", 600.0)
        self.rng = random.Random()
        self._acquire = self.server.register_script(_ACQUIRE)
        self._penalize = self.server.register_script(_PENALIZE)
        self._release = self.server.register_script(_RELEASE)

    def _host(self, request: Request) -> str:
        return self.keys.host(urlparse_cached(request).netloc.lower())

    async def acquire(self, request: Request) -> tuple[str, str]:
        """Wait for one of the host's tokens and for its start time; returns what ``release`` gives back."""
        host = self._host(request)
        token = uuid.uuid4().hex
        keys = [f"{host}:tokens", f"{host}:next", f"{host}:floor", f"{host}:blocked"]
        args = [token, self.concurrency, int(self.delay * 1000), int(self.lease * 1000)]
        while True:
            taken, wait_ms = self._acquire(keys=keys, args=args)
            if taken:
                break
            await pause(_POLL * (1 + self.rng.random()))
        if wait_ms > 0:
            self._count("portalwatch/cluster/gate_waits")
            await pause(wait_ms / 1000)
        return host, token

    def release(self, held: tuple[str, str]) -> None:
        host, token = held
        self._release(keys=[f"{host}:tokens", f"{host}:next", f"{host}:floor"], args=[token, int(self.delay * 1000)])

    def answered(self, request: Request, response: Response) -> None:
        """A 429 or 503 (when retried at all) blocks and slows the host for every worker."""
        if response.status in BACKOFF_CODES and response.status in self.retry_codes:
            self.penalize(request, response)

    def penalize(self, request: Request, response: Response) -> tuple[float, float]:
        """Block the host for every worker for its Retry-After (or a backoff) and double its delay; returns the
        seconds it is blocked and its new delay."""
        host = self._host(request)
        wait = parse_retry_after(response.headers.get(b"Retry-After"), datetime.now(UTC))
        if wait is None:
            wait = backoff_delay(request.meta.get("retry_times", 0), self.backoff_base, self.backoff_max, self.rng)
        wait = min(wait, self.retry_after_max)  # a longer one is given up by crawler.retry: the host is not held
        blocked, floor = self._penalize(
            keys=[f"{host}:floor", f"{host}:blocked"],
            args=[
                int(wait * 1000),
                int(self.delay * 1000),
                int(self.backoff_base * 1000),
                int(self.backoff_max * 1000),
                int(self.slowdown * 1000),
            ],
        )
        self._count("portalwatch/cluster/host_blocked")
        return blocked / 1000, floor / 1000

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)


class GatedHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 download handler behind the host gate: the token is taken when the request really goes
    out (after Scrapy's own download slot, whatever delay that slot adds) and given back when the answer is in."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.gate = HostGate(crawler)

    async def download_request(self, request: Request) -> Response:
        held = await self.gate.acquire(request)
        try:
            response = await super().download_request(request)
            self.gate.answered(request, response)  # before the token goes back: no request slips in between
            return response
        finally:
            self.gate.release(held)
