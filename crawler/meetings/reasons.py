"""Why an article is not a meeting report: a stable code, and what readers see in Vietnamese and English.

The codes are the labelling vocabulary of the meetings corpus (tests/data/meetings), so the rule
that rejected a text can be compared with the label a reader gave it.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """The rule that rejected an article as a report of a held meeting."""

    ANNOUNCEMENT = "announcement"
    POSTPONED = "postponed"
    SCHEDULE = "schedule"
    PROGRESS_TALLY = "progress_tally"
    DOCUMENT = "document"
    DIGEST = "digest"
    SPEECH = "speech"
    VISIT = "visit"
    CEREMONY = "ceremony"
    CONTEST = "contest"
    FEATURE = "feature"
    TRAINING = "training"
    CITATION = "citation"
    OTHER_EVENT = "other_event"
    PAST = "past"
    NOT_REPORTED = "not_reported"
    NO_MEETING_NOUN = "no_meeting_noun"

    @property
    def vi(self) -> str:
        """What a Vietnamese reader sees."""
        return _TEXT[self][0]

    @property
    def en(self) -> str:
        """What an English reader sees."""
        return _TEXT[self][1]


_TEXT: dict[Reason, tuple[str, str]] = {
    Reason.ANNOUNCEMENT: ("thông báo kỳ họp sắp tới", "announcement of a future session"),
    Reason.POSTPONED: ("hoãn, lùi hoặc hủy cuộc họp", "postponed or cancelled"),
    Reason.SCHEDULE: ("lịch công tác, lịch trình các kỳ họp", "dated preview or schedule"),
    Reason.PROGRESS_TALLY: ("tổng hợp tiến độ đại hội, hội nghị của nhiều đơn vị", "progress tally"),
    Reason.DOCUMENT: ("trang văn bản (nghị quyết, kết luận, thông báo)", "document page"),
    Reason.DIGEST: ("bản tin tổng hợp nhiều sự kiện", "weekly digest"),
    Reason.SPEECH: ("toàn văn bài phát biểu", "speech"),
    Reason.VISIT: ("chuyến thăm, làm việc, kiểm tra", "visit"),
    Reason.CEREMONY: ("lễ, mít tinh, gặp mặt, trao tặng", "ceremony"),
    Reason.CONTEST: ("hội thi, hội diễn, giải đấu, hội chợ", "contest or festival"),
    Reason.FEATURE: ("bài bình luận, nhìn lại, phóng sự", "feature or look back"),
    Reason.TRAINING: ("lớp tập huấn, bồi dưỡng", "training"),
    Reason.CITATION: ("chỉ nhắc tới một hội nghị, kỳ họp khác", "cites another meeting"),
    Reason.OTHER_EVENT: ("sự kiện khác (tiếp xúc cử tri, bầu cử, đại hội cổ đông...)", "another kind of event"),
    Reason.PAST: ("cuộc họp đã diễn ra từ lâu", "a meeting long past"),
    Reason.NOT_REPORTED: ("không thuật lại cuộc họp nào đã diễn ra", "no held meeting in headline or lead"),
    Reason.NO_MEETING_NOUN: ("không nhắc tới cuộc họp nào", "no meeting noun"),
}
