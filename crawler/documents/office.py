"""Word and Excel files: DOCX (python-docx), DOC (antiword), XLSX (openpyxl), XLS (xlrd).

Runs inside the worker process. OOXML files are zips: before a library opens one, its central directory is
checked so that no part unpacks beyond ``max_unpacked`` or ``max_ratio`` times its packed size (a zip bomb
is refused without inflating a byte; Python's zipfile never inflates past a member's declared size).
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class OfficeBrokenError(Exception):
    """The file could not be read; the message is the reason a user reads."""


class ZipBombError(Exception):
    """A part of an OOXML file would unpack beyond the limits."""


def check_zip(path: Path, *, max_unpacked: int, max_ratio: int) -> None:
    """Refuse an OOXML zip whose parts would unpack too far; raise ``OfficeBrokenError`` when it is no zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise OfficeBrokenError(f"the file is not a readable zip ({exc})") from exc
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > max_ratio:
            raise ZipBombError(
                f"part {info.filename} would unpack {ratio:.0f} times its size ({info.file_size:,} bytes): a zip bomb"
            )
        if total > max_unpacked:
            raise ZipBombError(f"the parts would unpack to more than {max_unpacked:,} bytes")


# DOCX -------------------------------------------------------------------------------------------------------


def _docx_blocks(parent: Any) -> Iterator[str]:
    """Paragraphs and table cells in reading order; merged cells (one cell object repeated) read once."""
    from docx.table import Table

    for block in parent.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                cells = []
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append("\n".join(_docx_blocks(cell)).strip())
                yield "\t".join(cells).rstrip()
        else:
            yield block.text


def read_docx(path: Path) -> str:
    """Body text of a DOCX: paragraphs, and tables row by row with cells split by tabs."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise OfficeBrokenError(f"the DOCX cannot be opened ({exc})") from exc
    except MemoryError:
        raise
    except Exception as exc:  # lxml's XMLSyntaxError and friends: any parse error is "broken"
        raise OfficeBrokenError(f"the DOCX cannot be parsed ({type(exc).__name__}: {exc})") from exc
    return "\n".join(_docx_blocks(document))


# DOC --------------------------------------------------------------------------------------------------------


def read_doc(path: Path, timeout: float) -> str:
    """Text of a Word 97-2003 file by antiword (UTF-8, no line wrapping)."""
    exe = shutil.which("antiword")
    if exe is None:
        raise OfficeBrokenError("antiword is not installed (Debian package antiword); DOC files cannot be read")
    try:
        done = subprocess.run(
            [exe, "-m", "UTF-8.txt", "-w", "0", str(path)],
            capture_output=True,
            timeout=max(timeout, 1.0),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TimeoutError("antiword did not finish in time") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OfficeBrokenError(f"the DOC cannot be read ({(message or ['antiword failed'])[-1][:200]})")
    # antiword separates paragraphs by an empty line and draws table rows as "|cell   |cell   |": one line per
    # paragraph and tab-separated cells, as the DOCX reader gives (antiword has no plain table output).
    lines = []
    for line in done.stdout.decode("utf-8", "replace").split("\n"):
        line = line.rstrip()
        if len(line) > 1 and line.startswith("|") and line.endswith("|"):
            line = "\t".join(cell.strip() for cell in line[1:-1].split("|")).rstrip("\t")
        if line:
            lines.append(line)
    return "\n".join(lines)


# Spreadsheets -----------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_text(rows: Iterator[tuple[object, ...]], max_chars: int) -> tuple[list[str], bool]:
    lines: list[str] = []
    size = 0
    for row in rows:
        line = "\t".join(_cell(v) for v in row).rstrip("\t")
        if line:
            lines.append(line)
            size += len(line)
            if size > max_chars:
                return lines, True
    return lines, False


def read_xlsx(path: Path, max_chars: int) -> tuple[str, int, bool]:
    """Sheets of an XLSX as tab-separated rows; ``(text, sheets, truncated)``."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise OfficeBrokenError(f"the XLSX cannot be opened ({type(exc).__name__}: {exc})") from exc
    try:
        parts: list[str] = []
        truncated = False
        for sheet in book.worksheets:
            lines, truncated = _rows_text(sheet.iter_rows(values_only=True), max_chars - sum(map(len, parts)))
            parts.append("\n".join([sheet.title, *lines]))
            if truncated:
                break
        return "\f".join(parts), len(book.worksheets), truncated
    finally:
        book.close()


def read_xls(path: Path, max_chars: int) -> tuple[str, int, bool]:
    """Sheets of an Excel 97-2003 file as tab-separated rows; ``(text, sheets, truncated)``."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except MemoryError:
        raise
    except Exception as exc:  # xlrd.XLRDError, CompDocError, struct errors...
        raise OfficeBrokenError(f"the XLS cannot be opened ({type(exc).__name__}: {exc})") from exc
    try:
        parts: list[str] = []
        truncated = False
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            rows = (tuple(sheet.row_values(r)) for r in range(sheet.nrows))
            lines, truncated = _rows_text(rows, max_chars - sum(map(len, parts)))
            parts.append("\n".join([sheet.name, *lines]))
            book.unload_sheet(index)
            if truncated:
                break
        return "\f".join(parts), book.nsheets, truncated
    finally:
        book.release_resources()
