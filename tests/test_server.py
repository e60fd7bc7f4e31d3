"""``portalwatch serve`` over HTTP on a crawled store: every route, its filters, paging and escaping."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime
from html import unescape
from pathlib import Path

import feedparser
import httpx
import icalendar
import pytest
from support import ARCHIVED, EDIT, HOSTILE_CLEAN, SEED, WORKBENCH_PORTALS, Workbench

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
    assert "<option selected>Đồng Tháp</option>" in html and 'href="/portals/sim-tuyenhoa"' in html  # health strip
    assert html.count('<li class="entry"') == 5 and "Tuyên Hóa" not in html[html.index('class="entries"') :]
    detail = httpx.get(f"{base}/entries/article:{_hostile_id(server[1])}")
    assert "<script>" not in detail.text and "&lt;script&gt;" in detail.text
    assert (
        HOSTILE_CLEAN.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("& ", "&amp; ")
        in detail.text
    )
    assert httpx.get(f"{base}/entries/article:999999").status_code == 404
    wrong = httpx.get(f"{base}/", params={"province": "Atlantis"})
    assert wrong.status_code == 400 and "Không có cổng nào thuộc tỉnh “Atlantis”." in wrong.text


def _hostile_id(db: Path) -> int:
    return int(sqlite3.connect(db).execute("SELECT id FROM articles WHERE dedupe_key = 'hostile'").fetchone()[0])


# The workbench: its own store with copies across portals, an edit and a takedown with evidence -----------------

VN_STAMP = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4} \d{2}:\d{2}\b")


def visible(html: str) -> str:
    """The text a reader sees of a page (tags and attribute values dropped, entities decoded)."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


def entries_of(html: str) -> list[str]:
    """Titles of a listing's entries, in page order."""
    return [unescape(t) for t in re.findall(r'<a class="title" href="/entries/[^"]+">([^<]*)</a>', html)]


def shown_dates(html: str) -> list[datetime]:
    return [datetime.fromisoformat(d) for d in re.findall(r'<time class="shown" datetime="([^"]+)"', html)]


