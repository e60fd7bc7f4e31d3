"""Alert views and the exact messages they render to, shared by the channel tests (pure and delivery)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crawler import feed
from crawler.dates import TZ
from crawler.registry import load_registry

REGISTRY = load_registry()
BASE = "http://127.0.0.1:8080"
ARTICLE_URL = "https://tanhong.dongthap.gov.vn/web/hth/chi-tiet-bai-viet/-/asset_publisher/x/content/id/1170?a=1&b=2"
LEAD = (
    "Sáng 14/5/2022, HĐND huyện Tân Hồng khóa XII tổ chức kỳ họp thứ mười (kỳ họp chuyên đề) để xem xét, "
    "quyết định chủ trương đầu tư các dự án."
)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)  # type: ignore[misc]


def entry(alert_id: int, kind: str = "meeting", **fields: Any) -> dict[str, Any]:
    """A feed entry as ``FeedQuery.entry('alert:<id>')`` returns it, for the packaged portal sim-tanhong."""
    meeting = fields.pop("meeting", {})
    article = {
        "id": 100 + alert_id,
        "portal": "sim-tanhong",
        "url": fields.pop("url", ARTICLE_URL),
        "title": fields.pop("title", "Kỳ họp thứ mười HĐND huyện Tân Hồng khóa XII"),
        "published": fields.pop("published", "2022-05-14T10:03:00+07:00"),
        "lead": fields.pop("lead", LEAD),
        "is_meeting_report": bool(meeting),
        "meeting": meeting or None,
    }
    return {
        "id": f"alert:{alert_id}",
        "kind": kind,
        "time": fields.pop("time", "2022-05-14T04:00:00+00:00"),
        "portal": "sim-tanhong",
        "alert_id": alert_id,
        "article": None if kind == "portal_health" else article,
    }


COUNCIL = {"kind": "council_session", "ordinal": 10, "body": "HĐND huyện Tân Hồng", "term": "khóa XII"}


def view(alert_id: int = 7, kind: str = "meeting", **fields: Any) -> dict[str, Any]:
    if kind == "meeting":
        fields.setdefault("meeting", {**COUNCIL, "date": "2022-05-14"})
    return feed.view(entry(alert_id, kind, **fields), REGISTRY)


MEETING_TEXT = f"""Kỳ họp HĐND lần thứ 10 · HĐND huyện Tân Hồng · khóa XII
Kỳ họp thứ mười HĐND huyện Tân Hồng khóa XII
Ngày họp: 14/5/2022
Cổng: Huyện ủy Tân Hồng (mô phỏng) · Tân Hồng, Đồng Tháp
Đăng lúc: 14/5/2022 10:03

{LEAD}

Bài gốc: {ARTICLE_URL}
Chi tiết: {BASE}/entries/alert:7"""

MEETING_TELEGRAM = f"""<b>Kỳ họp HĐND lần thứ 10 · HĐND huyện Tân Hồng · khóa XII</b>
<b>Kỳ họp thứ mười HĐND huyện Tân Hồng khóa XII</b>
Ngày họp: 14/5/2022
Cổng: Huyện ủy Tân Hồng (mô phỏng) · Tân Hồng, Đồng Tháp
Đăng lúc: 14/5/2022 10:03

{LEAD}

<a href="{ARTICLE_URL.replace("&", "&amp;")}">Bài gốc</a> · <a href="{BASE}/entries/alert:7">Chi tiết</a>"""


WORDS = "Ủy ban nhân dân huyện Tân Hồng triển khai kế hoạch phát triển kinh tế xã hội quý II năm 2022 🇻🇳"


def long_view() -> dict[str, Any]:
    lead = " ".join(f"{WORDS} ({i})." for i in range(120))  # ~11,000 characters in one paragraph
    return view(lead=lead)


DIGEST_VIEWS = [
    view(1, kind="new_article", meeting={}, title="Tân Hồng ra quân mùa khô", time="2022-05-13T02:00:00+00:00"),
    view(2, meeting={**COUNCIL, "date": "2022-05-12"}, title="Kỳ họp thứ chín", time="2022-05-13T01:00:00+00:00"),
    view(3, meeting={**COUNCIL, "date": "2022-05-14"}, title="Kỳ họp thứ mười", time="2022-05-13T09:00:00+00:00"),
    view(4, kind="portal_health", time="2022-05-13T03:00:00+00:00"),
    view(
        5,
        meeting={"kind": "party_committee_conference", "ordinal": 36, "date": "2022-05-11"},
        title="Hội nghị 36",
        time="2022-05-13T05:00:00+00:00",
    ),
]
DIGEST_TEXT = f"""Tổng hợp 5 cảnh báo, 13/5/2022 07:00 – 14/5/2022 07:00
Kỳ họp HĐND: 2
• 14/5/2022 · Kỳ họp thứ mười · Huyện ủy Tân Hồng (mô phỏng)
Bài gốc: {ARTICLE_URL}
Chi tiết: {BASE}/entries/alert:3
• 12/5/2022 · Kỳ họp thứ chín · Huyện ủy Tân Hồng (mô phỏng)
Bài gốc: {ARTICLE_URL}
Chi tiết: {BASE}/entries/alert:2

Hội nghị BCH: 1
• 11/5/2022 · Hội nghị 36 · Huyện ủy Tân Hồng (mô phỏng)
Bài gốc: {ARTICLE_URL}
Chi tiết: {BASE}/entries/alert:5

Bài mới: 1
• 14/5/2022 · Tân Hồng ra quân mùa khô · Huyện ủy Tân Hồng (mô phỏng)
Bài gốc: {ARTICLE_URL}
Chi tiết: {BASE}/entries/alert:1

Sự cố cổng: 1
• 13/5/2022 · Huyện ủy Tân Hồng (mô phỏng)
Trang cổng: http://127.0.0.1:8702
Chi tiết: {BASE}/entries/alert:4"""
