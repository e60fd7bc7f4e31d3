"""Which meeting a headline and lead report, if any, and why not when none.

A mention of a meeting noun ("hội nghị", "kỳ họp", "đại hội" ...) is held (a "tổ chức", "khai mạc",
"đã diễn ra" around it), future ("sẽ", "dự kiến", "chuẩn bị"), cited ("quán triệt Nghị quyết Hội
nghị ..."), excluded (a shareholders' meeting, a sports games) or neutral. The first held mention
of the lead (else of the headline) is the reported meeting; article-level vetoes (documents,
ceremonies, visits, contests, progress tallies, features) come after, each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crawler.dates import AHEAD_DAYS
from crawler.meetings import names as N  # noqa: N812 - the name tables, read as N.NAME
from crawler.meetings import rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.meetings import vetoes as V  # noqa: N812 - the veto tables, read as V.NAME
from crawler.meetings.fields import ordinal_of, phrase
from crawler.meetings.lines import Line, Mention, clause_left, key_of, last_match
from crawler.meetings.reasons import Reason
from crawler.meetings.shapes import title_shape
from crawler.meetings.when import PageDates, dates_of, days_after_page
from crawler.text import clean_text


@dataclass(frozen=True)
class Decision:
    """The reported meeting's mention and whether it was held or is announced, or the reason there is none."""

    mention: Mention | None
    status: str | None = None  # "held" | "announced"
    reason: Reason | None = None


