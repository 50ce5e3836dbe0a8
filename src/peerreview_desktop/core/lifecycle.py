"""The review lifecycle: planned → in progress → draft shared → final, and reopening as a new version.

Finalising locks the review (every service refuses edits through `reviews.editable`), renders the final report
once and keeps it (`reports/<review>-v<version>.pdf` in the data folder, its SHA-256 in `report_sha256`), and
snapshots the review document into `ReviewVersion`. Reopening makes version + 1; earlier versions stay readable.
Every step is an audit entry; `history` presents the trail with who, when, what and before → after."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from . import audit, review_document, reviews
from .changes import Changes
from .errors import InvalidInput, NotFound, ReviewLocked
from .models import HostComment, Review, ReviewVersion, Setting, utcnow
from .vocabulary import STATUSES

REPORTS_DIR = "reports"


def _refuse_other_copies(s: Session, r: Review, what: str) -> None:
    """Only the author's own copy, with host mode off, moves through the lifecycle."""
    if r.mode in reviews.LOCK_MESSAGES:
        raise ReviewLocked(reviews.LOCK_MESSAGES[r.mode].format(what=what))
    if r.mode == "team":
        raise ReviewLocked(f"Only the lead reviewer can {what} this review; your copy is for capturing notes.")
    host = s.get(Setting, "host_mode")
    if host is not None and host.value:
        raise ReviewLocked(f"Host mode is on for {host.value}; the reviewer must leave host mode to {what} a review.")


# -- draft shared -------------------------------------------------------------------------------------------------

def mark_draft_shared_in(s: Session, actor, review_id: str) -> bool:  # noqa: ANN001
    """Planned or in progress → draft shared, in the caller's transaction. False when it already was."""
    r = reviews.get(s, review_id)
    if r.status == "final":
        raise ReviewLocked(f"This review is final (version {r.version}); reopen it before sharing a new draft.")
    _refuse_other_copies(s, r, "share a draft of")
    if r.status == "draft_shared":
        return False
    before = r.status
    r.status, r.updated_at = "draft_shared", utcnow()
    audit.record(s, actor, r.id, "review.draft_shared", "review", r.id,
                 {"before": {"status": before}, "after": {"status": "draft_shared"}})
    return True


def mark_draft_shared(store, review_id: str) -> Changes:  # noqa: ANN001
    with store.write() as s:
        changed = mark_draft_shared_in(s, store.actor, review_id)
        return Changes(review=changed, reviews=changed, value=changed)


# -- finalise and reopen ------------------------------------------------------------------------------------------

def report_path(store, review_id: str, version: int) -> Path:  # noqa: ANN001
    return Path(store.data_dir) / REPORTS_DIR / f"{review_id}-v{version}.pdf"


def report_document(snapshot: dict) -> dict:
    """What the final report is rendered from: the version's snapshot without its confidential notes (and without
    their IDs among a judgement's evidence). A pure function, so the fixed report can be rendered again and checked."""
    hidden = {n["id"] for n in snapshot.get("notes", []) if n.get("confidential")}
    doc = dict(snapshot)
    doc["notes"] = [n for n in snapshot.get("notes", []) if n["id"] not in hidden]
    doc["judgements"] = [dict(j, evidence=[e for e in j.get("evidence", []) if e not in hidden])
                         for j in snapshot.get("judgements", [])]
    doc.pop("history", None)
    return doc


def _render_final_report(snapshot: dict, path: Path) -> str | None:
    """Render the report, keep the file, return its SHA-256 (None when the report module is not there)."""
    try:
        from .report import render_report
    except ImportError:  # the report module is optional at this layer
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    return render_report(report_document(snapshot), path).sha256


