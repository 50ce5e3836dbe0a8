"""Fixed vocabularies of the domain, with the labels people read."""

from __future__ import annotations

from .errors import InvalidInput

REVIEW_TYPES = {
    "full": "Full peer review",
    "focused": "Focused review",
    "virtual": "Virtual review",
    "blended": "Blended review",
    "rapid": "Rapid response review",
    "curriculum": "Curriculum review",
    "partnership-self-evaluation": "Partnership self-evaluation",
}

STATUSES = {
    "planned": "Planned",
    "in_progress": "In progress",
    "draft_shared": "Draft shared with host",
    "final": "Final",
}

ACTIVITIES = {
    "learning-walk": "Learning walk",
    "lesson-visit": "Lesson visit",
    "work-scrutiny": "Work scrutiny",
    "pupil-voice": "Pupil voice",
    "staff-voice": "Staff voice",
    "parent-voice": "Parent voice",
    "leader-meeting": "Meeting with leaders",
    "governor-meeting": "Meeting with governors",
    "data-review": "Data review",
    "document-review": "Document review",
    "other": "Other",
}

MARKERS = {"strength": "Strength", "development": "Development", "neutral": "Neutral"}

FINDING_KINDS = {"strength": "What went well", "development": "Even better if", "next-step": "Next steps"}

TEAM_ROLES = ("lead reviewer", "reviewer", "host headteacher", "observer")


def _pick(value: str, table: dict[str, str], what: str) -> str:
    v = (value or "").strip().lower().replace("_", "-")
    if v in table:
        return v
    for key, label in table.items():
        if v == label.lower() or v == key.replace("-", " "):
            return key
    raise InvalidInput(f"'{value}' is not a {what}; use one of: {', '.join(table)}.")


def review_type(value: str) -> str:
    return _pick(value, REVIEW_TYPES, "review type")


def activity(value: str) -> str:
    v = (value or "").strip().lower()
    aliases = {"lesson observation": "lesson-visit", "observation": "lesson-visit", "book look": "work-scrutiny",
               "meeting": "leader-meeting", "data": "data-review", "documents": "document-review"}
    return aliases.get(v) or _pick(value, ACTIVITIES, "kind of activity")


def marker(value: str) -> str:
    return _pick(value or "neutral", MARKERS, "marker (strength, development or neutral)")


def finding_kind(value: str) -> str:
    v = (value or "").strip().lower()
    aliases = {"next step": "next-step", "next-steps": "next-step", "wwv": "strength", "ebi": "development",
               "what went well": "strength", "even better if": "development", "recommendation": "next-step"}
    return aliases.get(v) or _pick(value, FINDING_KINDS, "kind of finding")
