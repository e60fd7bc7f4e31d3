"""``portalwatch deliver`` to channel subscribers, as a user runs it, against the local stand-ins: the Telegram
Bot API server and the SMTP inbox receive the exact Vietnamese message, a digest at its time, nothing during
quiet hours; a second run sends nothing again. Time is ``PORTALWATCH_DELIVER_NOW`` (the clock starts there):
nothing sleeps."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from channel_cases import ARTICLE_URL, BASE, COUNCIL, LEAD, MEETING_TELEGRAM, MEETING_TEXT, REGISTRY, long_view
from channel_standins import CHAT, TOKEN, BotApi, Inbox, mailto, received, wire
from support import RunCli, StartCli, add_alert, wait_for

from crawler.channels import Dialect, alert_message
from crawler.cli import main
from crawler.dates import TZ
from crawler.store import open_store
from crawler.webhooks import Deliverer, SubscribersError, load_subscribers


def small_store(db: Path) -> sqlite3.Connection:
    open_store(db).close()
    return sqlite3.connect(db, isolation_level=None)


def add(
    conn: sqlite3.Connection,
    raised: str,
    kind: str = "meeting",
    *,
    title: str = "Kỳ họp thứ mười HĐND huyện Tân Hồng khóa XII",
    lead: str = LEAD,
    meeting: dict[str, object] | None = None,
) -> int:
    """An article as the simulator's sim-tanhong serves it and one alert on it raised at ``raised``; its id."""
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0] + 1
    if kind == "meeting" and meeting is None:
        meeting = {**COUNCIL, "date": "2022-05-14"}
    stored = json.dumps(meeting) if meeting else None
    conn.execute(
        "INSERT INTO articles (dedupe_key, portal, cms, url, title, lead, published, is_meeting_report, meeting,"
        " first_seen, last_seen) VALUES (?, 'sim-tanhong', 'liferay', ?, ?, ?, ?, ?, ?, ?, ?)",
        (f"k{n}", ARTICLE_URL, title, lead, "2022-05-14T10:03:00+07:00", int(bool(meeting)), stored, raised, raised),
    )
    add_alert(conn, kind, n, "sim-tanhong", raised)
    return int(conn.execute("SELECT max(id) FROM alerts").fetchone()[0])


def tgram(api: BotApi, extra: str = "") -> str:
    return f'url = "tgram://{TOKEN}/{CHAT}"\napi = "{api.url}/bot"\nfrom_start = true\n{extra}'


