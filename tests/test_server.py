"""``portalwatch serve`` over HTTP on a crawled store: every route, its filters, paging and escaping."""

from __future__ import annotations

from pathlib import Path

import feedparser
import httpx
import icalendar
import pytest
from support import HOSTILE_CLEAN, SEED

from crawler.registry import load_registry

REGISTRY = load_registry()
pytestmark = pytest.mark.integration  # `portalwatch serve` in a child process, on the shared crawled store


@pytest.fixture(scope="module")
def server(served: str, alert_store: Path) -> tuple[str, Path]:
    return served, alert_store


def test_healthz_counts_and_portal_health(server: tuple[str, Path]) -> None:
    base, _ = server
    health = httpx.get(f"{base}/healthz").json()
    assert health["status"] == "ok" and health["articles"] > 700 and health["alerts"] > 200
    assert health["portals_failing"] == []


def test_atom_route_filters_and_pages_with_absolute_next_links(server: tuple[str, Path]) -> None:
    base, _ = server
    first = feedparser.parse(httpx.get(f"{base}/feed.atom", params={"province": "Quảng Bình", "limit": 30}).content)
    assert not first.bozo and len(first.entries) == 30
    assert {e.author for e in first.entries} == {REGISTRY["sim-tuyenhoa"].name}
    [nxt] = [link.href for link in first.feed.links if link.rel == "next"]
    assert nxt.startswith(f"{base}/feed.atom?province=")
    second = feedparser.parse(httpx.get(nxt).content)
    assert len(second.entries) == 30 and not {e.id for e in first.entries} & {e.id for e in second.entries}
    assert first.entries[-1].updated >= second.entries[0].updated


def test_json_and_ics_routes(server: tuple[str, Path]) -> None:
    base, _ = server
    resp = httpx.get(f"{base}/feed.json", params={"kind": "congress", "limit": 3})
    assert resp.headers["content-type"] == "application/feed+json; charset=utf-8"
    doc = resp.json()
    assert len(doc["items"]) == 3 and doc["feed_url"] == f"{base}/feed.json?kind=congress&limit=3"
    assert all(i["title"].startswith("Đại hội") for i in doc["items"])
    assert httpx.get(doc["next_url"]).json()["items"][0]["id"] not in {i["id"] for i in doc["items"]}
    cal = icalendar.Calendar.from_ical(httpx.get(f"{base}/meetings.ics", params={"district": "Tân Hồng"}).content)
    seed = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]) == SEED)
    assert seed.decoded("DTSTART").isoformat() == "2022-07-11"


def test_api_routes(server: tuple[str, Path]) -> None:
    base, _ = server
    articles = httpx.get(f"{base}/api/articles", params={"portal": "sim-tuyphong", "limit": 3}).json()
    assert len(articles["articles"]) == 3 and all(a["portal"] == "sim-tuyphong" for a in articles["articles"])
    assert all(isinstance(a["body"], list) and a["body"] for a in articles["articles"])
    assert httpx.get(articles["next_url"]).json()["articles"][0]["id"] < articles["articles"][-1]["id"]
    edited = httpx.get(f"{base}/api/alerts", params={"kind": "article_edited"}).json()
    [alert] = edited["alerts"]
    assert (alert["kind"], alert["article"]["title"], alert["time"]) == (
        "article_edited",
        SEED,
        "2099-01-01T07:00:00+07:00",
    )
    bad = httpx.get(f"{base}/api/alerts", params={"kind": "nonsense"})
    assert bad.status_code == 400 and bad.json()["error"].startswith("unknown kind nonsense; use one of:")


def test_page_filters_escapes_and_links_entries(server: tuple[str, Path]) -> None:
    base, _ = server
    page = httpx.get(f"{base}/", params={"province": "Đồng Tháp", "kind": "new_article", "limit": 5})
    assert page.status_code == 200 and "script-src" not in page.headers["content-security-policy"]
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    html = page.text
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; ]]&gt; &amp;" in html
    assert "<option selected>Đồng Tháp</option>" in html and "sim-tuyenhoa</td>" in html  # health table
    assert html.count('<li class="entry"') == 5 and "(sim-tuyenhoa" not in html
    detail = httpx.get(f"{base}/entries/article:{_hostile_id(server[1])}")
    assert "<script>" not in detail.text and "&lt;script&gt;" in detail.text
    assert (
        HOSTILE_CLEAN.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("& ", "&amp; ")
        in detail.text
    )
    assert httpx.get(f"{base}/entries/article:999999").status_code == 404
    wrong = httpx.get(f"{base}/", params={"province": "Atlantis"})
    assert wrong.status_code == 400 and "no portal in province Atlantis" in wrong.text


def _hostile_id(db: Path) -> int:
    import sqlite3

    return int(sqlite3.connect(db).execute("SELECT id FROM articles WHERE dedupe_key = 'hostile'").fetchone()[0])
