"""`portalwatch portals check`: live verdicts against local servers, and the registry rewrite."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.check import update_registry
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
    threading.Thread(target=server.serve_forever, daemon=True).start()
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
    assert portals["moved"].status is PortalStatus.REDIRECTED
    assert "redirects to http://localhost:" in (portals["moved"].notes or "")
    assert portals["missing"].status is PortalStatus.RETIRED and "answers 404" in (portals["missing"].notes or "")
    assert registry.read_text(encoding="utf-8").count("# a comment that must survive") == 4
    assert "alive" in out and "redirected" in out


def test_update_adds_and_replaces_only_inside_one_table() -> None:
    text = ENTRY.format(slug="aa", url="https://a.vn", path="/") + ENTRY.format(slug="bb", url="https://b.vn", path="/")
    out = update_registry(text, "aa", {"status": "active", "notes": 'checked "today"'})
    portals = parse_registry(out)
    assert portals["aa"].status is PortalStatus.ACTIVE and portals["aa"].notes == "checked 'today'"
    assert portals["bb"].status is PortalStatus.UNVERIFIED and portals["bb"].notes is None
    with pytest.raises(KeyError):
        update_registry(text, "cc", {"status": "active"})
