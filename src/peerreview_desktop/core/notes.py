"""Evidence notes: capture, edit, tag, attach, delete (with the snapshot undo needs), list fast."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select

from . import attachments, audit, reviews
from .changes import Changes
from .errors import InvalidInput, NotFound
from .frameworks import FrameworkDef
from .models import Attachment, Judgement, JudgementEvidence, Note, NoteAttachment, NoteCriterion, new_id, utcnow
from .vocabulary import activity as parse_activity
from .vocabulary import marker as parse_marker

EDITABLE = ("text", "criteria", "activity", "marker", "confidential", "place", "year_group", "subject",
            "occurred_at", "remote", "author")
MAX_TEXT = 200_000


@dataclass
class NoteView:
    id: str
    review_id: str
    activity: str
    occurred_at: str
    place: str
    year_group: str
    subject: str
    author: str
    text: str
    criteria: list[str]
    marker: str
    confidential: bool
    remote: bool
    attachments: list[dict] = field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""
    rev: int = 1
    evidence_for: list[str] = field(default_factory=list)  # judgements citing it (kept by delete, for undo)

    def to_doc(self) -> dict:
        d = asdict(self)
        for private in ("review_id", "rev", "evidence_for"):
            d.pop(private)
        return d


def _iso(dt: datetime | None, minutes: bool = False) -> str:
    if dt is None:
        return ""
    return dt.replace(microsecond=0).isoformat(timespec="minutes" if minutes else "seconds")


def parse_time(value, review_start=None) -> datetime:  # noqa: ANN001
    if isinstance(value, datetime):
        return value.replace(microsecond=0)
    v = (value or "").strip().replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(v, fmt)
        except ValueError:
            pass
    if review_start is not None:
        for fmt in ("%H:%M", "%H.%M"):
            try:
                t = datetime.strptime(v, fmt).time()
                return datetime.combine(review_start, t)
            except ValueError:
                pass
    raise InvalidInput(f"'{value}' is not a date and time; write it as YYYY-MM-DD HH:MM.")


def check_criteria(fw: FrameworkDef, codes) -> list[str]:  # noqa: ANN001
    if isinstance(codes, str):
        codes = [c for c in codes.replace(";", ",").replace(" ", ",").split(",")]
    out: list[str] = []
    for c in codes or []:
        c = c.strip()
        if c:
            code = fw.criterion(c).code
            if code not in out:
                out.append(code)
    return out


def _clean_text(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\x00", "")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"A note can hold at most {MAX_TEXT:,} characters; this one has {len(text):,}.")
    return text


def add(store, review_id: str, text: str, *, criteria=(), activity: str = "other", marker: str = "neutral",  # noqa: ANN001
        confidential: bool = False, place: str = "", year_group: str = "", subject: str = "",
        occurred_at=None, author: str | None = None, remote: bool = False, attach=(), note_id: str | None = None) -> Changes:
    stored = [attachments.put_file(store.attachments_dir, Path(p)) + (Path(p).name,) for p in attach]
    with store.write() as s:
        r = reviews.editable(s, review_id, "add notes to", notes_only=True)
        fw = reviews.framework_of(s, r)
        note = Note(id=note_id or new_id(), review_id=r.id, text=_clean_text(text), activity=parse_activity(activity),
                    marker=parse_marker(marker), confidential=bool(confidential), place=place.strip(),
                    year_group=year_group.strip(), subject=subject.strip(), remote=bool(remote),
                    author=(author if author is not None else store.actor.name),
                    occurred_at=parse_time(occurred_at, r.start_date) if occurred_at else datetime.now().replace(second=0, microsecond=0))
        s.add(note)
        s.flush()
        for code in check_criteria(fw, criteria):
            s.add(NoteCriterion(note_id=note.id, code=code))
        for sha, size, mime, name in stored:
            _link_attachment(s, note.id, sha, size, mime, name)
        reviews.touch(r)
        audit.record(s, store.actor, r.id, "note.add", "note", note.id, _audit_detail(note, None))
        return Changes(notes=True, review=True, ids=[note.id], value=note.id)


def _link_attachment(s: Session, note_id: str, sha: str, size: int, mime: str, name: str) -> None:
    if s.get(Attachment, sha) is None:
        s.add(Attachment(sha256=sha, size=size, mime=mime))
        s.flush()
    if s.get(NoteAttachment, (note_id, sha)) is None:
        s.add(NoteAttachment(note_id=note_id, sha256=sha, filename=name))


def _audit_detail(note: Note, before: dict | None) -> dict:
    if note.confidential:
        return {"confidential": True}
    after = {"text": note.text[:2000], "marker": note.marker, "activity": note.activity}
    return {"after": after} if before is None else {"before": before, "after": after}


def attach(store, note_id: str, paths) -> Changes:  # noqa: ANN001
    stored = [attachments.put_file(store.attachments_dir, Path(p)) + (Path(p).name,) for p in paths]
    with store.write() as s:
        note = _get(s, note_id)
        reviews.editable(s, note.review_id, "change notes in", notes_only=True)
        for sha, size, mime, name in stored:
            _link_attachment(s, note.id, sha, size, mime, name)
        note.updated_at = utcnow()
        note.rev += 1
        audit.record(s, store.actor, note.review_id, "note.attach", "note", note.id,
                     {"files": [n for *_, n in stored]} if not note.confidential else {"confidential": True})
        return Changes(notes=True, ids=[note.id], value=[sha for sha, *_ in stored])


def detach(store, note_id: str, sha256: str) -> Changes:  # noqa: ANN001
    with store.write() as s:
        note = _get(s, note_id)
        reviews.editable(s, note.review_id, "change notes in", notes_only=True)
        link = s.get(NoteAttachment, (note.id, sha256))
        if link is not None:
            s.delete(link)
        note.rev += 1
        audit.record(s, store.actor, note.review_id, "note.detach", "note", note.id, {"sha256": sha256})
        return Changes(notes=True, ids=[note.id])


def _get(s: Session, note_id: str) -> Note:
    note = s.get(Note, note_id)
    if note is None:
        from . import ids

        note = s.get(Note, ids.resolve(s, Note, note_id, "note"))
    if note is None:
        raise NotFound(f"There is no note '{note_id}'.")
    return note


def update(store, note_id: str, **fields) -> Changes:  # noqa: ANN001
    """Change some fields of a note (autosave calls this on every pause in typing). No-op edits write nothing."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"Notes have no field {', '.join(sorted(unknown))}.")
    with store.write() as s:
        note = _get(s, note_id)
        r = reviews.editable(s, note.review_id, "change notes in", notes_only=True)
        before: dict = {}
        for key, value in fields.items():
            if key == "criteria":
                new = check_criteria(reviews.framework_of(s, r), value)
                old = [c.code for c in s.exec(select(NoteCriterion).where(NoteCriterion.note_id == note.id))]
                if sorted(new) != sorted(old):
                    for link in s.exec(select(NoteCriterion).where(NoteCriterion.note_id == note.id)):
                        s.delete(link)
                    s.flush()
                    for code in new:
                        s.add(NoteCriterion(note_id=note.id, code=code))
                    before["criteria"] = old
                continue
            value = {"text": _clean_text, "activity": parse_activity, "marker": parse_marker,
                     "confidential": bool, "remote": bool,
                     "occurred_at": lambda v: parse_time(v, r.start_date)}.get(key, lambda v: (v or "").strip())(value)
            if getattr(note, key) != value:
                before[key] = getattr(note, key)
                setattr(note, key, value)
        if not before:
            return Changes()
        note.updated_at = utcnow()
        note.rev += 1
        reviews.touch(r)
        audit.record(s, store.actor, r.id, "note.edit", "note", note.id,
                     {"confidential": True} if note.confidential else
                     {"before": {k: str(v)[:2000] for k, v in before.items()},
                      "after": {k: str(getattr(note, k, fields.get(k)))[:2000] for k in before}})
        return Changes(notes=True, ids=[note.id])


