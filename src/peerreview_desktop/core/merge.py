"""Team merge: notes from team members' packages merge into the lead's review by identity (UUID), and host comments
from a response package are added by ID. Nothing is duplicated, a re-import changes nothing, and nothing is
silently overwritten.

Per note, with `base` = the note's content the last time this source's copy and ours agreed (remembered per
review and source; `remember_shared` seeds it for every note when the lead shares the review):

    not here                          → added (unless we deleted it and theirs is unchanged since)
    same content as ours              → unchanged
    theirs == base (they did not edit) → unchanged: ours is newer
    ours == base (we did not edit)     → updated to theirs (a fast-forward; audited before → after)
    both edited                        → a NoteConflict holding their version, for the lead to choose

The packages colleague calls `merge_notes` / `merge_response` inside the import transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from sqlmodel import Session, select

from . import audit, ids, notes, review_document, reviews
from .changes import Changes
from .errors import InvalidInput, ReviewLocked
from .models import (
    Attachment,
    AuditEntry,
    HostComment,
    Note,
    NoteAttachment,
    NoteConflict,
    NoteCriterion,
    Profile,
    Setting,
    TrustedKey,
    utcnow,
)
from .store import Actor

SHARED = "(shared)"  # the base every team member started from
CONTENT = ("text", "criteria", "activity", "marker", "confidential", "place", "year_group", "subject",
           "occurred_at", "remote", "author", "attachments")


@dataclass
class MergeResult:
    added: int = 0
    unchanged: int = 0
    conflicts: int = 0
    updated: int = 0

    @property
    def total(self) -> int:
        return self.added + self.unchanged + self.conflicts + self.updated

    def as_json(self) -> dict:
        return asdict(self)


def content(n: dict) -> dict:
    """The parts of a note (as in the review document) that two copies must agree on."""
    return {
        "text": n.get("text") or "", "criteria": sorted(n.get("criteria") or []), "activity": n.get("activity") or "other",
        "marker": n.get("marker") or "neutral", "confidential": bool(n.get("confidential")),
        "place": n.get("place") or "", "year_group": n.get("year_group") or "", "subject": n.get("subject") or "",
        "occurred_at": (n.get("occurred_at") or "")[:16], "remote": bool(n.get("remote")),
        "author": n.get("author") or "", "attachments": sorted(a["sha256"] for a in n.get("attachments") or []),
    }


def fingerprint(n: dict) -> str:
    return hashlib.sha256(json.dumps(content(n), ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _ours(s: Session, note: Note) -> dict:
    return notes._views(s, [note])[0].to_doc()


def _actor(s: Session, actor) -> Actor:  # noqa: ANN001
    if actor is not None:
        return actor
    p = s.exec(select(Profile)).first()
    return Actor(name=p.name, role=p.role) if p else Actor()


# -- bases ---------------------------------------------------------------------------------------------------------

def _base_key(review_id: str, source: str) -> str:
    return f"merge.base.{review_id}.{source}"


def _bases(s: Session, review_id: str, source: str) -> dict[str, str]:
    row = s.get(Setting, _base_key(review_id, source))
    return json.loads(row.value) if row is not None and row.value else {}


def _save_bases(s: Session, review_id: str, source: str, bases: dict[str, str]) -> None:
    row = s.get(Setting, _base_key(review_id, source)) or Setting(key=_base_key(review_id, source))
    row.value = json.dumps(bases, sort_keys=True)
    s.add(row)


def remember_shared(s: Session, review_id: str, doc: dict) -> None:
    """Call when the lead exports the review for the team (`export --kind notes`): what each member starts from."""
    bases = _bases(s, review_id, SHARED)
    bases.update({n["id"]: fingerprint(n) for n in doc.get("notes", [])})
    _save_bases(s, review_id, SHARED, bases)


# -- notes ---------------------------------------------------------------------------------------------------------

def _apply(s: Session, note: Note, theirs: dict) -> None:
    """Make our note read as theirs (content fields, criteria, attachments)."""
    c = content(theirs)
    for key in ("text", "activity", "marker", "confidential", "place", "year_group", "subject", "remote", "author"):
        setattr(note, key, c[key])
    if theirs.get("occurred_at"):
        note.occurred_at = review_document._t(theirs["occurred_at"])
    for link in s.exec(select(NoteCriterion).where(NoteCriterion.note_id == note.id)):
        s.delete(link)
    for link in s.exec(select(NoteAttachment).where(NoteAttachment.note_id == note.id)):
        s.delete(link)
    s.flush()
    for code in c["criteria"]:
        s.add(NoteCriterion(note_id=note.id, code=code))
    for a in theirs.get("attachments") or []:
        if s.get(Attachment, a["sha256"]) is None:
            s.add(Attachment(sha256=a["sha256"], size=a.get("size", 0), mime=a.get("mime", "application/octet-stream")))
            s.flush()
        s.add(NoteAttachment(note_id=note.id, sha256=a["sha256"], filename=a.get("filename", "")))
    note.rev += 1
    note.updated_at = utcnow()


def _summary(n: dict) -> dict:
    return {"text": (n.get("text") or "")[:2000], "marker": n.get("marker"), "activity": n.get("activity"),
            "criteria": sorted(n.get("criteria") or [])}


def _detail(source: str, before: dict | None, after: dict) -> dict:
    if after.get("confidential") or (before or {}).get("confidential"):
        return {"confidential": True, "source": source}
    d = {"source": source, "author": after.get("author"), "after": _summary(after)}
    if before is not None:
        d["before"] = _summary(before)
    return d


def _deleted_here(s: Session, note_id: str) -> bool:
    return s.exec(select(AuditEntry.seq).where(AuditEntry.entity_id == note_id,
                                               AuditEntry.action == "note.delete").limit(1)).first() is not None


def merge_notes(s: Session, review_id: str, doc: dict, source: str, actor=None) -> MergeResult:  # noqa: ANN001
    """Merge the notes of a review document (a team member's package) into our copy of the review."""
    r = reviews.editable(s, review_id, "merge notes into", notes_only=True)
    if doc.get("id") not in (None, r.id):
        raise InvalidInput("Those notes belong to another review.")
    who = _actor(s, actor)
    source = (source or "").strip() or "unknown"
    label = source_name(s, source)
    bases, shared = _bases(s, r.id, source), _bases(s, r.id, SHARED)
    open_theirs = {(c.note_id, fingerprint(json.loads(c.theirs))) for c in s.exec(
        select(NoteConflict).where(NoteConflict.review_id == r.id, NoteConflict.resolved_at == None))}  # noqa: E711
    result, new_conflicts = MergeResult(), 0
    for theirs in doc.get("notes", []):
        nid, h_theirs = theirs["id"], fingerprint(theirs)
        base = bases.get(nid) or shared.get(nid)
        note = s.get(Note, nid)
        if note is not None and note.review_id != r.id:
            raise InvalidInput(f"Note {nid[:8]} of that package belongs to another review here.")
        if note is None:
            if base == h_theirs and _deleted_here(s, nid):
                result.unchanged += 1
                continue
            review_document.insert_note(s, r.id, theirs)
            bases[nid] = h_theirs
            result.added += 1
            audit.record(s, who, r.id, "note.merge", "note", nid, _detail(label, None, theirs))
            continue
        ours = _ours(s, note)
        h_ours = fingerprint(ours)
        if h_ours == h_theirs:
            bases[nid] = h_theirs
            result.unchanged += 1
        elif base == h_theirs:
            result.unchanged += 1
        elif base == h_ours:
            _apply(s, note, theirs)
            bases[nid] = h_theirs
            result.updated += 1
            audit.record(s, who, r.id, "note.merge", "note", nid, _detail(label, ours, theirs))
        else:
            result.conflicts += 1
            if (nid, h_theirs) in open_theirs:
                continue  # the same conflict is already waiting for the lead
            c = NoteConflict(note_id=nid, review_id=r.id, theirs=json.dumps(theirs, ensure_ascii=False), source=source)
            s.add(c)
            s.flush()
            new_conflicts += 1
            open_theirs.add((nid, h_theirs))
            detail = _detail(label, ours, theirs)
            detail["conflict"] = c.id
            audit.record(s, who, r.id, "note.conflict", "note", nid, detail)
    _save_bases(s, r.id, source, bases)
    if result.added or result.updated or new_conflicts:
        reviews.touch(r)
        audit.record(s, who, r.id, "review.merge", "review", r.id,
                     {"source": label, **result.as_json()})
    s.flush()
    return result


# -- conflicts -----------------------------------------------------------------------------------------------------

@dataclass
class ConflictView:
    id: str
    note_id: str
    source: str
    source_name: str
    created_at: str
    ours: dict
    theirs: dict
    fields: list[str]  # the fields that differ
    resolution: str | None = None
    resolved_at: str | None = None

    def as_json(self) -> dict:
        return asdict(self)


def source_name(s: Session, source: str) -> str:
    """A person's name for a source (a trusted key's ID, or whatever the importer passed)."""
    key = s.get(TrustedKey, source) if source else None
    if key is not None:
        return key.name
    me = s.exec(select(Profile)).first()
    return me.name if me is not None and source and me.key_id == source else source


def list_conflicts_in(s: Session, review_id: str, include_resolved: bool = False) -> list[ConflictView]:
    q = select(NoteConflict).where(NoteConflict.review_id == review_id)
    if not include_resolved:
        q = q.where(NoteConflict.resolved_at == None)  # noqa: E711
    out = []
    for c in s.exec(q.order_by(NoteConflict.created_at)):
        note = s.get(Note, c.note_id)
        ours = _ours(s, note) if note is not None else {}
        theirs = json.loads(c.theirs)
        a, b = content(ours), content(theirs)
        out.append(ConflictView(c.id, c.note_id, c.source, source_name(s, c.source),
                                c.created_at.strftime("%Y-%m-%dT%H:%M:%S"), ours, theirs,
                                [k for k in CONTENT if a[k] != b[k]], c.resolution,
                                c.resolved_at.strftime("%Y-%m-%dT%H:%M:%S") if c.resolved_at else None))
    return out


def list_conflicts(store, review_id: str, include_resolved: bool = False) -> list[ConflictView]:  # noqa: ANN001
    with store.read() as s:
        return list_conflicts_in(s, reviews.resolve_id(s, review_id), include_resolved)


def resolve_conflict(store, conflict_id: str, keep: str) -> Changes:  # noqa: ANN001
    """Keep our version of the note or theirs; either way the other is remembered, so re-importing the same package
    does not raise the conflict again."""
    keep = (keep or "").strip().lower()
    if keep not in ("ours", "theirs"):
        raise InvalidInput(f"'{keep}' is not a choice; keep ours or theirs.")
    with store.write() as s:
        c = s.get(NoteConflict, ids.resolve(s, NoteConflict, conflict_id, "conflict"))
        if c.resolved_at is not None:
            raise InvalidInput(f"That conflict was already resolved (kept {c.resolution}).")
        r = reviews.editable(s, c.review_id, "resolve conflicts in", notes_only=True)
        note = s.get(Note, c.note_id)
        theirs = json.loads(c.theirs)
        before = _ours(s, note)
        if keep == "theirs":
            _apply(s, note, theirs)
            reviews.touch(r)
        c.resolution, c.resolved_at = keep, utcnow()
        bases = _bases(s, r.id, c.source)
        bases[note.id] = fingerprint(theirs)
        _save_bases(s, r.id, c.source, bases)
        detail = {"conflict": c.id, "kept": keep, "source": source_name(s, c.source)}
        if not (note.confidential or before.get("confidential")):
            detail |= {"before": _summary(before), "after": _summary(theirs if keep == "theirs" else before)}
        audit.record(s, store.actor, r.id, "conflict.resolve", "note", note.id, detail)
        return Changes(notes=keep == "theirs", review=True, ids=[note.id], value=keep)


# -- host comments from a response package -------------------------------------------------------------------------

def merge_response(s: Session, review_id: str, doc: dict, source: str) -> int:
    """Add the host's comments from a response package by ID; returns how many were new. A comment already here is
    left as it is (its resolution is the lead's, never the host copy's); each new one is attributed to its host."""
    r = reviews.get(s, review_id)
    if r.mode != "author":
        raise ReviewLocked("Only the lead reviewer's own copy of a review takes in the host's response.")
    if r.status == "final":
        raise ReviewLocked(f"This review is final (version {r.version}); reopen it before taking in the host's "
                           "response.")
    if doc.get("id") not in (None, r.id):
        raise InvalidInput("That response is about another review.")
    added = 0
    for c in doc.get("host_comments", []):
        existing = s.get(HostComment, c["id"])
        if existing is not None:
            if existing.review_id != r.id:
                raise InvalidInput(f"Comment {c['id'][:8]} of that response belongs to another review here.")
            continue
        text = (c.get("text") or "").strip()
        if not text or c.get("target") not in ("finding", "criterion"):
            raise InvalidInput(f"Comment {c['id'][:8]} of that response is incomplete.")
        row = HostComment(id=c["id"], review_id=r.id, target=c["target"], target_id=c.get("target_id") or "",
                          text=text, author=c.get("author") or "Host", stance=c.get("stance") or "comment",
                          created_at=review_document._t(c.get("created_at")) or utcnow())
        s.add(row)
        s.flush()
        audit.record(s, Actor(name=row.author, role="host"), r.id, "comment.add", row.target, row.target_id,
                     {"comment": row.id, "via": source, "after": {"text": text, "stance": row.stance}})
        added += 1
    return added
