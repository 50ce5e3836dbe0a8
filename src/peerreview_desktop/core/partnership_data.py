"""What the partnership lead's overview reads: every review in the store as a light row, which of them count, and
the judgements and findings of those that do, each read with a few plain queries (300 schools × 3 years of reviews
load in well under a second; no review document is assembled and no evidence note is ever read, so confidential
notes cannot reach the overview, its exports or the board paper).

What counts: final reviews (an author's own, or received in a signed package) — never a superseded version (the
store keeps only a review's newest revision as the review itself; earlier ones live in `review_version` and the
package ledger), never a team member's or a host's copy, never the demo. A review with a conflicting revision in
the ledger still counts as stored but is flagged `conflict`."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import text

from . import framework_library
from .frameworks import FrameworkDef
from .models import Framework
from .vocabulary import REVIEW_TYPES, STATUSES

SELF_EVALUATION = "partnership-self-evaluation"
MATURITY_KEY = "partnership-maturity"
DEMO_IDS = frozenset({"d3e0c0de-0000-4000-8000-00000000d3e0"})
DEMO_SCHOOL_IDS = frozenset({"be9fece1-64af-4c36-9425-e7708321c31a"})
STATUS_LABELS = {**STATUSES, "superseded": "Superseded", "conflict": "Conflicting revision"}

_REVIEWS = text("""
SELECT r.id, r.version, r.status, r.mode, r.type, r.start_date, r.end_date, r.framework_id, r.finalised_at,
       s.id, s.name, s.urn, c.name
FROM review r JOIN school s ON s.id = r.school_id LEFT JOIN cluster c ON c.id = s.cluster_id
""")
_TEAM = text("SELECT review_id, name, role FROM team_member ORDER BY review_id, position")
_VERSIONS = text("SELECT review_id, version, status, finalised_at FROM review_version")
_LEDGER = text("SELECT review_id, revision, state, signer_name, package_id, at FROM package_record "
               "WHERE direction = 'in' ORDER BY at")


@dataclass
class ReviewEntry:
    """One review version as the lead's workspace lists it."""

    id: str
    version: int
    status: str  # planned | in_progress | draft_shared | final | superseded | conflict
    mode: str
    type: str
    start_date: str
    end_date: str | None
    framework_id: str
    framework_key: str
    framework_name: str
    framework_version: str
    graded: bool
    school_id: str
    school: str
    urn: str | None
    cluster: str | None
    team: list[str] = field(default_factory=list)
    lead_reviewer: str = ""
    signer: str = ""
    conflict: bool = False  # another revision of this review conflicts with the stored one
    counts: bool = False  # final, current, a school's (or the partnership's) own review
    package_id: str | None = None  # for a conflicting revision: where its document is kept

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.id, self.version, self.status)

    @property
    def type_label(self) -> str:
        return REVIEW_TYPES.get(self.type, self.type)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def reviewers(self) -> list[str]:
        return list(dict.fromkeys([*self.team, *([self.signer] if self.signer else [])]))

    @property
    def year(self) -> str:
        return academic_year(self.start_date)

    def as_json(self) -> dict:
        d = asdict(self)
        d.update(type_label=self.type_label, status_label=self.status_label, academic_year=self.year)
        return d


def academic_year(day: str | date) -> str:
    """The school year a date falls in, as schools in England write it: 14/10/2026 → "2026/27"."""
    d = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    first = d.year if d.month >= 9 else d.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def _day(v) -> str | None:  # noqa: ANN001
    return None if v is None else str(v)[:10]


@dataclass
class Catalogue:
    """Every review version in the store (`entries`) and the frameworks they use."""

    entries: list[ReviewEntry]
    frameworks: dict[str, FrameworkDef]

    def current(self) -> list[ReviewEntry]:
        return [e for e in self.entries if e.status not in ("superseded", "conflict")]

    def counting(self) -> list[ReviewEntry]:
        return [e for e in self.entries if e.counts]


