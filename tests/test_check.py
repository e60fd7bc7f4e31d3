"""`portalwatch portals check`: live verdicts against local servers, and the registry rewrite."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.check import CheckResult, registry_values, update_registry, verdict, write_updates
from crawler.cli import main
from crawler.registry import load_registry, parse_registry
from crawler.simulator.server import Simulator, start
from crawler.simulator.sites import SPECS
from crawler.vocab import Cms, PortalStatus

ENTRY = """# a comment that must survive
[portals.{slug}]
name = "Huyện ủy {slug}"
province = "Đồng Tháp"
base_url = "{url}"
cms = "generic"
start_paths = ["{path}"]
cadence = "1h"
status = "unverified"

"""


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with start(0, [SPECS["sim-tanhong"]]) as running:
        yield running


@pytest.fixture(scope="module")
def mover(sim: Simulator) -> Iterator[str]:
    target = sim.urls["sim-tanhong"].replace("127.0.0.1", "localhost") + "/web/hth/tin-tuc"

    class Moved(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(301)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Moved)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_check_writes_verdicts_back(
    sim: Simulator, mover: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], free_port: int
) -> None:
    registry = tmp_path / "portals.toml"
    registry.write_text(
        ENTRY.format(slug="alive", url=sim.urls["sim-tanhong"], path="/web/hth/tin-tuc")
        + ENTRY.format(slug="gone", url=f"http://127.0.0.1:{free_port}", path="/")
        + ENTRY.format(slug="moved", url=mover, path="/")
        + ENTRY.format(slug="missing", url=sim.urls["sim-tanhong"], path="/web/khong-co"),
        encoding="utf-8",
    )
    assert main(["portals", "check", "--write", "--registry", str(registry)]) == 0
    out = capsys.readouterr().out
    portals = load_registry(registry)
    assert portals["alive"].status is PortalStatus.ACTIVE and portals["alive"].cms is Cms.LIFERAY
    assert portals["gone"].status is PortalStatus.RETIRED and portals["gone"].retired_on is not None
    moved = portals["moved"]
    assert moved.status is PortalStatus.MOVED is PortalStatus.REDIRECTED and moved.retired_on is not None
    assert moved.successor == (f"http://localhost:{sim.urls['sim-tanhong'].rsplit(':', 1)[1]}",)
    assert "redirects to http://localhost:" in (moved.notes or "")
    missing = portals["missing"]
    assert missing.status is PortalStatus.RETIRED and "answers 404" in (missing.notes or "")
    assert missing.retired_note == f"answers 404 when checked on {missing.retired_on}; no successor known"
    assert registry.read_text(encoding="utf-8").count("# a comment that must survive") == 4
    assert "alive" in out and "moved" in out


def test_update_adds_and_replaces_only_inside_one_table() -> None:
    text = ENTRY.format(slug="aa", url="https://a.vn", path="/") + ENTRY.format(slug="bb", url="https://b.vn", path="/")
    out = update_registry(text, "aa", {"status": "active", "notes": 'checked "today"'})
    portals = parse_registry(out)
    assert portals["aa"].status is PortalStatus.ACTIVE and portals["aa"].notes == "checked 'today'"
    assert portals["bb"].status is PortalStatus.UNVERIFIED and portals["bb"].notes is None
    with pytest.raises(KeyError):
        update_registry(text, "cc", {"status": "active"})


MOVES = ENTRY.format(slug="old", url="https://old.dongnai.gov.vn", path="/") + ENTRY.format(
    slug="new", url="https://xuandong.dongnai.gov.vn", path="/"
)


def test_a_redirect_to_a_registry_portal_names_its_slug() -> None:
    registry = parse_registry(MOVES)
    result = CheckResult("old", "https://old.dongnai.gov.vn/", 200, "https://xuandong.dongnai.gov.vn/vi/news/")
    status, reason = verdict(registry["old"], result)
    assert (status, reason) == (PortalStatus.MOVED, "redirects to https://xuandong.dongnai.gov.vn/vi/news/")
    values = registry_values(registry["old"], result, status, reason, registry, date(2026, 3, 1))
    assert values["successor"] == ["new"] and values["retired_on"] == date(2026, 3, 1)
    rewritten = parse_registry(update_registry(MOVES, "old", values))["old"]
    assert (rewritten.status, rewritten.successor) == (PortalStatus.MOVED, ("new",))
    assert "redirected" not in update_registry(MOVES, "old", values)


def test_writes_go_to_the_file_that_declares_the_portal(tmp_path: Path) -> None:
    (tmp_path / "portals.toml").write_text(ENTRY.format(slug="aa", url="https://a.vn", path="/"), encoding="utf-8")
    (tmp_path / "portals").mkdir()
    province = tmp_path / "portals" / "dong-thap.toml"
    province.write_text(ENTRY.format(slug="bb", url="https://b.vn", path="/"), encoding="utf-8")
    array = 'successor = [\n  "commune:26461 Xã Xuân Định",\n]\nretired_on = 2025-07-01\nstatus = "merged"\n'
    province.write_text(
        province.read_text(encoding="utf-8").replace('status = "unverified"\n', array), encoding="utf-8"
    )
    assert load_registry(tmp_path / "portals.toml")["bb"].successor == ("commune:26461 Xã Xuân Định",)
    written = write_updates(tmp_path / "portals.toml", {"bb": {"successor": ["https://c.vn"], "status": "moved"}})
    assert written == [province]
    portals = load_registry(tmp_path / "portals.toml")
    assert (portals["bb"].status, portals["bb"].successor) == (PortalStatus.MOVED, ("https://c.vn",))
    assert portals["aa"].status is PortalStatus.UNVERIFIED
    with pytest.raises(KeyError):
        write_updates(tmp_path / "portals.toml", {"cc": {"status": "active"}})
