"""scrapy-redis's scheduler, made to lose nothing when a worker dies and to end every run.

scrapy-redis keeps a spider's request queue and dupefilter in Redis, which is what lets another worker continue
a portal's run. Two things it does not do, added here through its own extension points (``SCHEDULER`` and
``SCHEDULER_QUEUE_CLASS``) rather than by a queue of our own:

- **Requests in flight.** scrapy-redis pops a request and forgets it: a worker killed while downloading or
  parsing it loses it (and its URL is in the dupefilter, so nothing asks for it again). ``TicketQueue`` pops it
  into the portal's ``inflight`` hash under a ticket (one Lua script, so a pop is never half done); the ticket
  travels in the request's meta (``TICKET``) and ``crawler.cluster.acks`` deletes it once the response's
  callback output is stored and scheduled. The next owner of the run puts whatever is still in flight back in
  the queue (at least once: a page may be read twice, an article is stored once).
- **The end of a run.** The queue is kept when the run is interrupted (SIGTERM, or the portal's lock was taken)
  so that it continues later, and cleared with its dupefilter when the run ends any other way, so that the next
  run reads the portal afresh. Only the worker holding the run's lease (``crawler.cluster.runs``) touches them.

A run that continues an earlier one's queue sends its start requests again past the dupefilter (Scrapy marks them
``is_start_request``): the feed or first listing pages are re-read, so nothing published in between is missed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.cluster.connection import Keys, as_str
from crawler.cluster.runs import RunQueue

if TYPE_CHECKING:
    from redis import Redis
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

TICKET = "portalwatch_ticket"  # request meta: the request's entry in its portal's in-flight hash
KEEP_REASONS = frozenset({"shutdown", "portal_locked"})  # a run that continues later keeps its queue

# KEYS: queue, inflight, tickets. Pops the best request into the in-flight hash; returns {ticket, data}.
_POP = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
local ticket = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], ticket, found[2] .. ' ' .. found[1])
return {ticket, found[1]}
"""

# KEYS: queue, inflight. Puts every request in flight back in the queue at its priority; returns how many.
_REQUEUE = """
local entries = redis.call('HVALS', KEYS[2])
for _, entry in ipairs(entries) do
  local cut = string.find(entry, ' ', 1, true)
  redis.call('ZADD', KEYS[1], tonumber(string.sub(entry, 1, cut - 1)), string.sub(entry, cut + 1))
end
redis.call('DEL', KEYS[2])
return #entries
"""

# KEYS: queue, inflight. ARGV: tickets. Puts those requests in flight back in the queue; returns how many.
_REQUEUE_SOME = """
local back = 0
for _, ticket in ipairs(ARGV) do
  local entry = redis.call('HGET', KEYS[2], ticket)
  if entry then
    local cut = string.find(entry, ' ', 1, true)
    redis.call('ZADD', KEYS[1], tonumber(string.sub(entry, 1, cut - 1)), string.sub(entry, cut + 1))
    redis.call('HDEL', KEYS[2], ticket)
    back = back + 1
  end
end
return back
"""


class TicketQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis's priority queue whose pops are tracked until acknowledged (see the module docstring)."""

    def __init__(self, server: Redis, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        keys = Keys(spider.settings.get("PORTALWATCH_CLUSTER_PREFIX") or Keys().prefix)
        self.inflight_key, self.tickets_key = keys.inflight(spider.name), keys.tickets(spider.name)
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)
        self._requeue_some = server.register_script(_REQUEUE_SOME)

    def push(self, request: Request) -> None:
        """Queue a request; a request carrying a ticket (a retry or redirect of one in flight) settles it in the
        same transaction, so it is never both lost and finished."""
        ticket = request.meta.pop(TICKET, None)
        data = self._encode_request(request)
        pipe = self.server.pipeline(transaction=True)
        pipe.execute_command("ZADD", self.key, -request.priority, data)
        if ticket is not None:
            pipe.hdel(self.inflight_key, ticket)
        pipe.execute()

    def pop(self, timeout: int = 0) -> Request | None:
        found = self._pop(keys=[self.key, self.inflight_key, self.tickets_key])
        if not found:
            return None
        ticket, data = found
        request: Request = self._decode_request(data)
        request.meta[TICKET] = as_str(ticket)
        return request

    def ack(self, ticket: str) -> None:
        self.server.hdel(self.inflight_key, ticket)

    def in_flight(self) -> int:
        return int(self.server.hlen(self.inflight_key))

    def requeue_in_flight(self) -> int:
        """Put back what a dead owner had in flight (only the run's lease holder calls this)."""
        return int(self._requeue(keys=[self.key, self.inflight_key]))

    def tickets(self) -> set[str]:
        return {as_str(t) for t in self.server.hkeys(self.inflight_key)}

    def requeue_tickets(self, tickets: list[str]) -> int:
        """Put back these requests in flight (those of a worker that no longer holds the run)."""
        return int(self._requeue_some(keys=[self.key, self.inflight_key], args=tickets)) if tickets else 0

    def clear(self) -> None:
        self.server.delete(self.key, self.inflight_key, self.tickets_key)


class ClusterScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's ``Scheduler`` with tickets, the run's end, and start requests that pass the dupefilter."""

    queue: TicketQueue

    def __init__(self, server: Redis, *, worker: str, keys: Keys, **kwargs: Any) -> None:
        super().__init__(server, persist=True, **kwargs)
        self.worker, self.runs = worker, RunQueue(server, keys)
        self.holds_lease = False
        self.mine: set[str] = set()  # tickets this scheduler popped: the others in flight are an earlier owner's

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterScheduler:
        from scrapy_redis import connection

        settings = crawler.settings
        keys = Keys(settings.get("PORTALWATCH_CLUSTER_PREFIX") or Keys().prefix)
        server = connection.from_settings(settings)
        scheduler = cls(
            server,
            worker=settings.get("PORTALWATCH_CLUSTER_WORKER") or "",
            keys=keys,
            queue_key=keys.requests,
            queue_cls=f"{TicketQueue.__module__}.{TicketQueue.__qualname__}",
            dupefilter_key=keys.dupefilter,
            dupefilter_cls="scrapy_redis.dupefilter.RFPDupeFilter",
        )
        scheduler.stats = crawler.stats
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        # Only the lease holder may change a run's shared state: a worker whose lease has passed to another (it
        # was too slow to renew) must not put the new owner's requests back, nor clear them.
        self.holds_lease = self.runs.owner(spider.name) == self.worker
        if self.holds_lease:
            back = self.queue.requeue_in_flight()
            if back:
                spider.logger.info("portal %s: %d requests in flight are queued again", spider.name, back)
                self._count("portalwatch/cluster/requeued", back)

    def close(self, reason: str) -> None:
        if self.holds_lease and self.runs.owner(self.spider.name) == self.worker:
            if reason in KEEP_REASONS:
                self.queue.requeue_in_flight()
            else:
                self.flush()

    def enqueue_request(self, request: Request) -> bool:
        start = request.meta.get("is_start_request", False)
        if not request.dont_filter and self.df.request_seen(request) and not start:
            self.df.log(request, self.spider)
            ticket = request.meta.pop(TICKET, None)
            if ticket is not None:  # a redirect to a page already read: its original is finished
                self.queue.ack(ticket)
            return False
        self._count("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop()
        if request is not None:
            self.mine.add(request.meta[TICKET])
            self._count("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        """Also the requests an earlier owner of the run still has in flight once the queue is empty.

        A worker too slow to renew its lease (a blocked reactor) loses the run to another while it is still
        reading pages; the pages it has in flight would add their links to the queue after this run had ended
        and flushed it. Only the lease holder reads the queue, so a ticket it did not pop is such a page: it is
        put back and read here (at least once), and the run does not end before.
        """
        if len(self) > 0:
            return True
        if not self.holds_lease:
            return False
        others = sorted(self.queue.tickets() - self.mine)
        back = self.queue.requeue_tickets(others)
        if back:
            self.spider.logger.info("portal %s: %d requests of an earlier owner queued again", self.spider.name, back)
            self._count("portalwatch/cluster/requeued", back)
        return back > 0

    def _count(self, key: str, n: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, n)
