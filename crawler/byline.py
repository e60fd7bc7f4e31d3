"""Bylines as Vietnamese portals print them: "BT: Kim Lệ + Ảnh: Chí Dũng", "Văn Tư – Thanh Đạm".

Portals put the byline in the last paragraph of the body, so adapters ask ``looks_like_byline``
before keeping that paragraph as text, and pipelines split it into people and roles.
"""

from __future__ import annotations

import re

from crawler.items import Author
from crawler.text import clean_text, fold

# Role labels as printed (folded keys), mapped to the role word we store.
ROLES: dict[str, str] = {
    "bt": "biên tập",
    "biên tập": "biên tập",
    "ảnh": "ảnh",
    "tin, ảnh": "tin, ảnh",
    "tin và ảnh": "tin, ảnh",
    "tin - ảnh": "tin, ảnh",
    "bài, ảnh": "bài, ảnh",
    "bài và ảnh": "bài, ảnh",
    "bài": "bài",
    "tin": "tin",
    "video": "video",
    "nguồn": "nguồn",
    "pv": "phóng viên",
    "ctv": "cộng tác viên",
}
_ROLE = re.compile(
    r"(?i)(?:^|(?<=[\s+–—,;-]))(" + "|".join(sorted((re.escape(k) for k in ROLES), key=len, reverse=True)) + r")\s*:\s*"
)
_SEP = re.compile(r"\s*(?:[+–—;,]|\s-\s|\s-|-\s| và )\s*")
_NAME_WORD = re.compile(r"^[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ-ỹ][\w.]*$")


def _is_name(part: str) -> bool:
    words = part.split()
    return 1 <= len(words) <= 5 and all(_NAME_WORD.match(w) and (w[0].isupper() or w[0].isdigit()) for w in words)


def split_byline(text: str | None) -> list[Author]:
    """People named in a byline with their roles; an empty list when it names nobody."""
    line = clean_text(text).strip(" .()")
    if not line:
        return []
    authors: list[Author] = []
    pieces = _ROLE.split(line)
    # pieces: [before-first-role, role1, names1, role2, names2, ...]
    chunks: list[tuple[str | None, str]] = [(None, pieces[0])]
    chunks += [(ROLES[fold(pieces[i])], pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
    for role, names in chunks:
        for name in _SEP.split(names):
            name = name.strip(" .:")
            if name:
                authors.append(Author(name=name, role=role))
    return authors


def looks_like_byline(paragraph: str) -> bool:
    """True for a short closing line of names and roles, false for a sentence of the article."""
    line = clean_text(paragraph).strip(" .()")
    if not line or len(line) > 80 or line.endswith((":", "?")):
        return False
    if _ROLE.search(line):
        return True
    parts = [p for p in _SEP.split(line) if p]
    return bool(parts) and all(_is_name(p) for p in parts)
