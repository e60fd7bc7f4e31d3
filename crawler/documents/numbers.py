"""Vietnamese document numbers ("số, ký hiệu"): their parts, their type and issuer, and citations in text.

Numbers follow two conventions (Nghị định 30/2020/NĐ-CP for the State, Hướng dẫn 36-HD/VPTW for the Party):

- State: ``<số>/<năm>/<loại>-<cơ quan>`` for legal documents (``45/2025/NQ-HĐND``, ``199/2026/NĐ-CP``; a law is
  ``63/2025/QH15``), ``<số>/<loại>-<cơ quan>`` for administrative ones (``123/QĐ-UBND``), and
  ``<số>/<cơ quan>-<đơn vị>`` for letters, which carry no type (``456/UBND-VP``).
- Party: ``<số>-<loại>/<cơ quan>`` (``12-NQ/TU``, ``05-KL/ĐU``, ``368-QĐ/TW``, ``36-HD/BTCTW``); numbers restart
  at 01 every committee term, State numbers without a year every calendar year.

``find_documents`` reads citations in article or attachment text: the type's name before the number ("Nghị
quyết số 12-NQ/TU"), the date after it ("ngày 5/3/2025", "ngày 05 tháng 3 năm 2025", read by
``crawler.dates.parse_date``), the issuer ("của Ban Chấp hành Đảng bộ tỉnh") and the subject ("về ...").
Text is matched in NFC, case- and tone-placement-insensitively (``Huyện uỷ``/``Huyện ủy``), and OCR's Icelandic
``Ð`` is read as ``Đ``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from crawler.dates import parse_date
from crawler.documents.issuers import issuer_for
from crawler.documents.model import TYPE_CODES, TYPE_NAMES, DocType, DocumentNumber, DocumentRef
from crawler.text import fold

__all__ = ["find_documents", "parse_number"]

# Codes printed in mixed case; all others are printed in capitals.
_MIXED_CASE = {"ttr": "TTr", "ctr": "CTr", "qyđ": "QyĐ", "ttg": "TTg", "thu": "ThU", "ttri": "TTri"}

_SEP = r"\s?"
_CODE = r"[a-zđ]{1,6}"
_ISSUER = r"[a-zđ]{1,12}\d{0,2}"
_EDGE_BEFORE = r"(?<![\w/.\-])"
_EDGE_AFTER = r"(?![\w/]|-\w)"
# Matched on the lower-cased key of the text (see ``_key``): "12-nq/tu", "45/2025/nq-hđnd", "123/qđ-ubnd".
_PARTY = rf"(?P<p_serial>\d{{1,5}}){_SEP}-{_SEP}(?P<p_code>{_CODE}){_SEP}/{_SEP}(?P<p_issuer>{_ISSUER}(?:-{_ISSUER})?)"
_STATE_YEAR = (
    rf"(?P<y_serial>\d{{1,6}}){_SEP}/{_SEP}(?P<y_year>(?:19|20)\d\d){_SEP}/{_SEP}"
    rf"(?P<y_code>{_ISSUER})(?:{_SEP}-{_SEP}(?P<y_issuer>{_ISSUER}(?:-{_ISSUER})?))?"
)
_STATE = rf"(?P<s_serial>\d{{1,6}}){_SEP}/{_SEP}(?P<s_code>{_CODE}){_SEP}-{_SEP}(?P<s_issuer>{_ISSUER}(?:-{_ISSUER})?)"
NUMBER = re.compile(rf"{_EDGE_BEFORE}(?:{_PARTY}|{_STATE_YEAR}|{_STATE}){_EDGE_AFTER}")

_NAME_ALT = "|".join(sorted(map(re.escape, TYPE_NAMES), key=len, reverse=True))
# The type's name and "số" right before a number; "Luật <tên luật> số ..." may have words in between.
_BEFORE = re.compile(
    rf"(?<!\w)(?P<name>{_NAME_ALT})(?:\s+liên tịch)?(?P<gap>(?:\s+[^\s\d,;.()]+){{0,12}}?)\s*(?:số\s*:?\s*)?$"
)
_DATE = re.compile(
    r"\s*,?\s*(?:ban hành\s+|ký\s+)?(?:ngày\s+)?(?P<date>\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}"
    r"|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|(?<=ngày )\d{1,2}/\d{1,2}(?![\d/]))"
)
# "của <cơ quan>": up to a comma, a bracket, a number, or the words that start what comes next.
_OF = re.compile(
    r"\s*,?\s*của\s+(?P<who>[^,;.()\n\d]{2,90}?)"
    r"(?=\s+(?:về|v/v|và|quy định|ban hành|đã|để|nhằm|tại|trong|theo)\s|[,;.()\n\d]|$)"
)
_ABOUT = re.compile(r"\s*,?\s*(?:về|v/v)\s+(?P<what>[^;\n]{4,240}?)(?=[;\n]|\.(?:\s|$)|\s\(|$)")


_WORDS = re.compile(r"([^\W\d_]+)")  # captured: ``split`` keeps the words at odd indices, between what separates them


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    folded = fold(word)
    return folded if len(folded) == len(word) else word.lower()


def _key(text: str) -> str:
    """A match key of the same length as ``text``: lower case, one tone-mark placement, ``Ð`` read as ``Đ``.

    Word by word through a cache (every article's text is keyed, and it repeats a few thousand distinct words)."""
    parts = _WORDS.split(text)
    parts[1::2] = map(_word_key, parts[1::2])
    keyed = "".join(parts).replace("ð", "đ")
    return keyed if len(keyed) == len(text) else text.lower()


def _printed(code: str) -> str:
    code = code.replace("ð", "đ").replace("Ð", "Đ")
    return _MIXED_CASE.get(code.lower(), code.upper())


def _split(issuer: str) -> tuple[str, str | None]:
    body, _, unit = issuer.partition("-")
    return _printed(body), _printed(unit) if unit else None


def _number(m: re.Match[str], original: str) -> DocumentNumber:
    g = m.groupdict()
    text = re.sub(r"\s+", "", original[m.start() : m.end()]).replace("Ð", "Đ")
    if g["p_serial"]:
        issuer, unit = _split(g["p_issuer"])
        return DocumentNumber(text, int(g["p_serial"]), issuer, _printed(g["p_code"]), unit=unit, party=True)
    if g["y_serial"]:
        serial, year = int(g["y_serial"]), int(g["y_year"])
        if g["y_issuer"] is None:  # 63/2025/QH15: a law, numbered by the body alone
            return DocumentNumber(text, serial, _printed(g["y_code"]), None, year)
        issuer, unit = _split(g["y_issuer"])
        return DocumentNumber(text, serial, issuer, _printed(g["y_code"]), year, unit)
    serial, code = int(g["s_serial"]), g["s_code"]
    if code not in TYPE_CODES:  # 456/UBND-VP: a letter, the body then its drafting unit
        return DocumentNumber(text, serial, _printed(code), None, unit=_printed(g["s_issuer"]))
    issuer, unit = _split(g["s_issuer"])
    return DocumentNumber(text, serial, issuer, _printed(code), unit=unit)


def parse_number(text: str) -> DocumentNumber | None:
    """The document number in ``text`` ("Số: 12-NQ/HU", "45/2025/NQ-HĐND"), or None when there is none."""
    text = unicodedata.normalize("NFC", text)
    m = NUMBER.search(_key(text))
    return _number(m, text) if m else None


def _type_before(before: re.Match[str] | None, number: DocumentNumber) -> DocType | None:
    """The type named before the number decides between types sharing a code (party QĐ: Quyết định or Quy
    định) and types a code does not tell (a letter's number); otherwise the number's own code decides."""
    named = TYPE_NAMES[before.group("name")] if before else None
    if before and before.group("gap").strip() and named is not DocType.LUAT:
        named = None  # words between a name and the number: only "Luật <tên luật> số" reads that way
    coded = number.type
    if named is None:
        return coded
    if coded in (None, DocType.CONG_VAN) or {named, coded} <= {DocType.QUYET_DINH, DocType.QUY_DINH}:
        return named
    return coded


def find_documents(
    text: str, *, reference: date | None = None, places: Mapping[str, str] | None = None
) -> list[DocumentRef]:
    """Document numbers cited in ``text``, in order, with what the sentence says about each.

    ``reference`` (the article's date) gives the year of a date cited without one; ``places`` names the
    portal's own localities by level (``{"tỉnh": "Bình Thuận", "huyện": "Tuy Phong"}``) for issuers the text
    names without a place ("Ban Chấp hành Đảng bộ tỉnh"). A number is reported when a type's name precedes it
    or its own code names a type; spans index the NFC text."""
    text = unicodedata.normalize("NFC", text)
    key = _key(text)
    refs: list[DocumentRef] = []
    for m in NUMBER.finditer(key):
        number = _number(m, text)
        window = key[max(0, m.start() - 160) : m.start()]
        before = _BEFORE.search(window)
        doc_type = _type_before(before, number)
        if doc_type is None:
            continue
        start = m.start() - len(window) + before.start() if before and not before.group("gap").strip() else m.start()
        if before and doc_type is DocType.LUAT:
            start = m.start() - len(window) + before.start()
        end = m.end()
        issued = None
        if d := _DATE.match(key, end):
            found = parse_date(text[d.start("date") : d.end("date")], reference=reference).value
            issued = found if isinstance(found, date) else None
            end = d.end()
        who = None
        if o := _OF.match(key, end):
            who = text[o.start("who") : o.end("who")].strip()
            end = o.end()
        summary = ""
        if a := _ABOUT.match(key, end):
            summary = text[a.start("what") : a.end("what")].strip().rstrip(",")
            end = a.end()
        refs.append(
            DocumentRef(
                number=number,
                type=doc_type,
                issuer=issuer_for(number, who=who, places=places),
                issue_date=issued,
                summary=summary,
                cited=text[start:end].strip(),
                start=start,
                end=end,
            )
        )
    return refs
