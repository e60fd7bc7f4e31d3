"""Channel delivery through Apprise against local stand-ins, never the internet: an SMTP server (aiosmtpd)
receives the Vietnamese e-mail; an HTTP server plays Telegram's (and Zalo Bot's) ``/bot<token>/sendMessage``.

Apprise's Telegram plugin has no host option; ``send(..., api=...)`` replaces its ``notify_url`` on the one
plugin instance it builds (what a self-hosted Telegram Bot API server needs too), so the real plugin, its
HTML handling and its payload are what the stand-in receives."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from pathlib import Path
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
    long_view,
    view,
)
from channel_standins import CHAT, TOKEN, BotApi, Inbox, mailto, received, wire
from support import free_port

from crawler.channels import Dialect, alert_message, check_url, digest_message, send
from crawler.channels.dispatch import Pending, dispatch
from crawler.channels.message import _size
from crawler.channels.rules import parse_rules
from crawler.dates import TZ

ZALO_TOKEN = "1234567890:ZaLoBoTtOkEn_abc-XYZ"
WHERE = "[subscribers.newsroom] in subscribers.toml"


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)  # type: ignore[misc]


def tgram(api: BotApi, message: Any, **kwargs: Any) -> Any:
    return send(f"tgram://{TOKEN}/{CHAT}", message, api=f"{api.url}/bot", **kwargs)


def test_telegram_meeting_alert_exact_text(bot_api: BotApi) -> None:
    outcome = tgram(bot_api, alert_message(view(), BASE))
    assert (outcome.ok, outcome.sent, outcome.parts) == (True, 1, 1), outcome.reason
    assert outcome.reason == "Telegram accepted 1 part."
    [(path, body)] = bot_api.received
    assert path == f"/bot{TOKEN}/sendMessage"
    assert (body["chat_id"], body["parse_mode"]) == (CHAT, "HTML")
    assert body["text"] == wire(MEETING_TELEGRAM)


def test_telegram_escapes_hostile_titles(bot_api: BotApi) -> None:
    outcome = tgram(bot_api, alert_message(view(title="Thông báo <b>số 5</b> & <i>lịch họp</i> 1 < 2"), BASE))
    assert outcome.ok, outcome.reason
    assert "<b>Thông báo &lt;b&gt;số 5&lt;/b&gt; &amp; &lt;i&gt;lịch họp&lt;/i&gt; 1 &lt; 2</b>" in bot_api.texts()[0]


DIGEST_TELEGRAM = f"""<b>Tổng hợp 5 cảnh báo, 13/5/2022 07:00 – 14/5/2022 07:00</b>
<b>Kỳ họp HĐND: 2</b>
• 14/5/2022 · Kỳ họp thứ mười · Huyện ủy Tân Hồng (mô phỏng)
<a href="{ARTICLE_URL.replace("&", "&amp;")}">Bài gốc</a> · <a href="{BASE}/entries/alert:3">Chi tiết</a>
• 12/5/2022 · Kỳ họp thứ chín · Huyện ủy Tân Hồng (mô phỏng)
<a href="{ARTICLE_URL.replace("&", "&amp;")}">Bài gốc</a> · <a href="{BASE}/entries/alert:2">Chi tiết</a>

<b>Hội nghị BCH: 1</b>
• 11/5/2022 · Hội nghị 36 · Huyện ủy Tân Hồng (mô phỏng)
<a href="{ARTICLE_URL.replace("&", "&amp;")}">Bài gốc</a> · <a href="{BASE}/entries/alert:5">Chi tiết</a>

<b>Bài mới: 1</b>
• 14/5/2022 · Tân Hồng ra quân mùa khô · Huyện ủy Tân Hồng (mô phỏng)
<a href="{ARTICLE_URL.replace("&", "&amp;")}">Bài gốc</a> · <a href="{BASE}/entries/alert:1">Chi tiết</a>

