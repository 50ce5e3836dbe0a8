"""The package ledger (`PackageRecord`): every package this store wrote (`out`) or accepted (`in`), keyed by package
ID, with the SHA-256 of its signed tag manifest (the package's content identity).

A package belongs to a stream: its review, signed by one key. Revisions count up within the packages one copy of
the app makes of a review. Deciding what an incoming package is:

    package ID seen, same content            → duplicate (nothing is written)
    package ID seen, different content       → refused
    older revision than the stream's newest  → refused (a replay)
    final/draft: same revision as the newest, or built on an earlier package than the current one
                                             → conflict (kept for the lead to choose; the review is not changed)
    newer than the stream's current package  → superseded (the old one kept, marked superseded)
    first of its stream                      → imported
A final or draft package may not replace the store's own review, nor a received review that came from another key."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, select

from ..models import PackageRecord, Review
from .format import PackageInfo, refuse


@dataclass
class Decision:
    status: str  # imported | duplicate | superseded | conflict
    current: PackageRecord | None = None  # the package of the same stream this one supersedes


def stream(s: Session, review_id: str, signer_key_id: str) -> list[PackageRecord]:
    return list(s.exec(select(PackageRecord).where(PackageRecord.review_id == review_id,
                                                   PackageRecord.signer_key_id == signer_key_id,
                                                   PackageRecord.direction == "in")
                       .order_by(PackageRecord.revision)))


def decide(s: Session, info: PackageInfo, content_sha256: str, signer_name: str) -> Decision:
    seen = s.get(PackageRecord, info.package_id)
    if seen is not None:
        if seen.sha256 == content_sha256:
            return Decision("duplicate", seen)
        raise refuse(f"A different package with the same package ID ({info.package_id[:8]}) was imported or made "
                     "before; this one was refused.", "package-id-reused")
    rows = stream(s, info.review_id, info.signer_key_id)
    current = next((r for r in rows if r.state == "current"), None)
    review = s.get(Review, info.review_id)
    if rows:
        newest = max(r.revision for r in rows)
        if info.revision < newest:
            raise refuse(f"This is revision {info.revision} of the review from {signer_name}, older than revision "
                         f"{newest} already imported; it was refused.", "older-revision")
        if info.kind in ("final", "draft"):
            known = {r.package_id for r in rows}
            branched = info.supersedes in known and (current is None or info.supersedes != current.package_id)
            if info.revision == newest or branched:
                return Decision("conflict", current)
    if info.kind in ("final", "draft") and review is not None:
        if review.mode == "author":
            raise refuse("This review is your own in this store; a final or draft package cannot replace it.",
                         "own-review")
        if review.author_key_id and review.author_key_id != info.signer_key_id:
            raise refuse(f"This review was received from another signer (key {review.author_key_id}); a package "
                         f"for it signed by {signer_name} was refused.", "different-signer")
    return Decision("superseded" if current is not None else "imported", current)


def record_import(s: Session, info: PackageInfo, content_sha256: str, signer_name: str, decision: Decision,
                  document: dict) -> PackageRecord:
    if decision.status == "superseded" and decision.current is not None:
        old = s.get(PackageRecord, decision.current.package_id)
        old.state = "superseded"
        s.add(old)
    row = PackageRecord(package_id=info.package_id, review_id=info.review_id, revision=info.revision, kind=info.kind,
                        direction="in", signer_key_id=info.signer_key_id, signer_name=signer_name,
                        sha256=content_sha256, supersedes=info.supersedes,
                        state="conflict" if decision.status == "conflict" else "current",
                        document=json.dumps(document, ensure_ascii=False, sort_keys=True))
    s.add(row)
    s.flush()
    return row


def next_revision(s: Session, review_id: str) -> tuple[int, str | None]:
    """(the revision of the next package this store makes of the review, the package it supersedes)."""
    last = s.exec(select(PackageRecord).where(PackageRecord.review_id == review_id, PackageRecord.direction == "out")
                  .order_by(PackageRecord.revision.desc()).limit(1)).first()
    return (last.revision + 1, last.package_id) if last else (1, None)


def record_export(s: Session, info: PackageInfo, content_sha256: str, signer_name: str) -> PackageRecord:
    row = PackageRecord(package_id=info.package_id, review_id=info.review_id, revision=info.revision, kind=info.kind,
                        direction="out", signer_key_id=info.signer_key_id, signer_name=signer_name,
                        sha256=content_sha256, supersedes=info.supersedes, state="current")
    prev = s.get(PackageRecord, info.supersedes) if info.supersedes else None
    if prev is not None and prev.direction == "out":
        prev.state = "superseded"
        s.add(prev)
    s.add(row)
    s.flush()
    return row


@dataclass
class LedgerEntry:
    package_id: str
    review_id: str
    revision: int
    kind: str
    direction: str
    signer_key_id: str
    signer_name: str
    state: str
    supersedes: str | None
    at: str

    def as_json(self) -> dict:
        return dict(self.__dict__)


def entries(store, review_id: str | None = None) -> list[LedgerEntry]:  # noqa: ANN001
    with store.read() as s:
        q = select(PackageRecord).order_by(PackageRecord.at, PackageRecord.revision)
        if review_id:
            q = q.where(PackageRecord.review_id == review_id)
        return [LedgerEntry(r.package_id, r.review_id, r.revision, r.kind, r.direction, r.signer_key_id,
                            r.signer_name, r.state, r.supersedes, r.at.isoformat()) for r in s.exec(q)]
