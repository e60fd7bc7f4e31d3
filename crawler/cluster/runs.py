"""The cluster's runs: which portals wait for a worker, and which worker holds each running one (a lease).

A portal is queued at most once (``ZADD NX``). A worker claims due portals atomically (a Lua script: reap the
leases that ended, then take what is due), renews its leases while it crawls, and releases each when the run
ends. A worker that dies stops renewing: when its lease ends, the next claim by any worker puts the portal back
at the head of the queue, and whoever takes it continues the portal's request queue (``crawler.cluster.scheduler``).
Every time is Redis's clock, so the workers' own clocks do not matter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crawler.cluster.connection import Keys, as_str

if TYPE_CHECKING:
    from redis import Redis

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1000000 "

# KEYS: runs, leases, owners, workers. ARGV: worker, ttl, limit. Returns the claimed slugs.
_CLAIM = (
    _NOW
    + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, slug in ipairs(expired) do
  redis.call('ZREM', KEYS[2], slug)
  redis.call('HDEL', KEYS[3], slug)
  redis.call('ZADD', KEYS[1], 'NX', now - 1e9, slug)
end
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[2]), ARGV[1])
local claimed = {}
local limit = tonumber(ARGV[3])
if limit <= 0 then return claimed end
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)
for _, slug in ipairs(due) do
  redis.call('ZREM', KEYS[1], slug)
  if not redis.call('ZSCORE', KEYS[2], slug) then
    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), slug)
    redis.call('HSET', KEYS[3], slug, ARGV[1])
    table.insert(claimed, slug)
  end
end
return claimed
"""
)

# KEYS: leases, owners, workers. ARGV: worker, ttl, slugs... Returns the slugs this worker no longer holds.
_RENEW = (
    _NOW
    + """
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[2]), ARGV[1])
local lost = {}
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[1] then
    redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[i])
  else
    table.insert(lost, ARGV[i])
  end
end
return lost
"""
)

# KEYS: leases, owners. ARGV: worker, slug. Releases the lease only if this worker holds it.
_RELEASE = """
if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[1] then
  redis.call('ZREM', KEYS[1], ARGV[2])
  redis.call('HDEL', KEYS[2], ARGV[2])
  return 1
end
return 0
"""

# KEYS: runs. ARGV: delay, slugs... Returns how many were queued (a slug already queued keeps its place).
_ENQUEUE = (
    _NOW
    + """
local added = 0
for i = 2, #ARGV do
  added = added + redis.call('ZADD', KEYS[1], 'NX', now + tonumber(ARGV[1]), ARGV[i])
end
return added
"""
)


@dataclass(frozen=True)
class ClusterStatus:
    """What the cluster is doing: portals waiting, portals running and by whom, workers alive."""

    queued: list[str]
    running: dict[str, str]
    workers: list[str]

    @property
    def idle(self) -> bool:
        """Nothing waits and nothing runs: a draining worker may exit."""
        return not self.queued and not self.running


class RunQueue:
    """The runs of one cluster (one Redis, one key prefix)."""

    def __init__(self, client: Redis, keys: Keys | None = None) -> None:
        self.client, self.keys = client, keys or Keys()
        self._claim = client.register_script(_CLAIM)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)
        self._enqueue = client.register_script(_ENQUEUE)

    def enqueue(self, slugs: Iterable[str], delay: float = 0.0) -> int:
        """Queue portals to run ``delay`` seconds from now (at once by default); returns how many were added."""
        names = list(slugs)
        if not names:
            return 0
        return int(self._enqueue(keys=[self.keys.runs], args=[delay, *names]))

    def claim(self, worker: str, ttl: float, limit: int) -> list[str]:
        """Up to ``limit`` due portals for ``worker``, each under a lease of ``ttl`` seconds; first puts back the
        portals whose lease ended (their worker died) at the head of the queue."""
        k = self.keys
        found = self._claim(keys=[k.runs, k.leases, k.owners, k.workers], args=[worker, ttl, limit])
        return [as_str(s) for s in found]

    def renew(self, worker: str, slugs: Iterable[str], ttl: float) -> list[str]:
        """Extend ``worker``'s leases (and its heartbeat); returns the slugs it no longer holds."""
        k = self.keys
        lost = self._renew(keys=[k.leases, k.owners, k.workers], args=[worker, ttl, *slugs])
        return [as_str(s) for s in lost]

    def release(self, worker: str, slug: str) -> bool:
        """End ``worker``'s lease of ``slug`` (a run that ended); False if it was not held any more."""
        return bool(self._release(keys=[self.keys.leases, self.keys.owners], args=[worker, slug]))

    def owner(self, slug: str) -> str | None:
        value = self.client.hget(self.keys.owners, slug)
        return as_str(value) if value is not None else None

    def leave(self, worker: str) -> None:
        """A worker that stops cleanly takes itself off the list of live workers."""
        self.client.zrem(self.keys.workers, worker)

    def status(self) -> ClusterStatus:
        k = self.keys
        pipe = self.client.pipeline()
        pipe.zrange(k.runs, 0, -1)
        pipe.hgetall(k.owners)
        pipe.time()
        pipe.zrangebyscore(k.workers, "-inf", "+inf", withscores=True)
        queued, owners, (sec, micro), workers = pipe.execute()
        now = float(sec) + micro / 1e6
        owners_map: dict[Any, Any] = owners
        return ClusterStatus(
            queued=[as_str(s) for s in queued],
            running={as_str(s): as_str(w) for s, w in owners_map.items()},
            workers=[as_str(w) for w, until in workers if until >= now],
        )