<b>Sự cố cổng: 1</b>
• 13/5/2022 · Huyện ủy Tân Hồng (mô phỏng)
<a href="http://127.0.0.1:8702">Trang cổng</a> · <a href="{BASE}/entries/alert:4">Chi tiết</a>"""


def pending(views: list[dict[str, Any]]) -> list[Pending]:
    return [Pending(v["alert_id"], v["time"], v) for v in views]


def test_telegram_daily_digest_exact_text_sent_at_its_time(bot_api: BotApi) -> None:
    rules = parse_rules({"digest": "daily 07:00"}, WHERE)
    url = f"tgram://{TOKEN}/{CHAT}"
    early = dispatch(
        url, rules, pending(DIGEST_VIEWS), local(2022, 5, 14, 6, 59), base_url=BASE, api=f"{bot_api.url}/bot"
    )
    assert (early.sent, early.next_due, bot_api.received) == ([], local(2022, 5, 14, 7, 0), [])
    step = dispatch(
        url, rules, pending(DIGEST_VIEWS), local(2022, 5, 14, 7, 0), base_url=BASE, api=f"{bot_api.url}/bot"
    )
    assert step.delivered == [1, 2, 3, 4, 5]
    assert bot_api.texts() == [wire(DIGEST_TELEGRAM)]


def test_telegram_long_message_split_into_parts_in_order(bot_api: BotApi) -> None:
    outcome = tgram(bot_api, alert_message(long_view(), BASE))
    assert (outcome.ok, outcome.sent, outcome.parts) == (True, 4, 4), outcome.reason
    texts = bot_api.texts()
    assert [t.split("\r\n", 1)[0] for t in texts] == [
        f"<b>Kỳ họp HĐND lần thứ 10 · HĐND huyện Tân Hồng · khóa XII ({i}/4)</b>" for i in range(1, 5)
    ]
    assert all(len(t.encode("utf-16-le")) // 2 <= 4096 for t in texts)  # Telegram's limit, in its own unit
    joined = " ".join(t.split("\r\n", 1)[1] for t in texts)
    assert " ".join(long_view()["lead"].split()) in " ".join(joined.split())
    assert texts[-1].endswith(f'<a href="{BASE}/entries/alert:7">Chi tiết</a>')


def test_telegram_refusal_is_a_sentence_and_a_retry_resumes_after_sent_parts(bot_api: BotApi) -> None:
    message = alert_message(long_view(), BASE)
    bot_api.refuse = {3}
    first = tgram(bot_api, message)
    assert (first.ok, first.sent, first.parts) == (False, 2, 4)
    assert first.reason.startswith("Telegram refused part 3 of 4: ") and "Unauthorized" in first.reason
    assert first.reason.endswith(".") and "\n" not in first.reason and TOKEN.split(":")[1] not in first.reason
    retry = tgram(bot_api, message, start_part=first.sent)
    assert (retry.ok, retry.sent) == (True, 2)
    expected = [p.body for p in message.parts(Dialect.TELEGRAM, 4096, title_in_body=True)]
    assert bot_api.texts() == [wire(t) for t in (expected[0], expected[1], expected[2], expected[2], expected[3])]


def test_nothing_is_sent_during_quiet_hours(bot_api: BotApi) -> None:
    rules = parse_rules({"quiet": "22:00-06:00"}, WHERE)
    alert = view(time="2022-05-14T16:10:00+00:00")  # 23:10 in Hồ Chí Minh City
    url, api = f"tgram://{TOKEN}/{CHAT}", f"{bot_api.url}/bot"
    night = dispatch(url, rules, pending([alert]), local(2022, 5, 14, 23, 15), base_url=BASE, api=api)
    dawn = dispatch(url, rules, pending([alert]), local(2022, 5, 15, 5, 59), base_url=BASE, api=api)
    assert (night.sent, night.next_due, dawn.sent) == ([], local(2022, 5, 15, 6, 0), [])
    assert bot_api.received == []
    morning = dispatch(url, rules, pending([alert]), local(2022, 5, 15, 6, 0), base_url=BASE, api=api)
    assert morning.delivered == [7]
    assert bot_api.texts() == [wire(MEETING_TELEGRAM)]


def test_deadline_bounds_a_hanging_channel(bot_api: BotApi) -> None:
    bot_api.hang.set()
    started = time.monotonic()
    outcome = tgram(bot_api, alert_message(view(), BASE), deadline=1.0)
    elapsed = time.monotonic() - started
    assert not outcome.ok and outcome.sent == 0
    assert outcome.reason.startswith("Telegram ") and outcome.reason.endswith(".")
    assert elapsed < 3.5, f"send took {elapsed:.1f}s with a 1 s deadline"


def test_zalo_bot_receives_markdown_within_its_limit(bot_api: BotApi) -> None:
    api = f"{bot_api.url}/bot{{token}}/sendMessage"  # Zalo's notify_url is a template on the token
    outcome = send(f"zalo://{ZALO_TOKEN}/chat-42", alert_message(view(), BASE), api=api)
    assert outcome.ok, outcome.reason
    [(path, body)] = bot_api.received
    assert path == f"/bot{ZALO_TOKEN}/sendMessage"
    assert (body["chat_id"], body["parse_mode"]) == ("chat-42", "markdown")
    assert body["text"].splitlines()[:4] == [
        "**Kỳ họp HĐND lần thứ 10 · HĐND huyện Tân Hồng · khóa XII**",
        "**Kỳ họp thứ mười HĐND huyện Tân Hồng khóa XII**",
        "Ngày họp: 14/5/2022",
        r"Cổng: Huyện ủy Tân Hồng \(mô phỏng\) · Tân Hồng, Đồng Tháp",
    ]
    assert body["text"].endswith(f"[Bài gốc]({ARTICLE_URL}) · [Chi tiết]({BASE}/entries/alert:7)")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://hooks.example.vn/x", "https:// URLs are webhooks, delivered as signed JSON, not through a channel."),
        (
            "carrierpigeon://coop/42",
            "channel URL scheme carrierpigeon:// is not one Apprise knows; "
            "use e.g. tgram://, mailtos://, zalo://, slack://, ntfy:// or matrix://.",
        ),
    ],
)
def test_unusable_urls_are_one_sentence(url: str, reason: str) -> None:
    assert check_url(url) == reason
    outcome = send(url, alert_message(view(), BASE))
    assert (outcome.ok, outcome.reason) == (False, reason)


def test_a_malformed_channel_url_never_echoes_its_secret() -> None:
    reason = check_url("tgram://not-a-token-SECRETVALUE/123")
    assert reason is not None and reason.startswith("channel URL tgram://… is not usable")
    assert "SECRETVALUE" not in reason


# E-mail ------------------------------------------------------------------------------------------------


def test_email_meeting_alert_subject_and_body_decoded_exactly(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    outcome = send(mailto(port), alert_message(view(), BASE))
    assert outcome.ok, outcome.reason
    title, body = MEETING_TEXT.split("\n", 1)
    [(subject, text, sender, to)] = received(inbox)
    assert (subject, text) == (title, body)
    assert "portalwatch@example.org" in sender and to == ["phongvien@example.org"]


def test_email_digest_is_one_mail(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    message = digest_message(DIGEST_VIEWS, local(2022, 5, 13, 7), local(2022, 5, 14, 7), BASE)
    assert send(mailto(port), message).ok
    title, body = DIGEST_TEXT.split("\n", 1)
    assert [(s, t) for s, t, _, _ in received(inbox)] == [(title, body)]


def test_email_has_no_length_limit(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    outcome = send(mailto(port), alert_message(long_view(), BASE))
    assert (outcome.ok, outcome.parts) == (True, 1)
    [(subject, text, _, _)] = received(inbox)
    assert subject == "Kỳ họp HĐND lần thứ 10 · HĐND huyện Tân Hồng · khóa XII" and _size(text) > 12000


def test_email_subject_too_long_is_cut_at_a_word(smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    body = "Ban Thường vụ Tỉnh ủy Đồng Tháp và Ban Chấp hành Đảng bộ các huyện, thị xã, thành phố " * 4
    outcome = send(mailto(port), alert_message(view(meeting={**COUNCIL, "body": body.strip()}), BASE))
    assert outcome.ok, outcome.reason
    [(subject, text, _, _)] = received(inbox)
    assert subject.startswith("Kỳ họp HĐND lần thứ 10 · Ban Thường vụ Tỉnh ủy Đồng Tháp") and subject.endswith("…")
    assert len(subject) <= 250 - len(" (99/99)") and not subject[:-1].endswith(" ")
    assert text.startswith("Kỳ họp thứ mười HĐND huyện Tân Hồng khóa XII\n")


def test_email_server_down_is_a_failed_outcome() -> None:
    outcome = send(mailto(free_port()), alert_message(view(), BASE), deadline=5.0)
    assert not outcome.ok and outcome.reason.startswith("E-Mail refused the message: ")


@pytest.mark.integration  # the shared crawled store
def test_real_store_alert_reaches_telegram(bot_api: BotApi, alert_store: Path) -> None:
    """A meeting alert read from a store the simulator crawl filled, through the feed's view, to the stand-in."""
    from crawler import feed
    from crawler.registry import load_registry
    from crawler.store import open_store

    conn = sqlite3.connect(alert_store)
    alert_id = conn.execute(
        "SELECT alerts.id FROM alerts JOIN articles ON articles.id = alerts.article_id"
        " WHERE alerts.kind = 'meeting' AND json_extract(articles.meeting, '$.kind') = 'congress'"
        " AND json_extract(articles.meeting, '$.date') IS NOT NULL ORDER BY alerts.id LIMIT 1"
    ).fetchone()[0]
    conn.close()
    store = open_store(alert_store)
    try:
        alert = feed.view(store.feed.entry(f"alert:{alert_id}"), load_registry())
    finally:
        store.close()
    outcome = tgram(bot_api, alert_message(alert, BASE))
    assert outcome.ok, outcome.reason
    lines = bot_api.texts()[0].split("\r\n")
    meeting = alert["meeting"]
    day = datetime.fromisoformat(meeting["date"])
    assert lines[0] == f"<b>Đại hội lần thứ {meeting['ordinal']} · {meeting['body']} · {meeting['term']}</b>"
    assert lines[1] == f"<b>{alert['title']}</b>"
    assert lines[2] == f"Ngày họp: {day.day}/{day.month}/{day.year}"
    assert lines[-1].endswith(f'<a href="{BASE}/entries/alert:{alert_id}">Chi tiết</a>')
