"""The whole country, simulated: thousands of small portals, each on its own loopback address, one process.

``bench/national.py`` needs the 3,700 portals of a national monitor (34 provinces' party committees, people's
committees and councils, and the 3,321 communes and wards) served at once, each on its own host so that per-host
politeness is real. The loopback range 127.0.0.0/8 is all this machine: portal ``i`` is ``127.1.<i // 250>.<i %
250 + 1>`` on one port for all. One event loop serves them (uvicorn, one listening socket per address; the
server's local address says which portal a request is for), and each portal's ``SimSite`` is built on its first
request from a ``SiteSpec`` made from its index, so start-up costs a socket per portal, not a site.

Every portal is one of the packaged simulated sites' CMSes (``TEMPLATES``: one per province, as a province's
communes share a platform) with ``articles`` articles. A control address (``CONTROL``, same port) publishes new
articles on a share of the portals (an hour of news), answers the server's own CPU time and request count (a
benchmark shows the simulator is not its bottleneck), and can slow a host down or make it answer 429 (the
cluster's politeness tests).

Run it as ``python -m crawler.simulator.national --portals 3700 --articles 24 --registry FILE``: it writes the
registry of its portals, prints ``ready PORT`` and serves until SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import socket
import sys
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from crawler import units
from crawler.simulator.server import build_site
from crawler.simulator.site import SimResponse, SimSite, SiteSpec
from crawler.simulator.sites import SPECS
from crawler.vocab import Cms

CONTROL = "127.1.255.254"
# The packaged simulated site each CMS is modelled on (its place's corpus, its registry start paths).
TEMPLATES = ("sim-tuyenhoa", "sim-tuyphong", "sim-tanhong", "sim-chiemhoa", "sim-longho", "sim-tranvanthoi")
START_PATHS = {
    Cms.WORDPRESS: ("/",),
    Cms.NUKEVIET: ("/news/",),
    Cms.LIFERAY: ("/web/hth/tin-tuc",),
    Cms.SHAREPOINT: ("/noidung/tintuc/Pages/tin-tuc.aspx",),
    Cms.DOTNETNUKE: ("/tin-tuc",),
    Cms.ASPNET: ("/tin-tuc.aspx",),
}
BODIES = (("tu", "Tỉnh ủy"), ("ubnd", "UBND tỉnh"), ("hdnd", "HĐND tỉnh"))

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def address(index: int) -> str:
    """The loopback address of portal ``index`` (up to 63,750 portals; ``CONTROL`` is outside them)."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


@dataclass(frozen=True)
class NationalPortal:
    """One simulated portal of the national map: its registry entry and its site."""

    index: int
    slug: str
    name: str
    province_code: int
    commune_code: int | None
    spec: SiteSpec

    @property
    def host(self) -> str:
        return address(self.index)


def national_portals(count: int = 3700, articles: int = 24) -> list[NationalPortal]:
    """``count`` portals: the 34 provinces' committees and councils first, then every commune and ward, then (to
    reach ``count``) more provincial bodies (departments); deterministic for the same arguments."""
    provinces = units.provinces()
    communes = units.communes()
    rows: list[tuple[str, str, int, int | None]] = []
    for p in provinces:
        for key, body in BODIES:
            rows.append((f"{key}-{p.codename}", f"{body} {p.short}", p.code, None))
    for c in communes:
        rows.append((f"xa-{c.code}", f"UBND {c.name}", c.province_code, c.code))
    extra = 0
    while len(rows) < count:
        p = provinces[extra % len(provinces)]
        rows.append(
            (
                f"so{extra // len(provinces) + 1}-{p.codename}",
                f"Sở {extra // len(provinces) + 1} {p.short}",
                p.code,
                None,
            )
        )
        extra += 1
    out = []
    for i, (slug, name, province, commune) in enumerate(rows[:count]):
        template = SPECS[TEMPLATES[province % len(TEMPLATES)]]
        spec = replace(
            template,
            slug=f"nat-{slug.replace('_', '-')}",
            count=articles,
            first_id=template.first_id + 1_000_000 + i * 1000,
            port_offset=0,
            seeds=(),
            faults=frozenset(),
        )
        out.append(NationalPortal(i, spec.slug, name, province, commune, spec))
    return out


def registry_toml(portals: Iterable[NationalPortal], port: int, cadence: str = "1h") -> str:
    """The registry of the simulated portals at ``port`` (``simulated = true``: loopback speed)."""
    tables = []
    for p in portals:
        place = f"province_code = {p.province_code}\n"
        if p.commune_code is not None:
            place += f'commune_code = {p.commune_code}\nlevel = "commune"\n'
        else:
            place += 'level = "province"\n'
        tables.append(
            f"[portals.{p.slug}]\n"
            f'name = "{p.name}"\n{place}base_url = "http://{p.host}:{port}"\ncms = "{p.spec.cms}"\n'
            f"start_paths = {json.dumps(list(START_PATHS[p.spec.cms]))}\ncadence = {json.dumps(cadence)}\n"
            "simulated = true\n"
        )
    return "\n".join(tables)