def finalise(store, review_id: str) -> Changes:  # noqa: ANN001
    """Lock the review: status final, the report fixed, the document snapshotted as this version."""
    with store.write() as s:
        r = reviews.get(s, review_id)
        if r.status == "final":
            raise ReviewLocked(f"This review is already final (version {r.version}); reopen it to make "
                               f"version {r.version + 1}.")
        _refuse_other_copies(s, r, "finalise")
        open_comments = s.exec(select(func.count()).select_from(HostComment).where(
            HostComment.review_id == r.id, HostComment.resolution == None)).one()  # noqa: E711
        if open_comments:
            raise InvalidInput(f"{open_comments} host comment{'s are' if open_comments > 1 else ' is'} not resolved "
                               "yet; resolve each (accepted, noted or declined) before finalising.")
        before = {"status": r.status, "version": r.version}
        r.status, r.finalised_at, r.updated_at = "final", utcnow(), utcnow()
        s.flush()
        snapshot = review_document.build_in(s, r.id, include_confidential=True, include_history=False)
        r.report_sha256 = _render_final_report(snapshot, report_path(store, r.id, r.version))
        snapshot["report_sha256"] = r.report_sha256
        old = s.get(ReviewVersion, (r.id, r.version))
        if old is not None:
            s.delete(old)
            s.flush()
        s.add(ReviewVersion(review_id=r.id, version=r.version, status="final",
                            document=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
                            finalised_at=r.finalised_at, report_sha256=r.report_sha256))
        audit.record(s, store.actor, r.id, "review.finalise", "review", r.id,
                     {"before": before, "after": {"status": "final", "version": r.version,
                                                  "report_sha256": r.report_sha256}})
        return Changes(review=True, reviews=True, ids=[r.id], value=r.report_sha256)


def reopen(store, review_id: str) -> Changes:  # noqa: ANN001
    """A final review → version + 1, in progress. The final version stays readable (`version_document`)."""
    with store.write() as s:
        r = reviews.get(s, review_id)
        if r.status != "final":
            raise InvalidInput(f"Only a final review can be reopened; this one is "
                               f"{STATUSES.get(r.status, r.status).lower()} (version {r.version}).")
        _refuse_other_copies(s, r, "reopen")
        if s.get(ReviewVersion, (r.id, r.version)) is None:  # finalised elsewhere (e.g. before this version)
            snapshot = review_document.build_in(s, r.id, include_confidential=True, include_history=False)
            s.add(ReviewVersion(review_id=r.id, version=r.version, status="final", finalised_at=r.finalised_at,
                                document=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
                                report_sha256=r.report_sha256))
        before = {"status": r.status, "version": r.version}
        r.version += 1
        r.status, r.finalised_at, r.report_sha256, r.updated_at = "in_progress", None, None, utcnow()
        audit.record(s, store.actor, r.id, "review.reopen", "review", r.id,
                     {"before": before, "after": {"status": r.status, "version": r.version}})
        return Changes(review=True, reviews=True, ids=[r.id], value=r.version)


# -- versions -----------------------------------------------------------------------------------------------------

@dataclass
class VersionInfo:
    version: int
    status: str
    finalised_at: str | None
    report_sha256: str | None
    package_sha256: str | None
    current: bool

    def as_json(self) -> dict:
        return asdict(self)


def _iso(v) -> str | None:  # noqa: ANN001
    return v.strftime("%Y-%m-%dT%H:%M:%S") if v else None


def versions(store, review_id: str) -> list[VersionInfo]:  # noqa: ANN001
    """Every version of a review, oldest first; the last is the current one."""
    with store.read() as s:
        r = reviews.get(s, review_id)
        rows = {v.version: v for v in s.exec(select(ReviewVersion).where(ReviewVersion.review_id == r.id))}
        out = [VersionInfo(v.version, v.status, _iso(v.finalised_at), v.report_sha256, v.package_sha256, False)
               for n, v in sorted(rows.items()) if n != r.version]
        cur = rows.get(r.version)
        out.append(VersionInfo(r.version, r.status, _iso(r.finalised_at), r.report_sha256,
                               cur.package_sha256 if cur else None, True))
        return out


def version_document(store, review_id: str, version: int) -> dict:  # noqa: ANN001
    """The review document as it was at `version` (the current version is built fresh)."""
    with store.read() as s:
        r = reviews.get(s, review_id)
        if int(version) == r.version:
            return review_document.build_in(s, r.id, include_confidential=True)
        row = s.get(ReviewVersion, (r.id, int(version)))
        if row is None or not row.document:
            raise NotFound(f"This review has no version {version}; it is at version {r.version}.")
        return json.loads(row.document)


