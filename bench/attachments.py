"""Attachment readers compared on the same Vietnamese files, and the extraction pipeline's throughput.

1. Candidates per format, each in a fresh process (so peak memory is the reader's own): time per file (best of
   ``--repeat``, imports excluded), peak RSS, and whether the text is exact (NFC, whitespace-collapsed) against
   the known text of tests/fixtures/documents. PDF: pypdfium2 (chosen), pypdf, pdfplumber, pdfminer.six; DOCX:
   python-docx (chosen), docx2txt; DOC: antiword (chosen), catdoc, LibreOffice headless (when installed).
2. ``crawler.documents.extract`` (a bounded worker process per file) against the bare chosen library in this
   process, on the same text PDFs: files per second and the ratio (the price of the sandbox); and OCR seconds
   per scanned page on the real scanned decree.

    .venv/bin/python bench/attachments.py [--repeat 5] [--files 20] [--quick]

Run on the development machine (2 cores, shared with other jobs): on the 1-page and 40-page Vietnamese PDFs
pypdfium2 took 0.8 and 29 ms with 21-25 MiB peak; pypdf 10 and 430 ms (37-45 MiB); pdfminer.six 16 and
650-1050 ms (34-37 MiB); pdfplumber 26 and 1180 ms (43-133 MiB). All four are exact on the Vietnamese text, and
exact on the TCVN3 PDF after the legacy decoding. DOCX: docx2txt 0.4 ms, python-docx 8-16 ms, both exact
once whitespace is collapsed. DOC: antiword and catdoc 1-2 ms (14-15 MiB), LibreOffice 1-2 s (210 MiB), all
exact. ``extract`` (worker process per file) 96 ms for the 1-page PDF, 150 ms for the 40-page one (ratios
46 and 4.4 to the bare library: the interpreter start); OCR 1.6-2.7 s a page.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures" / "documents"


def collapse(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# Readers, each run in a child process: ``python bench/attachments.py --one <reader> <file> <repeat>`` -------


def _pypdfium2(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    finally:
        pdf.close()


def _pypdf(path: Path) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _pdfminer(path: Path) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(path))


def _python_docx(path: Path) -> str:
    from crawler.documents.office import read_docx

    return read_docx(path)


def _docx2txt(path: Path) -> str:
    import docx2txt

    return str(docx2txt.process(str(path)))


def _antiword(path: Path) -> str:
    from crawler.documents.office import read_doc  # antiword, its table rows turned into tab-separated cells

    return read_doc(path, timeout=60)


def _catdoc(path: Path) -> str:
    return subprocess.run(["catdoc", "-d", "utf-8", "-w", str(path)], capture_output=True, check=True).stdout.decode()


def _libreoffice(path: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        profile = f"-env:UserInstallation=file://{tmp}/p"
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", tmp, str(path)],
            capture_output=True,
            check=True,
        )
        return (Path(tmp) / f"{path.stem}.txt").read_text(encoding="utf-8-sig")


def _nothing(path: Path) -> str:
    return ""


READERS: dict[str, Callable[[Path], str]] = {
    "(interpreter)": _nothing,
    "pypdfium2": _pypdfium2,
    "pypdf": _pypdf,
    "pdfplumber": _pdfplumber,
    "pdfminer.six": _pdfminer,
    "python-docx": _python_docx,
    "docx2txt": _docx2txt,
    "antiword": _antiword,
    "catdoc": _catdoc,
    "libreoffice": _libreoffice,
}
CANDIDATES = {
    "pdf": ["pypdfium2", "pypdf", "pdfplumber", "pdfminer.six"],
    "docx": ["python-docx", "docx2txt"],
    "doc": ["antiword", "catdoc", "libreoffice"],
}
TOOLS = {"antiword": "antiword", "catdoc": "catdoc", "libreoffice": "soffice"}


def one(reader: str, path: Path, repeat: int) -> None:
    fn = READERS[reader]
    text = fn(path)  # warm: imports, caches
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        best = min(best, time.perf_counter() - start)
    # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child would report
    # at least the size of the bench process that started it. Helper processes (antiword, soffice) are counted
    # by RUSAGE_CHILDREN, which has that bias, so their figure is an upper bound.
    status = Path("/proc/self/status").read_text().splitlines()
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    rss = max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"seconds": best, "rss_kib": rss, "text": text}, ensure_ascii=False))


def measure(reader: str, path: Path, repeat: int) -> dict[str, object] | None:
    tool = TOOLS.get(reader)
    if tool and shutil.which(tool) is None:
        return None
    module = {"pdfminer.six": "pdfminer", "python-docx": "docx", "(interpreter)": "json"}.get(reader, reader)
    try:
        __import__(module)
    except ImportError:
        if reader not in TOOLS:
            return None
    done = subprocess.run(
        [sys.executable, __file__, "--one", reader, str(path), str(repeat)], capture_output=True, check=False
    )
    if done.returncode != 0:
        return {"error": done.stderr.decode(errors="replace").strip().splitlines()[-1:]}
    return dict(json.loads(done.stdout))


# Inputs -----------------------------------------------------------------------------------------------------


def inputs(tmp: Path) -> list[tuple[str, Path, str]]:
    """(format, file, known text) for every comparison; a 40-page PDF is made from the 1-page one with pypdf."""
    nq = (FIXTURES / "nghi-quyet.txt").read_text(encoding="utf-8")
    tcvn3 = (FIXTURES / "tcvn3.txt").read_text(encoding="utf-8")
    out = [
        ("pdf", FIXTURES / "nghi-quyet.pdf", nq),
        ("docx", FIXTURES / "nghi-quyet.docx", nq),
        ("doc", FIXTURES / "nghi-quyet.doc", nq),
        ("pdf", FIXTURES / "tcvn3.pdf", tcvn3),
        ("doc", FIXTURES / "tcvn3.doc", tcvn3),
    ]
    try:
        import pypdf
    except ImportError:
        return out
    writer = pypdf.PdfWriter()
    for _ in range(40):
        writer.append(FIXTURES / "nghi-quyet.pdf")
    big = tmp / "nghi-quyet-40.pdf"
    with big.open("wb") as fh:
        writer.write(fh)
    return [*out[:1], ("pdf", big, "\n".join([nq] * 40)), *out[1:]]


def compare(repeat: int, tmp: Path) -> None:
    from crawler.documents.worker import unlegacy

    base = measure("(interpreter)", FIXTURES / "nghi-quyet.pdf", 1) or {}
    print(f"peak RSS of a bare interpreter running this script: {int(str(base.get('rss_kib', 0))) / 1024:.0f} MiB")
    print(f"{'file':22} {'reader':13} {'ms/file':>9} {'peak MiB':>9}  text")
    for fmt, path, truth in inputs(tmp):
        for reader in CANDIDATES[fmt]:
            got = measure(reader, path, repeat)
            if got is None:
                print(f"{path.name:22} {reader:13} {'not installed':>19}")
                continue
            if "error" in got:
                print(f"{path.name:22} {reader:13} failed: {got['error']}")
                continue
            text = str(got["text"])
            exact = collapse(text) == collapse(truth)
            legacy = not exact and collapse(unlegacy(text)[0]) == collapse(truth)
            verdict = "exact" if exact else ("exact after TCVN3 decoding" if legacy else "differs")
            ms, mib = float(str(got["seconds"])) * 1000, int(str(got["rss_kib"])) / 1024
            print(f"{path.name:22} {reader:13} {ms:9.1f} {mib:9.0f}  {verdict}")


def throughput(files: int, tmp: Path) -> None:
    from crawler.documents.extract import extract

    paths = [FIXTURES / "nghi-quyet.pdf", tmp / "nghi-quyet-40.pdf"]
    for path in [p for p in paths if p.exists()]:
        data = path.read_bytes()
        _pypdfium2(path)
        start = time.perf_counter()
        for _ in range(files):
            with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:  # the bare library gets a file too
                fh.write(data)
                fh.flush()
                _pypdfium2(Path(fh.name))
        bare = (time.perf_counter() - start) / files
        start = time.perf_counter()
        for _ in range(files):
            extract(data, "application/pdf", path.name)
        ours = (time.perf_counter() - start) / files
        print(
            f"{path.name:22} extract {1 / ours:6.1f} files/s ({ours * 1000:.0f} ms), bare pypdfium2 {1 / bare:7.1f} "
            f"files/s ({bare * 1000:.1f} ms): extract/bare time ratio {ours / bare:.1f}"
        )
    scan = FIXTURES / "real" / "199-ndcp.signed.pdf"
    start = time.perf_counter()
    got = extract(scan.read_bytes(), "application/pdf", scan.name)
    spent = time.perf_counter() - start
    print(f"{scan.name:22} OCR {got.ocr_pages} pages in {spent:.1f} s: {spent / max(got.ocr_pages, 1):.1f} s a page")


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        one(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per reader and file (best is kept)")
    parser.add_argument("--files", type=int, default=20, help="files per throughput measurement")
    parser.add_argument("--quick", action="store_true", help="one run of each reader, 2 files (a smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.files = 1, 2
    with tempfile.TemporaryDirectory() as tmp:
        compare(args.repeat, Path(tmp))
        print()
        throughput(args.files, Path(tmp))


if __name__ == "__main__":
    main()
