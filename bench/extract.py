"""Extraction speed: each CMS adapter, the generic adapter, and trafilatura on the same pages.

Pages come from the simulator in-process (no network): up to N article pages per simulated CMS
family. For each family it times the family's own adapter, portalwatch's generic adapter, and the
baseline ``trafilatura.bare_extraction(html, url=..., with_metadata=True)``, in the same run, and
prints time per page and the ratio trafilatura / adapter.

    .venv/bin/python bench/extract.py [--pages 200] [--repeat 3] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.adapters.base import adapter_for  # noqa: E402
from crawler.fixtures import response_for  # noqa: E402
from crawler.registry import load_registry  # noqa: E402
from crawler.simulator.server import build_site  # noqa: E402
from crawler.simulator.sites import SITES  # noqa: E402
from crawler.simulator.walk import walk  # noqa: E402
from crawler.vocab import Cms  # noqa: E402


def best_of(repeat: int, pages: list[tuple[str, bytes]], fn: Callable[[str, bytes], object]) -> float:
    """Best mean seconds per page over ``repeat`` passes (the least disturbed by other processes)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for url, body in pages:
            fn(url, body)
        best = min(best, (time.perf_counter() - start) / len(pages))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="article pages per CMS family")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="5 pages per family, once (a smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.repeat = 5, 1
    registry = load_registry()
    families = {spec.cms: spec for spec in reversed(SITES) if not spec.faults and spec.count <= 500}
    print(
        f"{'family':12} {'pages':>5} {'adapter ms':>11} {'generic ms':>11} {'trafilatura ms':>15} "
        f"{'trafilatura/adapter':>20}"
    )
    for cms, spec in sorted(families.items()):
        portal = registry[spec.slug]
        site = build_site(spec)
        urls = list(walk(portal, site).articles)[: args.pages]
        pages = [(u, site.handle(u.removeprefix(portal.base_url)).body) for u in urls]
        pages = [(u, b) for u, b in pages if b]
        own = adapter_for(portal)
        generic = adapter_for(dataclasses.replace(portal, cms=Cms.GENERIC))
        t_own = best_of(args.repeat, pages, lambda u, b, a=own: a.parse_article(response_for(u, b)))
        t_gen = best_of(args.repeat, pages, lambda u, b, a=generic: a.parse_article(response_for(u, b)))
        t_traf = best_of(
            args.repeat, pages, lambda u, b: trafilatura.bare_extraction(b.decode("utf-8"), url=u, with_metadata=True)
        )
        print(
            f"{cms:12} {len(pages):5d} {t_own * 1e3:11.2f} {t_gen * 1e3:11.2f} {t_traf * 1e3:15.2f} "
            f"{t_traf / t_own:19.1f}x"
        )


if __name__ == "__main__":
    main()
