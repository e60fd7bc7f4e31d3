"""The simulated portals. Each has a registry entry of the same slug in ``crawler/portals.toml``
whose ``base_url`` is ``http://127.0.0.1:<8700 + port_offset>`` (the simulator's default port)."""

from __future__ import annotations

from crawler.simulator.site import SiteSpec
from crawler.vocab import Cms

SITES: tuple[SiteSpec, ...] = (
    SiteSpec("sim-tuyenhoa", Cms.WORDPRESS, "tuyenhoa", 240, first_id=1000, port_offset=1, seeds=("tuyenhoa",)),
    SiteSpec("sim-tanhong", Cms.LIFERAY, "tanhong", 240, first_id=11700000, port_offset=2, seeds=("tanhong",)),
    SiteSpec(
        "sim-broken",
        Cms.WORDPRESS,
        "tuyenhoa",
        40,
        first_id=500000,
        port_offset=3,
        faults=frozenset({"listing_500", "article_500", "malformed_article"}),
    ),
    # The throughput benchmark measures page crawling: its REST API is off, so every page is fetched.
    SiteSpec(
        "sim-bench", Cms.WORDPRESS, "tanhong", 2400, first_id=20000, port_offset=4, faults=frozenset({"rest_disabled"})
    ),
    SiteSpec("sim-tuyphong", Cms.NUKEVIET, "tuyphong", 220, first_id=3000, port_offset=5),
    SiteSpec("sim-chiemhoa", Cms.SHAREPOINT, "chiemhoa", 220, first_id=400, port_offset=6),
    SiteSpec("sim-tranvanthoi", Cms.ASPNET, "tranvanthoi", 220, first_id=600, port_offset=7),
    SiteSpec("sim-dongthap", Cms.LIFERAY, "dongthap", 32, first_id=12100000, port_offset=8, site_path="tinhuy"),
    SiteSpec("sim-longho", Cms.DOTNETNUKE, "longho", 120, first_id=5000, port_offset=9),
)
SPECS = {s.slug: s for s in SITES}
