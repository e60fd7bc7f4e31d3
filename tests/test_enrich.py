"""The pure pipeline steps every crawled item goes through."""

from __future__ import annotations

import pytest

from crawler.enrich import normalize, process, url_year
from crawler.items import ArticleItem


def item(**fields: object) -> ArticleItem:
    base = {"portal": "p", "url": "http://127.0.0.1/a", "cms": "wordpress", "title": "t"}
    return ArticleItem(**{**base, **fields})  # type: ignore[arg-type]


def test_legacy_font_text_becomes_unicode_and_whitespace_collapses() -> None:
    got = normalize(item(title="Hµ Néi", lead="  Sáng\u00a0ngày   11/7/2022 ", body=["", " a "]))
    assert got.title == "Hà Nội"
    assert got.lead == "Sáng ngày 11/7/2022"
    assert got.body == ["a"]


def test_tone_mark_styles_give_one_content_hash() -> None:
    old = normalize(item(title="Huyện uỷ Tuyên Hoá", lead="Hội nghị lần thứ 9 khoá XX"))
    new = normalize(item(title="Huyện ủy Tuyên Hóa", lead="Hội nghị lần thứ 9 khóa XX"))
    assert old.title == "Huyện uỷ Tuyên Hoá", "stored text keeps its spelling"
    assert old.content_hash == new.content_hash


@pytest.mark.parametrize(
    ("url", "year"),
    [
        ("https://x.vn/2020/07/04/slug/", 2020),
        ("https://x.vn/xay-dung-dang/202107/abc-123.html", 2021),
        ("https://x.vn/news/tin-tuc/slug-4270.html", None),
    ],
)
def test_year_from_url_path(url: str, year: int | None) -> None:
    assert url_year(url) == year


def test_yearless_stamp_takes_the_url_year_and_byline_splits() -> None:
    got = process(
        item(
            url="https://x.vn/2020/07/04/slug/",
            published_raw="Ngày 04/7 lúc 08:42",
            byline="BT: Kim Lệ + Ảnh: Chí Dũng",
            lead="x",
        )
    )
    assert got.published is not None and got.published.isoformat() == "2020-07-04T08:42:00+07:00"
    assert [(a.name, a.role) for a in got.authors] == [("Kim Lệ", "biên tập"), ("Chí Dũng", "ảnh")]
