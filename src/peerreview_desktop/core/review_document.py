"""The review document (docs/review-document.md): one JSON-ready dict for `reviews show`, the report, packages and
the demo. `build` reads it from the store; `load` writes one into the store (demo, package import)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, select

from . import audit, comments, findings, framework_library, judgements, notes, reviews
from .errors import InvalidInput, NotFound
from .models import (
    Attachment,
    Cluster,
    Finding,
    Framework,
    HostComment,
    Judgement,
    JudgementEvidence,
    Note,
    NoteAttachment,
    NoteCriterion,
    Review,
    School,
    TeamMember,
    TimetableSlot,
)
from .vocabulary import REVIEW_TYPES

SCHEMA = "peerreview.review/1"


def _dt(v) -> str | None:  # noqa: ANN001
    return v.strftime("%Y-%m-%dT%H:%M:%S") if v else None


def build_in(s: Session, review_id: str, *, include_confidential: bool = False, include_history: bool = True) -> dict:
    r = s.get(Review, review_id)
    if r is None:
        raise NotFound(f"There is no review '{review_id}'.")
    school = s.get(School, r.school_id)
    cluster = s.get(Cluster, school.cluster_id) if school.cluster_id else None
    fw_row = s.get(Framework, r.framework_id)
    fw = framework_library.definition(fw_row)
    note_views = notes.list_for(s, r.id, include_confidential)
    visible = {n.id for n in note_views}
    team = s.exec(select(TeamMember).where(TeamMember.review_id == r.id).order_by(TeamMember.position))
    slots = s.exec(select(TimetableSlot).where(TimetableSlot.review_id == r.id)
                   .order_by(TimetableSlot.day, TimetableSlot.start))
    doc = {
        "schema": SCHEMA,
        "id": r.id,
        "version": r.version,
        "status": r.status,
        "mode": r.mode,
        "type": r.type,
        "type_label": REVIEW_TYPES.get(r.type, r.type),
        "school": {"id": school.id, "name": school.name, "urn": school.urn, "cluster": cluster.name if cluster else None},
        "start_date": r.start_date.isoformat(),
        "end_date": r.end_date.isoformat() if r.end_date else None,
        "framework": framework_library.show_json(fw),
        "context": r.context,
        "focus_areas": json.loads(r.focus_areas or "[]"),
        "lines_of_enquiry": json.loads(r.lines_of_enquiry or "[]"),
        "team": [{"id": m.id, "name": m.name, "role": m.role, "school": m.school} for m in team],
        "timetable": [{"id": t.id, "date": t.day.isoformat(), "start": t.start, "end": t.end, "title": t.title,
                       "activity": t.activity, "location": t.location, "with": t.with_whom} for t in slots],
        "notes": [n.to_doc() for n in note_views],
        "judgements": [j.to_doc() for j in judgements.list_for(s, r.id, fw, None if include_confidential else visible)],
        "findings": [f.to_doc() for f in findings.list_for(s, r.id)],
        "host_comments": [c.to_doc() for c in comments.list_for(s, r.id)],
        "finalised_at": _dt(r.finalised_at),
        "report_sha256": r.report_sha256,
    }
    if include_history:
        hidden = set() if include_confidential else _confidential_ids(s, r.id)
        doc["history"] = [e for e in audit.history(s, r.id) if e["entity_id"] not in hidden
                          and not e["detail"].get("confidential")]
    return doc


def _confidential_ids(s: Session, review_id: str) -> set[str]:
    return set(s.exec(select(Note.id).where(Note.review_id == review_id, Note.confidential == True)))  # noqa: E712


def build(store, review_id: str, *, include_confidential: bool = False, include_history: bool = True) -> dict:  # noqa: ANN001
    with store.read() as s:
        return build_in(s, reviews.resolve_id(s, review_id), include_confidential=include_confidential,
                        include_history=include_history)


def _ensure_framework(s: Session, fw_doc: dict) -> Framework:
    ident = fw_doc.get("id") or f"{fw_doc.get('key')}@{fw_doc.get('version')}"
    row = s.get(Framework, ident)
    if row is not None:
        return row
    body = {k: v for k, v in fw_doc.items() if k not in ("id", "graded")}
    if "areas" not in body:
        raise NotFound(f"The framework {ident} of this review is not in the store.")
    from . import frameworks

    fw = frameworks.parse(body)
    row = Framework(id=fw.id, key=fw.key, name=fw.name, version=fw.version, graded=fw.graded, builtin=False,
                    document=json.dumps(fw.document, ensure_ascii=False))
    s.add(row)
    s.flush()
    return row


def _t(v: str | None) -> datetime | None:
    return datetime.fromisoformat(v) if v else None


def load_in(s: Session, doc: dict, *, mode: str | None = None, replace: bool = True) -> Review:
    """Store a review document (all of it, in the caller's transaction). With `replace`, an existing review of
    the same ID is replaced wholesale (its children deleted first). Attachments' files must already be stored."""
    if doc.get("schema") != SCHEMA:
        raise InvalidInput(f"This is not a review document ({SCHEMA}).")
    fw_row = _ensure_framework(s, doc["framework"])
    sc = doc["school"]
    school = s.get(School, sc["id"]) if sc.get("id") else None
    if school is None:
        school = reviews.find_or_create_school(s, sc["name"], sc.get("urn"))
    if sc.get("cluster") and not school.cluster_id:
        cl = s.exec(select(Cluster).where(Cluster.name == sc["cluster"])).first()
        if cl is None:
            cl = Cluster(name=sc["cluster"])
            s.add(cl)
            s.flush()
        school.cluster_id = cl.id
    existing = s.get(Review, doc["id"])
    if existing is not None:
        if not replace:
            raise InvalidInput("That review is already in the store.")
        s.delete(existing)
        s.flush()
    r = Review(id=doc["id"], school_id=school.id, framework_id=fw_row.id, type=doc["type"],
               start_date=reviews.parse_date(doc["start_date"]), end_date=reviews.parse_date(doc.get("end_date")),
               status=doc.get("status", "in_progress"), version=int(doc.get("version", 1)),
               mode=mode or doc.get("mode", "author"), context=doc.get("context", ""),
               focus_areas=json.dumps(doc.get("focus_areas", [])),
               lines_of_enquiry=json.dumps(doc.get("lines_of_enquiry", [])),
               finalised_at=_t(doc.get("finalised_at")), report_sha256=doc.get("report_sha256"))
    s.add(r)
    s.flush()
    for i, m in enumerate(doc.get("team", [])):
        s.add(TeamMember(id=m["id"], review_id=r.id, name=m["name"], role=m.get("role", "reviewer"),
                         school=m.get("school", ""), position=i))
    for t in doc.get("timetable", []):
        s.add(TimetableSlot(id=t["id"], review_id=r.id, day=reviews.parse_date(t["date"]), start=t.get("start", ""),
                            end=t.get("end", ""), title=t.get("title", ""), activity=t.get("activity", "other"),
                            location=t.get("location", ""), with_whom=t.get("with", "")))
    for n in doc.get("notes", []):
        insert_note(s, r.id, n)
    s.flush()
    for j in doc.get("judgements", []):
        row = Judgement(id=j["id"], review_id=r.id, criterion=j["criterion"], grade=j["grade"],
                        rationale=j.get("rationale", ""), author=j.get("author", ""),
                        updated_at=_t(j.get("updated_at")) or datetime.now())
        s.add(row)
        s.flush()
        for nid in j.get("evidence", []):
            if s.get(Note, nid) is not None:
                s.add(JudgementEvidence(judgement_id=row.id, note_id=nid))
    for f in doc.get("findings", []):
        s.add(Finding(id=f["id"], review_id=r.id, kind=f["kind"], text=f["text"],
                      criteria=json.dumps(f.get("criteria", [])), position=f.get("position", 0)))
    for c in doc.get("host_comments", []):
        s.add(HostComment(id=c["id"], review_id=r.id, target=c["target"], target_id=c["target_id"], text=c["text"],
                          author=c.get("author", ""), stance=c.get("stance", "comment"),
                          created_at=_t(c.get("created_at")) or datetime.now(), resolution=c.get("resolution"),
                          reason=c.get("reason"), resolved_at=_t(c.get("resolved_at")),
                          resolved_by=c.get("resolved_by")))
    s.flush()
    return r


def insert_note(s: Session, review_id: str, n: dict) -> Note:
    note = Note(id=n["id"], review_id=review_id, activity=n.get("activity", "other"),
                occurred_at=_t(n.get("occurred_at")) or datetime.now(), place=n.get("place") or "",
                year_group=n.get("year_group") or "", subject=n.get("subject") or "", author=n.get("author") or "",
                text=n.get("text") or "", marker=n.get("marker", "neutral"), confidential=bool(n.get("confidential")),
                remote=bool(n.get("remote")), created_at=_t(n.get("created_at")) or datetime.now(),
                updated_at=_t(n.get("updated_at")) or datetime.now())
    s.add(note)
    s.flush()
    for code in n.get("criteria", []):
        s.add(NoteCriterion(note_id=note.id, code=code))
    for a in n.get("attachments", []):
        if s.get(Attachment, a["sha256"]) is None:
            s.add(Attachment(sha256=a["sha256"], size=a.get("size", 0), mime=a.get("mime", "application/octet-stream")))
            s.flush()
        s.add(NoteAttachment(note_id=note.id, sha256=a["sha256"], filename=a.get("filename", "")))
    return note
