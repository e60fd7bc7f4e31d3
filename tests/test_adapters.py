"""Registry-wide parser test: every portal, every saved page, compared field by field."""

from __future__ import annotations

import json

import pytest

from crawler.fixtures import FIXTURES, cases, run_case
from crawler.registry import load_registry
from crawler.vocab import PortalStatus

PORTALS = load_registry()


# A portal that is crawled (active, or simulated) must have saved pages; an unverified or retired
# one gets them when it is checked live (`portalwatch fixtures record`).
NEEDS_FIXTURES = sorted(s for s, p in PORTALS.items() if p.simulated or p.status is PortalStatus.ACTIVE)


@pytest.mark.parametrize("slug", NEEDS_FIXTURES)
def test_portal_has_fixtures(slug: str) -> None:
    portal = PORTALS[slug]
    found = cases(portal)
    assert found, (
        f"portal '{slug}' has no saved pages: add tests/fixtures/{portal.cms}/{slug}/<name>.html and record "
        f"its expectation with `python -m crawler.fixtures {slug} <url> <file> article <source>`"
    )
    assert any(json.loads(p.read_text())["type"] == "article" for p in found), f"'{slug}' needs an article page"


CASES = [(slug, path) for slug, p in sorted(PORTALS.items()) for path in cases(p)]


@pytest.mark.parametrize(("slug", "case"), CASES, ids=[f"{s}/{c.stem}" for s, c in CASES])
def test_saved_page(slug: str, case) -> None:
    spec = json.loads(case.read_text(encoding="utf-8"))
    got = run_case(PORTALS[slug], spec["url"], case.with_suffix(".html").read_bytes(), spec["type"])
    expected = spec["expected"]
    for key in sorted(set(expected) | set(got)):
        assert got.get(key) == expected.get(key), (
            f"{case.relative_to(FIXTURES)}: field '{key}' differs: expected {expected.get(key)!r}, "
            f"got {got.get(key)!r}. If the new value is right, re-record and review the diff."
        )
