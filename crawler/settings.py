"""Scrapy settings. Project settings share the ``PORTALWATCH_`` prefix; environment variables
override them here and nowhere else.

Defaults are polite for real government hosts (robots.txt, AutoThrottle, two requests per host);
simulated portals on 127.0.0.1 get loopback speeds from ``crawler.spiderloader``.
"""

from __future__ import annotations

import os

BOT_NAME = "portalwatch"
SPIDER_LOADER_CLASS = "crawler.spiderloader.PortalSpiderLoader"
SPIDER_MODULES: list[str] = []

PORTALWATCH_DB = os.environ.get("PORTALWATCH_DB", "")  # a path or URL; empty: the store's default (open_store)
PORTALWATCH_REGISTRY = os.environ.get("PORTALWATCH_REGISTRY", "")
PORTALWATCH_CONTACT = os.environ.get("PORTALWATCH_CONTACT", "https://github.com/portalwatch/portalwatch")
PORTALWATCH_PROGRESS = os.environ.get("PORTALWATCH_PROGRESS", "auto")  # auto (on a terminal), on, off
# Incremental runs (crawler/incremental.py): off reads every page again (``crawl --full``).
PORTALWATCH_INCREMENTAL = os.environ.get("PORTALWATCH_INCREMENTAL", "1") not in ("0", "false", "off")
# Seconds between deep runs (listings walked, recent articles re-checked for edits and takedowns).
PORTALWATCH_DEEP_EVERY = float(os.environ.get("PORTALWATCH_DEEP_EVERY", 86400))
PORTALWATCH_RECHECK = int(os.environ.get("PORTALWATCH_RECHECK", 20))  # recent articles a deep run re-checks
PORTALWATCH_KNOWN_STOP = 10  # consecutive known links that end an incremental run's pagination
PORTALWATCH_LOCK_TTL = 300  # seconds a run's lock lasts without a heartbeat (renewed every third of it)

USER_AGENT = f"portalwatch/0.1 (+{PORTALWATCH_CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_TIMEOUT = 60
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's remote control runs Python code sent over HTTP (token in a file under the user's profile): off,
# like the telnet console; it also cost each crawl 80 ms at start (an aiohttp server).
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.environ.get("PORTALWATCH_LOG_LEVEL", "INFO")

# Items per response processed at once. Scrapy's default of 100 starts 100 asyncio tasks per response, most of the
# crawl's event-loop work when a page yields one article; the pipelines are CPU work but the store's, which waits
# for its batch to commit: 16 lets a REST or feed page that yields 100 articles fill a batch 16 at a time.
CONCURRENT_ITEMS = 16
# The store pipeline commits articles in batches: at most this many per transaction, waiting at most this many
# seconds for a batch to fill (an article is acknowledged once committed; pipelines/store.py).
PORTALWATCH_STORE_BATCH = 100
PORTALWATCH_STORE_BATCH_DELAY = 0.05
# The youngest generation's collection threshold once the start-up heap is frozen (crawler/gctuning.py); 0: Python's.
PORTALWATCH_GC_THRESHOLD = 5000

ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.dates.DatesPipeline": 200,
    "pipelines.fingerprint.FingerprintPipeline": 300,
    "pipelines.meetings.MeetingsPipeline": 400,
    "pipelines.store.StorePipeline": 600,
}
EXTENSIONS = {
    "crawler.gctuning.GcTuning": 0,
    "crawler.runlog.RunLog": 500,
    "crawler.progress.Progress": 510,
}

# Loopback speed for portals served by `portalwatch simulate` (registry `simulated = true`).
SIMULATED_PORTAL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "RETRY_TIMES": 1,
}

# Politeness: 429/503 wait for Retry-After or back off exponentially, and slow their host
# down for the rest of the run (crawler/retry.py); every other retry is Scrapy's own.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.retry.BackoffRetryMiddleware": 550,
}
PORTALWATCH_RETRY_AFTER_MAX = 600.0  # seconds; a longer Retry-After gives the request up
PORTALWATCH_BACKOFF_BASE = 2.0  # seconds; without Retry-After, retry n waits half to all of BASE * 2**n
PORTALWATCH_BACKOFF_MAX = 120.0  # seconds; caps a backoff wait and a slowed-down host's delay
# Pages per run (Scrapy's CLOSESPIDER_PAGECOUNT, set per spider in crawler/spiderloader.py; the
# registry's `page_budget` wins; 0 for none). A run that hits it finishes as `closespider_pagecount`.
PORTALWATCH_PAGE_BUDGET = 5000
