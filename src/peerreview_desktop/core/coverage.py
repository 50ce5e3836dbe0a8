"""Coverage: evidence per criterion (count, strength/development balance, activities, authors) — the "can we leave
the school?" check."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import select

from . import reviews
from .models import Judgement, Note, NoteCriterion

LOW_EVIDENCE = 2  # fewer notes than this on a criterion is a gap worth seeing


@dataclass
class CriterionCoverage:
    code: str
    title: str
    area_code: str
    notes: int = 0
    strength: int = 0
    development: int = 0
    neutral: int = 0
    activities: Counter = field(default_factory=Counter)
    authors: Counter = field(default_factory=Counter)
    judged: str | None = None

    @property
    def gap(self) -> bool:
        return self.notes < LOW_EVIDENCE

    @property
    def balance(self) -> float:
        """-1 all development … +1 all strength (0 when no markers)."""
        total = self.strength + self.development
        return 0.0 if not total else (self.strength - self.development) / total

    def as_json(self) -> dict:
        return {"code": self.code, "title": self.title, "area": self.area_code, "notes": self.notes,
                "strength": self.strength, "development": self.development, "neutral": self.neutral,
                "activities": dict(self.activities), "authors": dict(self.authors), "judged": self.judged,
                "gap": self.gap}


def coverage(store, review_id: str, include_confidential: bool = True) -> list[CriterionCoverage]:  # noqa: ANN001
    with store.read() as s:
        r = reviews.get(s, review_id)
        fw = reviews.framework_of(s, r)
        out = {c.code: CriterionCoverage(c.code, c.title, c.area_code) for c in fw.criteria}
        q = (select(NoteCriterion.code, Note.marker, Note.activity, Note.author)
             .join(Note, Note.id == NoteCriterion.note_id).where(Note.review_id == r.id))
        if not include_confidential:
            q = q.where(Note.confidential == False)  # noqa: E712
        for code, marker, activity, author in s.exec(q):
            cov = out.get(code)
            if cov is None:
                continue
            cov.notes += 1
            setattr(cov, marker, getattr(cov, marker, 0) + 1) if marker in ("strength", "development", "neutral") else None
            cov.activities[activity] += 1
            cov.authors[author or "—"] += 1
        for code, grade in s.exec(select(Judgement.criterion, Judgement.grade).where(Judgement.review_id == r.id)):
            if code in out:
                out[code].judged = grade
        return list(out.values())
