"""The Redis client of cluster mode, and the key names every part of it shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redis import Redis

DEFAULT_PREFIX = "portalwatch"


class ClusterError(RuntimeError):
    """Redis cannot be used for the cluster; the message says what to check."""


def connect(url: str) -> Redis:
    """A Redis client for ``url`` (``redis://host:port/db``), checked with a PING so that a wrong address is one
    clear error at start-up rather than a traceback in the middle of a run."""
    import redis

    from crawler.store import without_password
    from crawler.store.errors import redact

    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ClusterError(f"{without_password(url)!r} is not a Redis URL; write redis://HOST:PORT/DB.")
    client: Redis = redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)
    try:
        client.ping()
    except redis.RedisError as exc:
        reason = redact(str(exc), url)
        raise ClusterError(
            f"cannot reach Redis at {without_password(url)} ({reason}); start redis-server or fix the URL."
        ) from None
    return client


@dataclass(frozen=True)
class Keys:
    """Redis key names under one prefix (``PORTALWATCH_CLUSTER_PREFIX``), so that two deployments can share a
    Redis. Per-portal keys use the scrapy-redis placeholder ``%(spider)s`` (the spider name is the slug)."""

    prefix: str = DEFAULT_PREFIX

    @property
    def runs(self) -> str:
        """Sorted set: portal slug -> the time (Redis clock, seconds) from which its run may start."""
        return f"{self.prefix}:runs"

    @property
    def leases(self) -> str:
        """Sorted set: portal slug -> when the lease of the worker running it ends."""
        return f"{self.prefix}:leases"

    @property
    def owners(self) -> str:
        """Hash: portal slug -> the worker holding its lease."""
        return f"{self.prefix}:owners"

    @property
    def workers(self) -> str:
        """Sorted set: worker id -> when its heartbeat ends."""
        return f"{self.prefix}:workers"

    @property
    def requests(self) -> str:
        return f"{self.prefix}:%(spider)s:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.prefix}:%(spider)s:dupefilter"

    def inflight(self, slug: str) -> str:
        """Hash: ticket -> a request a worker took from the portal's queue and has not finished."""
        return f"{self.prefix}:{slug}:inflight"

    def tickets(self, slug: str) -> str:
        return f"{self.prefix}:{slug}:tickets"

    def host(self, netloc: str) -> str:
        """The prefix of one host's politeness keys (tokens, next slot, delay floor, blocked-until)."""
        return f"{self.prefix}:host:{netloc}"


def redis_time(client: Redis) -> float:
    """Redis's clock in seconds: every machine of the cluster agrees on it, whatever their own clocks say."""
    seconds, micros = client.time()
    return float(seconds) + float(micros) / 1e6


def as_str(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