def delete(store, note_id: str) -> Changes:  # noqa: ANN001
    """Delete a note; `value` is its full snapshot, which `restore` puts back (undo)."""
    with store.write() as s:
        note = _get(s, note_id)
        reviews.editable(s, note.review_id, "delete notes from", notes_only=True)
        snap = _views(s, [note])[0]
        snap.evidence_for = list(s.exec(select(JudgementEvidence.judgement_id)
                                        .where(JudgementEvidence.note_id == note.id)))
        s.delete(note)
        audit.record(s, store.actor, note.review_id, "note.delete", "note", note.id,
                     {"confidential": True} if note.confidential else {"before": {"text": note.text[:2000]}})
        return Changes(notes=True, judgements=True, ids=[note.id], value=snap)


def restore(store, snap: NoteView) -> Changes:  # noqa: ANN001
    """Put back a deleted note exactly: same ID, tags, stored attachments and the judgements that cited it."""
    ch = add(store, snap.review_id, snap.text, criteria=snap.criteria, activity=snap.activity, marker=snap.marker,
             confidential=snap.confidential, place=snap.place, year_group=snap.year_group, subject=snap.subject,
             occurred_at=snap.occurred_at, author=snap.author, remote=snap.remote, note_id=snap.id)
    if snap.attachments:
        ch.merge(relink(store, snap.id, snap.attachments))
    if snap.evidence_for:
        with store.write() as s:
            for jid in snap.evidence_for:
                if s.get(Judgement, jid) is not None and s.get(JudgementEvidence, (jid, snap.id)) is None:
                    s.add(JudgementEvidence(judgement_id=jid, note_id=snap.id))
        ch.judgements = True
    return ch


