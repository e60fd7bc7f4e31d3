"""What a crawl tells its operator while it runs: a progress line, and each failed download once, in one line.

``Progress`` (``PORTALWATCH_PROGRESS``): ``auto`` (default) redraws one line every second on a terminal, and
elsewhere (systemd's journal, a cron mail, ``portalwatch schedule``'s children) prints a plain line every
``PORTALWATCH_PROGRESS_EVERY`` seconds (30), so a long crawl is never silent; ``on`` always redraws; ``off``
prints nothing.

``DownloadFailureLog``: the spider's errback logs each failed page once, with its HTTP status or network error
(``portal X: download failed for URL: HTTP 500``). Scrapy logs the same failures again: its retry middleware
when it gives up (``RETRY_GIVE_UP_LOG_LEVEL``, set to DEBUG in the settings), the HTTP-error middleware for
each refused status, and the robots.txt middleware with a whole Twisted traceback when a host refuses
connections. This extension lowers those to DEBUG and INFO, without traceback, so a host that refuses
connections costs one warning line per page tried, not forty lines of stack.
"""

from __future__ import annotations

import logging
import sys
import time

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import task
from twisted.python.failure import Failure

from crawler.runlog import errors_of


class Progress:
    def __init__(self, crawler: Crawler, interval: float = 1.0, live: bool = True) -> None:
        self.crawler = crawler
        self.interval = interval
        self.live = live  # a terminal: one line redrawn in place; else a line per interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        mode = crawler.settings.get("PORTALWATCH_PROGRESS", "auto")
        if mode == "off":
            raise NotConfigured
        if mode == "on" or sys.stderr.isatty():
            return cls(crawler)
        return cls(crawler, crawler.settings.getfloat("PORTALWATCH_PROGRESS_EVERY", 30.0), live=False)

    def line(self) -> str:
        assert self.crawler.stats is not None
        s = self.crawler.stats.get_stats()
        pages = s.get("portalwatch/listing_pages", 0) + s.get("portalwatch/article_pages", 0)
        errors = errors_of(s)  # pages and store writes lost, as the run's row counts them
        name = self.crawler.spider.name if self.crawler.spider else "?"
        return (
            f"{name}: {pages} pages, {s.get('item_scraped_count', 0)} items "
            f"({s.get('portalwatch/items/new', 0)} new), {errors} errors"
        )

    def show(self) -> None:
        if self.live:
            sys.stderr.write("\r\033[K" + self.line())
        else:
            sys.stderr.write(f"{self.line()} after {time.monotonic() - self.started:.0f} s\n")
        sys.stderr.flush()

    def opened(self) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def closed(self) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        if self.live:
            sys.stderr.write("\r\033[K" + self.line() + "\n")


class _OneLine(logging.Filter):
    """A Scrapy record about a failure the spider reports itself: lowered to ``level``, its traceback dropped."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > self.level:
            record.levelno, record.levelname = self.level, logging.getLevelName(self.level)
            record.exc_info, record.exc_text = None, None
        return True


# Scrapy loggers whose failure records repeat what the spider's errback logs (with the status), by the level
# they are lowered to: robots.txt that cannot be fetched (the site is then crawled as robots allowed it; its
# pages' failures follow), and each response refused for its status.
QUIETED = {
    "scrapy.downloadermiddlewares.robotstxt": logging.INFO,
    "scrapy.spidermiddlewares.httperror": logging.DEBUG,
}


class DownloadFailureLog:
    """Each failed download logged once (by the spider), in one line; see the module's docstring."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadFailureLog:
        for name, level in QUIETED.items():
            logger = logging.getLogger(name)
            if not any(isinstance(f, _OneLine) for f in logger.filters):
                logger.addFilter(_OneLine(level))
        return cls()


def failure_reason(failure: Failure) -> str:
    """Why a page failed in a few words: its HTTP status, else the failure's message, else its kind (Twisted's
    cancellations and timeouts have no message)."""
    response = getattr(failure.value, "response", None)
    if isinstance(failure.value, HttpError) and response is not None:
        return f"HTTP {response.status}"
    message = failure.getErrorMessage().strip()
    kind = failure.type.__name__ if failure.type is not None else "error"
    return message if message and message != kind else f"{kind} (the transfer was stopped)"
