"""Portal health without a crawl: the checks on run facts, the store's state and its one alert, the field
counting pipeline, the cross-check's title comparison and the status table."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from crawler.monitors import checks
from crawler.monitors.checks import Context, Health, Thresholds
from crawler.monitors.facts import RunFacts
from crawler.monitors.pagechecks import titles_agree
from crawler.monitors.status import portal_status
from crawler.store import RunRecord, Store
from crawler.store.base import HealthState
from crawler.vocab import Cms
from pipelines.health import HealthPipeline

NOW = datetime(2025, 7, 10, 8, 0, tzinfo=UTC)
FULL = {"title": 1.0, "published": 1.0, "body": 1.0, "byline": 0.9}
GOOD = RunFacts(
    status="ok", items=40, new=3, listing_pages=4, article_pages=40, requests=45, links=60, checked=40,
    coverage=FULL, sampled=5, own_pages=45,
)  # fmt: skip
DOWN = RunFacts(status="failed", requests=3, errors=3)
POSTING = [NOW - timedelta(days=2 * i + 1) for i in range(20)]  # one article every two days, the last yesterday


def ctx(facts: RunFacts, *history: RunFacts, posting: list[datetime] = POSTING, **kw: object) -> Context:
    return Context("p", facts, list(history), posting, kw.pop("now", NOW), Thresholds(), **kw)  # type: ignore[arg-type]


def judged(facts: RunFacts, *history: RunFacts, **kw: object) -> checks.Finding:
    c = ctx(facts, *history, **kw)
    return checks.verdict([f for f in (check(c) for check in checks.CHECKS) if f is not None], c)


def test_a_portal_read_as_usual_is_healthy() -> None:
    assert judged(GOOD, GOOD, GOOD).status == Health.HEALTHY


def test_coverage_drop_is_broken_naming_the_fields() -> None:
    themed = replace(GOOD, coverage={"title": 1.0, "published": 0.0, "body": 1.0, "byline": 0.3})
    found = judged(themed, GOOD, GOOD)
    assert (found.status, found.fields) == (Health.BROKEN, ("published", "byline"))
    assert "published chỉ có ở 0% số bài (thường 100%)" in found.reason


def test_few_articles_judge_no_coverage() -> None:
    few = replace(GOOD, checked=3, coverage={"title": 1.0, "published": 0.0, "body": 1.0, "byline": 0.0})
    assert judged(few, GOOD).status == Health.HEALTHY


def test_unread_article_pages_are_selector_failures() -> None:
    unread = replace(GOOD, items=0, checked=0, coverage={}, selector_failures={"page": 12}, sampled=0)
    found = judged(unread, GOOD)
    assert (found.status, found.fields) == (Health.BROKEN, ("article",))
    assert "12 không đọc được" in found.reason


def test_generic_extractor_disagreeing_is_broken_on_title() -> None:
    odd = replace(GOOD, sampled=5, disagreed=4, disagreement="http://x/1: adapter 'Trang chủ', generic 'Hội nghị'")
    found = judged(odd, GOOD)
    assert (found.status, found.fields) == (Health.BROKEN, ("title",))


def test_listings_without_articles_are_broken_only_after_some() -> None:
    empty = replace(GOOD, items=0, links=0, article_pages=0, checked=0, coverage={}, sampled=0)
    assert judged(empty, GOOD).fields == ("listing",)
    assert judged(empty).status == Health.HEALTHY  # a new portal that never listed anything: nothing to compare
    unchanged = replace(empty, mode="incremental", listing_pages=1)  # an API asked for changes answers none
    assert judged(unchanged, GOOD).status == Health.HEALTHY
    assert judged(replace(unchanged, deep=True), GOOD).fields == ("listing",)


def test_broken_stays_broken_through_runs_that_read_no_article() -> None:
    previous = HealthState("p", "broken", "published chỉ có ở 0%", NOW, NOW, ("published",))
    nothing_new = replace(GOOD, items=0, new=0, article_pages=0, checked=0, coverage={}, sampled=0, links=60)
    assert judged(nothing_new, GOOD, previous=previous).fields == ("published",)
    assert judged(GOOD, GOOD, previous=previous).status == Health.HEALTHY  # read well again: cleared


def test_unreachable_after_two_runs_that_read_nothing() -> None:
    assert judged(DOWN, GOOD).status == Health.HEALTHY
    assert judged(DOWN, DOWN, GOOD).status == Health.UNREACHABLE


def test_moved_after_two_runs_redirected_to_one_site() -> None:
    moved = RunFacts(status="failed", requests=4, errors=2, offsite_redirects=4, redirect_target="https://tinh.gov.vn")
    assert judged(moved, GOOD).status == Health.HEALTHY  # one run: not yet lasting, and not unreachable either
    found = judged(moved, moved, GOOD)
    assert (found.status, found.successor) == (Health.MOVED, "https://tinh.gov.vn")
    elsewhere = replace(moved, redirect_target="https://khac.gov.vn")
    assert judged(moved, elsewhere, GOOD).status == Health.HEALTHY


def test_gone_after_three_runs_of_410_or_dns_failures() -> None:
    gone = RunFacts(status="failed", requests=2, errors=2, gone=2)
    dns = RunFacts(status="failed", requests=2, errors=2, dns_failures=2)
    assert judged(gone, gone, GOOD).status == Health.HEALTHY
    found = judged(gone, dns, gone, GOOD)
    assert found.status == Health.GONE and "410" in found.reason
    assert judged(dns, dns, dns).reason.startswith("cổng có tên miền không còn phân giải được")


def test_quiet_after_three_usual_gaps_and_two_days() -> None:
    assert judged(GOOD, now=POSTING[0] + timedelta(days=5)).status == Health.HEALTHY  # 5 days < 3 x 2 days
    found = judged(GOOD, now=POSTING[0] + timedelta(days=7))
    assert found.status == Health.QUIET
    assert found.reason.startswith(f"không có bài mới từ {POSTING[0].date().isoformat()} (7 ngày")
    hourly = [NOW - timedelta(hours=i) for i in range(30)]
    assert judged(GOOD, posting=hourly, now=NOW + timedelta(days=1)).status == Health.HEALTHY  # under the 2-day floor


def test_facts_round_trip_through_json() -> None:
    stats = {
        "portalwatch/items/new": 3,
        "portalwatch/items/unchanged": 2,
        "portalwatch/fields/checked": 4,
        "portalwatch/fields/title": 4,
        "portalwatch/fields/published": 1,
        "portalwatch/selector_failures/body": 1,
        "downloader/request_count": 10,
        "portalwatch/errors/download": 1,
        "downloader/response_status_count/410": 2,
    }
    facts = RunFacts.from_stats(stats, "partial")
    assert (facts.items, facts.new, facts.gone, facts.error_rate) == (5, 3, 2, 0.1)
    assert facts.coverage == {"title": 1.0, "published": 0.25, "body": 0.0, "byline": 0.0}
    assert facts.selector_failures == {"body": 1}
    assert RunFacts.from_json(facts.as_json()) == facts


def health_alerts(store: Store) -> list[dict[str, object]]:
    return [a for a in store.alerts() if a["kind"] == "portal_health"]


def test_a_change_of_state_alerts_once(store: Store) -> None:
    def state(status: str, run: int, fields: tuple[str, ...] = ()) -> HealthState:
        return HealthState("p", status, f"{status} reason", NOW + timedelta(hours=run), NOW, fields, run_id=run)

    detail = {"status": "broken", "reason": "x", "fields": ["published"]}
    assert store.set_health(state("quiet", 1), {"status": "quiet"}) is None  # the first judgement is the baseline
    alert = store.set_health(state("broken", 2, ("published",)), detail)
    assert alert is not None
    assert store.set_health(state("broken", 2, ("published",)), detail) is None  # the same judgement again
    assert store.set_health(state("broken", 3, ("published",)), detail) is None  # unchanged
    assert store.set_health(state("healthy", 4), None) is None  # a recovery is recorded, not alerted
    [only] = health_alerts(store)
    assert (only["alert_id"], only["portal"], only["detail"]) == (alert, "p", detail)
    saved = store.health_states()["p"]
    assert (saved.status, saved.since) == ("healthy", NOW + timedelta(hours=4))


def test_quarantined_pages_are_named_by_one_alert(store: Store) -> None:
    def item(n: int, quarantine: str | None) -> ArticleItem:
        return ArticleItem("p", f"http://p/{n}", "nukeviet", f"Bài {n}", lead="x" * n, quarantine=quarantine)

    for n, q in [(1, None), (2, "gambling spam: nhà cái"), (3, "gambling spam: nổ hũ")]:
        store.save_article(item(n, q), f"k{n}", ["meeting"])
    kinds = [a["kind"] for a in store.alerts()]
    assert kinds == ["meeting"]  # the real article only
    alert, urls = store.alert_quarantined("p", NOW) or (0, [])
    assert alert and urls == ["http://p/2", "http://p/3"]
    assert store.alert_quarantined("p", NOW) is None
    assert store.posting_times("p", 10) and len(store.posting_times("p", 10)) == 1


def test_pipeline_counts_fields_and_quarantines_spam() -> None:
    crawler = get_crawler()
    crawler.stats.open_spider()  # type: ignore[union-attr]
    pipeline = HealthPipeline.from_crawler(crawler)
    good = ArticleItem("p", "http://p/1", "nukeviet", "Hội nghị", lead="Sáng nay", published=NOW, byline="BT")
    bare = ArticleItem("p", "http://p/2", "nukeviet", "Tin", lead=None)
    spam = ArticleItem("p", "http://p/3", "nukeviet", "Nhà cái uy tín", lead="Nổ hũ, tài xỉu, đăng ký nhận")
    for it in (good, bare, spam):
        pipeline.process_item(it)
    stats = crawler.stats.get_stats()  # type: ignore[union-attr]
    facts = RunFacts.from_stats(stats, "ok")
    assert facts.checked == 3 and facts.coverage["published"] == round(1 / 3, 4)
    assert facts.selector_failures == {"body": 1}
    assert facts.quarantined == 1 and spam.quarantine and good.quarantine is None


def test_titles_agree_folded_and_with_a_site_suffix() -> None:
    assert titles_agree(
        "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 9", "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 9 - Huyện ủy"
    )
    assert titles_agree("Huyện uỷ họp", "huyện ủy họp")
    assert not titles_agree("Trang chủ", "Hội nghị Ban Chấp hành")
    assert not titles_agree("Hội nghị", None)


def test_status_table_reads_state_and_runs(store: Store) -> None:
    run_id = store.start_run("p", NOW, "full")
    store.finish_run(run_id, RunRecord("p", NOW, NOW, "ok", 44, 3, 0, 37, 0, 0, "finished", facts=GOOD.as_json()))
    store.set_health(HealthState("p", "healthy", "", NOW, NOW, run_id=run_id), None)
    store.start_run("q", NOW, "full")  # running: no state yet
    [p, q] = portal_status(store)
    assert (p["portal"], p["status"], p["items_last_run"], p["coverage"]) == ("p", "healthy", 40, FULL)
    assert p["last_success"] == "2025-07-10T15:00:00+07:00"
    assert (q["portal"], q["status"], q["last_success"], q["coverage"]) == ("q", "unknown", None, None)
    assert set(p) >= {"portal", "status", "last_success", "items_last_run", "coverage", "reason"}


def test_web_page_shows_the_health_strip_first(store: Store, store_location: str) -> None:
    from starlette.testclient import TestClient

    from crawler.server import create_app

    run_id = store.start_run("sim-tanhong", NOW, "full")
    store.finish_run(run_id, RunRecord("sim-tanhong", NOW, NOW, "ok", 4, 0, 0, 4, 0, 0, "finished"))
    store.set_health(HealthState("sim-tanhong", "healthy", "", NOW, NOW, run_id=run_id), None)
    broken = HealthState("sim-tanhong", "broken", "published chỉ có ở 0% số bài", NOW, NOW, ("published",), run_id=9)
    store.set_health(broken, {"status": "broken", "reason": broken.reason, "fields": ["published"]})
    with TestClient(create_app(store_location)) as client:
        page = client.get("/").text
    strip = page[page.index('id="health"') : page.index("</p>", page.index('id="health"'))]
    assert "sim-tanhong: hỏng (published)" in strip
    assert 'title="published chỉ có ở 0% số bài' in strip
    assert page.index('id="health"') < page.index('class="entries"')  # above the entries
    with TestClient(create_app(store_location)) as client:
        feed = client.get("/feed.json", params={"kind": "portal_health"}).json()
    [item] = feed["items"]
    assert "published chỉ có ở 0% số bài" in item["content_text"]


PLANTED = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Nhà cái uy tín nhất 2025</title></head>
<body><article><h1>Nhà cái uy tín nhất 2025</h1>
<p>Nhà cái uy tín hàng đầu: casino trực tuyến, nổ hũ, bắn cá đổi thưởng, tài xỉu online cho mọi người chơi.</p>
<p>Đăng ký nhận ngay 100K, nạp tiền nhanh, rút tiền nhanh trong 3 phút. Link vào không bị chặn.</p>
<p><a href="https://fb88.example/dang-ky">Đăng ký</a> <a href="https://jun88.example/">Vào ngay</a></p>
</article></body></html>"""