def relink(store, note_id: str, stored: list[dict]) -> Changes:  # noqa: ANN001
    """Link attachments that are already in the attachment store (undo, redo, restore) to a note."""
    with store.write() as s:
        note = _get(s, note_id)
        reviews.editable(s, note.review_id, "change notes in", notes_only=True)
        for a in stored:
            if not attachments.path_for(store.attachments_dir, a["sha256"]).is_file():
                raise NotFound(f"The attachment {a.get('filename') or a['sha256'][:12]} is no longer stored.")
            _link_attachment(s, note.id, a["sha256"], a.get("size", 0), a.get("mime", "application/octet-stream"),
                             a.get("filename", ""))
        note.rev += 1
        audit.record(s, store.actor, note.review_id, "note.attach", "note", note.id,
                     {"confidential": True} if note.confidential else
                     {"files": [a.get("filename", "") for a in stored]})
        return Changes(notes=True, ids=[note.id])


def _views(s: Session, notes: list[Note]) -> list[NoteView]:
    """NoteViews for a few ORM notes (one note's edit, get, delete)."""
    ids_ = [n.id for n in notes]
    crit: dict[str, list[str]] = defaultdict(list)
    atts: dict[str, list[dict]] = defaultdict(list)
    for nid, code in s.exec(select(NoteCriterion.note_id, NoteCriterion.code).where(NoteCriterion.note_id.in_(ids_))):
        crit[nid].append(code)
    rows = s.exec(select(NoteAttachment, Attachment).join(Attachment, Attachment.sha256 == NoteAttachment.sha256)
                  .where(NoteAttachment.note_id.in_(ids_)))
    for link, a in rows:
        atts[link.note_id].append({"sha256": a.sha256, "filename": link.filename, "size": a.size, "mime": a.mime})
    return [
        NoteView(n.id, n.review_id, n.activity, _iso(n.occurred_at, True), n.place, n.year_group, n.subject, n.author,
                 n.text, sorted(crit.get(n.id, [])), n.marker, n.confidential, n.remote, atts.get(n.id, []),
                 _iso(n.created_at), _iso(n.updated_at), n.rev)
        for n in notes
    ]


_LIST_NOTES = text(
    "SELECT id, review_id, activity, occurred_at, place, year_group, subject, author, text, marker, confidential, "
    "remote, created_at, updated_at, rev FROM note WHERE review_id = :rid ORDER BY occurred_at, created_at")
_LIST_CRITERIA = text(
    "SELECT c.note_id, c.code FROM note_criterion c JOIN note n ON n.id = c.note_id WHERE n.review_id = :rid")
_LIST_ATTACHMENTS = text(
    "SELECT l.note_id, a.sha256, l.filename, a.size, a.mime FROM note_attachment l "
    "JOIN attachment a ON a.sha256 = l.sha256 JOIN note n ON n.id = l.note_id WHERE n.review_id = :rid")


def _stamp(v, minutes: bool = False) -> str:  # noqa: ANN001
    """A stored timestamp as ISO text (SQLite hands back text, other databases datetimes)."""
    if v is None:
        return ""
    if isinstance(v, str):
        v = v.replace(" ", "T")
        return v[:16] if minutes else v[:19]
    return v.isoformat(timespec="minutes" if minutes else "seconds")


def list_for(s: Session, review_id: str, include_confidential: bool = True) -> list[NoteView]:
    """Every note of a review, in time order: three plain queries, no ORM objects (a 2,000-note review opens in
    a few milliseconds)."""
    conn = s.connection()
    crit: dict[str, list[str]] = defaultdict(list)
    for nid, code in conn.execute(_LIST_CRITERIA, {"rid": review_id}):
        crit[nid].append(code)
    atts: dict[str, list[dict]] = defaultdict(list)
    for nid, sha, name, size, mime in conn.execute(_LIST_ATTACHMENTS, {"rid": review_id}):
        atts[nid].append({"sha256": sha, "filename": name, "size": size, "mime": mime})
    out = []
    for r in conn.execute(_LIST_NOTES, {"rid": review_id}):
        if r[10] and not include_confidential:
            continue
        out.append(NoteView(r[0], r[1], r[2], _stamp(r[3], True), r[4], r[5], r[6], r[7], r[8],
                            sorted(crit.get(r[0], ())), r[9], bool(r[10]), bool(r[11]), atts.get(r[0], []),
                            _stamp(r[12]), _stamp(r[13]), r[14]))
    return out


def list_notes(store, review_id: str, include_confidential: bool = True) -> list[NoteView]:  # noqa: ANN001
    with store.read() as s:
        return list_for(s, reviews.resolve_id(s, review_id), include_confidential)


def get(store, note_id: str) -> NoteView:  # noqa: ANN001
    with store.read() as s:
        return _views(s, [_get(s, note_id)])[0]