# -- history ------------------------------------------------------------------------------------------------------

ACTION_LABELS = {
    "review.create": "Review planned",
    "review.demo": "Demo review added",
    "review.plan": "Plan changed",
    "review.draft_shared": "Draft shared with the host",
    "review.finalise": "Review finalised",
    "review.reopen": "Review reopened as a new version",
    "review.merge": "Team notes merged",
    "note.add": "Note added",
    "note.edit": "Note changed",
    "note.delete": "Note deleted",
    "note.attach": "File attached",
    "note.detach": "File removed",
    "note.merge": "Note merged from a team member",
    "note.conflict": "Conflicting note version kept for choosing",
    "conflict.resolve": "Note conflict resolved",
    "judgement.set": "Judgement recorded",
    "judgement.clear": "Judgement cleared",
    "finding.add": "Finding added",
    "finding.edit": "Finding changed",
    "finding.delete": "Finding deleted",
    "finding.move": "Finding moved",
    "comment.add": "Host comment added",
    "comment.resolve": "Host comment resolved",
    "comment.withdraw": "Host comment withdrawn",
    "host.enter": "Shown to the host (host mode on)",
    "host.leave": "Host mode ended by the reviewer",
}


@dataclass
class HistoryEntry:
    seq: int
    at: str
    who: str
    role: str
    action: str
    label: str
    entity: str
    entity_id: str
    changes: list[dict] = field(default_factory=list)  # [{"field", "before", "after"}]
    before: Any = None
    after: Any = None
    after_draft_shared: bool = False
    confidential: bool = False
    detail: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return asdict(self)


def _field_changes(before: Any, after: Any) -> list[dict]:
    if not isinstance(before, dict) and not isinstance(after, dict):
        return []
    b, a = before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}
    keys = list(dict.fromkeys([*b, *a]))
    return [{"field": k, "before": b.get(k), "after": a.get(k)} for k in keys if b.get(k) != a.get(k)]


def history_in(s: Session, review_id: str) -> list[HistoryEntry]:
    out: list[HistoryEntry] = []
    shared = False
    for e in audit.history(s, review_id):
        d = e["detail"] if isinstance(e["detail"], dict) else {}
        before, after = d.get("before"), d.get("after")
        out.append(HistoryEntry(e["seq"], e["at"], e["actor"], e["actor_role"], e["action"],
                                ACTION_LABELS.get(e["action"], e["action"]), e["entity"], e["entity_id"],
                                _field_changes(before, after), before, after, shared, bool(d.get("confidential")), d))
        shared = shared or e["action"] in ("review.draft_shared", "host.enter")
    return out


def history(store, review_id: str) -> list[HistoryEntry]:  # noqa: ANN001
    """The review's audit trail, oldest first: who, when, what, before → after; entries made after the draft was
    first shared are flagged (`after_draft_shared`)."""
    with store.read() as s:
        return history_in(s, reviews.resolve_id(s, review_id))


def _sha256_of(path: Path) -> str | None:
    if not path.is_file():
        return None
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def final_report(store, review_id: str, version: int | None = None) -> Path | None:  # noqa: ANN001
    """The report fixed when `version` (default: the current one) was finalised; packages include this file so
    that its SHA-256 matches the review's `report_sha256`. A missing or altered file is rendered again from the
    version's snapshot and kept only if it matches; None when it cannot be had."""
    with store.read() as s:
        r = reviews.get(s, review_id)
        rid, version = r.id, r.version if version is None else int(version)
        row = s.get(ReviewVersion, (rid, version))
        expected = row.report_sha256 if row is not None else None
        snapshot = json.loads(row.document) if row is not None and row.document else None
    path = report_path(store, rid, version)
    if not expected:
        return None
    if _sha256_of(path) == expected:
        return path
    if snapshot is None:
        return None
    try:
        from .report import render_report_bytes
    except ImportError:
        return None
    data = render_report_bytes(report_document(snapshot))
    if hashlib.sha256(data).hexdigest() != expected:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".pdf.part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
