"""When a request taken from a portal's Redis queue is finished: its ticket is deleted then, not before.

A request is finished once everything its callback produced is safe: every request it led to is in the Redis
queue (``engine.crawl`` schedules synchronously) and every item has left the pipelines (``item_scraped``,
``item_dropped`` or ``item_error``, which Scrapy sends with the item's response). Until then the request stays in
its portal's in-flight hash, and a worker killed in between leaves it there for the next owner of the run.

Requests made by a callback are new requests: a ticket copied into their meta (``response.follow(...,
meta=response.meta)``) is dropped here, so that only a retry or a redirect of the same request carries one.
A download that failed keeps its ticket until the run ends (it is read again if the worker dies first).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from crawler.cluster.connection import Keys
from crawler.cluster.scheduler import TICKET

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response


@dataclass
class Pending:
    """A response whose ticket waits: items still in the pipelines, whether its output is all out, the ticket."""

    ticket: str
    items: int = 0
    exhausted: bool = False


class TicketAcks:
    """Spider middleware: delete a request's ticket once its output is scheduled and stored."""

    def __init__(self, crawler: Crawler) -> None:
        from scrapy_redis import connection

        self.crawler = crawler
        self.server = connection.from_settings(crawler.settings)
        self.keys = Keys(crawler.settings.get("PORTALWATCH_CLUSTER_PREFIX") or Keys().prefix)
        self.pending: dict[int, Pending] = {}  # by id(response)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TicketAcks:
        if not crawler.settings.get("PORTALWATCH_CLUSTER_WORKER"):
            raise NotConfigured("not a cluster worker")
        acks = cls(crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(acks.item_done, signal=signal)
        return acks

    async def process_spider_output(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        ticket = response.meta.get(TICKET)
        state = Pending(str(ticket))
        if ticket is not None:
            self.pending[id(response)] = state
        try:
            async for output in result:
                if isinstance(output, Request):
                    output.meta.pop(TICKET, None)
                else:
                    state.items += 1
                yield output
        finally:
            state.exhausted = True
            self._settle(id(response))

    def process_spider_exception(self, response: Response, exception: Exception) -> None:
        """A callback that raised has produced all it will: its ticket is settled with what it stored."""
        state = self.pending.get(id(response))
        if state is not None:
            state.exhausted = True
            self._settle(id(response))
        elif response.meta.get(TICKET) is not None and self.crawler.spider is not None:
            self.server.hdel(self.keys.inflight(self.crawler.spider.name), response.meta[TICKET])

    def item_done(self, item: Any, response: Response | None = None, **kwargs: Any) -> None:
        if response is None:
            return
        state = self.pending.get(id(response))
        if state is not None:
            state.items -= 1
            self._settle(id(response))

    def _settle(self, key: int) -> None:
        state = self.pending.get(key)
        if state is None or state.items > 0 or not state.exhausted:
            return
        del self.pending[key]
        spider = self.crawler.spider
        if spider is not None:
            self.server.hdel(self.keys.inflight(spider.name), state.ticket)