def status(line: Line, m: re.Match[str], at_head: bool) -> tuple[str, str]:
    """Is this mention the reported meeting (held), a future one, a citation, or not a meeting?"""
    key = line.key
    noun, s, e = m.group(1), m.start(1), m.end(1)
    before, after = key[max(0, s - 80) : s], key[e : e + 200]
    if noun == "giao ban" and not (R.GIAO_BAN_BEFORE.search(before) or R.GIAO_BAN_AFTER.match(after)):
        return "excluded", "giao + ban"
    if R.VENUE_NAME_BEFORE.search(before):
        return "neutral", ""
    if (
        R.EXCLUDED_AFTER.match(after)
        or R.EXCLUDED_BEFORE.search(before)
        or (noun in R.HOP_NOUNS and R.HOP_EXCLUDED_AFTER.match(after))
        or (noun in R.PLURAL_NOUNS and R.PLURAL_AFTER.match(after))
    ):
        return "excluded", key[s : e + 20].strip()
    if noun == "họp" and (not R.SUBJECT_HOP.search(before) or R.ATTEND_BEFORE.search(before)):
        return "neutral", ""  # "dự họp" is attending, not the report
    if noun == "buổi làm việc":
        if R.VISIT_AFTER.match(after) or R.VISIT_BEFORE.search(before) or not R.SUBJECT_HOP.search(before):
            return "neutral", ""  # a working visit ("làm việc với ..."), or no committee that holds it
        if R.FUTURE_NEAR.search(before[-60:]):
            return "future", "sẽ/dự kiến"
        return "held", "buổi làm việc"  # "Ban Thường vụ Tỉnh ủy hai tỉnh có buổi làm việc, thống nhất ..."
    hop_subject = noun == "họp"
    if noun in N.VERB_NOUNS and noun != "họp" and subject_verb(line, s):
        return "held", noun  # "Thường trực HĐND tỉnh giao ban với ...", "Đảng ủy xã Tân Hòa sơ kết công tác ..."
    if noun in ("sơ kết", "tổng kết") and not (at_head or R.HOLD_VERB_BEFORE.search(before)):
        return "neutral", ""
    if R.COUNTED_BEFORE.search(before):
        return "neutral", ""  # "đã tiến hành 4 kỳ đại hội", "giữa 2 kỳ họp": many meetings, not one
    lc = clause_left(before)
    if not lc.strip() and before.rstrip().endswith("("):
        lc = clause_left(before.rstrip()[:-1])  # "ngày làm việc thứ nhất (phiên trù bị Đại hội)": the gloss's clause
    if R.AT_MEETING.match(lc) and R.OPENS_DATED.match(key):
        return "held", "tại"  # "Chiều 20/12, tại Kỳ họp thứ 12, ...": the sentence opens at the meeting
    if R.FUTURE_NEAR.search(before[-60:]):
        return "future", "sẽ/dự kiến"
    if R.VENUE_BEFORE.search(lc):
        return "cited", "nơi diễn ra"  # "Toàn cảnh nơi diễn ra Đại hội ...": the venue, before the event
    fut, cit, held = last_match(R.FUTURE_LEFT, lc), last_match(R.CITED_LEFT, lc), last_match(R.HELD_LEFT, lc)
    if held and R.DELEGATION_BEFORE.search(lc, 0, held.start()):
        return "neutral", ""  # "Đoàn đại biểu dự Đại hội ... đến thăm": the delegation is the subject, not the report
    if fut:
        return "future", fut.group(0)
    if held and R.EVENT_OBJECT.search(lc, held.end()):
        return "cited", "về"  # "tổ chức gặp mặt báo chí tuyên truyền Đại hội ...": the meeting is the topic
    stated = held.group(0) if held and held.group(0).endswith(" tại") else None
    if stated is None and before.endswith("tại ") and R.STATED_BEFORE.search(key, max(0, s - 200), s):
        stated = "... tại"
    if stated and R.CITING_OPENING.match(key):
        return "cited", "theo ... tại"  # "Thực hiện Kết luận của Ban Thường vụ tại Hội nghị ngày 12/4, ..."
    if stated:  # "Đó là kết luận của ... tại Hội nghị ... chiều 26/12", "... trình bày báo cáo tại kỳ họp"
        return ("held", stated) if R.RECENT.search(key) or R.BARE_AFTER.match(after) else ("neutral", "")
    if hop_subject and not R.FUTURE_RIGHT.match(after):
        return "held", "họp"  # "UBND tỉnh họp phiên thường kỳ": the verb itself reports it
    if cit and cit.group(0) == "hoàn thành" and R.COMPLETED_BEFORE.search(lc):
        return "held", "hoàn thành"  # "Đảng bộ phường ... đã hoàn thành Đại hội đại biểu lần thứ I"
    if cit and (not held or cit.start() > held.start()):
        return "cited", cit.group(0)
    if held:
        return "held", held.group(0)
    if R.FUTURE_RIGHT.match(after):
        return "future", "dự kiến"
    if R.AGENDA_RIGHT.match(after):
        return "future", "chương trình"  # no evidence by itself that the meeting is still ahead
    if R.CITED_RIGHT.match(after) and not R.OPENS_DATED.match(key):
        return "cited", "ban hành"  # "Hội nghị Trung ương 8 ... đã ban hành Nghị quyết về ..."
    hr = R.HELD_RIGHT.match(after)
    if hr and (at_head or not lc.strip() or len(lc) < 70) and not R.COPULA.search(after, 0, hr.start(1)):
        return "held", hr.group(1)
    if at_head and (line.headline or key[:s].strip(" -–—:|,.()[]")):
        return "held", "headline"  # a headline, or a lead that opens on a date: the noun phrase names the event
    return "neutral", ""


def subject_verb(line: Line, start: int) -> bool:
    """True when the clause before ``start`` is only an organisation's name, so that the meeting noun there is its
    verb: "Thường trực HĐND xã Tân Lập giao ban", not "Huyện ủy ban hành kế hoạch tổng kết"."""
    key = line.key
    lc = clause_left(key[max(0, start - 80) : start])
    begin = start - len(lc)
    names = list(N.OWNER_WORDS.finditer(key, begin, start))
    if not names or len(key[begin : names[0].start()].split()) > 2:
        return False
    rest = line.raw[names[-1].end() : start].split()
    return len(rest) <= 6 and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in N.NAME_FILLERS for w in rest)


@lru_cache(maxsize=64)  # the headline's mentions are read by detection and again by the fields
def mentions(line: Line, head_re: re.Pattern[str]) -> tuple[Mention, ...]:
    """Every meeting noun in the line with its status; ``head_re`` tells what may precede a headline's noun."""
    out: list[Mention] = []
    for m in R.MENTION.finditer(line.key):
        # A headline opening on "Chất vấn ..." may be a comment; its lead must say a session was held.
        at_head = bool(head_re.match(line.key[: m.start(1)])) and m.group(1) not in R.BARE_QUESTION_NOUNS
        state, cue = status(line, m, at_head)
        noun = R.NOUN_ALIASES.get(m.group(1), m.group(1))
        out.append(Mention(noun, m.start(1), m.end(1), state, cue, line, at_head or state == "held"))
    return tuple(out)


