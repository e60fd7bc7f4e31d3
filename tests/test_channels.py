"""Channel messages and subscriber rules, pure: the exact Vietnamese a reader gets, split at a channel's
limit without cutting a link or a letter; keyword rules on folded Vietnamese; digest and quiet-hour times."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

import pytest
from channel_cases import (
    ARTICLE_URL,
    BASE,
    COUNCIL,
    DIGEST_TEXT,
    DIGEST_VIEWS,
    MEETING_TELEGRAM,
    MEETING_TEXT,
    REGISTRY,
    WORDS,
    local,
    long_view,
    view,
)

from crawler import feed
from crawler.channels.message import Dialect, Message, Span, _size
from crawler.channels.render import alert_message, digest_message, vn_date, vn_datetime
from crawler.channels.rules import Batch, RulesError, parse_rules


def test_meeting_alert_in_words_dates_and_links() -> None:
    message = alert_message(view(), BASE)
    assert message.text() == MEETING_TEXT
    [part] = message.parts(Dialect.TELEGRAM, 4096, title_in_body=True)
    assert (part.title, part.body) == ("", MEETING_TELEGRAM)
    [mail] = message.parts(Dialect.TEXT)
    assert mail.title == "Kỳ họp HĐND lần thứ 10 · HĐND huyện Tân Hồng · khóa XII"
    assert mail.body == MEETING_TEXT.split("\n", 1)[1]


@pytest.mark.parametrize(
    ("kind", "meeting", "title"),
    [
        ("meeting", {"kind": "party_committee_conference", "ordinal": 36}, "Hội nghị BCH lần thứ 36"),
        ("meeting", {"kind": "congress", "body": "Đảng bộ xã Tân Công Chí"}, "Đại hội · Đảng bộ xã Tân Công Chí"),
        ("meeting", {"kind": "review_conference"}, "Hội nghị sơ kết/tổng kết"),
        ("new_article", {}, "Bài mới · Huyện ủy Tân Hồng (mô phỏng)"),
        ("article_edited", {}, "Bài đã sửa · Huyện ủy Tân Hồng (mô phỏng)"),
        ("article_removed", {}, "Bài đã gỡ · Huyện ủy Tân Hồng (mô phỏng)"),
        ("portal_health", {}, "Sự cố cổng · Huyện ủy Tân Hồng (mô phỏng)"),
    ],
)
def test_kind_in_words(kind: str, meeting: dict[str, Any], title: str) -> None:
    message = alert_message(view(kind=kind, meeting=meeting) if meeting else view(kind=kind, meeting={}), BASE)
    assert message.title == title
    text = message.text()
    if kind == "article_edited":  # the feed's "[Bài đã sửa] " prefix is not repeated under the headline
        assert text.split("\n")[1] == "Kỳ họp thứ mười HĐND huyện Tân Hồng khóa XII"
    if kind == "portal_health":
        assert text.splitlines()[1:] == [
            "Cổng: Huyện ủy Tân Hồng (mô phỏng) · Tân Hồng, Đồng Tháp",
            "",
            "Trang cổng: http://127.0.0.1:8702",
            f"Chi tiết: {BASE}/entries/alert:7",
        ]


def test_vietnamese_dates() -> None:
    assert vn_date("2022-05-14") == "14/5/2022"
    assert vn_date("2022-05-13T20:30:00+00:00") == "14/5/2022"  # 03:30 on the 14th in Asia/Ho_Chi_Minh
    assert vn_datetime("2025-07-01T00:05:00+00:00") == "1/7/2025 07:05"
    assert vn_datetime("2022-05-14") == "14/5/2022"
    assert vn_date("14/5/2022 (lịch cũ)") == "14/5/2022 (lịch cũ)"  # not ISO: shown as stored


def test_hostile_text_is_escaped_for_each_dialect() -> None:
    hostile = view(title="<script>alert(1)</script> & *Hội nghị* [x](y)")
    telegram = alert_message(hostile, BASE).parts(Dialect.TELEGRAM, 4096, True)[0].body
    assert "<b>&lt;script&gt;alert(1)&lt;/script&gt; &amp; *Hội nghị* [x](y)</b>" in telegram
    assert "<script>" not in telegram
    markdown = alert_message(hostile, BASE).parts(Dialect.MARKDOWN, 4096)[0].body
    assert markdown.startswith(r"**\<script\>alert\(1\)\</script\> & \*Hội nghị\* \[x\]\(y\)**" + "\n")
    assert f"[Bài gốc]({ARTICLE_URL})" in markdown
    html_mail = alert_message(hostile, BASE).parts(Dialect.HTML, None)[0].body
    assert "Ngày họp: 14/5/2022<br>\nCổng:" in html_mail


def test_long_message_split_at_limit_keeps_links_words_and_order() -> None:
    message = alert_message(long_view(), BASE)
    parts = message.parts(Dialect.TELEGRAM, 4096, title_in_body=True)
    assert len(parts) == 4
    for i, part in enumerate(parts, 1):
        assert _size(part.body) <= 4096
        assert part.body.startswith(f"<b>Kỳ họp HĐND lần thứ 10 · HĐND huyện Tân Hồng · khóa XII ({i}/4)</b>\n")
    bodies = [p.body.split("\n", 1)[1] for p in parts]
    lead = long_view()["lead"]
    # Cut between words only: the parts' words, in order, are the message's words.
    words = re.findall(r"\S+", " ".join(bodies))
    assert " ".join(words).count(WORDS) == 120
    assert re.findall(r"\((\d+)\)\.", " ".join(bodies)) == [str(i) for i in range(120)]
    assert " ".join(lead.split()) in " ".join(words)
    for url in (ARTICLE_URL.replace("&", "&amp;"), f"{BASE}/entries/alert:7"):
        assert sum(body.count(f'href="{url}"') for body in bodies) == 1
    assert bodies[-1].endswith(f'<a href="{BASE}/entries/alert:7">Chi tiết</a>')


def test_a_word_longer_than_the_limit_is_cut_between_letters_never_inside_one() -> None:
    decomposed = unicodedata.normalize("NFD", "Nghịquyếtđạihội") * 40  # combining marks after base letters
    message = Message("Tiêu đề", ((((Span(decomposed),),),),))
    parts = message.parts(Dialect.TEXT, 100)
    assert "".join(p.body for p in parts) == decomposed
    for part in parts:
        assert _size(part.body) <= 100
        assert not unicodedata.combining(part.body[0])
    assert [p.title for p in parts][:2] == [f"Tiêu đề (1/{len(parts)})", f"Tiêu đề (2/{len(parts)})"]


def test_link_longer_than_the_limit_is_sent_whole_on_its_own() -> None:
    url = "https://example.vn/" + "a" * 300
    message = Message("T", ((((Span("trước "), Span("liên kết", href=url), Span(" sau")),),),))
    bodies = [p.body for p in message.parts(Dialect.TEXT, 120)]
    assert f"liên kết: {url}" in bodies
    assert bodies[0] == "trước" and bodies[-1] == "sau"


def test_digest_groups_by_kind_with_counts_newest_first() -> None:
    message = digest_message(DIGEST_VIEWS, local(2022, 5, 13, 7), local(2022, 5, 14, 7), BASE)
    assert message.text() == DIGEST_TEXT


def test_large_digest_splits_between_entries_in_order() -> None:
    views = [view(i, meeting={**COUNCIL, "date": "2022-05-14"}, title=f"Kỳ họp số {i}") for i in range(1, 81)]
    message = digest_message(views, local(2022, 5, 13, 7), local(2022, 5, 14, 7), BASE)
    parts = message.parts(Dialect.TELEGRAM, 4096, title_in_body=True)
    assert len(parts) > 1 and all(_size(p.body) <= 4096 for p in parts)
    seen = [int(n) for p in parts for n in re.findall(r"• 14/5/2022 · Kỳ họp số (\d+) ·", p.body)]
    assert seen == list(range(80, 0, -1))  # same alert time: the newest alert id first
    for part in parts:  # an entry and its links stay together
        assert part.body.count("• ") == part.body.count(">Chi tiết</a>")
    assert parts[0].body.split("\n")[1] == "<b>Kỳ họp HĐND: 80</b>"


# Rules ---------------------------------------------------------------------------------------------

WHERE = "[subscribers.tanhong] in subscribers.toml"
QUIET_HINT = 'write it as quiet = "22:00-06:00".'


@pytest.mark.parametrize(
    ("match", "exclude", "expected"),
    [
        (["ky hop"], [], True),  # no diacritics: matches any
        (["KỲ HỌP"], [], True),
        (["kì họp"], [], False),  # diacritics typed: they count
        (["Tân Hồng"], [], True),
        (["tan hong"], [], True),
        (["Đồng Tháp"], [], True),  # province
        (["dong thap"], [], True),
        (["Tuyên Hóa"], [], False),
        (["hop"], [], True),  # whole words only: "hop" is a word of "ky hop"
        (["ho"], [], False),  # ... and not a piece of one
        (["Tân Hồng"], ["chuyên đề"], False),
        (["Tân Hồng"], ["chuyen de"], False),
        ([], ["quyết toán"], True),
    ],
)
def test_match_and_exclude_on_folded_vietnamese(match: list[str], exclude: list[str], expected: bool) -> None:
    rules = parse_rules({"match": match, "exclude": exclude} if exclude else {"match": match}, WHERE)
    assert rules.accepts(view()) is expected


def test_tone_mark_styles_match_both_ways() -> None:
    old_style = view(title="Hội nghị Ban Thường vụ Huyện uỷ về công tác hoà giải")
    assert parse_rules({"match": "Huyện ủy"}, WHERE).accepts(old_style)
    assert parse_rules({"match": ["hòa giải"]}, WHERE).accepts(old_style)
    new_style = view(title="Huyện ủy chỉ đạo hòa giải")
    assert parse_rules({"match": "Huyện uỷ"}, WHERE).accepts(new_style)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"match": 3}, f'{WHERE}: match must be a phrase or a list of phrases, e.g. match = ["Tân Hồng"].'),
        (
            {"exclude": ["x", ""]},
            f'{WHERE}: exclude must be a phrase or a list of phrases, e.g. exclude = ["Tân Hồng"].',
        ),
        (
            {"digest": "daily 7am"},
            f'{WHERE}: digest = \'daily 7am\' is not a schedule; write "hourly", "daily 07:00" or "weekly mon 07:00".',
        ),
        (
            {"digest": "weekly funday 07:00"},
            f"{WHERE}: digest = 'weekly funday 07:00' is not a schedule; "
            'write "hourly", "daily 07:00" or "weekly mon 07:00".',
        ),
        ({"quiet": "22:00"}, f"{WHERE}: quiet = '22:00' is not a window of hours; {QUIET_HINT}"),
        ({"quiet": "25:00-06:00"}, f"{WHERE}: quiet = '25:00-06:00' is not a window of hours; {QUIET_HINT}"),
        ({"quiet": "06:00-06:00"}, f"{WHERE}: quiet = '06:00-06:00' is not a window of hours; {QUIET_HINT}"),
    ],
)
def test_rule_errors_are_one_sentence_naming_the_field(table: dict[str, object], message: str) -> None:
    with pytest.raises(RulesError) as caught:
        parse_rules(table, WHERE)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("digest", "now", "due"),
    [
        ("daily 07:00", local(2022, 5, 14, 6, 59), local(2022, 5, 14, 7, 0)),
        ("daily 07:00", local(2022, 5, 14, 7, 0), local(2022, 5, 14, 7, 0)),
        ("daily 07:00", local(2022, 5, 14, 7, 1), local(2022, 5, 15, 7, 0)),
        ("daily 07:00", datetime.fromisoformat("2022-05-14T23:30:00+00:00"), local(2022, 5, 15, 7, 0)),  # 06:30 local
        ("weekly mon 07:00", local(2022, 5, 14, 12, 0), local(2022, 5, 16, 7, 0)),  # Saturday -> Monday
        ("weekly mon 07:00", local(2022, 5, 16, 8, 0), local(2022, 5, 23, 7, 0)),
        ("weekly t2 07:00", local(2022, 5, 16, 7, 0), local(2022, 5, 16, 7, 0)),
        ("weekly cn 18:30", local(2022, 5, 14, 12, 0), local(2022, 5, 15, 18, 30)),
        ("hourly", local(2022, 5, 14, 10, 3), local(2022, 5, 14, 11, 0)),
        ("hourly", local(2022, 5, 14, 23, 59), local(2022, 5, 15, 0, 0)),
    ],
)
def test_next_digest_in_ho_chi_minh_time(digest: str, now: datetime, due: datetime) -> None:
    rules = parse_rules({"digest": digest}, WHERE)
    assert rules.digest is not None
    assert rules.digest.next_due(now) == due
    assert rules.digest.next_due(now).utcoffset() == due.utcoffset()


@pytest.mark.parametrize(
    ("quiet", "raised", "sent"),
    [
        ("22:00-06:00", local(2022, 5, 14, 21, 59), local(2022, 5, 14, 21, 59)),
        ("22:00-06:00", local(2022, 5, 14, 22, 0), local(2022, 5, 15, 6, 0)),
        ("22:00-06:00", local(2022, 5, 15, 3, 0), local(2022, 5, 15, 6, 0)),
        ("22:00-06:00", local(2022, 5, 15, 6, 0), local(2022, 5, 15, 6, 0)),
        ("12:00-13:30", local(2022, 5, 15, 12, 45), local(2022, 5, 15, 13, 30)),
        ("12:00 – 13:30", local(2022, 5, 15, 13, 30), local(2022, 5, 15, 13, 30)),
    ],
)
def test_quiet_hours_hold_until_their_end(quiet: str, raised: datetime, sent: datetime) -> None:
    assert parse_rules({"quiet": quiet}, WHERE).send_at(raised) == sent


def test_digest_falling_in_quiet_hours_goes_when_they_end() -> None:
    rules = parse_rules({"digest": "daily 05:00", "quiet": "22:00-06:00"}, WHERE)
    assert rules.send_at(local(2022, 5, 14, 12, 0)) == local(2022, 5, 15, 6, 0)


def test_plan_keeps_order_and_batches_digests_by_period() -> None:
    quiet = parse_rules({"quiet": "22:00-06:00"}, WHERE)
    pending = [(1, local(2022, 5, 14, 21, 0)), (2, local(2022, 5, 14, 23, 0)), (3, local(2022, 5, 15, 5, 0))]
    assert quiet.plan(pending, local(2022, 5, 14, 23, 30)) == ([Batch((1,))], local(2022, 5, 15, 6, 0))
    assert quiet.plan(pending[1:], local(2022, 5, 14, 23, 30)) == ([], local(2022, 5, 15, 6, 0))
    assert quiet.plan(pending[1:], local(2022, 5, 15, 6, 0)) == ([Batch((2,)), Batch((3,))], None)
    daily = parse_rules({"digest": "daily 07:00"}, WHERE)
    pending = [(4, local(2022, 5, 13, 8, 0)), (5, local(2022, 5, 14, 6, 0)), (6, local(2022, 5, 14, 9, 0))]
    day = (local(2022, 5, 13, 7, 0), local(2022, 5, 14, 7, 0))
    assert daily.plan(pending, local(2022, 5, 14, 6, 59)) == ([], local(2022, 5, 14, 7, 0))
    assert daily.plan(pending, local(2022, 5, 14, 7, 0)) == ([Batch((4, 5), day)], local(2022, 5, 15, 7, 0))


@pytest.mark.parametrize(
    "table",
    [
        {"match": ["Tân Hồng", "ky hop"], "exclude": "chuyên đề", "digest": "weekly t2 07:00", "quiet": "22:00-06:00"},
        {"digest": "hourly"},
        {"digest": "daily 7:05", "quiet": "12:00 – 13:30"},
        {},
    ],
)
def test_rules_round_trip_through_a_stored_filter(table: dict[str, object]) -> None:
    rules = parse_rules(table, WHERE)
    stored = rules.params()
    assert parse_rules(stored, WHERE) == rules
    assert feed.parse_request(stored, REGISTRY).filter == feed.parse_request({}, REGISTRY).filter