def test_a_spam_page_outside_the_template_is_quarantined_not_failed() -> None:
    from types import SimpleNamespace

    from scrapy import Request
    from scrapy.http import HtmlResponse

    from crawler.monitors.pagechecks import PageChecks
    from crawler.registry import load_registry

    crawler = get_crawler()
    crawler.stats.open_spider()  # type: ignore[union-attr]
    crawler.spider = SimpleNamespace(portal=load_registry()["sim-tuyphong"])  # type: ignore[assignment]
    stats = crawler.stats
    assert stats is not None

    def parse_article(response: object) -> list[object]:  # the spider's callback, failing as on a foreign page
        stats.inc_value("portalwatch/selector_failures/page")
        stats.inc_value("portalwatch/errors/parse")
        return []

    url = "http://127.0.0.1:8705/uploads/nha-cai-uy-tin.html"
    response = HtmlResponse(url, body=PLANTED.encode(), encoding="utf-8", request=Request(url, callback=parse_article))
    [item] = list(PageChecks(crawler).process_spider_output(response, parse_article(response)))
    assert isinstance(item, ArticleItem)
    assert item.quarantine and item.quarantine.endswith("(not in the portal's template)")
    assert item.outlinks == ["https://fb88.example/dang-ky", "https://jun88.example/"]
    facts = RunFacts.from_stats(stats.get_stats(), "ok")
    assert (facts.errors, facts.selector_failures) == (0, {})

    page = "<html><body><p>Trang chủ</p></body></html>".encode()
    ordinary = HtmlResponse(url, body=page, encoding="utf-8", request=response.request)
    assert list(PageChecks(crawler).process_spider_output(ordinary, [])) == []


