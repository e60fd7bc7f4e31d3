"""The store pipeline decides the alerts of a new article: ``new_article`` for every one, ``meeting`` once a story.

A subscriber asking for ``new_article`` receives one alert per new article (meeting reports too) and the feed
shows the same articles as entries; a ``meeting`` subscriber receives one alert per story.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from scrapy.utils.test import get_crawler

from crawler.dates import TZ
from crawler.enrich import process
from crawler.feed import parse_request
from crawler.items import ArticleItem
from crawler.registry import load_registry
from crawler.store import open_store
from pipelines.store import StorePipeline

REGISTRY = load_registry()
MEETING_LEAD = "Sáng ngày 11/7/2022, BCH Đảng bộ huyện Tân Hồng tổ chức kỳ họp lần thứ 9 để đánh giá tình hình."


def item(portal: str, n: int, title: str, lead: str) -> ArticleItem:
    return process(
        ArticleItem(
            portal=portal,
            url=f"http://127.0.0.1:9/{portal}/bai-{n}",
            cms="liferay",
            title=title,
            content_id=str(n),
            lead=lead,
            body=["Đoạn hai của bài, đủ dài để so sánh các bản sao của cùng một tin."],
            published=datetime(2022, 7, 11, 16, 20 + n, tzinfo=TZ),
        )
    )


def test_every_new_article_raises_new_article_and_a_story_one_meeting_alert(tmp_path: Path) -> None:
    db = tmp_path / "pw.sqlite3"
    crawler = get_crawler(settings_dict={"PORTALWATCH_DB": str(db)})
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    meeting = item("sim-tanhong", 1, "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng", MEETING_LEAD)
    plain = item("sim-tanhong", 2, "Tân Hồng ra quân làm thủy lợi mùa khô", "Nông dân ra quân nạo vét kênh mương.")
    copy = item("sim-dongthap", 3, meeting.title, MEETING_LEAD)  # the same story on another portal
    assert meeting.is_meeting_report and not plain.is_meeting_report
    for it in (meeting, plain, copy, meeting):  # the last one is unchanged: no alert
        pipeline.process_item(it)
    pipeline.close_spider()
    assert crawler.stats is not None
    assert crawler.stats.get_value("portalwatch/items/new") == 3
    assert crawler.stats.get_value("portalwatch/items/unchanged") == 1

    store = open_store(db)
    alerts = store.outbox.alerts_after(0)
    assert sorted((a["portal"], a["kind"]) for a in alerts) == [
        ("sim-dongthap", "new_article"),
        ("sim-tanhong", "meeting"),
        ("sim-tanhong", "new_article"),
        ("sim-tanhong", "new_article"),
    ]

    def sent(params: dict[str, list[str]]) -> list[tuple[str, str]]:
        flt = parse_request(params, REGISTRY).filter
        return sorted((a["portal"], a["kind"]) for a in alerts if flt.matches(a))

    assert sent({"kind": ["new_article"]}) == [
        ("sim-dongthap", "new_article"),
        ("sim-tanhong", "new_article"),
        ("sim-tanhong", "new_article"),
    ]
    assert sent({"kind": ["meeting"]}) == sent({"kind": ["party_committee_conference"]}) == [("sim-tanhong", "meeting")]
    assert sent({}) == [("sim-tanhong", "meeting")], "without a kind a subscriber gets the alerts, not every article"
    # The feed shows the same three articles as entries, each once, and the meeting as its alert entry.
    flt = parse_request({"kind": ["new_article"]}, REGISTRY).filter
    shown = store.feed.entries(flt, limit=50).entries
    assert sorted(e["article"]["title"] for e in shown) == sorted([meeting.title, plain.title, copy.title])
    default = store.feed.entries(parse_request({}, REGISTRY).filter, limit=50).entries
    assert sorted(e["kind"] for e in default) == ["meeting", "new_article", "new_article"]
    store.close()
