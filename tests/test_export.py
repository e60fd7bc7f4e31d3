"""``articles`` and ``export`` for analysts: the feed's filters with Vietnamese kind names, publication dates and folded
search; CSV for Excel (BOM, meeting fields as columns, province and district); a site crawled with ``crawl --url``
filtered by its slug."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.dates import TZ
from crawler.enrich import process
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem, Attachment, Image, MeetingInfo
from crawler.store import Store
from pipelines.store import alert_kinds

ROWS = [
    # portal, title, meeting kind, published
    (
        "sim-tanhong",
        "Kỳ họp thứ 10 HĐND huyện Tân Hồng khóa XX",
        "council_session",
        datetime(2025, 7, 9, 8, 0, tzinfo=TZ),
    ),
    ("sim-tanhong", "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 9", "party_committee_conference", date(2025, 6, 20)),
    ("sim-tuyenhoa", "Đại hội Đảng bộ xã Thanh Hóa lần thứ XX", "congress", datetime(2025, 7, 2, 9, 0, tzinfo=TZ)),
    ("sim-tuyenhoa", "Nông dân ra quân làm thủy lợi nội đồng", None, datetime(2025, 7, 10, 7, 0, tzinfo=TZ)),
    ("xa-moi", "Kỳ họp thứ nhất HĐND xã Mới", "council_session", datetime(2025, 7, 11, 7, 0, tzinfo=TZ)),
]


@pytest.fixture
def db(store: Store, store_location: str) -> str:
    for n, (portal, title, kind, published) in enumerate(ROWS):
        item = process(
            ArticleItem(
                portal=portal,
                url=f"http://127.0.0.1:9/{portal}/{n}",
                cms="wordpress",
                title=title,
                content_id=str(n),
                lead=f"Tin {n}: {title}.",
                body=["Đoạn một.", "Đoạn hai."],
                images=[Image(f"http://127.0.0.1:9/anh-{n}.jpg", "Ảnh")],
                attachments=[Attachment(f"http://127.0.0.1:9/nghi-quyet-{n}.pdf", "Nghị quyết", "pdf")],
            )
        )
        item.published = published
        item.meeting = (
            MeetingInfo(
                kind=kind, ordinal=n + 1, term="khóa XX", body="HĐND huyện", level="district", date=date(2025, 7, 9)
            )
            if kind
            else None
        )
        store.save_article(item, dedupe_key(item), alert_kinds(item))
    return store_location  # the store's own location: each kind of store in turn


def titles(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["articles", "--json", *args]) == 0, capsys.readouterr().err
    return [json.loads(line)["title"] for line in capsys.readouterr().out.splitlines()]


def test_articles_filter_by_province_kind_names_since_and_folded_search(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", db]
    assert titles(capsys, *base, "--province", "Đồng Tháp") == [ROWS[0][1], ROWS[1][1]]
    assert titles(capsys, *base, "--province", "dong thap", "--kind", "kỳ họp") == [ROWS[0][1]]
    assert titles(capsys, *base, "--kind", "Ky hop") == [ROWS[4][1], ROWS[0][1]]
    assert titles(capsys, *base, "--kind", "hội nghị") == [ROWS[1][1]]
    assert titles(capsys, *base, "--kind", "đại hội", "--kind", "council_session") == [
        ROWS[4][1],
        ROWS[0][1],
        ROWS[2][1],
    ]
    assert titles(capsys, *base, "--meetings", "--since", "2025-07-01") == [ROWS[4][1], ROWS[0][1], ROWS[2][1]]
    assert titles(capsys, *base, "--search", "ky hop hdnd") == [ROWS[4][1], ROWS[0][1]]
    assert titles(capsys, *base, "--search", "thuy loi") == [ROWS[3][1]]
    # The site crawled with `crawl --url` is not in the registry, but its slug is in the store.
    assert titles(capsys, *base, "--portal", "xa-moi") == [ROWS[4][1]]
    assert main(["articles", *base, "--portal", "xa-khac"]) == 2
    assert "unknown portal xa-khac" in capsys.readouterr().err
    assert main(["articles", *base, "--kind", "article_edited"]) == 2
    assert "--kind article_edited is an alert kind" in capsys.readouterr().err
    assert main(["articles", *base, "--since", "9/7/2025"]) == 2
    assert "since='9/7/2025' is not a date" in capsys.readouterr().err


def test_articles_table_shows_kinds_and_dates_in_vietnamese(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["articles", "--db", db, "--portal", "sim-tanhong"]) == 0
    header, _rule, first, second = capsys.readouterr().out.splitlines()
    assert header.split() == ["published", "portal", "meeting", "title"]
    assert first.startswith("9/7/2025 08:00  sim-tanhong  Kỳ họp HĐND   Kỳ họp thứ 10")
    assert second.startswith("20/6/2025       sim-tanhong  Hội nghị BCH  Hội nghị Ban Chấp hành")


def test_csv_export_for_excel(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "articles.csv"
    assert main(["export", "--db", db, "--format", "csv", "--kind", "meeting", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfportal,province,district,url,"), "Excel needs the BOM to read UTF-8"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == 4 and "meeting" not in rows[0]
    council = next(r for r in rows if r["title"] == ROWS[0][1])
    assert {k: council[k] for k in council if k.startswith("meeting_")} == {
        "meeting_kind": "council_session",
        "meeting_kind_vi": "Kỳ họp HĐND",
        "meeting_ordinal": "1",
        "meeting_term": "khóa XX",
        "meeting_body": "HĐND huyện",
        "meeting_level": "Cấp huyện",
        "meeting_date": "2025-07-09",
        "meeting_chair": "",
    }
    assert (council["province"], council["district"]) == ("Đồng Tháp", "Tân Hồng")
    assert council["body"] == "Đoạn một.\n\nĐoạn hai."
    assert council["images"] == "http://127.0.0.1:9/anh-0.jpg"
    assert council["attachments"] == "Nghị quyết <http://127.0.0.1:9/nghi-quyet-0.pdf>"
    adhoc = next(r for r in rows if r["portal"] == "xa-moi")
    assert (adhoc["province"], adhoc["district"]) == ("", "")
    assert not list(out.parent.glob(".*partial"))

    assert main(["export", "--db", db, "--search", "dai hoi"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["meeting"]["kind"] == "congress" and record["province"] == "Quảng Trị"


def test_feed_and_subscribers_take_a_slug_crawled_with_url(db: str, tmp_path: Path) -> None:
    out = tmp_path / "xa-moi.json"
    assert main(["feed", "--db", db, "--portal", "xa-moi", "--format", "json", "--out", str(out)]) == 0
    items = json.loads(out.read_text(encoding="utf-8"))["items"]
    # One entry: the meeting report as its meeting alert.
    assert [(i["title"], i["_portalwatch"]["portal"], i["_portalwatch"]["kind"]) for i in items] == [
        (ROWS[4][1], "xa-moi", "meeting")
    ]
    assert main(["subscribers", "add", "http://127.0.0.1:9/hook", "--portal", "xa-moi", "--db", db]) == 0
    assert main(["feed", "--db", db, "--portal", "xa-khac", "--out", str(out)]) == 2