def load_catalogue(store) -> Catalogue:  # noqa: ANN001
    with store.engine.connect() as conn:
        rows = conn.execute(_REVIEWS).fetchall()
        team_rows = conn.execute(_TEAM).fetchall()
        version_rows = conn.execute(_VERSIONS).fetchall()
        ledger_rows = conn.execute(_LEDGER).fetchall()
        fw_rows = conn.execute(text("SELECT id, document FROM framework")).fetchall()
        conn.rollback()
    frameworks = {fid: framework_library.definition(Framework(id=fid, key="", name="", version="", document=doc))
                  for fid, doc in fw_rows}
    team: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rid, name, role in team_rows:
        team[rid].append((name, role))
    signer: dict[str, str] = {}
    conflicts: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for rid, revision, state, signer_name, package_id, _at in ledger_rows:
        if state == "conflict":
            conflicts[rid].append((int(revision), signer_name or "", package_id))
        elif state == "current" and signer_name:
            signer[rid] = signer_name
    entries: list[ReviewEntry] = []
    by_id: dict[str, ReviewEntry] = {}
    for (rid, version, status, mode, rtype, start, end, fw_id, _fin, sid, sname, urn, cluster) in rows:
        fw = frameworks[fw_id]
        members = team.get(rid, [])
        lead = next((n for n, role in members if role == "lead reviewer"), members[0][0] if members else "")
        e = ReviewEntry(rid, int(version), status, mode, rtype, _day(start), _day(end), fw_id, fw.key, fw.name,
                        fw.version, fw.graded, sid, sname, urn, cluster,
                        [n for n, role in members if role != "host headteacher"], lead, signer.get(rid, ""),
                        bool(conflicts.get(rid)))
        e.counts = status == "final" and mode in ("author", "received") and rid not in DEMO_IDS
        entries.append(e)
        by_id[rid] = e
    for rid, version, _vstatus, _fin in version_rows:
        cur = by_id.get(rid)
        if cur is None or int(version) >= cur.version:
            continue
        entries.append(_variant(cur, int(version), "superseded"))
    for rid, items in conflicts.items():
        cur = by_id.get(rid)
        if cur is None:
            continue
        for revision, signer_name, package_id in items:
            v = _variant(cur, revision, "conflict")
            v.signer, v.package_id = signer_name or v.signer, package_id
            entries.append(v)
    entries.sort(key=lambda e: (e.start_date or "", e.school.casefold(), e.version), reverse=True)
    return Catalogue(entries, frameworks)


def _variant(cur: ReviewEntry, version: int, status: str) -> ReviewEntry:
    e = ReviewEntry(**{k: getattr(cur, k) for k in cur.__dataclass_fields__})
    e.version, e.status, e.counts, e.conflict, e.team = version, status, False, status == "conflict", list(cur.team)
    return e


# -- judgements and findings of the reviews that count ---------------------------------------------------------------

@dataclass
class Judged:
    criterion: str
    grade: str
    rationale: str


@dataclass
class Found:
    kind: str
    text: str
    criteria: list[str]


def _chunks(ids: list[str], size: int = 500):  # noqa: ANN202
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def load_judgements(store, review_ids: list[str]) -> dict[str, list[Judged]]:  # noqa: ANN001
    out: dict[str, list[Judged]] = defaultdict(list)
    with store.engine.connect() as conn:
        for part in _chunks(review_ids):
            marks = ",".join(f":p{i}" for i in range(len(part)))
            q = text(f"SELECT review_id, criterion, grade, rationale FROM judgement WHERE review_id IN ({marks})")
            for rid, code, grade, rationale in conn.execute(q, {f"p{i}": v for i, v in enumerate(part)}):
                out[rid].append(Judged(code, grade, rationale or ""))
        conn.rollback()
    return out


def load_findings(store, review_ids: list[str]) -> dict[str, list[Found]]:  # noqa: ANN001
    out: dict[str, list[Found]] = defaultdict(list)
    with store.engine.connect() as conn:
        for part in _chunks(review_ids):
            marks = ",".join(f":p{i}" for i in range(len(part)))
            q = text(f"SELECT review_id, kind, text, criteria FROM finding WHERE review_id IN ({marks}) "
                     "ORDER BY review_id, kind, position")
            for rid, kind, body, criteria in conn.execute(q, {f"p{i}": v for i, v in enumerate(part)}):
                out[rid].append(Found(kind, body or "", json.loads(criteria or "[]")))
        conn.rollback()
    return out
