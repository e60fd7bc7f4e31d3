"""Webhook delivery survives a flaky receiver, a killed receiver and a killed deliverer: every alert
arrives, in alert order per subscriber, repeats carry the same idempotency key, signatures verify."""

from __future__ import annotations

import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from support import Receivers, StartCli, add_alert, copy_store, wait_for

from crawler.cli import main
from crawler.registry import load_registry
from crawler.store import open_store
from crawler.webhooks import (
    SubscribersError,
    backoff,
    deliver_pending,
    load_subscribers,
    sign,
    verify,
)

# A receiver: verifies each POST, logs it (fsync'd) and answers 500 to its first three requests per life
# and to every fifth one after, so retries happen all run long.
RECEIVER = r"""
import hashlib, hmac, json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
port, log_path, secrets = int(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3])
count = 0
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        global count
        count += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ts, sig = self.headers["X-Portalwatch-Timestamp"], self.headers["X-Portalwatch-Signature"]
        good = "sha256=" + hmac.new(secrets[self.path].encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        ok = count > 3 and count % 5
        rec = {"path": self.path, "key": self.headers["Idempotency-Key"], "id": json.loads(body)["id"],
               "signed": hmac.compare_digest(good, sig), "accepted": bool(ok)}
        with open(log_path, "a") as f:
            f.write(json.dumps(rec) + "\n"); f.flush(); os.fsync(f.fileno())
        self.send_response(200 if ok else 500); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
"""
SECRETS = {"/all": "s3cret-all", "/tanhong": "s3cret-tanhong"}
REGISTRY = load_registry()


def records(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_signatures_backoff_and_filters() -> None:
    body = b'{"id": 7}'
    sig = sign("k", "1700000000", body)
    assert verify("k", "1700000000", body, sig, now=1700000100)
    assert not verify("k", "1700000000", body + b" ", sig, now=1700000100)
    assert not verify("k", "1700000000", body, sig, now=1700000400)  # a replay five minutes later
    rng = random.Random(1)
    delays = [backoff(n, 1.0, 60.0, rng) for n in range(1, 9)]
    assert all(2 ** (n - 1) / 2 <= d <= 2 ** (n - 1) for n, d in zip(range(1, 7), delays, strict=False))
    assert 30 <= delays[7] <= 60
    from crawler.store.filters import EntryFilter

    council = EntryFilter(portals=("sim-tanhong",), kinds=("council_session",))
    assert council.matches({"portal": "sim-tanhong", "kind": "meeting", "meeting_kind": "council_session"})
    assert not council.matches({"portal": "sim-tanhong", "kind": "meeting", "meeting_kind": "congress"})
    assert not council.matches({"portal": "sim-tuyenhoa", "kind": "meeting", "meeting_kind": "council_session"})


@pytest.mark.integration
@pytest.mark.timeout(300)
def test_every_alert_arrives_through_kills_and_failures(
    tmp_path: Path,
    alert_store: Path,
    free_port: int,
    start_cli: StartCli,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, port = copy_store(alert_store, tmp_path / "pw.sqlite3"), free_port
    for path, extra in (
        ("/all", ["--from-start"]),
        ("/tanhong", ["--from-start", "--portal", "sim-tanhong", "--kind", "meeting"]),
    ):
        url = f"http://127.0.0.1:{port}{path}"
        assert main(["subscribers", "add", url, "--secret", SECRETS[path], *extra, "--db", str(db)]) == 0
        assert capsys.readouterr().out == f"subscriber {1 if path == '/all' else 2}: {url}\nsecret: {SECRETS[path]}\n"
    assert main(["subscribers", "list", "--db", str(db)]) == 0
    listed = capsys.readouterr().out
    assert "portal=sim-tanhong kind=meeting" in listed and "(all)" in listed

    conn = sqlite3.connect(db)
    # Without a kind a subscriber gets every alert but new_article (asked for by kind).
    every = [r[0] for r in conn.execute("SELECT id FROM alerts WHERE kind != 'new_article' ORDER BY id")]
    tanhong = [
        r[0]
        for r in conn.execute("SELECT id FROM alerts WHERE portal = 'sim-tanhong' AND kind = 'meeting' ORDER BY id")
    ]
    assert len(every) > 200 and len(tanhong) > 50
    (tmp_path / "receiver.py").write_text(RECEIVER)
    log = tmp_path / "received.jsonl"

    def receiver() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, str(tmp_path / "receiver.py"), str(port), str(log), json.dumps(SECRETS)]
        )

    fast_retries = ["--backoff-base", "0.02", "--backoff-cap", "0.2", "--timeout", "2", "--db", str(db)]

    def deliverer() -> subprocess.Popen[str]:
        return start_cli("deliver", *fast_retries, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def connection_refused() -> bool:
        refused = "SELECT count(*) FROM webhook_outbox WHERE last_error LIKE 'ConnectError%'"
        return bool(conn.execute(refused).fetchone()[0])

    def accepted() -> int:
        return sum(1 for r in records(log) if r["accepted"])

    recv, deliver = receiver(), deliverer()
    wait_for(lambda: accepted() >= 60)
    recv.kill()  # the receiver dies mid-run; deliveries fail with connection errors meanwhile
    recv.wait()
    wait_for(connection_refused, what="a delivery refused by the dead receiver")
    recv = receiver()
    wait_for(lambda: accepted() >= 150)
    deliver.send_signal(signal.SIGKILL)  # the deliverer dies mid-run, maybe between a POST and its bookkeeping
    deliver.wait()
    capsys.readouterr()
    try:
        assert main(["deliver", *fast_retries]) == 0
    finally:
        recv.kill()
        recv.wait()
    assert capsys.readouterr().out.strip().endswith("pending 0")

    got = records(log)
    assert all(r["signed"] for r in got), "a signature did not verify"
    assert all(r["key"] == str(r["id"]) for r in got), "an idempotency key is not the alert id"
    assert any(not r["accepted"] for r in got)  # failures did happen
    for path, expected in (("/all", every), ("/tanhong", tanhong)):
        firsts: list[int] = []
        for r in got:
            if r["path"] == path and r["accepted"] and r["id"] not in firsts:
                firsts.append(int(r["id"]))
        assert firsts == expected, f"{path}: {len(expected) - len(firsts)} missing or out of order"
    states = conn.execute("SELECT subscriber_id, state, count(*) FROM webhook_outbox GROUP BY 1, 2").fetchall()
    assert states == [(1, "delivered", len(every)), (2, "delivered", len(tanhong))]


# Subscribers from a file ---------------------------------------------------------------------------


def small_store(db: str) -> Any:
    """An empty migrated store's connection, to add alerts to it (no crawl needed for delivery tests); both stores'
    connections take ``?`` placeholders and commit each statement."""
    return open_store(db).conn  # type: ignore[attr-defined]


def new_alert(conn: Any, portal: str, kind: str, meeting_kind: str | None = None) -> int:
    """An article and one alert on it, as the store pipeline would leave them; returns the alert id."""
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0] + 1
    now = datetime.now(UTC).isoformat(timespec="seconds")
    meeting = json.dumps({"kind": meeting_kind, "date": "2025-07-01"}) if meeting_kind else None
    conn.execute(
        "INSERT INTO articles (dedupe_key, portal, cms, url, title, is_meeting_report, meeting, first_seen,"
        " last_seen) VALUES (?, ?, 'liferay', ?, ?, ?, ?, ?, ?)",
        (f"k{n}", portal, f"http://127.0.0.1:9/a/{n}", f"Bài {n}", bool(meeting), meeting, now, now),
    )
    add_alert(conn, kind, n, portal, now)
    return int(conn.execute("SELECT max(id) FROM alerts").fetchone()[0])


