"""Where a meeting sits, when its report or announcement says so in the opening: "… khai mạc Kỳ họp thứ 9 tại Hội
trường UBND tỉnh", "… tại Trung tâm Hội nghị tỉnh".

Cheap and safe on purpose: one bounded search of the headline and the lead's opening, and only a venue noun after
"tại" counts (a hall, a conference centre, a headquarters, a cultural house), so "tại xã Tân Thành" or "tại kỳ họp"
give nothing. The phrase is kept as the page spells it, cut where the clause moves on.
"""

from __future__ import annotations

import re

from crawler.text import clean_text

OPENING_CHARS = 400  # the lead's opening, where a report says when and where
_VENUE = re.compile(
    r"(?<!\w)tại\s+((?:hội trường|trung tâm hội nghị|trung tâm chính trị|trung tâm văn ho[áa]|nhà văn ho[áa]"
    r"|cung văn ho[áa]|nhà quốc hội|nhà hát|trụ sở|phòng họp|hội quán)"
    r"(?:(?!\s+(?:với|dưới|do|nhằm|để|về|và|có|sau|trong|từ|đến|theo)\s)[^,.;:()\[\]\n]){0,80})",
    re.IGNORECASE,
)


def venue_of(title: str, text: str) -> str | None:
    """The meeting's venue as the headline or the lead's opening names it, else None."""
    for source in (title, text[:OPENING_CHARS]):
        found = _VENUE.search(clean_text(source))
        if found:
            venue = found.group(1).strip()
            return venue[0].upper() + venue[1:]
    return None
