"""Politeness (issue 8): 429/503 backoff honouring Retry-After, per-portal pace, the per-run page budget."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.core.downloader import Slot
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from support import ROOT

import crawler.retry
from crawler.registry import RegistryError, parse_registry
from crawler.retry import BackoffRetryMiddleware, backoff_delay, parse_retry_after
from crawler.spiderloader import politeness_settings, spider_class

NOW = datetime(2026, 1, 1, tzinfo=UTC)  # a Thursday


# --- Retry-After and backoff arithmetic --------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (b" 3 ", 3.0),
        ("0", 0.0),
        ("1.5", 1.5),
        ("Thu, 01 Jan 2026 00:00:30 GMT", 30.0),  # HTTP-date (IMF-fixdate)
        ("Thursday, 01-Jan-26 00:02:00 GMT", 120.0),  # obsolete RFC 850 form, still allowed
        ("Wed, 31 Dec 2025 23:00:00 GMT", 0.0),  # a date in the past means now
        ("soon", None),
        ("-5", None),
        ("", None),
        ("Thu, 41 Jan 2026 00:00:30 GMT", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_a_date(header: str | bytes | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds


def test_backoff_doubles_with_jitter_and_stops_at_the_cap() -> None:
    rng = random.Random(8)
    waits = [backoff_delay(n, base=2.0, cap=120.0, rng=rng) for n in range(10)]
    for n, wait in enumerate(waits):
        ceiling = min(120.0, 2.0 * 2**n)
        assert ceiling / 2 <= wait <= ceiling, f"retry {n + 1} waited {wait:.2f} s, outside [{ceiling / 2}, {ceiling}]"
    assert waits[:6] == sorted(waits[:6]), "below the cap every wait is longer than the one before"
    assert all(60.0 <= w <= 120.0 for w in waits[6:]), "from 2*2**6 = 128 s on, the 120 s cap holds"
    assert len({round(w, 6) for w in waits[6:]}) == 4, "capped waits still spread apart"
    again = random.Random(8)
    assert [backoff_delay(n, 2.0, 120.0, again) for n in range(10)] == waits, "a seeded RNG replays exactly"
    assert backoff_delay(10_000, 2.0, 120.0, random.Random(1)) <= 120.0, "a huge retry count does not overflow"


# --- The middleware, driven directly -----------------------------------------------------------------


def finish(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run a coroutine whose awaits all complete at once (``pause`` is patched) and return its result."""
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("the middleware suspended on something other than the patched pause")


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every sleep the middleware asks for, instead of sleeping."""
    slept: list[float] = []

    async def fake_pause(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(crawler.retry, "pause", fake_pause)
    return slept


def make_middleware(slot: Slot | None = None, **settings: Any) -> tuple[BackoffRetryMiddleware, Crawler]:
    crawler_ = get_crawler(Spider, {"RETRY_TIMES": 2, **settings})
    crawler_.spider = Spider.from_crawler(crawler_, name="probe")
    crawler_.crawling = True
    slots = {"portal.example": slot} if slot is not None else {}
    crawler_.engine = SimpleNamespace(  # type: ignore[assignment]
        downloader=SimpleNamespace(slots=slots, get_slot_key=lambda r: "portal.example")
    )
    mw = BackoffRetryMiddleware.from_crawler(crawler_)
    mw.rng = random.Random(8)
    return mw, crawler_


def answer(status: int, retry_after: str | None = None, meta: dict[str, Any] | None = None) -> tuple[Request, Response]:
    request = Request("https://portal.example/tin-tuc", meta={"download_slot": "portal.example", **(meta or {})})
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return request, HtmlResponse(request.url, status=status, headers=headers, body=b"", request=request)


def stat(crawler_: Crawler, key: str) -> int:
    assert crawler_.stats is not None
    return int(crawler_.stats.get_value(key, 0))


def test_429_waits_its_retry_after_then_retries_and_slows_the_host(waits: list[float]) -> None:
    slot = Slot(concurrency=2, delay=1.0, jitter=0.5)
    mw, crawler_ = make_middleware(slot)
    result = finish(mw.process_response(*answer(429, "3")))
    assert isinstance(result, Request) and result.meta["retry_times"] == 1 and result.dont_filter
    assert sum(waits) == pytest.approx(3.0) and max(waits) <= 1.0, "3 s, in steps that can stop early"
    assert stat(crawler_, "portalwatch/retry/retry_after") == 1
    assert stat(crawler_, "portalwatch/retry/backoff") == 0
    assert stat(crawler_, "retry/count") == 1, "Scrapy's own retry stats still count"
    assert slot.delay == 2.0, "the host's delay doubles for the rest of the run"


def test_503_without_retry_after_backs_off_exponentially(waits: list[float]) -> None:
    mw, crawler_ = make_middleware(Slot(2, 1.0, 0.5), PORTALWATCH_BACKOFF_BASE=2.0)
    first = finish(mw.process_response(*answer(503)))
    assert isinstance(first, Request)
    assert 1.0 <= sum(waits) <= 2.0, "the first retry waits half to all of the 2 s base"
    waits.clear()
    second = finish(mw.process_response(first, HtmlResponse(first.url, status=503, request=first)))
    assert isinstance(second, Request) and second.meta["retry_times"] == 2
    assert 2.0 <= sum(waits) <= 4.0, "the second waits half to all of 4 s"
    assert stat(crawler_, "portalwatch/retry/backoff") == 2


def test_a_retry_after_beyond_the_limit_gives_the_request_up(
    waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    mw, crawler_ = make_middleware(Slot(2, 1.0, 0.5), PORTALWATCH_RETRY_AFTER_MAX=600)
    request, response = answer(429, (datetime.now(UTC) + timedelta(hours=2)).strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert finish(mw.process_response(request, response)) is response
    assert waits == []
    assert stat(crawler_, "portalwatch/retry/gave_up") == 1
    assert stat(crawler_, "retry/count") == 0
    assert "more than PORTALWATCH_RETRY_AFTER_MAX (600 s)" in caplog.text


def test_exhausted_retries_do_not_wait(waits: list[float]) -> None:
    mw, crawler_ = make_middleware(Slot(2, 1.0, 0.5))
    request, response = answer(429, "1", meta={"retry_times": 2})
    assert finish(mw.process_response(request, response)) is response
    assert waits == []
    assert stat(crawler_, "retry/max_reached") == 1


@pytest.mark.parametrize(("status", "meta"), [(500, {}), (429, {"dont_retry": True}), (404, {})])
def test_other_answers_keep_scrapys_behaviour(waits: list[float], status: int, meta: dict[str, Any]) -> None:
    slot = Slot(2, 1.0, 0.5)
    mw, crawler_ = make_middleware(slot)
    request, response = answer(status, meta=meta)
    result = finish(mw.process_response(request, response))
    if status == 500:
        assert isinstance(result, Request) and result.meta["retry_times"] == 1, "a 500 is retried at once"
    else:
        assert result is response
    assert waits == [] and slot.delay == 1.0
    assert stat(crawler_, "portalwatch/retry/backoff") == stat(crawler_, "portalwatch/retry/retry_after") == 0


def test_a_stopping_crawler_does_not_wait_out_retry_after(waits: list[float]) -> None:
    mw, crawler_ = make_middleware(Slot(2, 1.0, 0.5))
    crawler_.crawling = False  # SIGTERM: Crawler.stop_async() has begun
    result = finish(mw.process_response(*answer(429, "300")))
    assert isinstance(result, Request), "the retry goes back to the scheduler (kept in JOBDIR for a resume)"
    assert waits == []


def test_the_slowed_host_keeps_its_delay_for_the_rest_of_the_run(waits: list[float]) -> None:
    slot = Slot(2, 0.0, 0.5)  # loopback speed: no delay at all
    mw, _ = make_middleware(slot, PORTALWATCH_BACKOFF_BASE=2.0, PORTALWATCH_BACKOFF_MAX=120.0)
    request, _ = answer(503)
    delays = [mw.slow_down(request)[1] for _ in range(8)]
    assert delays == [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 120.0, 120.0], "doubling from the base, capped"
    assert slot.delay == 120.0
    slot.delay = 3.0  # what AutoThrottle does after a fast 200
    mw.keep_floor(request)
    assert slot.delay == 120.0
    mw.crawler.engine.downloader.slots["portal.example"] = fresh = Slot(2, 1.0, 0.5)  # type: ignore[union-attr]
    mw.keep_floor(request)  # the downloader dropped the idle slot and made a new one at the default delay
    assert fresh.delay == 120.0
    other = Request("https://other.example/", meta={"download_slot": "other.example"})
    mw.keep_floor(other)  # a host that never failed is not touched (and has no slot here)
    assert "other.example" not in mw.slot_floors


@pytest.mark.parametrize("name", ["PORTALWATCH_BACKOFF_BASE", "PORTALWATCH_BACKOFF_MAX", "PORTALWATCH_RETRY_AFTER_MAX"])
def test_a_negative_wait_setting_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match=f"setting {name} is -1.0; set it to a number of seconds"):
        make_middleware(**{name: -1})


def test_project_settings_replace_scrapys_retry_middleware() -> None:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    mws = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert mws["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert mws["crawler.retry.BackoffRetryMiddleware"] == 550, "Scrapy's own slot in the chain"
    assert {429, 503} <= set(settings.getlist("RETRY_HTTP_CODES"))
    assert settings.getint("PORTALWATCH_PAGE_BUDGET") == 5000
    assert settings.getfloat("PORTALWATCH_RETRY_AFTER_MAX") == 600.0
    assert (settings.getfloat("PORTALWATCH_BACKOFF_BASE"), settings.getfloat("PORTALWATCH_BACKOFF_MAX")) == (2.0, 120.0)


# --- Registry fields and the spider's settings ---------------------------------------------------------

ENTRY = """
[portals.tanhong]
name = "Huyện ủy Tân Hồng"
province = "Đồng Tháp"
base_url = "https://tanhong.dongthap.gov.vn"
cms = "liferay"
"""
SIMULATED = ENTRY.replace("https://tanhong.dongthap.gov.vn", "http://127.0.0.1:8702") + "simulated = true\n"


def project() -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def test_registry_accepts_delay_concurrency_and_page_budget() -> None:
    portal = parse_registry(ENTRY + "delay = 5\nconcurrency = 1\npage_budget = 300\n")["tanhong"]
    assert (portal.delay, portal.concurrency, portal.page_budget) == (5.0, 1, 300)
    assert isinstance(portal.delay, float)
    plain = parse_registry(ENTRY)["tanhong"]
    assert (plain.delay, plain.concurrency, plain.page_budget) == (None, None, None)
    assert parse_registry(ENTRY + "delay = 0.25\nconcurrency = 8\n")["tanhong"].delay == 0.25


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("delay = -1", "portal 'tanhong': field 'delay' is -1; write a number of seconds, 0 or more"),
        ('delay = "2s"', "field 'delay' is '2s'; write a number of seconds"),
        ("delay = true", "field 'delay' is True; write a number of seconds"),
        ("delay = inf", "field 'delay' is inf; write a number of seconds"),
        ("concurrency = 0", "field 'concurrency' is 0; write a whole number of requests at once, from 1 to 8"),
        ("concurrency = 9", "field 'concurrency' is 9; write a whole number of requests at once, from 1 to 8"),
        ("concurrency = 2.5", "field 'concurrency' is 2.5; write a whole number"),
        ("page_budget = 0", "field 'page_budget' is 0; write a whole number of pages, 1 or more"),
        ('page_budget = "100"', "field 'page_budget' is '100'; write a whole number of pages, 1 or more"),
    ],
)
def test_bad_politeness_fields_fail_with_one_sentence(line: str, message: str) -> None:
    with pytest.raises(RegistryError) as err:
        parse_registry(ENTRY + line + "\n")
    text = str(err.value)
    assert message in text
    assert text.endswith("fix it in the registry file.") and "\n" not in text


def test_the_spider_takes_the_portals_pace_and_budget() -> None:
    portal = parse_registry(ENTRY + "delay = 5\nconcurrency = 1\npage_budget = 300\n")["tanhong"]
    custom = spider_class(portal, project()).custom_settings
    assert custom == {"DOWNLOAD_DELAY": 5.0, "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "CLOSESPIDER_PAGECOUNT": 300}


def test_without_fields_the_project_settings_and_budget_apply() -> None:
    portal = parse_registry(ENTRY)["tanhong"]
    assert spider_class(portal, project()).custom_settings == {"CLOSESPIDER_PAGECOUNT": 5000}
    settings = project()
    settings.set("PORTALWATCH_PAGE_BUDGET", 0, priority="cmdline")
    assert politeness_settings(portal, settings) == {}, "a budget of 0 turns the page budget off"
    settings.set("PORTALWATCH_PAGE_BUDGET", 40, priority="cmdline")
    assert politeness_settings(portal, settings) == {"CLOSESPIDER_PAGECOUNT": 40}


def test_simulated_portals_stay_at_loopback_speed_unless_their_entry_says_otherwise() -> None:
    loopback = spider_class(parse_registry(SIMULATED)["tanhong"], project()).custom_settings
    assert loopback is not None
    assert (loopback["DOWNLOAD_DELAY"], loopback["CONCURRENT_REQUESTS_PER_DOMAIN"]) == (0, 16)
    assert loopback["CLOSESPIDER_PAGECOUNT"] == 5000
    paced = spider_class(parse_registry(SIMULATED + "delay = 0.5\n")["tanhong"], project()).custom_settings
    assert paced is not None
    assert (paced["DOWNLOAD_DELAY"], paced["CONCURRENT_REQUESTS_PER_DOMAIN"]) == (0.5, 16)
    assert paced["AUTOTHROTTLE_ENABLED"] is False


# --- Real crawls against a tiny local server ----------------------------------------------------------

Answer = tuple[int, dict[str, str], str]


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, route: Callable[[str, int], Answer]) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.route = route
        self.lock = threading.Lock()
        self.hits: list[tuple[str, float]] = []

    def times(self, path: str) -> list[float]:
        with self.lock:
            return [t for p, t in self.hits if p == path]


class Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.hits.append((self.path, time.monotonic()))
            nth = sum(1 for p, _ in self.server.hits if p == self.path)
        status, headers, body = self.server.route(self.path, nth)
        data = body.encode()
        self.send_response(status)
        for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        pass


@contextmanager
def serve(route: Callable[[str, int], Answer]) -> Iterator[Recorder]:
    server = Recorder(route)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# A real Scrapy crawl with the project's settings (our middleware in place of Scrapy's), in its own
# process because a Twisted reactor cannot be restarted. It prints one JSON object: stats and items.
CRAWL = r"""
import json, sys
from urllib.parse import urlsplit
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings
from crawler.registry import parse_registry
from crawler.retry import BackoffRetryMiddleware
from crawler.spiderloader import politeness_settings