def _dated_ahead(m: Mention) -> bool:
    """True when the sentence opens on one day and dates the meeting later ("Ngày 27/9, thông tin từ ..., Đại hội
    ... diễn ra trong 3 ngày 29/9 đến ngày 1/10"): a preview written before it."""
    dates = dates_of(m.line.key)
    if len(dates) < 2 or dates[0].start > m.start or not dates[0].opening:
        return False
    later = next((d for d in dates[1:] if d.start > m.end), None)
    if later is None or later.month is None or dates[0].month is None or later.year != dates[0].year:
        return False
    return (later.month, later.day) > (dates[0].month, dates[0].day) and later.month - dates[0].month in (0, 1)


def perfective(m: Mention) -> bool:
    """True when the mention's own clause says the meeting has taken place ("Đảng bộ xã ... đã tổ chức thành công
    Đại hội ...") and nothing in it looks ahead ("Đại hội sẽ bế mạc ...")."""
    key = m.line.key
    left = clause_left(key[max(0, m.start - 100) : m.start])
    right = re.split(r"[;.](?:\s|$)", key[m.end : m.end + 160], maxsplit=1)[0]
    clause = f"{left} {key[m.start : m.end]} {right}"
    return bool(R.PERFECTIVE.search(clause)) and not R.WILL_CUE.search(clause)


def _states(line: Line, m: Mention) -> bool:
    """True when a later lead sentence states the held meeting: it opens on a date or at the meeting, its
    clause follows a date ("Sau hai ngày làm việc, ngày 6/11, tại Hà Nội, Hội nghị ... đã bế mạc"), or it opens
    on the meeting with a perfective verb ("Kỳ họp đã thông qua ...")."""
    before = line.key[: m.start]
    return bool(
        R.OPENS_DATED.match(line.key)
        or R.AT_MEETING_OPENING.match(before)
        or R.DATED_CLAUSE_BEFORE.search(before[-160:])
        or (R.PERFECTIVE_CUE.match(m.cue) and not before.strip(" \"“'‘-–—"))
        or m.cue.endswith(" tại")  # "Đó là thông tin tại Hội nghị tổng kết ... chiều 26/12"
    )


def _excluded(m: Mention) -> Reason:
    """What an excluded mention is: a ceremony, a contest, many meetings at once, or another event."""
    words = m.line.key[m.start : m.end + 40]
    return next((Reason(code) for code, pattern in R.EXCLUDED_KINDS if pattern.search(words)), Reason.OTHER_EVENT)


