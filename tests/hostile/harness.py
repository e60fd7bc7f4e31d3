"""Crawl the hostile server in a child process, as a user would, and measure it: peak RSS (the child's
``ru_maxrss``, from ``os.wait4``) and wall time, under a deadline that kills a crawl that never ends."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from crawler.registry import load_registry
from crawler.simulator.server import Simulator

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Crawl:
    """What one crawl of one hostile portal did."""

    returncode: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float
    timed_out: bool
    db: Path


def registry(
    path: Path, slug: str, base_url: str, start_paths: list[str], cms: str = "generic", **extra: object
) -> Path:
    """A one-portal registry file for a hostile portal (simulated: loopback speed)."""
    lines = [
        f"[portals.{slug}]",
        'name = "Cổng thử nghiệm"',
        'province = "Đồng Tháp"',
        f'base_url = "{base_url}"',
        f'cms = "{cms}"',
        f"start_paths = {json.dumps(start_paths)}",
        "simulated = true",
        *(f"{key} = {json.dumps(value)}" for key, value in extra.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def registry_for(sim: Simulator, slug: str, path: Path) -> Path:
    """A one-portal registry file for a packaged simulated portal served by ``sim`` (its base URL that run's)."""
    p = load_registry()[slug]
    path.write_text(
        f'[portals.{slug}]\nname = "{p.name}"\nprovince = "{p.province}"\nbase_url = "{sim.urls[slug]}"\n'
        f'cms = "{p.cms}"\nstart_paths = {list(p.start_paths)!r}\nsimulated = true\n'.replace("'", '"'),
        encoding="utf-8",
    )
    return path


def _high_water_kb(pid: int) -> int:
    """The peak resident memory of a running process, in KiB (0 once it has exited)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)


def run(
    args: list[str], tmp: Path, *, deadline: float = 180.0, code: Path = ROOT, env: dict[str, str] | None = None
) -> Crawl:
    """``python -m crawler <args>`` from ``code`` (another checkout measures the code before a fix), its output in
    files, its peak RSS read from ``/proc/<pid>/status`` (``VmHWM``, the high-water mark of its own memory) while
    it runs; killed (and marked timed out) at ``deadline`` seconds. Not ``ru_maxrss``: Linux carries the forking
    process's RSS into the child's (a full test session's pytest is near a gigabyte), whatever the child uses."""
    out, err = tmp / "stdout.txt", tmp / "stderr.txt"
    child_env = {**os.environ, "PORTALWATCH_PROGRESS": "off", **(env or {})}
    if code != ROOT:
        child_env["PYTHONPATH"] = str(code)
    started = time.monotonic()
    with out.open("wb") as fout, err.open("wb") as ferr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crawler", *args], cwd=code, env=child_env, stdout=fout, stderr=ferr
        )
        timed_out = False
        peak_kb = 0
        while True:
            peak_kb = max(peak_kb, _high_water_kb(proc.pid))
            pid, status = os.waitpid(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > deadline:
                timed_out = True
                os.kill(proc.pid, signal.SIGKILL)
                pid, status = os.waitpid(proc.pid, 0)
                break
            time.sleep(0.05)  # polling the child's exit, not a fixed wait
        proc.returncode = os.waitstatus_to_exitcode(status)
    db = next((Path(a.split("=", 1)[1]) for a in args if a.startswith("--db=")), tmp / "pw.sqlite3")
    return Crawl(
        returncode=proc.returncode,
        stdout=out.read_text(encoding="utf-8", errors="replace"),
        stderr=err.read_text(encoding="utf-8", errors="replace"),
        peak_mb=peak_kb / 1024,
        seconds=time.monotonic() - started,
        timed_out=timed_out,
        db=db,
    )


def crawl(slug: str, reg: Path, tmp: Path, *, deadline: float = 180.0, code: Path = ROOT, full: bool = False) -> Crawl:
    """``portalwatch crawl <slug>`` into ``tmp/pw.sqlite3`` with the registry file ``reg``."""
    db = tmp / "pw.sqlite3"
    args = ["crawl", slug, "--registry", str(reg), f"--db={db}", *(["--full"] if full else [])]
    return run(args, tmp, deadline=deadline, code=code)