def pending(db: str) -> int:
    """Outbox rows not delivered yet, read through the store."""
    store = open_store(db)
    try:
        return sum(c["pending"] for c in store.outbox.counts().values())
    finally:
        store.close()


def subscriber_ids(conn: Any) -> dict[str, int]:
    return {r[0]: r[1] for r in conn.execute("SELECT name, id FROM webhook_subscribers WHERE name IS NOT NULL")}


def test_subscribers_file_keeps_each_outbox_across_edits_and_stops_removed_ones(
    tmp_path: Path,
    store_location: str,
    receivers: Receivers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, file = store_location, tmp_path / "subscribers.toml"
    conn = small_store(db)
    first = [
        new_alert(conn, "sim-tanhong", "meeting", "council_session"),
        new_alert(conn, "sim-tuyenhoa", "meeting", "congress"),
        new_alert(conn, "sim-tanhong", "article_edited"),
    ]
    monkeypatch.setenv("NEWSROOM_SECRET", "n-secret")
    file.write_text(f"""
[subscribers.newsroom]
url = "{receivers.url("/newsroom")}"
secret_env = "NEWSROOM_SECRET"
portal = "sim-tanhong"
from_start = true

[subscribers.everything]
url = "{receivers.url("/everything")}"
secret = "e-secret"
from_start = true

[subscribers.late]   # no from_start: only alerts raised from now on
url = "{receivers.url("/late")}"
secret = "l-secret"
kind = ["meeting"]
""")
    assert deliver_pending(str(db), REGISTRY, subscribers_file=file, deadline=30) == 5
    assert receivers.ids("/newsroom") == [first[0], first[2]]
    assert receivers.ids("/everything") == first and receivers.ids("/late") == []
    ids = subscriber_ids(conn)
    assert sorted(ids) == ["everything", "late", "newsroom"]
    assert deliver_pending(str(db), REGISTRY, subscribers_file=file, deadline=30) == 0  # idempotent: nothing new
    assert subscriber_ids(conn) == ids

    # The newsroom's receiver goes down: its two new alerts wait in its outbox while the others get theirs.
    receivers.status["/newsroom"] = 503
    second = [new_alert(conn, "sim-tanhong", "meeting", "briefing"), new_alert(conn, "sim-tanhong", "article_removed")]
    assert deliver_pending(str(db), REGISTRY, subscribers_file=file, deadline=1.5) == 3
    assert receivers.ids("/everything") == first + second and receivers.ids("/late") == [second[0]]
    failed = conn.execute(
        "SELECT attempts FROM webhook_outbox WHERE subscriber_id = ? AND alert_id = ?", (ids["newsroom"], second[0])
    ).fetchone()[0]
    assert failed >= 1

    # Edited: the newsroom moves to a new URL and narrows to meetings in two districts; "everything" is removed.
    file.write_text(f"""
[subscribers.newsroom]
url = "{receivers.url("/newsroom2")}"
secret_env = "NEWSROOM_SECRET"
portal = ["sim-tanhong", "sim-tuyenhoa"]
kind = "meeting"

[subscribers.late]
url = "{receivers.url("/late")}"
secret = "l-secret"
kind = ["meeting"]
""")
    third = [new_alert(conn, "sim-tuyenhoa", "meeting", "congress"), new_alert(conn, "sim-tuyenhoa", "article_edited")]
    assert deliver_pending(str(db), REGISTRY, subscribers_file=file, deadline=30) == 3
    # The pending meeting survived the edit (same subscriber, same key); the removal no longer matches: dropped.
    assert receivers.ids("/newsroom2") == [second[0], third[0]]
    assert receivers.ids("/late") == [second[0], third[0]]
    assert receivers.ids("/everything") == first + second  # removed: nothing more
    assert subscriber_ids(conn) == {"newsroom": ids["newsroom"], "late": ids["late"]}
    check = conn
    assert (
        check.execute("SELECT count(*) FROM webhook_outbox WHERE subscriber_id = ?", (ids["everything"],)).fetchone()[0]
        == 0
    )
    assert check.execute(
        "SELECT attempts, state FROM webhook_outbox WHERE subscriber_id = ? AND alert_id = ?",
        (ids["newsroom"], second[0]),
    ).fetchone()[:] == (failed + 1, "delivered")
    assert check.execute("SELECT count(*) FROM webhook_outbox WHERE state = 'pending'").fetchone()[0] == 0
    assert all(r["signed"] and r["key"] == str(r["id"]) for r in receivers.got)


def test_deliver_pending_returns_by_its_deadline_when_a_receiver_hangs(
    tmp_path: Path, store_location: str, receivers: Receivers
) -> None:
    db, file = store_location, tmp_path / "subscribers.toml"
    conn = small_store(db)
    alert = new_alert(conn, "sim-tanhong", "meeting", "congress")
    receivers.status["/hang"] = 0
    file.write_text(f'[subscribers.slow]\nurl = "{receivers.url("/hang")}"\nsecret = "h-secret"\nfrom_start = true\n')
    started = time.monotonic()
    assert deliver_pending(db, REGISTRY, subscribers_file=file, deadline=2, timeout=10) == 0
    assert time.monotonic() - started < 6  # the 10 s request timeout was cut to what the deadline left
    row = conn.execute("SELECT alert_id, state, attempts, last_error FROM webhook_outbox").fetchone()
    assert tuple(row[:3]) == (alert, "pending", 1) and "Timeout" in row[3]  # retried by the next call


BAD_ENTRIES = {
    "no url": ('secret = "s"', "[subscribers.bot] in {file} has no url; add url"),
    "ftp url": ('url = "ftp://x.test/"\nsecret = "s"', "has url 'ftp://x.test/', which is not an http(s) URL"),
    "two secrets": ('url = "http://x.test/"\nsecret = "s"\nsecret_env = "S"', "needs exactly one of secret"),
    "no secret": ('url = "http://x.test/"', "needs exactly one of secret"),
    "unset env": (
        'url = "http://x.test/"\nsecret_env = "PW_TEST_UNSET"',
        "reads its secret from $PW_TEST_UNSET, which is not set",
    ),
    "typo": ('url = "http://x.test/"\nsecret = "s"\nprovence = "Đồng Tháp"', "has unknown key provence; known keys"),
    "place": (
        'url = "http://x.test/"\nsecret = "s"\nprovince = "Atlantis"',
        "in {file}: no portal in province Atlantis",
    ),
    "kind": ('url = "http://x.test/"\nsecret = "s"\nkind = ["meetings"]', "unknown kind meetings"),
    "list type": ('url = "http://x.test/"\nsecret = "s"\nportal = [1]', "portal must be a string or a list"),
    "toml date": ('url = "http://x.test/"\nsecret = "s"\nsince = 2025-07-01', "since must be a quoted date"),
    "flag": ('url = "http://x.test/"\nsecret = "s"\nfrom_start = "yes"', "from_start must be true or false"),
}


@pytest.mark.parametrize("case", sorted(BAD_ENTRIES))
def test_bad_subscriber_entries_are_one_sentence_naming_the_entry(case: str, tmp_path: Path) -> None:
    body, expected = BAD_ENTRIES[case]
    file = tmp_path / "subscribers.toml"
    file.write_text(f"[subscribers.bot]\n{body}\n")
    with pytest.raises(SubscribersError) as err:
        load_subscribers(file, REGISTRY, env={})
    message = str(err.value)
    assert expected.format(file=file) in message and "\n" not in message and message.endswith("."), message


def test_bad_subscribers_files(tmp_path: Path) -> None:
    file = tmp_path / "subscribers.toml"
    for text, expected in (
        ("[subscribers.bot\n", "is not valid TOML"),
        (
            'url = "http://x.test/"\n',
            "has top-level key url; put each subscriber in its own [subscribers.<name>] table.",
        ),
    ):
        file.write_text(text)
        with pytest.raises(SubscribersError, match=re.escape(expected)):
            load_subscribers(file, REGISTRY)
    with pytest.raises(SubscribersError, match="does not exist"):
        load_subscribers(tmp_path / "missing.toml", REGISTRY)
    file.write_text("")
    assert load_subscribers(file, REGISTRY) == []  # an empty file: no subscribers (removes those it had)


@pytest.mark.timeout(120)
@pytest.mark.integration
def test_deliver_follow_rereads_the_file_and_stops_cleanly_on_sigint(
    tmp_path: Path,
    store_location: str,
    receivers: Receivers,
    start_cli: StartCli,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """How ``portalwatch schedule --deliver`` runs it: ``deliver --follow`` with the file in the environment."""
    db, file = store_location, tmp_path / "subscribers.toml"
    conn = small_store(db)
    alerts = [new_alert(conn, "sim-tanhong", "meeting", "congress"), new_alert(conn, "sim-tuyenhoa", "article_edited")]
    file.write_text(f'[subscribers.bot]\nurl = "{receivers.url("/one")}"\nsecret = "o-secret"\nfrom_start = true\n')
    monkeypatch.setenv("PORTALWATCH_SUBSCRIBERS", str(file))
    assert main(["subscribers", "list", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert listed.startswith(f"subscribers file {file}: added bot\n") and " bot " in listed
    err = (tmp_path / "deliver.err").open("w")
    proc = start_cli("deliver", "--follow", "--db", db, stdout=subprocess.PIPE, stderr=err)
    try:
        wait_for(lambda: receivers.ids("/one") == alerts)
        file.write_text("[subscribers.bot\n")  # a broken edit: logged, and the last good subscribers stay
        # The file is re-read once it has been stable for a second: wait until the deliverer has logged it.
        log_file = tmp_path / "deliver.err"
        wait_for(lambda: "is not valid TOML" in log_file.read_text(), what="the broken edit logged")
        alerts.append(new_alert(conn, "sim-tanhong", "meeting", "briefing"))
        wait_for(lambda: receivers.ids("/one") == alerts)
        file.write_text(f'[subscribers.bot]\nurl = "{receivers.url("/two")}"\nsecret = "o-secret"\n')
        # The next alert is for the new address only once the deliverer has re-read the file.
        wait_for(lambda: f"subscribers file {file}: updated bot" in log_file.read_text(), what="the edit read")
        alerts.append(new_alert(conn, "sim-tanhong", "meeting", "briefing"))
        wait_for(lambda: receivers.ids("/two") == alerts[-1:])
        wait_for(lambda: pending(db) == 0)  # the receiver logs a POST before the deliverer marks it delivered
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    finally:
        proc.kill()
        err.close()
    log = (tmp_path / "deliver.err").read_text()
    assert proc.returncode == 0 and out.strip() == "delivered 4; pending 0; stopped", (out, log)
    assert "is not valid TOML" in log and "Keeping the subscribers as they were." in log and "Traceback" not in log
    assert f"subscribers file {file}: updated bot" in log
    assert receivers.ids("/one") == alerts[:3]