def pick(title_mentions: tuple[Mention, ...], first: list[Line], lead: list[Line]) -> tuple[Mention | None, Reason]:
    """The reported meeting mention, or None with the reason."""
    lead_mentions = mentions(first[0], R.DATE_PREFIX)
    title_future = any(x.status == "future" for x in title_mentions)
    excluded: Mention | None = None
    # "397 đại biểu sẽ tham dự Đại hội ..." over "Đại hội ... được tổ chức trong 2,5 ngày": a tenseless lead
    # beside a future mention of the same meeting (headline or lead) is a preview.
    ahead: set[str] | None = None  # nouns of meetings said to come ("sẽ", "dự kiến"), read only when needed
    for m in lead_mentions:
        if m.status == "held" and not (m.cue == "headline" and title_future):
            if m.cue in R.TENSELESS_CUE and _dated_ahead(m):
                return None, Reason.ANNOUNCEMENT  # "Ngày 27/9, ..., Đại hội ... diễn ra từ 29/9 đến 1/10"
            if m.cue in R.TENSELESS_CUE and not R.OPENS_DATED.match(m.line.key):
                if ahead is None:
                    found = (*title_mentions, *(x for line in first[:3] for x in mentions(line, R.DATE_PREFIX)))
                    ahead = {x.noun for x in found if R.WILL_CUE.search(x.cue)}
                if m.noun in ahead:
                    continue
            return m, Reason.NOT_REPORTED
        if m.status == "excluded" and m.strong:
            excluded = m  # "Cuộc họp báo ... Theo chương trình, sáng nay, ... tiến hành Hội nghị ...": read on
            break
        if m.status in ("future", "cited") and not any(x.status == "held" for x in lead_mentions):
            break  # the lead's first meeting is a future or cited one
    # A later lead sentence that opens on a date states the event when the first one is a summary; so does the
    # sentence right after a dated opening that names no meeting ("Chiều ngày 30.05.2023, nhằm kịp thời ... / Theo
    # đó, Ban Chỉ đạo ... tổ chức họp ..."), and one whose own clause says the meeting took place ("Hội Khuyến học
    # Hà Tĩnh vừa tổ chức Đại hội ..." under a personnel headline; "đã tổ chức" says as much of the units of a tally).
    carried = not lead_mentions and bool(R.OPENS_DATED.match(first[0].key))
    for i, line in enumerate(lead[1:], 1):
        if R.HISTORY_OPENING.match(line.key):
            continue  # "Cách đây 48 năm, tại kỳ họp thứ nhất ...": history, not the news
        for m in mentions(line, R.DATE_PREFIX):
            if m.status == "held" and (
                _states(line, m) or (carried and i == 1) or R.JUST_HELD.search(line.key, 0, m.start)
            ):
                return m, Reason.NOT_REPORTED
            if m.status in ("future", "cited") or (m.status == "excluded" and m.strong):
                break
    if excluded is not None:
        return None, _excluded(excluded)
    future = [m for line in lead[:3] for m in mentions(line, R.DATE_PREFIX) if m.status == "future"]
    for m in title_mentions:
        if m.status == "held" and m.strong and not any(f.noun == m.noun for f in future):
            return m, Reason.NOT_REPORTED
        if m.status == "future":
            return None, Reason.ANNOUNCEMENT
        if m.status == "excluded":
            return None, _excluded(m)
    if future:
        return None, Reason.ANNOUNCEMENT
    if any(x.status == "cited" for x in [*title_mentions, *lead_mentions]):
        return None, Reason.CITATION
    if not title_mentions and not lead_mentions:
        return None, Reason.NO_MEETING_NOUN
    return None, Reason.NOT_REPORTED


def unveto(key: str) -> str:
    """The key with veto words inside organisers' names blanked: a name never vetoes ("Ủy ban Kiểm tra ...")."""
    if "đào tạo" in key or "đt" in key:
        key = V.OFFICE_WITH_VETO_WORD.sub(lambda m: "_" * len(m.group(0)), key)
    if "ban " not in key:
        return key
    return V.ORG_WITH_VETO_WORD.sub(lambda m: "ban " + "_" * len(m.group(1)), key)


def tally(key: str) -> bool:
    """True when the line counts meetings over many units ("42/45 chi bộ đã tổ chức xong đại hội")."""
    return any(any(w in key for w in words) and pattern.search(key) for words, pattern in V.AGGREGATE)


def title_veto(t: Line) -> Reason | None:
    """Documents, schedules, ceremonies, visits, contests, digests, features and tallies, told by the headline."""
    shape = title_shape(t)
    if shape:
        return shape
    key = unveto(t.key)
    for code, pattern in V.TITLE_HEAD:
        if pattern.match(key):
            return Reason(code)
    if V.SCHEDULE.search(key):
        return Reason.SCHEDULE
    if t.headline and V.EVE_TITLE.search(
        key
    ):  # a lead sentence standing in ("Trước giờ khai mạc đại hội, ...") sets a scene
        return Reason.ANNOUNCEMENT
    if V.FEATURE_TITLE.search(key):
        return Reason.FEATURE
    # A lead sentence standing in for a missing headline is vetoed by ``decide``, up to its meeting's noun phrase.
    return text_veto(key) if t.headline else None


def text_veto(key: str, *, tallies: bool = True) -> Reason | None:
    """Other events, ceremonies, contests and (with ``tallies``) progress tallies, told by words anywhere in a line."""
    found = V.TEXT_VETO.search(key) if any(w in key for w in V.TEXT_VETO_WORDS) else None
    if found:
        return Reason(next(code for code, pattern in V.TEXT_VETO_KINDS if pattern.search(found.group(0))))
    if tallies and tally(key):
        return Reason.PROGRESS_TALLY
    return None


