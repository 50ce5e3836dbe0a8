"""Applying a verified package to the store, inside the import's one transaction. By kind:

* `final`, `draft`: stored read-only (mode `received`); a draft imported by a headteacher or host (profile role
  containing "head" or "host") is stored in mode `host`: they may comment, not add notes or grades. A newer package
  replaces the review; the version it replaces is kept (`ReviewVersion`), and a host's own comments survive.
* `notes`: a review not yet here becomes a team member's copy (mode `team`: notes only); into the lead's own review
  (or a team copy) the notes merge by identity (core/merge.py).
* `response`: the host's comments are added to the lead's own review by ID (core/merge.py)."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from .. import audit, ids, merge, profile, review_document
from ..changes import Changes
from ..errors import InvalidInput, NotFound, PeerReviewError
from ..identity import is_host_role
from ..models import HostComment, PackageRecord, Review, ReviewVersion
from .format import refuse
from .ledger import Decision


def _refusal(exc: PeerReviewError):  # noqa: ANN202
    return refuse(f"The package cannot be applied here: {exc}", "not-applicable")


def _versions(s: Session, review_id: str) -> list[dict]:
    rows = s.exec(select(ReviewVersion).where(ReviewVersion.review_id == review_id))
    return [r.model_dump() for r in rows]


def _restore_versions(s: Session, saved: list[dict]) -> None:
    for v in saved:
        if s.get(ReviewVersion, (v["review_id"], v["version"])) is None:
            s.add(ReviewVersion(**v))


def _replace(s: Session, doc: dict, mode: str, signer_key_id: str, package_sha256: str) -> dict:
    """Store a received review, keeping the copy it replaces as an earlier version."""
    rid = doc["id"]
    existing = s.get(Review, rid)
    saved, kept_comments, replaced = [], [], None
    if existing is not None:
        saved = _versions(s, rid)
        old = review_document.build_in(s, rid, include_confidential=True, include_history=False)
        replaced = {"version": old["version"], "status": old["status"]}
        saved = [v for v in saved if v["version"] != old["version"]]
        saved.append({"review_id": rid, "version": old["version"], "status": old["status"],
                      "document": json.dumps(old, ensure_ascii=False, sort_keys=True),
                      "finalised_at": existing.finalised_at, "report_sha256": existing.report_sha256,
                      "package_sha256": None})
        if existing.mode == "host":
            theirs = {c["id"] for c in doc.get("host_comments", [])}
            kept_comments = [c for c in old["host_comments"] if c["id"] not in theirs]
        s.flush()
        s.expunge_all()  # the rows about to be replaced must not linger in the session's identity map
    r = review_document.load_in(s, doc, mode=mode, replace=True)
    r.author_key_id = signer_key_id
    s.add(r)
    s.flush()
    _restore_versions(s, saved)
    findings = {f["id"] for f in doc.get("findings", [])}
    for c in kept_comments:
        if c["target"] == "criterion" or c["target_id"] in findings:
            s.add(HostComment(id=c["id"], review_id=rid, target=c["target"], target_id=c["target_id"], text=c["text"],
                              author=c.get("author") or "", stance=c.get("stance") or "comment",
                              created_at=review_document._t(c.get("created_at"))))
    s.flush()
    return {"mode": mode, "replaced": replaced}


def apply(s: Session, verified, decision: Decision) -> dict:  # noqa: ANN001
    """Apply `verified` (a verify.Verified) as `decision` says; returns details for the import result."""
    info, review_doc = verified.info, verified.doc["review"]
    if decision.status == "conflict":
        return {"kept_for_choice": True}
    existing = s.get(Review, info.review_id)
    try:
        if info.kind in ("final", "draft"):
            me = profile.get(s)
            mode = "host" if info.kind == "draft" and is_host_role(me.role if me else "") else "received"
            return _replace(s, review_doc, mode, info.signer_key_id, verified.content_sha256)
        if info.kind == "notes":
            if existing is None:
                r = review_document.load_in(s, review_doc, mode="team", replace=False)
                r.author_key_id = info.signer_key_id
                s.add(r)
                s.flush()
                return {"mode": "team", "notes": len(review_doc.get("notes", []))}
            if existing.mode not in ("author", "team"):
                raise refuse("This review is a read-only copy here; team notes cannot be merged into it.",
                             "not-applicable")
            return merge.merge_notes(s, existing.id, review_doc, source=info.signer_key_id).as_json()
        if existing is None:
            raise refuse("The review this response answers is not in this store; only the lead reviewer who shared "
                          "the draft can import it.", "unknown-review")
        return {"comments_added": merge.merge_response(s, existing.id, review_doc, source=info.signer_key_id)}
    except PeerReviewError as exc:
        if exc.__class__.__name__ == "PackageRefused":
            raise
        raise _refusal(exc) from None


def choose_conflict(store, package_id: str) -> Changes:  # noqa: ANN001
    """Adopt a package kept as a conflict: the review becomes what that package says (the version it replaces is
    kept, as on any newer package), and the package becomes the current one of its stream."""
    with store.write() as s:
        row = s.get(PackageRecord, ids.resolve(s, PackageRecord, package_id, "package"))
        if row.direction != "in":
            raise NotFound(f"There is no imported package '{package_id}'.")
        if row.state != "conflict":
            raise InvalidInput(f"Package {row.package_id[:8]} is not a conflict waiting to be chosen "
                               f"(it is {row.state}).")
        doc = json.loads(row.document)
        me = profile.get(s)
        mode = "host" if row.kind == "draft" and is_host_role(me.role if me else "") else "received"
        review_id, signer_key_id, kind, revision, chosen = (row.review_id, row.signer_key_id, row.kind, row.revision,
                                                             row.package_id)
        _replace(s, doc, mode, signer_key_id, row.sha256)
        for other in s.exec(select(PackageRecord).where(PackageRecord.review_id == review_id,
                                                        PackageRecord.signer_key_id == signer_key_id,
                                                        PackageRecord.direction == "in")):
            other.state = "current" if other.package_id == chosen else (
                "superseded" if other.state in ("current", "conflict") else other.state)
            s.add(other)
        audit.record(s, store.actor, review_id, "package.choose", "package", chosen,
                     {"kind": kind, "revision": revision})
        return Changes(reviews=True, review=True, notes=True, judgements=True, findings=True, comments=True,
                       ids=[review_id], value=chosen)
