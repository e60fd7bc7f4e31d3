"""Webhook delivery survives a flaky receiver, a killed receiver and a killed deliverer: every alert
arrives, in alert order per subscriber, repeats carry the same idempotency key, signatures verify."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_feed import ROOT, fill_store
from test_server import free_port

from crawler.webhooks import backoff, matches, sign, verify

# A receiver: verifies each POST, logs it (fsync'd) and answers 500 to its first three requests per life
# and to every fifth one after, so retries happen all run long.
RECEIVER = r'''
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
'''
SECRETS = {"/all": "s3cret-all", "/tanhong": "s3cret-tanhong"}


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler", *args, "--db", str(db)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PORTALWATCH_PROGRESS": "off"})


def records(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


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
    from crawler.store.feedquery import EntryFilter

    council = EntryFilter(portals=("sim-tanhong",), kinds=("council_session",))
    assert matches(council, {"portal": "sim-tanhong", "kind": "meeting", "meeting_kind": "council_session"})
    assert not matches(council, {"portal": "sim-tanhong", "kind": "meeting", "meeting_kind": "congress"})
    assert not matches(council, {"portal": "sim-tuyenhoa", "kind": "meeting", "meeting_kind": "council_session"})


@pytest.mark.timeout(300)
def test_every_alert_arrives_through_kills_and_failures(tmp_path: Path) -> None:
    db = tmp_path / "pw.sqlite3"
    fill_store(db)
    port = free_port()
    for path, extra in (("/all", ["--from-start"]), ("/tanhong", ["--from-start", "--portal", "sim-tanhong",
                                                                  "--kind", "meeting"])):
        added = cli(db, "subscribers", "add", f"http://127.0.0.1:{port}{path}", "--secret", SECRETS[path], *extra)
        assert added.returncode == 0, added.stderr
    listed = cli(db, "subscribers", "list").stdout
    assert "portal=sim-tanhong kind=meeting" in listed and "(all)" in listed

    conn = sqlite3.connect(db)
    every = [r[0] for r in conn.execute("SELECT id FROM alerts ORDER BY id")]
    tanhong = [r[0] for r in conn.execute("SELECT id FROM alerts WHERE portal = 'sim-tanhong' AND kind = 'meeting'"
                                          " ORDER BY id")]
    assert len(every) > 200 and len(tanhong) > 50
    (tmp_path / "receiver.py").write_text(RECEIVER)
    log = tmp_path / "received.jsonl"

    def receiver() -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, str(tmp_path / "receiver.py"), str(port), str(log),
                                 json.dumps(SECRETS)])

    def deliverer() -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "crawler", "deliver", "--db", str(db), "--backoff-base", "0.02",
                                 "--backoff-cap", "0.2", "--timeout", "2"], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def accepted() -> int:
        return sum(1 for r in records(log) if r["accepted"])

    recv, deliver = receiver(), deliverer()
    wait_for(lambda: accepted() >= 60)
    recv.kill()  # the receiver dies mid-run; deliveries fail with connection errors meanwhile
    recv.wait()
    time.sleep(0.5)
    recv = receiver()
    wait_for(lambda: accepted() >= 150)
    deliver.send_signal(signal.SIGKILL)  # the deliverer dies mid-run, maybe between a POST and its bookkeeping
    deliver.wait()
    done = cli(db, "deliver", "--backoff-base", "0.02", "--backoff-cap", "0.2", "--timeout", "2")
    recv.kill()
    recv.wait()
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("pending 0")

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
