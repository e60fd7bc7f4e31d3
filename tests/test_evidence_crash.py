"""A writer killed with SIGKILL in the middle of a record: the archive still reads (the torn record is skipped), and
the next writer cuts it off and appends records that every WARC reader can read through."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.evidence import Archive, Capture, PortalWriter, export
from crawler.evidence.warcfile import members

# Subprocess crawls / a killed child process (the marker the fast loop leaves out).
pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2025, 7, 1, tzinfo=UTC)

# The child writes five whole records, then a sixth through a file that stalls (a slow disk) after part of it
# reached the OS, says so, and waits to be killed. With "unindexed", it instead stops after the records reach
# the file and before their index lines do.
CHILD = r"""
import os, signal, sys, time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from crawler.evidence import Capture, PortalWriter

root, mode = Path(sys.argv[1]), sys.argv[2]
T0 = datetime(2025, 7, 1, tzinfo=UTC)

def capture(i, body):
    return Capture(f"http://xa.vn/tin/{i}", 200, (("Content-Type", "text/html; charset=utf-8"),), body,
                   T0 + timedelta(minutes=i))

class Stalling:
    def __init__(self, fh):
        self.fh, self.budget = fh, None
    def write(self, data):
        if self.budget is not None and len(data) > self.budget:
            self.fh.write(data[: self.budget])
            self.fh.flush()
            print("stalled", flush=True)
            signal.pause()  # stalled mid-write until the test kills this process
        if self.budget is not None:
            self.budget -= len(data)
        return self.fh.write(data)
    def __getattr__(self, name):
        return getattr(self.fh, name)

class Writer(PortalWriter):
    def _open_file(self, path):
        self.stalling = Stalling(path.open("ab"))
        return self.stalling

writer = Writer(root, "sim-crash").open()
for i in range(5):
    writer.write(capture(i, f"<p>Bài {i}: Hội nghị Ban Chấp hành</p>".encode() * 50))
if mode == "unindexed":
    writer._fh.flush()
    print("stalled", flush=True)
    signal.pause()  # stalled until the test kills this process
writer.flush()
writer.stalling.budget = 300
writer.write(capture(5, os.urandom(200_000)))
"""


def run_and_kill(root: Path, mode: str) -> None:
    """Start the child, wait (with a deadline) until it says it stalled, then SIGKILL it."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(root), mode], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 60
        line = b""
        while b"stalled" not in line:
            assert time.monotonic() < deadline, "the writer never reached the stall"
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            if sel.select(timeout=1):
                line += proc.stdout.readline()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        sel.close()
    assert proc.returncode == -signal.SIGKILL


def capture(i: int) -> Capture:
    body = f"<p>Bài {i}: Hội nghị Ban Chấp hành</p>".encode() * 50
    return Capture(f"http://xa.vn/tin/{i}", 200, (("Content-Type", "text/html; charset=utf-8"),), body, T0)


def test_killed_mid_record_the_archive_reads_and_the_next_writer_repairs(tmp_path: Path) -> None:
    run_and_kill(tmp_path, "torn")
    warc = tmp_path / "sim-crash" / "sim-crash-00001.warc.gz"
    with warc.open("rb") as fh:
        whole_end = max(end for _, end in members(fh))
        size = fh.seek(0, os.SEEK_END)
    assert size > whole_end  # a torn record is there

    archive = Archive(tmp_path)  # readers: the five whole records, not the torn one
    for i in range(5):
        [version] = archive.versions(f"http://xa.vn/tin/{i}")
        assert archive.read(version).body == capture(i).body
    assert archive.versions("http://xa.vn/tin/5") == []
    export([f"http://xa.vn/tin/{i}" for i in range(5)], tmp_path / "out.warc.gz", tmp_path)

    with PortalWriter(tmp_path, "sim-crash") as writer:
        assert writer.tally.cut == size - whole_end
        writer.write(capture(5))
        writer.write(capture(0))  # unchanged since before the crash: a revisit
    assert writer.tally.revisits == 1
    with warc.open("rb") as fh:  # the whole file reads through, every digest verified
        found = [(r.rec_type, r.digest_checker.problems) for r in ArchiveIterator(fh, check_digests=True)]
    assert [t for t, _ in found] == ["warcinfo"] + ["response", "request"] * 6 + ["revisit", "request"]
    assert all(problems == [] for _, problems in found)
    assert [v.revisit for v in archive.versions("http://xa.vn/tin/0")] == [False, True]


def test_records_written_but_not_indexed_are_indexed_by_the_next_writer(tmp_path: Path) -> None:
    run_and_kill(tmp_path, "unindexed")
    archive = Archive(tmp_path)
    assert all(archive.versions(f"http://xa.vn/tin/{i}") == [] for i in range(5))  # the journal never got them
    with PortalWriter(tmp_path, "sim-crash") as writer:
        assert (writer.tally.reindexed, writer.tally.cut) == (5, 0)
    for i in range(5):
        [version] = archive.versions(f"http://xa.vn/tin/{i}")
        assert archive.read(version).body == capture(i).body
        assert version.timestamp == T0 + timedelta(minutes=i)