def deliver(run_cli: RunCli, db: Path, file: Path, now: str, *args: str) -> tuple[int, str]:
    env = {"PORTALWATCH_DELIVER_NOW": now, "PORTALWATCH_BASE_URL": BASE}
    run = run_cli("deliver", "--db", str(db), "--subscribers", str(file), *args, env=env, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr
    return run.returncode, run.stdout.strip()


def outbox(db: Path) -> list[tuple[int, str, int, str | None]]:
    rows = sqlite3.connect(db).execute(
        "SELECT alert_id, state, parts_sent, last_error FROM webhook_outbox ORDER BY subscriber_id, alert_id"
    )
    return list(rows)


@pytest.mark.integration
def test_meeting_alert_reaches_telegram_and_email_once(
    tmp_path: Path, run_cli: RunCli, bot_api: BotApi, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    db, file = tmp_path / "pw.sqlite3", tmp_path / "subscribers.toml"
    conn = small_store(db)
    meeting = add(conn, "2022-05-14T04:00:00+00:00")
    title = "Tân Hồng ra quân mùa khô trước kỳ họp"  # matches "ky hop", and "mùa khô" is excluded
    other = add(conn, "2022-05-14T04:05:00+00:00", "new_article", title=title, lead="Thủy lợi.")
    file.write_text(
        "[subscribers.phongvien]\n" + tgram(bot_api, 'kind = "meeting"') + "\n"
        f'[subscribers.email]\nurl = "{mailto(port)}"\nfrom_start = true\nkind = ["meeting", "new_article"]\n'
        'match = ["ky hop"]\nexclude = "mùa khô"\n'
    )
    assert deliver(run_cli, db, file, "2022-05-14T11:10:00+07:00") == (0, "delivered 2; pending 0")
    assert bot_api.texts() == [wire(MEETING_TELEGRAM.replace("alert:7", f"alert:{meeting}"))]
    title, body = MEETING_TEXT.replace("alert:7", f"alert:{meeting}").split("\n", 1)
    [(subject, text, sender, to)] = received(inbox)
    assert (subject, text, to) == (title, body, ["phongvien@example.org"]) and "portalwatch@example.org" in sender
    # The new article was never queued: the Telegram filter wants meetings, the e-mail rules exclude it.
    assert [row[:2] for row in outbox(db)] == [(meeting, "delivered"), (meeting, "delivered")]
    assert other not in {row[0] for row in outbox(db)}

    assert deliver(run_cli, db, file, "2022-05-14T11:20:00+07:00") == (0, "delivered 0; pending 0")
    assert len(bot_api.received) == 1 and len(inbox.messages) == 1


KINDS = 'kind = ["meeting", "new_article"]'
DIGEST_TELEGRAM = f"""<b>Tổng hợp 3 cảnh báo, 13/5/2022 07:00 – 14/5/2022 07:00</b>
<b>Kỳ họp HĐND: 2</b>
• 14/5/2022 · Kỳ họp thứ mười · Huyện ủy Tân Hồng (mô phỏng)
<a href="{ARTICLE_URL.replace("&", "&amp;")}">Bài gốc</a> · <a href="{BASE}/entries/alert:2">Chi tiết</a>
• 12/5/2022 · Kỳ họp thứ chín · Huyện ủy Tân Hồng (mô phỏng)
<a href="{ARTICLE_URL.replace("&", "&amp;")}">Bài gốc</a> · <a href="{BASE}/entries/alert:1">Chi tiết</a>

<b>Bài mới: 1</b>
• 14/5/2022 · Tân Hồng ra quân mùa khô · Huyện ủy Tân Hồng (mô phỏng)
<a href="{ARTICLE_URL.replace("&", "&amp;")}">Bài gốc</a> · <a href="{BASE}/entries/alert:3">Chi tiết</a>"""

DIGEST_TEXT = f"""Kỳ họp HĐND: 2
• 14/5/2022 · Kỳ họp thứ mười · Huyện ủy Tân Hồng (mô phỏng)
Bài gốc: {ARTICLE_URL}
Chi tiết: {BASE}/entries/alert:2
• 12/5/2022 · Kỳ họp thứ chín · Huyện ủy Tân Hồng (mô phỏng)
Bài gốc: {ARTICLE_URL}
Chi tiết: {BASE}/entries/alert:1

Bài mới: 1
• 14/5/2022 · Tân Hồng ra quân mùa khô · Huyện ủy Tân Hồng (mô phỏng)
Bài gốc: {ARTICLE_URL}
Chi tiết: {BASE}/entries/alert:3"""


@pytest.mark.integration
def test_daily_digest_is_one_message_at_its_time(
    tmp_path: Path, run_cli: RunCli, bot_api: BotApi, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    db, file = tmp_path / "pw.sqlite3", tmp_path / "subscribers.toml"
    conn = small_store(db)
    ninth = {**COUNCIL, "ordinal": 9, "date": "2022-05-12"}
    assert add(conn, "2022-05-13T01:00:00+00:00", title="Kỳ họp thứ chín", meeting=ninth) == 1
    assert add(conn, "2022-05-13T09:00:00+00:00", title="Kỳ họp thứ mười") == 2
    assert add(conn, "2022-05-13T10:00:00+00:00", "new_article", title="Tân Hồng ra quân mùa khô") == 3
    file.write_text(
        "[subscribers.sang]\n" + tgram(bot_api, f'digest = "daily 07:00"\n{KINDS}') + "\n"
        f'[subscribers.thu]\nurl = "{mailto(port)}"\nfrom_start = true\ndigest = "daily 07:00"\n{KINDS}'
    )
    assert deliver(run_cli, db, file, "2022-05-14T06:59:00+07:00") == (0, "delivered 0; pending 6")
    assert bot_api.received == [] and inbox.messages == []
    listing = run_cli("subscribers", "list", "--db", str(db))
    assert listing.returncode == 0 and "digest=daily 07:00" in listing.stdout and TOKEN not in listing.stdout

    assert deliver(run_cli, db, file, "2022-05-14T07:00:00+07:00") == (0, "delivered 6; pending 0")
    assert bot_api.texts() == [wire(DIGEST_TELEGRAM)]
    title = "Tổng hợp 3 cảnh báo, 13/5/2022 07:00 – 14/5/2022 07:00"
    assert [(s, t) for s, t, _, _ in received(inbox)] == [(title, DIGEST_TEXT)]
    assert deliver(run_cli, db, file, "2022-05-14T07:05:00+07:00") == (0, "delivered 0; pending 0")
    assert len(bot_api.received) == 1 and len(inbox.messages) == 1


@pytest.mark.integration
def test_nothing_during_quiet_hours_then_sent_at_their_end(tmp_path: Path, run_cli: RunCli, bot_api: BotApi) -> None:
    db, file = tmp_path / "pw.sqlite3", tmp_path / "subscribers.toml"
    conn = small_store(db)
    alert = add(conn, "2022-05-14T16:10:00+00:00")  # 23:10 in Hồ Chí Minh City
    file.write_text("[subscribers.dem]\n" + tgram(bot_api, 'quiet = "22:00-06:00"'))
    assert deliver(run_cli, db, file, "2022-05-14T23:15:00+07:00") == (0, "delivered 0; pending 1")
    assert deliver(run_cli, db, file, "2022-05-15T05:59:00+07:00") == (0, "delivered 0; pending 1")
    assert bot_api.received == []
    assert deliver(run_cli, db, file, "2022-05-15T06:00:00+07:00") == (0, "delivered 1; pending 0")
    assert bot_api.texts() == [wire(MEETING_TELEGRAM.replace("alert:7", f"alert:{alert}"))]
    assert deliver(run_cli, db, file, "2022-05-15T06:30:00+07:00") == (0, "delivered 0; pending 0")
    assert len(bot_api.received) == 1


@pytest.mark.integration
def test_follow_sends_at_the_end_of_quiet_hours(tmp_path: Path, start_cli: StartCli, bot_api: BotApi) -> None:
    """``deliver --follow`` (what ``schedule --deliver`` runs) holds the alert, then sends it when its clock,
    started eight seconds before 06:00 (room for a slow start), passes the end of quiet hours."""
    db, file = tmp_path / "pw.sqlite3", tmp_path / "subscribers.toml"
    conn = small_store(db)
    alert = add(conn, "2022-05-14T16:10:00+00:00")
    file.write_text("[subscribers.dem]\n" + tgram(bot_api, 'quiet = "22:00-06:00"'))
    log = tmp_path / "deliver.err"
    env = {"PORTALWATCH_DELIVER_NOW": "2022-05-15T05:59:52+07:00", "PORTALWATCH_BASE_URL": BASE}
    with log.open("w") as err:
        proc = start_cli(
            "deliver", "--follow", "-v", "--db", str(db), "--subscribers", str(file),
            env=env, stdout=subprocess.PIPE, stderr=err,
        )  # fmt: skip
        try:
            wait_for(lambda: "held until 2022-05-15T06:00:00+07:00" in log.read_text(), what="the alert held")
            assert bot_api.received == []
            wait_for(lambda: len(bot_api.received) == 1, timeout=30, what="the message at 06:00")
            wait_for(lambda: outbox(db)[0][1] == "delivered", what="the outbox row marked delivered")
            proc.send_signal(signal.SIGINT)
            out, _ = proc.communicate(timeout=30)
        finally:
            proc.kill()
    assert out.strip() == "delivered 1; pending 0; stopped", log.read_text()
    assert bot_api.texts() == [wire(MEETING_TELEGRAM.replace("alert:7", f"alert:{alert}"))]


@pytest.mark.integration
def test_refused_part_is_recorded_shown_and_retried_after_the_parts_sent(
    tmp_path: Path, run_cli: RunCli, bot_api: BotApi
) -> None:
    db, file = tmp_path / "pw.sqlite3", tmp_path / "subscribers.toml"
    conn = small_store(db)
    lead = long_view()["lead"]
    alert = add(conn, "2022-05-14T04:00:00+00:00", lead=lead)
    file.write_text(f"[subscribers.dai]\n{tgram(bot_api)}")
    bot_api.refuse = {3}  # the third request: part 3 of 4
    assert deliver(run_cli, db, file, "2022-05-14T11:10:00+07:00", "--deadline", "1", "--backoff-base", "60") == (
        1,
        "delivered 0; pending 1",
    )
    [(_, state, parts_sent, error)] = outbox(db)
    assert (state, parts_sent) == ("pending", 2)
    assert error is not None and error.startswith("Telegram refused part 3 of 4: ") and "Unauthorized" in error
    listing = run_cli("subscribers", "list", "--db", str(db))
    assert "Telegram refused part 3 of 4" in listing.stdout and TOKEN.split(":")[1] not in listing.stdout

    # An hour later the backoff is over: the retry starts at part 3, parts 1 and 2 are not sent again.
    assert deliver(run_cli, db, file, "2022-05-14T12:10:00+07:00") == (0, "delivered 1; pending 0")
    view = dict(long_view(), id=f"alert:{alert}", alert_id=alert)
    parts = [p.body for p in alert_message(view, BASE).parts(Dialect.TELEGRAM, 4096, title_in_body=True)]
    assert len(parts) == 4
    assert bot_api.texts() == [wire(t) for t in (parts[0], parts[1], parts[2], parts[2], parts[3])]


# Subscriber entries -----------------------------------------------------------------------------------

BAD_CHANNEL_ENTRIES = {
    "secret on a channel": (f'url = "tgram://{TOKEN}/{CHAT}"\nsecret = "s"', "secret is for webhooks"),
    "digest on a webhook": ('url = "https://x.test/"\nsecret = "s"\ndigest = "daily 07:00"', "digest is for channel"),
    "bad digest": (f'url = "tgram://{TOKEN}/{CHAT}"\ndigest = "daily 7"', "digest = 'daily 7' is not a schedule"),
    "bad quiet": (f'url = "tgram://{TOKEN}/{CHAT}"\nquiet = "22:00"', "quiet = '22:00' is not a window of hours"),
    "bad match": (f'url = "tgram://{TOKEN}/{CHAT}"\nmatch = [""]', "match must be a phrase or a list of phrases"),
    "bad api": (f'url = "tgram://{TOKEN}/{CHAT}"\napi = "localhost:8081"', "api must be an http(s) URL"),
    "unknown scheme": ('url = "carrierpigeon://coop/42"', "is not an http(s) URL nor a channel URL Apprise knows"),
    "bad token": ('url = "tgram://not-a-token-SECRETVALUE/123"', ": channel URL tgram://… is not usable"),
}


@pytest.mark.parametrize("case", sorted(BAD_CHANNEL_ENTRIES))
def test_bad_channel_entries_are_one_sentence_naming_the_entry(case: str, tmp_path: Path) -> None:
    body, expected = BAD_CHANNEL_ENTRIES[case]
    file = tmp_path / "subscribers.toml"
    file.write_text(f"[subscribers.bot]\n{body}\n")
    with pytest.raises(SubscribersError) as err:
        load_subscribers(file, REGISTRY, env={})
    message = str(err.value)
    assert message.startswith(f"[subscribers.bot] in {file}") and expected in message, message
    assert "\n" not in message and message.endswith(".") and "SECRETVALUE" not in message


def test_channel_entry_stores_its_rules_and_the_files_base_url(tmp_path: Path) -> None:
    file = tmp_path / "subscribers.toml"
    file.write_text(
        'base_url = "https://pw.example/"\n[subscribers.bot]\n'
        f'url = "tgram://{TOKEN}/{CHAT}"\nprovince = "Đồng Tháp"\nmatch = "Tân Hồng"\nquiet = "22:00 - 06:00"\n'
        '[subscribers.hook]\nurl = "https://x.test/h"\nsecret = "s"\nexclude = ["mùa khô"]\n'
    )
    bot, hook = load_subscribers(file, REGISTRY, env={})
    assert (bot.secret, bot.filter) == (
        "",
        {
            "province": ["Đồng Tháp"],
            "match": ["Tân Hồng"],
            "quiet": ["22:00-06:00"],
            "base_url": ["https://pw.example"],
        },
    )
    assert (hook.secret, hook.filter) == ("s", {"exclude": ["mùa khô"]})


def test_subscribers_add_takes_a_channel_url_and_its_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "pw.sqlite3")
    url = f"tgram://{TOKEN}/{CHAT}"
    assert main(["subscribers", "add", url, "--db", db, "--match", "kỳ họp", "--digest", "daily 07:00"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("subscriber 1: tgram://") and TOKEN.split(":")[1] not in out and "secret" not in out
    store = open_store(db)
    try:
        [sub] = store.outbox.subscribers()
    finally:
        store.close()
    assert (sub.url, sub.secret, sub.filter) == (url, "", {"match": ["kỳ họp"], "digest": ["daily 07:00"]})
    assert main(["subscribers", "add", url, "--db", db, "--quiet", "22h"]) == 2
    err = capsys.readouterr().err
    assert "quiet = '22h' is not a window of hours" in err and "Traceback" not in err


def test_an_edited_exclude_drops_the_pending_alerts_it_refuses(tmp_path: Path) -> None:
    """Alerts waiting for tomorrow's digest: an ``exclude`` added to the entry drops the one it names, keeps the other
    (as an edited filter does); nothing is sent, the digest is not due."""
    db, file = tmp_path / "pw.sqlite3", tmp_path / "subscribers.toml"
    conn = small_store(db)
    meeting = add(conn, "2022-05-13T05:00:00+00:00")
    add(conn, "2022-05-13T05:10:00+00:00", "new_article", title="Tân Hồng ra quân mùa khô")
    entry = f'[subscribers.sang]\nurl = "tgram://{TOKEN}/{CHAT}"\nfrom_start = true\ndigest = "daily 07:00"\n{KINDS}\n'
    noon = datetime(2022, 5, 13, 12, tzinfo=TZ).timestamp()
    for text, left in ((entry, 2), (entry + 'exclude = "mùa khô"\n', 1)):
        file.write_text(text)
        deliverer = Deliverer(str(db), REGISTRY, subscribers_file=file, clock=lambda: noon)
        try:
            assert deliverer.run() == 0 and deliverer.sent == 0
        finally:
            deliverer.close()
        assert [(a, state) for a, state, _, _ in outbox(db)] == [(meeting, "pending"), (meeting + 1, "pending")][:left]
