"""Full-text search over notes (ranked, with snippets)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from . import reviews
from .models import Note, Review, School


@dataclass
class Hit:
    note_id: str
    review_id: str
    school: str
    snippet: str
    text: str
    activity: str
    occurred_at: str
    marker: str

    def as_json(self) -> dict:
        return dict(self.__dict__)


def search(store, query: str, review_id: str | None = None, limit: int = 50,  # noqa: ANN001
           include_confidential: bool = True) -> list[Hit]:
    with store.read() as s:
        rid = reviews.resolve_id(s, review_id) if review_id else None
        rows = store.search_rows(s, query, rid, limit, include_confidential)
        if not rows:
            return []
        ids = [r[0] for r in rows]
        notes = {n.id: (n, school) for n, school in s.exec(
            select(Note, School.name).join(Review, Review.id == Note.review_id)
            .join(School, School.id == Review.school_id).where(Note.id.in_(ids)))}
        out = []
        for note_id, review, snippet in rows:
            n, school = notes[note_id]
            out.append(Hit(note_id, review, school, snippet, n.text, n.activity,
                           n.occurred_at.strftime("%Y-%m-%dT%H:%M"), n.marker))
        return out
