"""Words the report prints: labels for keys, British dates and times, and safe paragraph markup from user text."""

from __future__ import annotations

import re
from datetime import date, datetime

from ..vocabulary import ACTIVITIES, REVIEW_TYPES, STATUSES

ACTIVITY_LABELS = ACTIVITIES
STATUS_LABELS = {**STATUSES, "draft_shared": "Draft shared with the host school"}
TYPE_LABELS = REVIEW_TYPES

ROLE_LABELS = {
    "lead reviewer": "Lead reviewer",
    "reviewer": "Reviewer",
    "host headteacher": "Host headteacher",
    "observer": "Observer",
}

STANCE_LABELS = {"accept": "Accepts", "challenge": "Challenges", "comment": "Comment"}
RESOLUTION_LABELS = {"accepted": "Accepted", "noted": "Noted", "declined": "Declined"}
MARKER_LABELS = {"strength": "Strength", "development": "Development"}

SPECIAL_GRADES = {"not-judged": "Not judged", "insufficient-evidence": "Insufficient evidence"}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n{3,}")


def activity_label(key: object) -> str:
    if not isinstance(key, str) or not key:
        return "Other"
    return ACTIVITY_LABELS.get(key, key.replace("-", " ").capitalize())


def role_label(role: object) -> str:
    text = str(role or "").strip()
    return ROLE_LABELS.get(text.lower(), text[:1].upper() + text[1:]) if text else ""


def plain(value: object) -> str:
    """User text as a plain single string: None becomes "", control characters are dropped."""
    if value is None:
        return ""
    return _CONTROL.sub("", str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def clip(value: object, limit: int = 200) -> str:
    """A name-like field (school, person, title) on one line, cut with an ellipsis at `limit` characters: such
    fields sit in table cells and headings, where a pasted essay would not fit on a page."""
    text = " ".join(plain(value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def esc(value: object) -> str:
    """User text escaped for reportlab's paragraph mini-markup, on one line."""
    text = plain(value).replace("\n", " ")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_block(value: object) -> str:
    """User text escaped for a paragraph, keeping the writer's line breaks (at most one blank line in a row)."""
    text = _BLANK_LINES.sub("\n\n", plain(value).strip())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>")


def paragraphs_of(value: object) -> list[str]:
    """User text split into escaped paragraphs at blank lines (single line breaks are kept)."""
    text = plain(value).strip()
    if not text:
        return []
    return [esc_block(part) for part in re.split(r"\n\s*\n", text) if part.strip()]


# --- dates -----------------------------------------------------------------------------------------------------------


def parse_date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_datetime(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        d = parse_date(text)
        return datetime(d.year, d.month, d.day) if d else None


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def long_date(d: date) -> str:
    """12 November 2026 (month names fixed in English whatever the process locale)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def date_range(start: object, end: object) -> str:
    """A visit's dates the British way: "12 November 2026", "12–13 November 2026",
    "30 November – 1 December 2026", "31 December 2026 – 1 January 2027"."""
    s, e = parse_date(start), parse_date(end)
    if s is None:
        return "Date to be confirmed"
    if e is None or e <= s:
        return long_date(s)
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}\u2013{long_date(e)}"
    if s.year == e.year:
        return f"{s.day} {MONTHS[s.month - 1]} \u2013 {long_date(e)}"
    return f"{long_date(s)} \u2013 {long_date(e)}"


def short_date(value: object) -> str:
    """A timestamp or date as "20 November 2026" (empty when unusable)."""
    dt = parse_datetime(value)
    return long_date(dt.date()) if dt else ""


def note_when(value: object, multi_day: bool) -> str:
    """When a note was taken: "09:05" on a one-day visit, "Thu 12 Nov, 09:05" on a longer one."""
    dt = parse_datetime(value)
    if dt is None:
        return ""
    has_time = isinstance(value, str) and "T" in value
    if multi_day:
        day = f"{DAYS[dt.weekday()]} {dt.day} {MONTHS[dt.month - 1][:3]}"
        return f"{day}, {dt:%H:%M}" if has_time else day
    return f"{dt:%H:%M}" if has_time else long_date(dt.date())
