"""Reviews (visits): plan, list, look up, and the rules on who may change what."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from . import audit, framework_library, ids
from .changes import Changes
from .errors import InvalidInput, ReviewLocked
from .frameworks import FrameworkDef
from .models import Framework, Review, School, Setting, TeamMember, TimetableSlot, new_id, utcnow
from .review_index import ReviewSummary, list_reviews, summary  # noqa: F401  (re-exported)
from .vocabulary import ACTIVITIES, activity, review_type


@dataclass
class Plan:
    """What the new-review wizard collects."""

    school: str
    framework: str
    type: str = "full"
    start_date: date | str = ""
    end_date: date | str | None = None
    urn: str | None = None
    context: str = ""
    focus_areas: list[str] = field(default_factory=list)
    lines_of_enquiry: list[str] = field(default_factory=list)
    team: list[dict] = field(default_factory=list)  # {"name", "role", "school"}
    timetable: list[dict] = field(default_factory=list)  # {"date", "start", "end", "title", "activity", "location", "with"}


def parse_date(value: date | str | None, what: str = "date") -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    v = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(v, fmt).date()
        except ValueError:
            pass
    raise InvalidInput(f"'{value}' is not a {what}; write it as YYYY-MM-DD (e.g. 2026-11-20) or DD/MM/YYYY.")


def find_or_create_school(session: Session, name: str, urn: str | None = None, cluster_id: str | None = None) -> School:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput("A review needs the host school's name.")
    school = None
    if urn:
        school = session.exec(select(School).where(School.urn == urn)).first()
    if school is None:
        school = session.exec(select(School).where(func.lower(School.name) == name.lower())).first()
        if school is not None and urn and school.urn and school.urn != urn:
            school = None  # same spelling, different school
    if school is None:
        school = School(name=name, urn=urn or None, cluster_id=cluster_id)
        session.add(school)
        session.flush()
    elif urn and not school.urn:
        school.urn = urn
    return school


def new_review(store, plan: Plan) -> Changes:  # noqa: ANN001
    start = parse_date(plan.start_date, "start date")
    if start is None:
        raise InvalidInput("A review needs a start date (YYYY-MM-DD).")
    end = parse_date(plan.end_date, "end date")
    if end is not None and end < start:
        raise InvalidInput("The end date is before the start date.")
    rtype = review_type(plan.type)
    with store.write() as s:
        fw_row = framework_library.resolve(s, plan.framework)
        school = find_or_create_school(s, plan.school, plan.urn)
        review = Review(school_id=school.id, framework_id=fw_row.id, type=rtype, start_date=start, end_date=end,
                        context=plan.context.strip(), focus_areas=json.dumps([f for f in plan.focus_areas if f.strip()]),
                        lines_of_enquiry=json.dumps([q for q in plan.lines_of_enquiry if q.strip()]))
        s.add(review)
        s.flush()
        _set_team(s, review.id, plan.team)
        _set_timetable(s, review.id, plan.timetable)
        audit.record(s, store.actor, review.id, "review.create", "review", review.id,
                     {"school": school.name, "framework": fw_row.id, "type": rtype, "start_date": str(start)})
        return Changes(reviews=True, review=True, ids=[review.id], value=review.id)


def _set_team(s: Session, review_id: str, team: list[dict]) -> None:
    for old in s.exec(select(TeamMember).where(TeamMember.review_id == review_id)):
        s.delete(old)
    for i, m in enumerate(team):
        if (m.get("name") or "").strip():
            s.add(TeamMember(review_id=review_id, name=m["name"].strip(), role=(m.get("role") or "reviewer").strip(),
                             school=(m.get("school") or "").strip(), position=i, id=m.get("id") or new_id()))


def _set_timetable(s: Session, review_id: str, slots: list[dict]) -> None:
    for old in s.exec(select(TimetableSlot).where(TimetableSlot.review_id == review_id)):
        s.delete(old)
    for t in slots:
        if not (t.get("title") or "").strip():
            continue
        day = parse_date(t.get("date"), "timetable date")
        if day is None:
            raise InvalidInput(f"The timetable entry '{t['title']}' needs a date.")
        s.add(TimetableSlot(id=t.get("id") or new_id(), review_id=review_id, day=day, start=t.get("start", ""),
                            end=t.get("end", ""), title=t["title"].strip(),
                            activity=activity(t.get("activity") or "other"), location=t.get("location", ""),
                            with_whom=t.get("with", "")))


def update_plan(store, review_id: str, **fields) -> Changes:  # noqa: ANN001
    """Change the plan: school, type, dates, context, focus_areas, lines_of_enquiry, team, timetable."""
    with store.write() as s:
        r = editable(s, review_id, "change the plan of")
        before, after = {}, {}
        for key in ("context", "type", "start_date", "end_date", "focus_areas", "lines_of_enquiry"):
            if key not in fields:
                continue
            value = fields[key]
            if key == "type":
                value = review_type(value)
            elif key in ("start_date", "end_date"):
                value = parse_date(value, key.replace("_", " "))
            elif key in ("focus_areas", "lines_of_enquiry"):
                value = json.dumps([v.strip() for v in value if v and v.strip()])
            if getattr(r, key) != value:
                before[key], after[key] = getattr(r, key), value
                setattr(r, key, value)
        if "school" in fields and fields["school"].strip():
            school = find_or_create_school(s, fields["school"], fields.get("urn"))
            if school.id != r.school_id:
                before["school_id"], after["school_id"] = r.school_id, school.id
                r.school_id = school.id
        if "team" in fields:
            _set_team(s, r.id, fields["team"])
            after["team"] = [m.get("name") for m in fields["team"]]
        if "timetable" in fields:
            _set_timetable(s, r.id, fields["timetable"])
            after["timetable"] = len(fields["timetable"])
        r.updated_at = utcnow()
        audit.record(s, store.actor, r.id, "review.plan", "review", r.id, {"before": before, "after": after})
        return Changes(review=True, reviews=True, ids=[r.id])


def resolve_id(session: Session, ident: str) -> str:
    return ids.resolve(session, Review, ident, "review")


def get(session: Session, ident: str) -> Review:
    return session.get(Review, resolve_id(session, ident))


def framework_of(session: Session, review: Review) -> FrameworkDef:
    return framework_library.definition(session.get(Framework, review.framework_id))


LOCK_MESSAGES = {
    "host": "This is a draft shared with you for a factual-accuracy check; you can comment, but not {what} it.",
    "received": "This review was imported from a signed package and is read-only; you cannot {what} it.",
}


def editable(session: Session, ident: str, what: str = "change", notes_only: bool = False) -> Review:
    """The review, if the acting user may change it this way; else ReviewLocked with the reason."""
    r = get(session, ident)
    if r.mode in LOCK_MESSAGES:
        raise ReviewLocked(LOCK_MESSAGES[r.mode].format(what=what))
    if (host := session.get(Setting, "host_mode")) is not None and host.value:  # core/host_mode.py
        raise ReviewLocked(f"Host mode is on for {host.value}, who can comment on the draft but not {what} it; "
                           "the reviewer must leave host mode first.")
    if r.mode == "team" and not notes_only:
        raise ReviewLocked(f"Only the lead reviewer can {what} this review; your copy is for capturing notes.")
    if r.status == "final":
        raise ReviewLocked(
            f"This review is final (version {r.version}) and locked; reopen it to make version {r.version + 1}."
        )
    return r


def touch(r: Review) -> None:
    r.updated_at = utcnow()
    if r.status == "planned":
        r.status = "in_progress"


def activity_label(key: str) -> str:
    return ACTIVITIES.get(key, key)
