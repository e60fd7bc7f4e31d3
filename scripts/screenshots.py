"""Screenshots of the workbench for a review or a closing note: the home page, the meetings calendar and an entry page
(a meeting report with attachments and copies on other portals, when the store has one), each 1280 and 412 pixels
wide, saved as ``out/screenshots/<page>-<width>.png``.

Serves the demo's store (``make demo`` writes it) with ``portalwatch serve`` on a free port and photographs it in
headless Chromium::

    .venv/bin/python scripts/screenshots.py [--db data/portalwatch.sqlite3] [--out out/screenshots]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DBS = (Path("data/portalwatch.sqlite3"), Path("data/demo.sqlite3"))


def default_db() -> Path | None:
    """``PORTALWATCH_DB``, else the first demo store that exists."""
    if os.environ.get("PORTALWATCH_DB"):
        return Path(os.environ["PORTALWATCH_DB"])
    return next((ROOT / p for p in DEFAULT_DBS if (ROOT / p).exists()), None)


def pick_entry(db: Path) -> str | None:
    """The newest meeting report that has attachments and copies on other portals (else the newest meeting report)."""
    from crawler.store import open_store
    from crawler.store.filters import EntryFilter

    store = open_store(db)
    try:
        entries = store.feed.latest(EntryFilter(kinds=("meeting",)), 500).entries
    finally:
        store.close()
    best = [e for e in entries if (e.get("copies") or 1) > 1 and (e["article"] or {}).get("attachments")]
    chosen = best or entries
    return str(chosen[0]["id"]) if chosen else None


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``portalwatch serve`` on a free port; returns the process and its base URL once it answers."""
    with socket.socket() as s:  # a free port, released for the server to bind
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--port", str(port), "--db", str(db)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"portalwatch serve exited: {proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("portalwatch serve did not answer /healthz within 30 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=default_db(), help="the store to show (default: the demo's)")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "screenshots")
    args = parser.parse_args(argv)
    if args.db is None or not args.db.exists():
        print("No store to show: run `make demo` first, or pass --db.", file=sys.stderr)
        return 2

    from crawler.web.browser import WIDTHS, BrowserMissingError, chromium, photograph

    entry = pick_entry(args.db)
    pages = {"home": "/", "calendar": "/calendar", **({"entry": f"/entries/{entry}"} if entry else {})}
    proc, base = serve(args.db)
    try:
        with tempfile.TemporaryDirectory() as profile:
            try:
                driver = chromium(Path(profile))
            except BrowserMissingError as exc:
                print(exc, file=sys.stderr)
                return 2
            try:
                for name, path in pages.items():
                    driver.get(base + path)
                    for width in WIDTHS:
                        print(photograph(driver, width, args.out / f"{name}-{width}.png"))
            finally:
                driver.quit()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
