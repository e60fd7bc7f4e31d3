"""Which articles are one meeting: the identity rules (crawler/meetings/identity.py) over what the detector reads.

Each case runs the crawler's own pure steps on a headline and a lead (``detect_meeting`` with the portal's place),
then the identity the store matches on (``crawler.store.meetingrecords.article_identity``), so a case fails when
either the fields or the rule change what a reader would call one meeting.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crawler.dates import TZ
from crawler.enrich import detect_meeting, normalize, resolve_dates
from crawler.items import ArticleItem
from crawler.meetings.identity import (
    NUMBERED_DAYS,
    MeetingIdentity,
    Place,
    body_key,
    identity,
    next_status,
    same_meeting,
    term_key,
)
from crawler.store.meetingrecords import article_identity, still_upcoming

DONG_THAP = Place(province="Đồng Tháp", district="Tân Hồng", level="province")
TAN_HONG = Place(province="Đồng Tháp", district="Tân Hồng", level="district")
COMMUNE = Place(province="Đồng Tháp", district="Tân Hồng", commune="Xã Tân Thành A", level="commune")
HUE = Place(province="Thành phố Huế", level="province")


def ident(
    title: str, lead: str, published: datetime, *, portal: str = "tinh-dongthap", place: Place | None = DONG_THAP
) -> MeetingIdentity:
    item = ArticleItem(portal=portal, url=f"http://{portal}.test/a", cms="wordpress", title=title, lead=lead)
    item.published = published
    found = article_identity(detect_meeting(resolve_dates(normalize(item)), place))
    assert found is not None, f"the detector names no meeting in {title!r}"
    return found


def at(day: int, month: int = 7, year: int = 2025, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=TZ)


OPENING = ident(
    "Khai mạc Kỳ họp thứ 9 HĐND tỉnh Đồng Tháp khóa X",
    "Sáng 10/7/2025, HĐND tỉnh Đồng Tháp khóa X, nhiệm kỳ 2021-2026 khai mạc Kỳ họp thứ 9. Đồng chí Phan Văn Thắng "
    "- Chủ tịch HĐND tỉnh chủ trì kỳ họp.",
    at(10),
)


def test_two_reports_of_one_session_with_different_headlines_are_one_meeting() -> None:
    second = ident(
        "Đại biểu HĐND tỉnh chất vấn nhiều vấn đề cử tri quan tâm",
        "Sáng 11/7/2025, tiếp tục chương trình Kỳ họp thứ 9, HĐND tỉnh khóa X dành trọn buổi cho phiên chất vấn.",
        at(11),
    )
    assert (OPENING.kind, OPENING.ordinal, OPENING.body) == ("council_session", 9, "hoi dong nhan dan|p:dong thap")
    assert second.lookup == OPENING.lookup and same_meeting(OPENING, second)


def test_a_headline_naming_the_outcome_joins_the_session_it_closes() -> None:
    outcome = ident(
        "HĐND tỉnh thông qua 25 nghị quyết",
        "Chiều 12/7/2025, sau 3 ngày làm việc, Kỳ họp thứ 9 HĐND tỉnh khóa X đã bế mạc. Kỳ họp đã thông qua 25 nghị "
        "quyết quan trọng.",
        at(12, hour=18),
    )
    assert outcome.day == date(2025, 7, 12) and outcome.term == "khóa:10"
    assert same_meeting(OPENING, outcome)


def test_a_commune_portal_writing_hdnd_tinh_names_its_own_province() -> None:
    copy = ident(
        "Kỳ họp thứ 9 HĐND tỉnh: quyết định nhiều nội dung quan trọng",
        "Ngày 10/7/2025, HĐND tỉnh khai mạc Kỳ họp thứ 9 để xem xét các báo cáo, tờ trình.",
        at(11),
        portal="xa-tanthanha",
        place=COMMUNE,
    )
    assert copy.body == OPENING.body and same_meeting(OPENING, copy)
    elsewhere = ident(
        "Kỳ họp thứ 9 HĐND tỉnh: quyết định nhiều nội dung quan trọng",
        "Ngày 10/7/2025, HĐND tỉnh khai mạc Kỳ họp thứ 9 để xem xét các báo cáo, tờ trình.",
        at(11),
        portal="tinh-hue",
        place=HUE,
    )
    assert elsewhere.body == "hoi dong nhan dan|p:hue" and not same_meeting(OPENING, elsewhere)


def test_an_announcement_and_the_report_are_one_meeting() -> None:
    announcement = ident(
        "Thông báo triệu tập Kỳ họp thứ 9 HĐND tỉnh Đồng Tháp khóa X",
        "Thường trực HĐND tỉnh thông báo triệu tập Kỳ họp thứ 9 HĐND tỉnh khóa X, nhiệm kỳ 2021-2026. Kỳ họp dự kiến "
        "khai mạc vào sáng ngày 10/7/2025 tại Hội trường UBND tỉnh.",
        at(3),
    )
    assert announcement.day == date(2025, 7, 10) and same_meeting(announcement, OPENING)


def test_different_sessions_of_one_body_are_different_meetings() -> None:
    tenth = ident(
        "Khai mạc Kỳ họp thứ 10 HĐND tỉnh Đồng Tháp khóa X",
        "Sáng 9/9/2025, HĐND tỉnh Đồng Tháp khóa X khai mạc Kỳ họp thứ 10 (kỳ họp chuyên đề).",
        at(9, 9),
    )
    assert tenth.body == OPENING.body and not same_meeting(OPENING, tenth)
    earlier_term = ident(
        "Khai mạc Kỳ họp thứ 9 HĐND tỉnh Đồng Tháp khóa IX",
        "Sáng 10/7/2018, HĐND tỉnh Đồng Tháp khóa IX, nhiệm kỳ 2016-2021 khai mạc Kỳ họp thứ 9.",
        at(10, year=2018),
    )
    assert earlier_term.lookup == OPENING.lookup and not same_meeting(OPENING, earlier_term)
    no_term_years_apart = ident(
        "Khai mạc Kỳ họp thứ 9 HĐND tỉnh Đồng Tháp",
        "Sáng 12/7/2023, HĐND tỉnh Đồng Tháp khai mạc Kỳ họp thứ 9.",
        at(12, year=2023),
    )
    assert no_term_years_apart.term is None and not same_meeting(OPENING, no_term_years_apart)


def test_the_same_number_of_different_bodies_is_different_meetings() -> None:
    district = ident(
        "Khai mạc Kỳ họp thứ 9 HĐND huyện Tân Hồng khóa XII",
        "Sáng 10/7/2025, HĐND huyện Tân Hồng khai mạc Kỳ họp thứ 9.",
        at(10),
    )
    other_province = ident(
        "Khai mạc Kỳ họp thứ 9 HĐND tỉnh Hà Tĩnh khóa X",
        "Sáng 10/7/2025, HĐND tỉnh Hà Tĩnh khóa X khai mạc Kỳ họp thứ 9.",
        at(10),
    )
    party = ident(
        "Hội nghị lần thứ 9 Ban Chấp hành Đảng bộ tỉnh Đồng Tháp",
        "Sáng 10/7/2025, Ban Chấp hành Đảng bộ tỉnh Đồng Tháp tổ chức Hội nghị lần thứ 9.",
        at(10),
    )
    for other in (district, other_province, party):
        assert not same_meeting(OPENING, other), other
    commune = body_key("Ban Chấp hành Đảng bộ xã Tân Hồng", "commune", portal="p")
    assert commune != body_key("Ban Chấp hành Đảng bộ huyện Tân Hồng", "district", portal="p")


def test_a_party_committee_is_one_body_whatever_it_is_called() -> None:
    keys = {
        body_key(name, "district", portal="huyen-tanhong", place=TAN_HONG)
        for name in (
            "Huyện ủy Tân Hồng",
            "Huyện uỷ",
            "Ban Chấp hành Đảng bộ huyện Tân Hồng",
            "BCH Đảng bộ huyện",
            "Đảng ủy huyện Tân Hồng",
            "HUYEN UY TAN HONG",
        )
    }
    assert keys == {"dang bo|d:tan hong"}
    standing = body_key("Ban Thường vụ Huyện ủy", "district", portal="huyen-tanhong", place=TAN_HONG)
    assert standing == "ban thuong vu dang bo|d:tan hong"


@pytest.mark.parametrize(
    ("body", "level", "place", "key"),
    [
        ("HĐND thành phố", "province", HUE, "hoi dong nhan dan|p:hue"),
        ("Hội đồng nhân dân thành phố Huế", "province", None, "hoi dong nhan dan|p:hue"),
        ("HĐND TP.HCM", "province", None, "hoi dong nhan dan|p:ho chi minh"),
        ("Hội đồng nhân dân Thành phố Hồ Chí Minh", "province", None, "hoi dong nhan dan|p:ho chi minh"),
        ("HÐND tỉnh", "province", DONG_THAP, "hoi dong nhan dan|p:dong thap"),  # an Icelandic eth for Đ
        ("Hoi dong nhan dan tinh Dong Thap", "province", None, "hoi dong nhan dan|p:dong thap"),
        ("Ủy ban MTTQ Việt Nam tỉnh Trà Vinh", "province", None, "mat tran to quoc|p:tra vinh"),
        ("Mặt trận Tổ quốc tỉnh Trà Vinh", "province", None, "mat tran to quoc|p:tra vinh"),
        ("Ban Chấp hành Trung ương Đảng", None, DONG_THAP, "trung uong dang"),
        ("Trung ương", None, None, "trung uong dang"),
        ("Hội đồng nhân dân xã (khóa XXI)", "commune", COMMUNE, "hoi dong nhan dan|c:tan thanh a"),
        ("Đảng bộ Sở Nội vụ", None, DONG_THAP, "dang bo so noi vu|in:dong thap"),
        ("HĐND tỉnh", "province", None, "hoi dong nhan dan|p:@portal-a"),
        ("HĐND xã", "commune", TAN_HONG, "hoi dong nhan dan|c:@portal-a"),
        (None, None, DONG_THAP, "@portal-a"),
    ],
)
def test_body_keys(body: str | None, level: str | None, place: Place | None, key: str) -> None:
    assert body_key(body, level, portal="portal-a", place=place) == key


def test_unnumbered_meetings_are_one_body_one_kind_one_day() -> None:
    def review(day: int, period: str | None = "6 tháng đầu năm 2025") -> MeetingIdentity:
        return identity("review_conference", "dang bo|d:tan hong", day=date(2025, 7, day), period=period)

    assert same_meeting(review(4), review(4)) and same_meeting(review(4), review(4, None))
    assert not same_meeting(review(4), review(5))
    assert not same_meeting(review(4), review(4, "năm 2024"))
    undated = identity("review_conference", "dang bo|d:tan hong", seen=date(2025, 7, 4))
    assert not same_meeting(undated, undated), "an unnumbered meeting without a date has no identity of its own"


def test_the_numbered_window() -> None:
    def ninth(day: date | None, seen: date | None = None) -> MeetingIdentity:
        return identity("council_session", "hoi dong nhan dan|p:dong thap", ordinal=9, day=day, seen=seen)

    start = date(2025, 7, 10)
    assert same_meeting(ninth(start), ninth(date.fromordinal(start.toordinal() + NUMBERED_DAYS)))
    assert not same_meeting(ninth(start), ninth(date.fromordinal(start.toordinal() + NUMBERED_DAYS + 1)))
    assert same_meeting(ninth(None, start), ninth(date(2025, 7, 20))), "the first report's day stands in"
    assert same_meeting(ninth(None), ninth(start)), "nothing to tell them apart"


def test_term_keys_and_status() -> None:
    assert term_key("khóa X") == term_key("khoá 10") == term_key("KHÓA X") == "khóa:10"
    assert term_key("nhiệm kỳ 2021 – 2026") == term_key("2021-2026") == "nk:2021-2026"
    assert term_key("khóa mới") is None and term_key(None) is None
    assert next_status("announced", "held") == "held" and next_status("held", "announced") == "held"
    assert next_status("announced", "postponed") == "postponed" and next_status("postponed", "announced") == "announced"
    assert next_status("announced", "cancelled") == "cancelled" and next_status("held", "cancelled") == "held"


def test_an_announcement_is_upcoming_until_its_day() -> None:
    today = date(2025, 7, 10)
    assert still_upcoming(date(2025, 7, 10), date(2025, 7, 3), today)
    assert not still_upcoming(date(2025, 7, 9), date(2025, 7, 3), today)
    assert still_upcoming(None, date(2025, 6, 30), today) and not still_upcoming(None, date(2025, 6, 1), today)
    assert not still_upcoming(None, None, today)
