from __future__ import annotations

import pytest

from crawler.byline import looks_like_byline, split_byline


@pytest.mark.parametrize(
    ("line", "people"),
    [
        ("BT: Kim Lệ + Ảnh: Chí Dũng", [("Kim Lệ", "biên tập"), ("Chí Dũng", "ảnh")]),
        ("Văn Tư – Thanh Đạm", [("Văn Tư", None), ("Thanh Đạm", None)]),
        ("Tin, ảnh: Ngọc Mai", [("Ngọc Mai", "tin, ảnh")]),
        ("Minh Châu", [("Minh Châu", None)]),
    ],
)
def test_bylines_split_into_people_and_roles(line: str, people: list[tuple[str, str | None]]) -> None:
    assert looks_like_byline(line)
    assert [(a.name, a.role) for a in split_byline(line)] == people


@pytest.mark.parametrize(
    "line",
    [
        "Kết luận hội nghị, đồng chí Trần Hữu Chức đề nghị các đồng chí tiếp tục nâng cao tinh thần trách nhiệm.",
        "Leave a Reply",
        "Tham dự hội nghị có các đồng chí trong BCH Đảng bộ:",
    ],
)
def test_sentences_are_not_bylines(line: str) -> None:
    assert not looks_like_byline(line)