def test_article_links_are_read_ahead_from_the_tree_the_adapter_takes_over() -> None:
    from types import SimpleNamespace
    from urllib.parse import urlsplit

    from scrapy import Request
    from scrapy.http import HtmlResponse

    from crawler.adapters.base import _AHEAD, adapter_for
    from crawler.monitors.pagechecks import PageChecks
    from crawler.registry import load_registry

    portal = load_registry()["sim-tuyphong"]
    crawler = get_crawler(settings_dict={"PORTALWATCH_HEALTH_SAMPLE": 0})
    crawler.stats.open_spider()  # type: ignore[union-attr]
    crawler.spider = SimpleNamespace(portal=portal)  # type: ignore[assignment]
    adapter = adapter_for(replace(portal, cms=Cms.WORDPRESS))  # the adapter that drops furniture from its tree
    page = (
        '<html><body class="single postid-7"><article id="post-7"><h1 class="entry-title">Hội nghị</h1>'
        '<div class="entry-content"><p>Nội dung <a href="https://baochinhphu.vn/x">nguồn</a>.</p>'
        '<div class="sharedaddy"><a href="https://facebook.com/sharer?u=1">Chia sẻ</a></div>'
        '<p><a href="/tin-khac">Tin khác</a></p></div></article></body></html>'
    )
    url = "https://tuyphong.binhthuan.gov.vn/2025/07/hoi-nghi/"

    def parse_article(response: HtmlResponse) -> list[object]:
        assert response in _AHEAD  # parsed ahead, handed to the adapter
        item = adapter.parse_article(response)
        assert response not in _AHEAD
        return [item]

    response = HtmlResponse(url, body=page.encode(), encoding="utf-8", request=Request(url, callback=parse_article))
    checks = PageChecks(crawler)
    checks.process_spider_input(response)
    [item] = list(checks.process_spider_output(response, parse_article(response)))
    served = {response.urljoin(h) for h in response.css("a::attr(href)").getall()}
    assert item.outlinks == sorted(h for h in served if urlsplit(h).hostname != "tuyphong.binhthuan.gov.vn")
    assert item.outlinks == ["https://baochinhphu.vn/x", "https://facebook.com/sharer?u=1"]  # furniture's too
    assert "Chia sẻ" not in item.text  # while the adapter dropped the furniture from its reading
