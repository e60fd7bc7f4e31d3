"""A registry file for simulated portals served on the test's own ports (schedule and Scrapyd tests)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from crawler.registry import load_registry
from crawler.simulator.server import Simulator


def registry_file(sim: Simulator, slugs: Iterable[str], path: Path, cadence: str) -> Path:
    """The packaged entries of ``slugs`` at the simulator's ports, with ``cadence`` (seconds are allowed only
    for simulated portals)."""
    packaged = load_registry()
    tables = []
    for slug in slugs:
        p = packaged[slug]
        tables.append(
            f'[portals.{slug}]\nname = "{p.name}"\nprovince = "{p.province}"\nbase_url = "{sim.urls[slug]}"\n'
            f'cms = "{p.cms}"\nstart_paths = {json.dumps(list(p.start_paths))}\ncadence = "{cadence}"\n'
            "simulated = true\n"
        )
    path.write_text("\n".join(tables), encoding="utf-8")
    return path