args = json.loads(sys.argv[1])
settings = get_project_settings()
settings.setdict({"ITEM_PIPELINES": {}, "EXTENSIONS": {}, "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "INFO",
                  **args["settings"]}, priority="cmdline")
items = []


class Probe(Spider):
    name = "probe"
    custom_settings = politeness_settings(parse_registry(args["registry"])["probe"], settings)

    async def start(self):
        for path, slot in args["start"]:
            yield Request(args["base"] + path, meta={"download_slot": slot})

    def parse(self, response):
        key = response.meta["download_slot"]
        downloader = self.crawler.engine.downloader
        mw = next(m for m in downloader.middleware.middlewares if isinstance(m, BackoffRetryMiddleware))
        items.append({"path": urlsplit(response.url).path, "slot": key, "delay": downloader.slots[key].delay,
                      "floor": mw.slot_floors.get(key)})
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, meta={"download_slot": key})


process = CrawlerProcess(settings)
crawler = process.create_crawler(Probe)
process.crawl(crawler)
process.start()
print(json.dumps({"stats": crawler.stats.get_stats(), "items": items}, default=str))
"""


PROBE = '[portals.probe]\nname = "p"\nprovince = "Đồng Tháp"\nbase_url = "http://127.0.0.1"\ncms = "generic"\n'


def crawl(base: str, start: list[tuple[str, str]], registry: str = PROBE, **settings: Any) -> dict[str, Any]:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings", "PORTALWATCH_PROGRESS": "off"}
    args = {"base": base, "start": start, "registry": registry, "settings": settings}
    done = subprocess.run(
        [sys.executable, "-c", CRAWL, json.dumps(args)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["log"] = done.stderr
    return result


def flaky_portal(path: str, nth: int) -> Answer:
    """429 with Retry-After: 1 twice, then the page; a 503 without Retry-After once; a quick other host."""
    if path == "/limited":
        return (429, {"Retry-After": "1"}, "slow down") if nth <= 2 else (200, {}, "<p>Hội nghị</p>")
    if path == "/busy":
        return (503, {}, "busy") if nth == 1 else (200, {}, "<p>ok</p>")
    if path.startswith("/other/"):
        n = int(path.rsplit("/", 1)[1])
        return 200, {}, f'<a href="/other/{n + 1}">next</a>' if n < 4 else "<p>end</p>"
    return 404, {}, "not here"


@pytest.mark.integration
def test_a_real_crawl_waits_out_429_and_503_without_holding_other_hosts() -> None:
    with serve(flaky_portal) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        result = crawl(
            base,
            [("/limited", "127.0.0.1"), ("/busy", "127.0.0.1"), ("/other/0", "other")],
            DOWNLOAD_DELAY=0,
            AUTOTHROTTLE_ENABLED=True,
            AUTOTHROTTLE_START_DELAY=0.05,
            RETRY_TIMES=2,
            PORTALWATCH_BACKOFF_BASE=0.5,
        )
        limited, busy = server.times("/limited"), server.times("/busy")
        others = [t for p, t in server.hits if p.startswith("/other/")]
    stats, items = result["stats"], result["items"]
    paths = [i["path"] for i in items]
    assert sorted(paths) == ["/busy", "/limited", "/other/0", "/other/1", "/other/2", "/other/3", "/other/4"]
    assert stats["finish_reason"] == "finished"
    assert len(limited) == 3 and len(busy) == 2, "two 429s and a 200; one 503 and a 200"
    assert stats["downloader/request_count"] == 3 + 2 + 5
    gaps = [b - a for a, b in itertools.pairwise(limited)]
    assert min(gaps) >= 1.0, f"Retry-After: 1 was honoured between attempts: gaps {gaps}"
    assert busy[1] - busy[0] >= 0.25, "the 503 waited at least half the 0.5 s backoff base"
    assert (stats["portalwatch/retry/retry_after"], stats["portalwatch/retry/backoff"]) == (2, 1)
    assert stats["retry/count"] == 3 and "portalwatch/retry/gave_up" not in stats
    assert stats["retry/reason_count/429 Too Many Requests"] == 2
    assert max(others) < limited[1], "the other host was crawled in full while /limited waited"
    slowed = [i for i in items if i["slot"] == "127.0.0.1"]
    assert all(i["delay"] == i["floor"] >= 1.0 for i in slowed), (
        f"the slowed host kept its raised delay through AutoThrottle's adjustments: {slowed}"
    )
    assert all(i["floor"] is None and i["delay"] < 0.5 for i in items if i["slot"] == "other")


def endless_pages(path: str, nth: int) -> Answer:
    """A listing that pages for ever, as calendars and faceted searches do."""
    n = int(path.rsplit("/", 1)[1]) if path.startswith("/page/") else 0
    return 200, {}, f'<a href="/page/{n + 1}">Trang sau</a>'


@pytest.mark.integration
def test_the_page_budget_stops_a_runaway_crawl_with_closespider_pagecount() -> None:
    with serve(endless_pages) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        by_setting = crawl(
            base, [("/page/0", "127.0.0.1")], DOWNLOAD_DELAY=0, AUTOTHROTTLE_ENABLED=False, PORTALWATCH_PAGE_BUDGET=6
        )
        pages_by_setting = len(server.hits)
        by_registry = crawl(
            base,
            [("/page/0", "127.0.0.1")],
            registry=PROBE + "page_budget = 4\n",
            DOWNLOAD_DELAY=0,
            AUTOTHROTTLE_ENABLED=False,
            PORTALWATCH_PAGE_BUDGET=6,
        )
        pages_by_registry = len(server.hits) - pages_by_setting
    assert by_setting["stats"]["finish_reason"] == "closespider_pagecount"
    assert by_setting["stats"]["response_received_count"] == 6 == pages_by_setting
    assert len(by_setting["items"]) == 6
    assert by_registry["stats"]["finish_reason"] == "closespider_pagecount", "the registry's budget wins"
    assert by_registry["stats"]["response_received_count"] == 4 == pages_by_registry