def document_head(text: str, start: int) -> bool:
    """True when the text opens like an official document ("Số 1021-KL/TU", "Độc lập - Tự do - Hạnh phúc", a line
    "KẾ HOẠCH" alone) or a file's download page ("Loại file: pdf")."""
    lines = [x for x in text[start : start + 600].split("\n") if x.strip()][:6]
    for x in lines[:3]:
        low = x.lower()
        if (x.strip().isupper() and V.DOCUMENT_TYPE_LINE.match(key_of(clean_text(x)[:60]))) or (
            ":" in x and V.FILE_PAGE.search(low)
        ):
            return True
    return any(  # a document's head lines are short ("Số 1021-KL/TU", "ĐẢNG CỘNG SẢN VIỆT NAM")
        len(x) < 120
        and any(w in x.lower() for w in V.DOCUMENT_HEAD_WORDS)
        and V.DOCUMENT_HEAD.search(key_of(clean_text(x)[:200]))
        for x in lines
    )


def explain(t: Line, first: Line) -> Reason | None:
    """Without a meeting to report, the event the headline and lead are about, if the rules know it."""
    key = unveto(t.key + " | " + first.key)
    return next((Reason(code) for code, pattern in V.EVENT_KINDS if pattern.search(key)), None)


def decide(t: Line, first: list[Line], lead: list[Line]) -> Decision:
    """The held meeting a headline ``t`` and its lead report (``first``: the first paragraph's sentences)."""
    first_key = first[0].key
    if V.QA_OPENING.match(first_key) or R.HISTORY_OPENING.match(first_key):
        return Decision(None, reason=Reason.FEATURE)
    if V.SCHEDULE.match(first_key):
        return Decision(None, reason=Reason.SCHEDULE)
    if (
        V.FEATURE_SOFT.search(t.key)
        and not R.DATE_PREFIX.match(first_key[:40].split(",")[0] + ",")
        and not any(x.status == "held" and x.cue != "headline" for x in mentions(first[0], R.DATE_PREFIX))
    ):  # "Nhiều kỳ vọng ở nhiệm kỳ mới" over "Đại hội ... thành công tốt đẹp" is the report
        return Decision(None, reason=Reason.FEATURE)
    title_mentions = mentions(t, R.TITLE_PREFIX)
    m, why = pick(title_mentions, first, lead)
    if m is None:
        if why in (Reason.NO_MEETING_NOUN, Reason.NOT_REPORTED, Reason.CITATION):
            # No meeting reported: what the lead's first sentence is about, if the vetoes know it ("... tiếp xúc cử
            # tri sau kỳ họp thứ Chín", "... đã hoàn thành đại hội Đoàn cấp cơ sở").
            why = text_veto(unveto(first_key)) or why
        if why in (Reason.NO_MEETING_NOUN, Reason.NOT_REPORTED):
            why = explain(t, first[0]) or why
        elif why is Reason.ANNOUNCEMENT:
            # "Bộ Chính trị làm việc với ... về công tác chuẩn bị Đại hội", "Chào mừng Đại hội XIV, ... tổ chức lễ khởi
            # công ...": another event about or in honour of a meeting ahead is that event, unless the meeting is
            # said to come ("sẽ", "dự kiến").
            ahead = [x for line in (t, *first[:2]) for x in mentions(line, R.DATE_PREFIX) if x.status == "future"]
            if not any(R.WILL_CUE.search(x.cue) for x in ahead):
                why = text_veto(unveto(first_key), tallies=False) or explain(t, first[0]) or why
        return Decision(None, reason=why)
    if (m.noun.startswith("phiên ") and m.noun != "phiên họp") or m.noun in R.QUESTION_NOUNS:
        # "phiên bế mạc Hội nghị lần thứ 13 ...", "phiên chất vấn tại Kỳ họp thứ 9": the session belongs
        # to the meeting named next.
        link = R.SESSION_LINK.match(m.line.key, m.end)
        nxt = R.MENTION.match(m.line.key, link.end() if link else m.end)
        if nxt and nxt.group(1) in ("hội nghị", "đại hội", "kỳ họp"):
            m = Mention(nxt.group(1), nxt.start(1), nxt.end(1), "held", m.cue, m.line, True)
    elif m.noun == "họp":
        # "Trung ương Đảng khóa XIV đã họp Hội nghị lần thứ nhất", "họp phiên bế mạc": the verb's object is the meeting.
        nxt = R.MENTION.match(m.line.key, m.end + 1)
        if nxt and nxt.group(1) not in ("họp", "giao ban"):
            noun = R.NOUN_ALIASES.get(nxt.group(1), nxt.group(1))
            m = Mention(noun, nxt.start(1), nxt.end(1), "held", m.cue, m.line, True)
    head = unveto(first_key)
    # Vetoes read up to the meeting's own noun phrase: "Hội nghị tiếp xúc cử tri" is a voters' meeting, but a
    # congress whose resolution names "phong trào thể dục thể thao", or a session that "triển khai công tác bầu cử",
    # is still the meeting reported.
    own = m.start + len(phrase(m.line, m.start)[1])
    veto = text_veto(unveto(m.line.key[:own]) if m.line is first[0] else head[:160], tallies=False)
    if veto is None and tally(head):
        veto = Reason.PROGRESS_TALLY
    if veto:
        return Decision(None, reason=veto)
    if m.noun in ("hội nghị", "cuộc họp", "buổi họp", "họp", "hội nghị liên tịch", "buổi làm việc"):
        # What the meeting is for, in its own sentence or in the headline that names it.
        named = [m, *(x for x in title_mentions if x.noun == m.noun and x.line is not m.line)][:2]
        for x in named:
            tail = unveto(x.line.key[x.start : x.start + len(phrase(x.line, x.start)[1]) + 60])[:140]
            for code, pattern in V.SIDE_TOPIC:
                if pattern.search(tail):
                    return Decision(None, reason=Reason(code))
    return Decision(m, "held")


