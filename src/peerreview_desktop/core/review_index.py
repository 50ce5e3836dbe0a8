"""The list of reviews, read with one plain SQL query (no ORM set-up): `peerreview reviews list` and the review
list screen open fast even on a slow laptop. Portable SQL only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from .vocabulary import REVIEW_TYPES, STATUSES

_LIST = text("""
SELECT r.id, s.name, r.school_id, s.urn, r.type, r.start_date, r.end_date, r.status, r.version, r.framework_id,
       f.name, r.mode, (SELECT count(*) FROM note n WHERE n.review_id = r.id)
FROM review r JOIN school s ON s.id = r.school_id JOIN framework f ON f.id = r.framework_id
ORDER BY r.start_date DESC, s.name
""")


@dataclass
class ReviewSummary:
    id: str
    school: str
    school_id: str
    urn: str | None
    type: str
    start_date: str
    end_date: str | None
    status: str
    version: int
    framework: str
    framework_name: str
    mode: str
    notes: int

    def as_json(self) -> dict:
        return dict(self.__dict__)

    @property
    def type_label(self) -> str:
        return REVIEW_TYPES.get(self.type, self.type)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


def _day(v) -> str | None:  # noqa: ANN001
    return None if v is None else str(v)[:10]


def list_reviews(store) -> list[ReviewSummary]:  # noqa: ANN001
    with store.engine.connect() as conn:
        rows = conn.execute(_LIST).fetchall()
        conn.rollback()
    return [ReviewSummary(r[0], r[1], r[2], r[3], r[4], _day(r[5]), _day(r[6]), r[7], int(r[8]), r[9], r[10], r[11],
                          int(r[12])) for r in rows]


def summary(store, review_id: str) -> ReviewSummary:  # noqa: ANN001
    """One review's summary by full ID or unique prefix."""
    from . import reviews

    with store.read() as s:
        rid = reviews.resolve_id(s, review_id)
    return next(r for r in list_reviews(store) if r.id == rid)