class NationalApp:
    """The ASGI application: a request's local address picks its portal (see the module docstring)."""

    def __init__(self, portals: list[NationalPortal], port: int) -> None:
        self.by_host = {p.host: p for p in portals}
        self.port = port
        self.sites: dict[str, SimSite] = {}
        self.requests = 0
        self.arrivals: dict[str, list[tuple[float, float]]] = defaultdict(list)  # watched hosts: (start, end)
        self.latency: dict[str, float] = {}
        self.throttle: dict[str, list[float]] = {}  # host -> [answers of 429 left, Retry-After seconds]

    def site(self, host: str) -> SimSite | None:
        site = self.sites.get(host)
        if site is None and host in self.by_host:
            site = self.sites[host] = build_site(self.by_host[host].spec)
            site.origin = f"http://{host}:{self.port}"
        return site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        host = scope["server"][0]
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if host == CONTROL:
            await self._send(send, self.control(scope["path"], body))
            return
        self.requests += 1
        started = time.monotonic()
        if host in self.latency:
            await asyncio.sleep(self.latency[host])
        resp = self.answer(host, scope, body)
        if host in self.latency or host in self.throttle:
            self.arrivals[host].append((started, time.monotonic()))
        await self._send(send, resp)

    def answer(self, host: str, scope: Scope, body: bytes) -> SimResponse:
        site = self.site(host)
        if site is None:
            return SimResponse(404, b"no portal here", "text/plain")
        throttle = self.throttle.get(host)
        if throttle and throttle[0] > 0:
            throttle[0] -= 1
            return SimResponse(429, b"Too Many Requests", "text/plain", {"Retry-After": str(int(throttle[1]))})
        target = scope["path"] + ("?" + scope["query_string"].decode("latin-1") if scope["query_string"] else "")
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] == "POST":
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            return site.handle(target, form)
        return site.handle(target, headers=headers)

    def control(self, path: str, body: bytes) -> SimResponse:
        """``/publish`` {every, count, seed}: ``count`` new articles on every ``every``-th portal (by a seeded
        shuffle); ``/stats``: CPU seconds and requests; ``/watch`` {host, latency} and ``/throttle`` {host, times,
        retry_after}; ``/arrivals`` {host}: when each request to a watched host started and ended."""
        args = json.loads(body or b"{}")
        if path == "/stats":
            usage = resource.getrusage(resource.RUSAGE_SELF)
            out: Any = {"cpu": usage.ru_utime + usage.ru_stime, "requests": self.requests, "sites": len(self.sites)}
        elif path == "/publish":
            hosts = sorted(self.by_host)
            random.Random(args.get("seed", 0)).shuffle(hosts)
            out = {}
            now = datetime.now(UTC)
            for host in hosts[:: max(int(args.get("every", 4)), 1)]:
                site = self.site(host)
                assert site is not None
                new = site.publish(int(args.get("count", 2)), now=now)
                out[self.by_host[host].slug] = [a.id for a in new]
        elif path == "/watch":
            self.latency[args["host"]] = float(args.get("latency", 0.0))
            out = {"ok": True}
        elif path == "/throttle":
            self.throttle[args["host"]] = [float(args.get("times", 1)), float(args.get("retry_after", 2))]
            out = {"ok": True}
        elif path == "/arrivals":
            out = self.arrivals.get(args["host"], [])
        else:
            return SimResponse(404, b"unknown control path", "text/plain")
        return SimResponse(200, json.dumps(out).encode(), "application/json")

    @staticmethod
    async def _send(send: Send, resp: SimResponse) -> None:
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in resp.headers.items()]
        if resp.status != 304:
            headers += [
                (b"content-type", resp.content_type.encode()),
                (b"content-length", str(len(resp.body)).encode()),
            ]
        await send({"type": "http.response.start", "status": resp.status, "headers": headers})
        await send({"type": "http.response.body", "body": resp.body if resp.status != 304 else b""})


def bind_all(hosts: list[str], port: int = 0, tries: int = 50) -> tuple[int, list[socket.socket]]:
    """One listening socket per address, all on one port (a free one when ``port`` is 0: the first address's
    free port, tried on the others, another one if taken anywhere)."""
    rng = random.Random()
    for _ in range(tries):
        chosen = port or rng.randrange(20000, 60000)
        socks: list[socket.socket] = []
        try:
            for host in hosts:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((host, chosen))
                sock.listen(256)
                sock.setblocking(False)
            return chosen, socks
        except OSError:
            for sock in socks:
                sock.close()
            if port:
                raise
    raise OSError(f"no port free on all {len(hosts)} loopback addresses after {tries} tries")


def serve(portals: list[NationalPortal], port: int, ready: Callable[[int], None]) -> None:
    """Serve ``portals`` (and the control address) until SIGTERM/SIGINT."""
    import uvicorn

    port, socks = bind_all([CONTROL, *(p.host for p in portals)], port)
    app = NationalApp(portals, port)
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False, http="h11", loop="asyncio")
    server = uvicorn.Server(config)
    ready(port)
    server.run(sockets=socks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="serve the national map of simulated portals on loopback hosts")
    parser.add_argument("--portals", type=int, default=3700)
    parser.add_argument("--articles", type=int, default=24, help="articles per portal")
    parser.add_argument("--port", type=int, default=0, help="one port on every address (default: a free one)")
    parser.add_argument("--registry", type=Path, required=True, help="write the portals' registry here")
    args = parser.parse_args(argv)
    portals = national_portals(args.portals, args.articles)

    def ready(port: int) -> None:
        args.registry.write_text(registry_toml(portals, port), encoding="utf-8")
        print(f"ready {port}", flush=True)

    serve(portals, args.port, ready)
    return 0


if __name__ == "__main__":
    sys.exit(main())