def announced(t: Line, first: list[Line], page: PageDates, *, preview: bool = False) -> Mention | None:
    """The one future meeting a headline and lead announce, if they name one (else None).

    A convocation, a planned opening or "sẽ tổ chức kỳ họp thứ ...": a formal meeting noun that is
    future in the headline or the lead's first sentences, with an announcing verb in its own clause;
    or one whose own sentence dates it ahead of the page ("Đại hội ... diễn ra trong ngày 5/8/2025" on a
    page of 1/8/2025). One with an ordinal is preferred. A goal ("hướng tới Đại hội ...", "chuẩn bị cho
    ...") is none, unless the page is a ``preview`` (an eve-of-opening piece, a press briefing before it):
    then the one meeting its headline names with its number is the one announced ("Rực rỡ cờ hoa chào mừng
    Đại hội Đảng bộ tỉnh ... lần thứ I"); a meeting named only in the lead of another event ("... khởi công
    4 dự án chào mừng Đại hội XIV") is that event's occasion, not announced.
    """
    found = [
        m
        for line, head in ((t, R.TITLE_PREFIX), *((x, R.DATE_PREFIX) for x in first[:2]))
        for m in mentions(line, head)
        if m.noun in R.FORMAL_NOUNS
        and (
            (m.status == "future" and _announcing(m))
            or (m.status in ("future", "held", "neutral") and not perfective(m) and previewed(m, page))
        )
    ]
    with_ordinal = [m for m in found if ordinal_of(phrase(m.line, m.start)[1]) is not None]
    if not with_ordinal and preview and t.headline:
        with_ordinal = [
            m
            for m in mentions(t, R.TITLE_PREFIX)
            if m.noun in R.FORMAL_NOUNS
            and (m.status in ("future", "neutral") or (m.status == "cited" and R.ABOUT_CUE.search(m.cue)))
            and ordinal_of(phrase(m.line, m.start)[1]) is not None
        ]
    chosen = with_ordinal or found
    return chosen[0] if chosen else None


def previewed(m: Mention, page: PageDates) -> bool:
    """True when the mention's own sentence dates the meeting ahead of the page's date, or of the date the sentence
    opens on ("Ngày 27/9, ..., Đại hội ... diễn ra trong 3 ngày 29/9 đến ngày 1/10")."""
    ahead = days_after_page(m.line, m.start, page)
    return (ahead is not None and 1 < ahead <= AHEAD_DAYS) or _dated_ahead(m)


def _announcing(m: Mention) -> bool:
    key = m.line.key
    window = key[max(0, m.start - 60) : m.end + 160]  # one sentence: "Ngày mai (29/6), Đại hội ... khai mạc"
    return bool(R.ANNOUNCING.search(window)) and not R.GOAL_BEFORE.search(key[max(0, m.start - 30) : m.start])
