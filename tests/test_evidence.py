"""The evidence library without a crawl: WARC records and revisits, the CDXJ index, rotation, retention and prune,
export, the lock, the word diff, and the recorder's choice of responses."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.evidence import (
    Archive,
    Capture,
    EvidenceBusyError,
    EvidenceError,
    Keep,
    PortalWriter,
    Span,
    export,
    parse_keep,
    prune,
    removed_on,
    render_html,
    retention,
    word_diff,
)
from crawler.evidence import index as idx
from crawler.evidence.recorder import EvidenceRecorder, is_article_page
from crawler.evidence.retention import PLAN, dropped
from crawler.evidence.warcfile import warc_files

T0 = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)
PAGE = "<html><body><h1>Hội nghị Ban Chấp hành Đảng bộ xã lần thứ {n}</h1><p>{text}</p></body></html>"


def capture(url: str, text: str = "Nội dung", n: int = 1, minutes: int = 0, status: int = 200, **kw) -> Capture:
    body = PAGE.format(n=n, text=text).encode() if status == 200 else b"<h1>404 Not Found</h1>"
    headers = (("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"), ("Content-Length", "97"))
    return Capture(url, status, headers, body, T0 + timedelta(minutes=minutes), request_headers=(("Accept", "*/*"),))


def write(root: Path, *captures: Capture, slug: str = "sim-x", **kw) -> PortalWriter:
    with PortalWriter(root, slug, **kw) as writer:
        for c in captures:
            writer.write(c)
    return writer


def records(path: Path) -> list[tuple[str, str | None]]:
    """Type and URL of every record of a WARC file, each digest checked by warcio."""
    found = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh, check_digests=True):
            record.content_stream().read()
            assert record.digest_checker.problems == [], (path.name, record.digest_checker.problems)
            found.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI")))
    return found


# Records and revisits ---------------------------------------------------------------------------------------


def test_unchanged_payload_is_a_revisit_and_anything_else_a_response(tmp_path: Path) -> None:
    url = "http://xa.vn/tin/1"
    first = write(tmp_path, capture(url), capture("http://xa.vn/tin/2", minutes=1))
    assert (first.tally.responses, first.tally.revisits) == (2, 0)
    later = write(
        tmp_path,
        capture(url, minutes=60),  # same page: revisit
        capture(url, text="Nội dung đã sửa", minutes=120),  # edited: response
        capture(url, minutes=180),  # back to the first text: the last record differs, so a response
        capture(url, minutes=240, status=404),
        capture(url, minutes=300, status=404),  # the same 404 page: a revisit of the first 404
    )
    assert (later.tally.responses, later.tally.revisits) == (3, 2)
    archive = Archive(tmp_path)
    versions = archive.versions("https://xa.vn/tin/1")  # the SURT joins http and https
    assert [(v.status, v.revisit) for v in versions] == [
        (200, False),
        (200, True),
        (200, False),
        (200, False),
        (404, False),
        (404, True),
    ]
    assert [v.timestamp for v in versions] == [T0 + timedelta(minutes=m) for m in (0, 60, 120, 180, 240, 300)]
    assert archive.original(versions[1]) == versions[0]
    assert archive.read(versions[1]).body == archive.read(versions[0]).body
    assert "Nội dung đã sửa" in archive.read(versions[2]).body.decode()
    assert removed_on(url, tmp_path) == T0 + timedelta(minutes=240)
    assert removed_on("http://xa.vn/tin/2", tmp_path) is None


def test_a_record_keeps_the_headers_and_names_the_wire_ones(tmp_path: Path) -> None:
    write(tmp_path, capture("http://xa.vn/tin/1"))
    [version] = Archive(tmp_path).versions("http://xa.vn/tin/1")
    snap = Archive(tmp_path).read(version)
    headers = dict(snap.headers)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Archive-Orig-Content-Encoding"] == "gzip"  # Scrapy decoded it: the payload is plain
    assert headers["X-Archive-Orig-Content-Length"] == "97"
    assert headers["Content-Length"] == str(len(snap.body))
    assert "Content-Encoding" not in headers
    assert snap.record.block_digest.startswith("sha256:") and snap.record.payload_digest == version.digest


def test_files_roll_over_at_the_size_limit_and_versions_span_them(tmp_path: Path) -> None:
    urls = [f"http://xa.vn/tin/{i}" for i in range(12)]
    write(tmp_path, *(capture(u, text=u * 40, minutes=i) for i, u in enumerate(urls)), max_file_size=3000)
    write(
        tmp_path, *(capture(u, text="sửa " + u * 40, minutes=100 + i) for i, u in enumerate(urls)), max_file_size=3000
    )
    files = warc_files(tmp_path / "sim-x")
    assert len(files) >= 4
    assert all(records(f)[0] == ("warcinfo", None) for f in files)
    assert sum(len(records(f)) for f in files) == len(files) + 2 * 2 * len(urls)
    for url in urls:
        versions = Archive(tmp_path).versions(url)
        assert [v.timestamp.minute for v in versions] == [urls.index(url), (100 + urls.index(url)) % 60]


# The index --------------------------------------------------------------------------------------------------


def test_sorted_index_lookup_finds_exactly_one_pages_lines(tmp_path: Path) -> None:
    # Keys that share prefixes ("/tin/1", "/tin/10", "/tin/1?x") must not leak into each other's lookups.
    urls = [f"http://xa.vn/tin/{i}" for i in range(1, 300)] + ["http://xa.vn/tin/1?page=2", "http://a.xa.vn/tin/1"]
    write(tmp_path, *(capture(u, minutes=i % 50) for i, u in enumerate(urls)))
    directory = tmp_path / "sim-x"
    assert (directory / idx.JOURNAL).stat().st_size == 0  # merged on close
    lines = (directory / idx.INDEX).read_text().splitlines()
    assert lines == sorted(lines, key=lambda line: line.split(" ", 1)[0].encode()) and len(lines) == len(urls)
    for url in urls:
        assert [e.url for e in idx.lookup(directory / idx.INDEX, idx.surt_key(url))] == [url]
    assert idx.lookup(directory / idx.INDEX, idx.surt_key("http://xa.vn/tin/0")) == []


def test_torn_journal_line_is_skipped_by_readers_and_cut_by_the_next_writer(tmp_path: Path) -> None:
    directory = tmp_path / "sim-x"
    with PortalWriter(tmp_path, "sim-x") as writer:
        writer.write(capture("http://xa.vn/tin/1"))
        writer.flush()
        entry = writer.write(capture("http://xa.vn/tin/2"))
        writer._fh.flush()  # type: ignore[union-attr]
        with (directory / idx.JOURNAL).open("a") as fh:
            fh.write(entry.line()[:40])  # a writer killed in the middle of its journal append
        assert [v.url for v in Archive(tmp_path).versions("http://xa.vn/tin/1")] == ["http://xa.vn/tin/1"]
        assert Archive(tmp_path).versions("http://xa.vn/tin/2") == []
        writer._pending.clear()  # what the killed writer never appended
        writer._fh.close()  # type: ignore[union-attr]
        writer._fh = None
        writer._lock.release()
    reopened = PortalWriter(tmp_path, "sim-x").open()
    assert reopened.tally.reindexed == 1  # the whole record the journal missed is indexed again
    reopened.close()
    assert [v.url for v in Archive(tmp_path).versions("http://xa.vn/tin/2")] == ["http://xa.vn/tin/2"]
    assert (directory / idx.JOURNAL).read_text() == ""


def test_a_url_alone_finds_its_portal_through_the_hosts_file(tmp_path: Path) -> None:
    write(tmp_path, capture("http://a.xa.vn/tin/1"), slug="sim-a")
    write(tmp_path, capture("http://b.xa.vn/tin/1"), capture("http://a.xa.vn/tin/1", minutes=5), slug="sim-b")
    assert (tmp_path / idx.HOSTS).read_text() == "vn,xa,a) sim-a\nvn,xa,a) sim-b\nvn,xa,b) sim-b\n"
    assert [(v.portal, v.timestamp.minute) for v in Archive(tmp_path).versions("http://a.xa.vn/tin/1")] == [
        ("sim-a", 0),
        ("sim-b", 5),
    ]
    write(tmp_path, capture("http://b.xa.vn/tin/1", minutes=9), slug="sim-b")  # known host: no new line
    assert (tmp_path / idx.HOSTS).read_text().count("\n") == 3
    (tmp_path / idx.HOSTS).unlink()  # without it, every portal is read
    assert [v.portal for v in Archive(tmp_path).versions("http://b.xa.vn/tin/1")] == ["sim-b", "sim-b"]


# Export, lock, errors ---------------------------------------------------------------------------------------


def test_export_resolves_revisits_to_their_original(tmp_path: Path) -> None:
    url = "http://xa.vn/tin/1"
    write(tmp_path, capture(url), capture("http://xa.vn/tin/2"))
    write(tmp_path, capture(url, minutes=60), capture(url, minutes=120))
    out = tmp_path / "out.warc.gz"
    report = export(url, out, tmp_path)
    assert (report.versions, report.records, report.unresolved) == (3, 3, ())
    assert records(out) == [("warcinfo", None)] + [
        (t, url) for t in ("response", "request") + ("revisit", "request") * 2
    ]


def test_export_of_an_unknown_page_says_so(tmp_path: Path) -> None:
    write(tmp_path, capture("http://xa.vn/tin/1"))
    with pytest.raises(EvidenceError, match=r"no stored version of http://xa.vn/tin/9 .*PORTALWATCH_EVIDENCE on"):
        export("http://xa.vn/tin/9", tmp_path / "out.warc.gz", tmp_path)
    assert not (tmp_path / "out.warc.gz").exists()


def test_one_writer_per_portal(tmp_path: Path) -> None:
    with PortalWriter(tmp_path, "sim-x"):
        with pytest.raises(EvidenceBusyError, match="in use by another process"):
            PortalWriter(tmp_path, "sim-x").open()
        with pytest.raises(EvidenceBusyError):
            prune(tmp_path, Keep(versions=1))
        write(tmp_path, capture("http://other.vn/1"), slug="sim-other")  # another portal is not held


# Retention --------------------------------------------------------------------------------------------------


def test_parse_keep() -> None:
    assert parse_keep("") == Keep() and not parse_keep("")
    assert parse_keep("20") == parse_keep("20v") == Keep(versions=20)
    assert parse_keep("365d, 5") == Keep(versions=5, days=365)
    for bad in ("0", "20x", "d", "-3"):
        with pytest.raises(ValueError, match=r"PORTALWATCH_EVIDENCE_KEEP=.* e\.g\. '20', '365d' or '20,365d'"):
            parse_keep(bad)


def test_prune_keeps_the_newest_versions_and_what_they_need(tmp_path: Path) -> None:
    url, other = "http://xa.vn/tin/1", "http://xa.vn/tin/2"
    write(tmp_path, capture(url), capture(other))  # day 0
    write(tmp_path, *(capture(url, text=f"sửa {i}", minutes=60 * i) for i in range(1, 5)))  # four edits
    write(tmp_path, capture(url, text="sửa 4", minutes=300), capture(url, minutes=360, status=404))
    archive = Archive(tmp_path)
    before = archive.versions(url)
    assert [v.revisit for v in before] == [False] * 5 + [True, False]
    [report] = prune(tmp_path, Keep(versions=2), now=T0 + timedelta(days=1))
    after = archive.versions(url)
    # The newest two (the revisit and the 404), the response the revisit repeats, nothing else of this page.
    assert [(v.timestamp, v.status, v.revisit) for v in after] == [
        (T0 + timedelta(minutes=240), 200, False),
        (T0 + timedelta(minutes=300), 200, True),
        (T0 + timedelta(minutes=360), 404, False),
    ]
    assert [v.timestamp for v in archive.versions(other)] == [T0]  # a page's newest version always stays
    assert (report.dropped, report.files_rewritten) == (4, 1)
    assert report.bytes_after < report.bytes_before
    assert archive.read(after[1]).body == archive.read(after[0]).body
    out = tmp_path / "out.warc.gz"
    export([url, other], out, tmp_path)
    assert [t for t, _ in records(out)].count("response") == 3
    assert removed_on(url, tmp_path) == T0 + timedelta(minutes=360)
    # The next writer appends to the pruned file and finds the revisit's original.
    again = write(tmp_path, capture(url, minutes=420, status=404))
    assert again.tally.revisits == 1


def test_days_drop_old_versions_but_never_the_last_or_the_takedown(tmp_path: Path) -> None:
    url = "http://xa.vn/tin/1"
    entries = [
        idx.Entry("k", (T0 + timedelta(days=d)).strftime(idx.TIMESTAMP), url, "text/html", s, f"sha256:{d}", 1, d, "f")
        for d, s in ((0, 200), (10, 200), (20, 404), (30, 404), (40, 404))
    ]
    gone = dropped(entries, Keep(days=15), now=T0 + timedelta(days=50))
    assert gone == {("f", 0), ("f", 10), ("f", 30)}  # day 20 (the takedown) and day 40 (the last) stay


def test_a_killed_prune_is_finished_or_undone(tmp_path: Path) -> None:
    url = "http://xa.vn/tin/1"
    write(tmp_path, capture(url), capture(url, text="sửa", minutes=1), capture(url, text="sửa nữa", minutes=2))
    directory = tmp_path / "sim-x"
    # Killed after writing its plan and output, before committing the index: undone.
    (directory / "sim-x-00002.warc.gz").write_bytes(b"partial")
    (directory / PLAN).write_text(json.dumps({"output": "sim-x-00002.warc.gz", "remove": ["sim-x-00001.warc.gz"]}))
    writer = write(tmp_path, capture(url, text="sửa nữa", minutes=3))
    assert writer.tally.revisits == 1
    assert [p.name for p in warc_files(directory)] == ["sim-x-00001.warc.gz"] and not (directory / PLAN).exists()
    assert len(Archive(tmp_path).versions(url)) == 4


def test_a_prune_killed_after_its_commit_is_finished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = "http://xa.vn/tin/1"
    write(tmp_path, capture(url), capture(url, text="sửa", minutes=1), capture(url, text="sửa nữa", minutes=2))
    directory = tmp_path / "sim-x"
    monkeypatch.setattr(retention, "recover", lambda directory: None)  # killed right after replacing the index
    prune(tmp_path, Keep(versions=1))
    assert (directory / PLAN).exists() and (directory / "sim-x-00001.warc.gz").exists()
    monkeypatch.undo()
    write(tmp_path, capture(url, text="sửa nữa", minutes=3))
    assert [p.name for p in warc_files(directory)] == ["sim-x-00002.warc.gz"] and not (directory / PLAN).exists()
    versions = Archive(tmp_path).versions(url)
    assert [(v.timestamp.minute, v.revisit) for v in versions] == [(2, False), (3, True)]
    assert records(directory / "sim-x-00002.warc.gz")[0] == ("warcinfo", None)


# The word diff ----------------------------------------------------------------------------------------------


def test_word_diff_marks_exactly_the_changed_words() -> None:
    old = "Kỳ họp thứ 9, HĐND xã thông qua 12 nghị quyết."
    new = "Kỳ họp thứ 10, HĐND xã thông qua 14 nghị quyết quan trọng."
    assert [s for s in word_diff(old, new) if s.op != "equal"] == [
        Span("delete", ("9",)),
        Span("insert", ("10",)),
        Span("delete", ("12",)),
        Span("insert", ("14",)),
        Span("insert", ("quan", "trọng")),
    ]
    assert word_diff(old, old) == [
        Span("equal", ("Kỳ", "họp", "thứ", "9", ",", "HĐND", "xã", "thông", "qua", "12", "nghị", "quyết", "."))
    ]


def test_word_diff_ignores_tone_mark_encoding_and_keeps_punctuation_and_figures() -> None:
    composed = "Huyện ủy họp ngày 01/7/2025, thu 1.250 tỷ đồng."
    decomposed = unicodedata.normalize("NFD", composed)
    assert [s.op for s in word_diff(composed, decomposed)] == ["equal"]
    assert word_diff(composed, decomposed)[0].words[3:7] == ("ngày", "01/7/2025", ",", "thu")
    changes = [s for s in word_diff(composed, composed.replace(",", ";")) if s.op != "equal"]
    assert changes == [Span("delete", (",",)), Span("insert", (";",))]


def test_render_html_escapes_and_keeps_spacing() -> None:
    old = "Ban Thường vụ <b>Huyện ủy</b> họp.\nKết luận 3 nội dung."
    new = "Ban Thường vụ <b>Huyện ủy</b> họp & kết luận.\nKết luận 4 nội dung."
    html = render_html(old, new)
    assert html == (
        "Ban Thường vụ &lt;b&gt;Huyện ủy&lt;/b&gt; họp <ins>&amp; kết luận</ins>.<br>\n"
        "Kết luận <del>3</del> <ins>4</ins> nội dung."
    )


# The recorder -----------------------------------------------------------------------------------------------


class ArticleSpider(Spider):
    name = "sim-x"

    def parse_article(self, response: Response) -> None: ...

    def parse_listing(self, response: Response) -> None: ...


def test_recorder_is_off_unless_configured(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        EvidenceRecorder.from_crawler(get_crawler(ArticleSpider, {"PORTALWATCH_EVIDENCE": False}))
    with pytest.raises(NotConfigured, match="PORTALWATCH_EVIDENCE_KEEP='forever'"):
        EvidenceRecorder.from_crawler(
            get_crawler(ArticleSpider, {"PORTALWATCH_EVIDENCE": True, "PORTALWATCH_EVIDENCE_KEEP": "forever"})
        )


def test_recorder_keeps_article_pages_and_takedowns_only(tmp_path: Path) -> None:
    spider = ArticleSpider()
    callbacks = frozenset({"parse_article", "parse_recheck"})
    article = Request("http://xa.vn/tin/1", callback=spider.parse_article)
    listing = Request("http://xa.vn/tin", callback=spider.parse_listing)
    page = HtmlResponse("http://xa.vn/tin/1", body=b"<p>x</p>", headers={"Content-Type": "text/html"})
    assert is_article_page(page, article, callbacks)
    assert not is_article_page(page, listing, callbacks)
    assert is_article_page(Response("http://xa.vn/tin/1", status=404), article, callbacks)
    assert not is_article_page(Response("http://xa.vn/tin/1", status=500), article, callbacks)
    pdf = Response("http://xa.vn/a.pdf", body=b"%PDF", headers={"Content-Type": "application/pdf"})
    assert not is_article_page(pdf, article, callbacks)
    feed = TextResponse("http://xa.vn/tin/1", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    assert not is_article_page(feed, article, callbacks)


def test_recorder_thread_writes_what_the_signal_queued(tmp_path: Path) -> None:
    crawler = get_crawler(ArticleSpider, {"PORTALWATCH_EVIDENCE": True, "PORTALWATCH_EVIDENCE_DIR": str(tmp_path)})
    recorder = EvidenceRecorder.from_crawler(crawler)
    spider = ArticleSpider()
    recorder.writer = PortalWriter(tmp_path, spider.name)
    recorder.thread = object()  # type: ignore[assignment]  # received() queues once the thread exists
    for i in range(3):
        request = Request(f"http://xa.vn/tin/{i}", callback=spider.parse_article, headers={"User-Agent": "pw"})
        body = PAGE.format(n=i, text="Nội dung").encode()
        response = HtmlResponse(request.url, body=body, headers={"Content-Type": "text/html"}, request=request)
        recorder.received(response, request)
    recorder.received(HtmlResponse("http://xa.vn/tin", body=b"<p>list</p>"), Request("http://xa.vn/tin"))
    from crawler.evidence.recorder import _STOP

    recorder.queue.put(_STOP)
    recorder._run()
    assert recorder.writer.tally.responses == 3
    [version] = Archive(tmp_path).versions("http://xa.vn/tin/2")
    assert "lần thứ 2" in Archive(tmp_path).read(version).body.decode()
