"""Serve simulated portals over real HTTP on 127.0.0.1, one port per portal.

Each portal gets its own origin (``http://127.0.0.1:<port>``), as real portals have their own hosts:
robots.txt, absolute links and canonical URLs behave as they do on the web. The handler passes the
request headers to ``SimSite.handle`` (conditional GETs) and logs every answer in ``SimSite.requests``.
"""

from __future__ import annotations

import importlib
import socket
import struct
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from crawler.simulator.site import STALL, SimResponse, SimSite, SiteSpec
from crawler.simulator.sites import SITES

DEFAULT_PORT = 8700


def build_site(spec: SiteSpec) -> SimSite:
    """The simulated site for a spec: class ``SITE`` in ``crawler.simulator.<cms>``."""
    module = importlib.import_module(f"crawler.simulator.{spec.cms.value}")
    site_cls: type[SimSite] = module.SITE
    return site_cls(spec)


def _handler(site: SimSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "portalwatch-simulator"
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._send(site.handle(self.path, headers=dict(self.headers.items())))

        def _send(self, resp: SimResponse) -> None:
            site.record(self.command, self.path, resp.status)
            if resp.transport in ("timeout", "reset"):
                self._fail(resp.transport)
                return
            self.send_response(resp.status)
            if resp.status != 304:  # a 304 has no content, so no Content-Length: 0 (RFC 9110 8.6)
                self.send_header("Content-Type", resp.content_type)
                self.send_header("Content-Length", str(len(resp.body)))
            for name, value in resp.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if resp.status == 304:
                return
            if resp.transport == "truncate":  # half the promised body, then the connection drops
                self.wfile.write(resp.body[: len(resp.body) // 2])
                self.close_connection = True
                return
            if resp.transport == "drip":  # the whole body, in 20 pieces over about a second
                step = max(1, len(resp.body) // 20)
                for start in range(0, len(resp.body), step):
                    self.wfile.write(resp.body[start : start + step])
                    self.wfile.flush()
                    time.sleep(0.05)
                return
            try:
                self.wfile.write(resp.body)
            except (BrokenPipeError, ConnectionResetError):  # a client that stops reading (a file over its limit)
                self.close_connection = True

        def _fail(self, how: str) -> None:
            """No answer: silence past the crawler's timeout, or a TCP reset."""
            if how == "timeout":
                time.sleep(STALL)
            else:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
            self._send(site.handle(self.path, form))

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # quiet: crawls make thousands of requests

    return Handler


@dataclass
class Simulator:
    """Running simulated portals; ``urls`` maps each portal slug to its base URL, ``sites`` to its ``SimSite``
    (to publish or revise articles between two crawls, and to read its request log)."""

    servers: dict[str, ThreadingHTTPServer] = field(default_factory=dict)
    sites: dict[str, SimSite] = field(default_factory=dict)

    @property
    def urls(self) -> dict[str, str]:
        return {slug: f"http://127.0.0.1:{srv.server_address[1]}" for slug, srv in self.servers.items()}

    def stop(self) -> None:
        # Each ``shutdown`` waits for its loop's next poll (up to half a second): all at once, not one by one.
        stopping = [threading.Thread(target=srv.shutdown) for srv in self.servers.values()]
        for thread in stopping:
            thread.start()
        for thread in stopping:
            thread.join()
        for srv in self.servers.values():
            srv.server_close()

    def __enter__(self) -> Simulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start(port: int = DEFAULT_PORT, specs: Iterable[SiteSpec] = SITES) -> Simulator:
    """Start every site in background threads: site i on ``port + offset``, or a free port if 0."""
    sim = Simulator()
    try:
        for spec in specs:
            site = build_site(spec)
            srv = ThreadingHTTPServer(("127.0.0.1", port + spec.port_offset if port else 0), _handler(site))
            site.origin = f"http://127.0.0.1:{srv.server_address[1]}"
            srv.daemon_threads = True
            threading.Thread(target=srv.serve_forever, name=f"sim-{spec.slug}", daemon=True).start()
            sim.servers[spec.slug] = srv
            sim.sites[spec.slug] = site
    except OSError:
        sim.stop()
        raise
    return sim
