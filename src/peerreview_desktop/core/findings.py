"""Findings: what went well, even better if, next steps; each may cite criteria."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from . import audit, ids, reviews
from .changes import Changes
from .errors import InvalidInput
from .models import Finding, utcnow
from .notes import check_criteria
from .vocabulary import finding_kind


@dataclass
class FindingView:
    id: str
    kind: str
    text: str
    criteria: list[str] = field(default_factory=list)
    position: int = 0

    def to_doc(self) -> dict:
        return asdict(self)


def add(store, review_id: str, kind: str, text: str, criteria=(), finding_id: str | None = None) -> Changes:  # noqa: ANN001
    kind = finding_kind(kind)
    text = (text or "").strip()
    if not text:
        raise InvalidInput("A finding needs some text.")
    with store.write() as s:
        r = reviews.editable(s, review_id, "change findings in")
        codes = check_criteria(reviews.framework_of(s, r), criteria)
        pos = s.exec(select(func.count()).select_from(Finding).where(Finding.review_id == r.id, Finding.kind == kind)).one()
        f = Finding(review_id=r.id, kind=kind, text=text, criteria=json.dumps(codes), position=pos)
        if finding_id:
            f.id = finding_id
        s.add(f)
        s.flush()
        reviews.touch(r)
        audit.record(s, store.actor, r.id, "finding.add", "finding", f.id, {"after": {"kind": kind, "text": text}})
        return Changes(findings=True, ids=[f.id], value=f.id)


def _get(s: Session, finding_id: str) -> Finding:
    return s.get(Finding, ids.resolve(s, Finding, finding_id, "finding"))


def update(store, finding_id: str, *, text: str | None = None, kind: str | None = None, criteria=None) -> Changes:  # noqa: ANN001
    with store.write() as s:
        f = _get(s, finding_id)
        r = reviews.editable(s, f.review_id, "change findings in")
        before = {"kind": f.kind, "text": f.text, "criteria": json.loads(f.criteria)}
        if text is not None:
            if not text.strip():
                raise InvalidInput("A finding needs some text; delete it instead.")
            f.text = text.strip()
        if kind is not None:
            f.kind = finding_kind(kind)
        if criteria is not None:
            f.criteria = json.dumps(check_criteria(reviews.framework_of(s, r), criteria))
        after = {"kind": f.kind, "text": f.text, "criteria": json.loads(f.criteria)}
        if after == before:
            return Changes()
        f.updated_at = utcnow()
        audit.record(s, store.actor, r.id, "finding.edit", "finding", f.id, {"before": before, "after": after})
        return Changes(findings=True, ids=[f.id])


def delete(store, finding_id: str) -> Changes:  # noqa: ANN001
    with store.write() as s:
        f = _get(s, finding_id)
        reviews.editable(s, f.review_id, "change findings in")
        snap = _view(f)
        s.delete(f)
        audit.record(s, store.actor, f.review_id, "finding.delete", "finding", f.id,
                     {"before": {"kind": f.kind, "text": f.text}})
        return Changes(findings=True, ids=[f.id], value=snap)


def move(store, finding_id: str, position: int) -> Changes:  # noqa: ANN001
    with store.write() as s:
        f = _get(s, finding_id)
        reviews.editable(s, f.review_id, "change findings in")
        same = list(s.exec(select(Finding).where(Finding.review_id == f.review_id, Finding.kind == f.kind)
                           .order_by(Finding.position)))
        same.remove(f)
        same.insert(max(0, min(position, len(same))), f)
        for i, g in enumerate(same):
            g.position = i
        audit.record(s, store.actor, f.review_id, "finding.move", "finding", f.id, {"position": position})
        return Changes(findings=True, ids=[f.id])


def _view(f: Finding) -> FindingView:
    return FindingView(f.id, f.kind, f.text, json.loads(f.criteria or "[]"), f.position)


def list_for(s: Session, review_id: str) -> list[FindingView]:
    order = {"strength": 0, "development": 1, "next-step": 2}
    rows = sorted(s.exec(select(Finding).where(Finding.review_id == review_id)),
                  key=lambda f: (order.get(f.kind, 3), f.position, f.created_at))
    return [_view(f) for f in rows]