def seed_ids(db: Path) -> tuple[int, int]:
    """The seed article's id and its meeting alert's."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT a.id, m.id FROM articles a JOIN alerts m ON m.article_id = a.id AND m.kind = 'meeting'"
            " WHERE a.title = ? AND a.portal = 'sim-tanhong'",
            (SEED,),
        ).fetchone()
    finally:
        conn.close()
    return int(row[0]), int(row[1])


def test_home_lists_by_publication_date_in_vietnamese_dates(workbench: Workbench) -> None:
    html = httpx.get(workbench.base + "/").text
    dates = shown_dates(html)
    assert len(dates) == 50 and dates == sorted(dates, reverse=True)
    # The 2019 article was found last: the feed puts it first, the workbench by its publication date.
    assert feedparser.parse(httpx.get(workbench.base + "/feed.atom").content).entries[0].title == ARCHIVED
    assert ARCHIVED not in entries_of(html)
    text = visible(html)
    assert VN_STAMP.search(text) and not re.search(r"\d{4}-\d{2}-\d{2}T|\d{2}:\d{2}:\d{2}\.\d", text)
    assert "+07:00" not in text and ".000000" not in html
    nxt = re.search(r'<a id="older" href="([^"]+)"', html)
    assert nxt is not None
    second = httpx.get(workbench.base + unescape(nxt[1])).text
    ids = re.findall(r'<li class="entry" data-id="([^"]+)"', html)
    assert shown_dates(second)[0] <= dates[-1] and not set(re.findall(r'data-id="([^"]+)"', second)) & set(ids)


def test_home_search_folds_vietnamese_and_pages(workbench: Workbench) -> None:
    folded = httpx.get(workbench.base + "/", params={"q": "ky hop"}).text
    accented = httpx.get(workbench.base + "/", params={"q": "Kỳ họp"}).text
    titles = entries_of(folded)
    assert SEED in titles and titles == entries_of(accented)
    assert all("kỳ họp" in t.lower() or "ky hop" in t.lower() for t in titles[:5])
    assert 'value="ky hop"' in folded and "Kết quả tìm “ky hop”" in folded
    # The title found last and dated 2019 is found by its words, with or without diacritics or the bar of "đ".
    assert entries_of(httpx.get(workbench.base + "/", params={"q": "nguyen lanh dao xuan 2019"}).text) == [ARCHIVED]
    assert entries_of(httpx.get(workbench.base + "/", params={"q": "huyện ủy tuy phong xuân 2019"}).text) == [ARCHIVED]
    # With a filter: only Tân Hồng's own portal.
    own = entries_of(httpx.get(workbench.base + "/", params={"q": "ky hop", "portal": "sim-tanhong"}).text)
    assert SEED in own and len(own) < len(titles)
    none = httpx.get(workbench.base + "/", params={"q": "zzzz qqqq"}).text
    assert "Không có bài nào khớp “zzzz qqqq” trong kho dữ liệu" in none and str(workbench.db) in none


def test_calendar_month_shows_meetings_on_their_days_with_filters(workbench: Workbench) -> None:
    page = httpx.get(workbench.base + "/calendar", params={"month": "2022-07", "portal": "sim-tanhong"})
    assert page.status_code == 200 and page.headers["content-security-policy"].startswith("default-src 'none'")
    html = page.text
    _, alert = seed_ids(workbench.db)
    day = html[html.index('id="day-2022-07-11"') : html.index("</td>", html.index('id="day-2022-07-11"'))]
    assert f'href="/entries/alert:{alert}"' in day and unescape(visible(day)).count(SEED) == 1
    assert "Tháng 7/2022" in html and 'href="/calendar?portal=sim-tanhong&amp;month=2022-06"' in html
    sessions = httpx.get(workbench.base + "/calendar", params={"month": "2022-07", "kind": "council_session"}).text
    assert SEED not in unescape(sessions) and "Kỳ họp thứ 10 HĐND huyện Tân Hồng" in unescape(sessions)
    body = "Ban Chấp hành Đảng bộ huyện Tân Hồng"
    only = httpx.get(workbench.base + "/calendar", params={"month": "2022-07", "body": body}).text
    assert f"<option selected>{body}</option>" in only
    assert SEED in unescape(only) and "Kỳ họp thứ 10 HĐND" not in unescape(only)
    assert "party_committee_conference" not in visible(only) and "Hội nghị Ban Chấp hành / Ban Thường vụ" in only
    bad = httpx.get(workbench.base + "/calendar", params={"month": "2022-13"})
    assert bad.status_code == 400 and "“2022-13” không phải là một tháng" in bad.text


def test_entry_page_shows_the_article_its_files_copies_and_meeting(workbench: Workbench) -> None:
    article, alert = seed_ids(workbench.db)
    page = httpx.get(f"{workbench.base}/entries/alert:{alert}")
    assert page.status_code == 200
    html, text = page.text, visible(page.text)
    assert f'<h1 id="title">{SEED}</h1>' in html
    for shown in ("11/7/2022 16:20", "BT: Kim Lệ + Ảnh: Chí Dũng", "Tin hoạt động", "Tân Hồng, Đồng Tháp"):
        assert shown in text, shown
    assert "Hội nghị Ban Chấp hành / Ban Thường vụ" in text and "Ngày họp" in text and "11/7/2022" in text
    assert "party_committee_conference" not in html and "held:" not in html and "đã diễn ra: tổ chức" in text
    conn = sqlite3.connect(workbench.db)
    body, attachments, cluster = conn.execute(
        "SELECT body, attachments, cluster_id FROM articles WHERE id = ?", (article,)
    ).fetchone()
    copies = conn.execute("SELECT id FROM articles WHERE cluster_id = ? AND id != ?", (cluster, article)).fetchall()
    conn.close()
    assert all(unescape(p) in unescape(html) for p in json.loads(body))
    assert copies and all(f'href="/entries/article:{i}"' in html for (i,) in copies)
    assert "Cũng đăng trên" in text and REGISTRY["sim-dongthap"].name in text
    for a in json.loads(attachments):
        assert f'href="{a["url"]}"' in html and a["title"] in text
    # An article with files, and copies of it: each file a link with its type and title.
    conn = sqlite3.connect(workbench.db)
    other = conn.execute(
        "SELECT id, attachments FROM articles a WHERE attachments != '[]' AND portal = 'sim-tanhong'"
        " AND (SELECT count(*) FROM articles c WHERE c.cluster_id = a.cluster_id) > 1 LIMIT 1"
    ).fetchone()
    conn.close()
    filed = httpx.get(f"{workbench.base}/entries/article:{other[0]}").text
    [pdf] = json.loads(other[1])
    section = filed[filed.index('id="attachments"') : filed.index("</ul>", filed.index('id="attachments"'))]
    assert f'<span class="filetype">PDF</span> <a href="{pdf["url"]}"' in section and pdf["title"] in section
    assert 'id="copies"' in filed


def test_entry_page_non_meeting_says_why_and_keeps_hostile_links_inert(workbench: Workbench) -> None:
    html = httpx.get(f"{workbench.base}/entries/article:{workbench.archived_id}").text
    assert f'<h1 id="title">{ARCHIVED}</h1>' in html and "5/3/2019 10:00" in visible(html)
    assert 'href="javascript' not in html and 'src="javascript' not in html and 'id="source"' not in html
    assert '<a href="https://example.test/ke-hoach.docx" rel="noopener noreferrer">Kế hoạch năm 2019</a>' in html
    assert "Tệp độc" in html and "(địa chỉ không phải http, không mở)" in html  # shown as text, never a link
    assert "Ảnh độc" not in html  # an image that is not http(s) is not shown at all
    assert (
        '<p class="why-not" id="why-not">Không xếp vào báo cáo cuộc họp: lễ, mít tinh, gặp mặt, trao tặng.</p>' in html
    )


def test_entry_page_shows_the_evidence_trail(workbench: Workbench) -> None:
    conn = sqlite3.connect(workbench.db)
    edited = conn.execute("SELECT id FROM articles WHERE url = ?", (workbench.edited_url,)).fetchone()[0]
    removed = conn.execute("SELECT id FROM articles WHERE url = ?", (workbench.removed_url,)).fetchone()[0]
    conn.close()
    html = httpx.get(f"{workbench.base}/entries/article:{edited}").text
    trail = html[html.index('id="trail"') :]
    assert "Các phiên bản đã lưu" in trail and "bản đầu tiên" in trail and "đã sửa" in trail
    assert f"<ins>{EDIT}</ins>" in trail
    gone = httpx.get(f"{workbench.base}/entries/article:{removed}").text
    assert re.search(
        r'id="removed-on">Gỡ bỏ ngày <time datetime="[^"]+">\d{1,2}/\d{1,2}/\d{4} \d{2}:\d{2}</time>', gone
    )
    assert "không còn trên cổng (404)" in gone and "Gỡ khỏi cổng" in gone


def test_unknown_entries_and_portals_are_404_in_vietnamese(workbench: Workbench) -> None:
    for path in (
        "/entries/article:" + "9" * 20,
        "/entries/article:99999999",
        "/entries/alert:0",
        "/entries/article:-1",
        "/entries/nonsense",
        "/entries/article:١٢",
        "/portals/nope",
    ):
        resp = httpx.get(workbench.base + path)
        assert resp.status_code == 404, path
        assert "Không tìm thấy" in resp.text and resp.headers["content-type"].startswith("text/html"), path


def test_portal_page_lists_runs_and_health(workbench: Workbench) -> None:
    html = httpx.get(workbench.base + "/portals/sim-tanhong").text
    assert f"<h1>{REGISTRY['sim-tanhong'].name}</h1>" in html
    rows = re.findall(r'<tr class="run-(\w+)">', html)
    assert rows == ["ok", "ok"]  # two crawls, newest first
    assert "Tình trạng" in html and "Các lần chạy gần đây" in html and VN_STAMP.search(visible(html))
    home = httpx.get(workbench.base + "/").text
    strip = home[home.index('id="health"') : home.index("</p>", home.index('id="health"'))]
    assert home.index('id="health"') < home.index('class="entries"')
    assert all(f'href="/portals/{s}"' in strip or "cổng bình thường" in strip for s in WORKBENCH_PORTALS)
