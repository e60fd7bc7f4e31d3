"""Peak RSS and wall time of a crawl under each attack, for the closing figures.

    .venv/bin/python tests/hostile/figures.py [--code DIR] [--deadline SECONDS] [attack ...]

``--code`` runs another checkout's ``crawler`` (the code before a fix) against the same hostile server. A crawl
that passes the deadline is killed and shown with ``>``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hostile.harness import ROOT, crawl, registry
from hostile.server import PAGE_ATTACKS, HostileServer

SITEMAP_STARTS = {a: [f"/{a}/sitemap.xml", f"/{a}/"] for a in ("hugemap", "xxe", "selfref")}
ATTACKS = [*PAGE_ATTACKS, "trap", "hugemap", "xxe", "selfref", "rest"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, default=ROOT)
    parser.add_argument("--deadline", type=float, default=180.0)
    parser.add_argument("attacks", nargs="*", default=ATTACKS)
    args = parser.parse_args()
    print(f"{'attack':<10} {'exit':>4} {'peak MB':>8} {'seconds':>8}  stored  last line")
    with HostileServer() as server, tempfile.TemporaryDirectory() as tmp:
        for attack in args.attacks:
            where = Path(tmp) / attack
            where.mkdir()
            starts = SITEMAP_STARTS.get(attack, [f"/{attack}/"])
            extra = {"page_budget": 300} if attack in ("trap", "hugemap") else {}
            cms = "wordpress" if attack == "rest" else "generic"
            reg = registry(where / "portals.toml", f"hostile-{attack}", server.origin, starts, cms, **extra)
            result = crawl(f"hostile-{attack}", reg, where, deadline=args.deadline, code=args.code)
            mark = ">" if result.timed_out else " "
            lines = [line for line in result.stdout.splitlines() if line.startswith(f"hostile-{attack} ")]
            print(
                f"{attack:<10} {result.returncode:>4} {result.peak_mb:>8.0f} {mark}{result.seconds:>7.1f}  "
                f"{lines[0] if lines else '(no summary)'}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
