"""The partnership lead's overview, computed in core (no Qt) and shared by the CLI, the exports, the board paper and
the lead workspace: each school's latest review, a heat map of schools × areas per framework version, the themes
that recur, who can help whom, and the partnership's own self-evaluation year on year.

Only reviews that count feed it (see `partnership_data`): final, current (superseded versions never count), and
per school and framework only the latest. Ungraded frameworks contribute their findings to the themes, not to the
heat map or the matches."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date

from . import schools as school_service
from .frameworks import FrameworkDef
from .judgements import area_rollup
from .partnership_data import (
    DEMO_SCHOOL_IDS,
    MATURITY_KEY,
    SELF_EVALUATION,
    Catalogue,
    ReviewEntry,
    academic_year,
    load_catalogue,
    load_findings,
    load_judgements,
)
from .partnership_matching import Match, find_matches
from .partnership_themes import FindingTheme, PriorityTheme, finding_themes, priorities, theme_key  # noqa: F401
from .reviews import parse_date


@dataclass
class Selection:
    """Which reviews the lead is looking at. Empty sets / None mean "all"."""

    schools: set[str] = field(default_factory=set)  # school IDs
    clusters: set[str] = field(default_factory=set)  # cluster names ("" = schools in no cluster)
    date_from: date | None = None
    date_to: date | None = None
    types: set[str] = field(default_factory=set)
    frameworks: set[str] = field(default_factory=set)  # framework keys or key@version IDs
    reviewer: str = ""  # part of a reviewer's name
    school_text: str = ""  # part of a school's name or its URN

    def admits(self, e: ReviewEntry) -> bool:
        if self.schools and e.school_id not in self.schools:
            return False
        if self.clusters and (e.cluster or "") not in self.clusters:
            return False
        if self.date_from and e.start_date < self.date_from.isoformat():
            return False
        if self.date_to and e.start_date > self.date_to.isoformat():
            return False
        if self.types and e.type not in self.types:
            return False
        if self.frameworks and e.framework_key not in self.frameworks and e.framework_id not in self.frameworks:
            return False
        if self.reviewer and not any(self.reviewer.casefold() in n.casefold() for n in e.reviewers):
            return False
        if self.school_text:
            t = self.school_text.casefold()
            if t not in e.school.casefold() and t != (e.urn or ""):
                return False
        return True

    def describe(self) -> str:
        parts = []
        if self.clusters:
            parts.append("cluster " + ", ".join(sorted(c or "(none)" for c in self.clusters)))
        if self.date_from or self.date_to:
            parts.append(f"reviews {_uk(self.date_from) if self.date_from else 'up'} to "
                         f"{_uk(self.date_to) if self.date_to else 'now'}")
        if self.types:
            parts.append("types " + ", ".join(sorted(self.types)))
        if self.frameworks:
            parts.append("frameworks " + ", ".join(sorted(self.frameworks)))
        if self.reviewer:
            parts.append(f"reviewer '{self.reviewer}'")
        if self.school_text or self.schools:
            parts.append("selected schools")
        return "; ".join(parts) or "all schools, all dates"

    @classmethod
    def parse(cls, *, clusters=(), date_from=None, date_to=None, types=(), frameworks=(), reviewer="",  # noqa: ANN001
              school_text="") -> Selection:
        from .vocabulary import review_type

        return cls(set(), {c.strip() for c in clusters if c and c.strip()}, parse_date(date_from, "from date"),
                   parse_date(date_to, "to date"), {review_type(t) for t in types if t}, set(frameworks or ()),
                   reviewer or "", school_text or "")


def _uk(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


@dataclass
class Cell:
    grade: str
    label: str
    colour: str
    position: int  # 0 = strongest


@dataclass
class HeatRow:
    school_id: str
    school: str
    urn: str | None
    cluster: str | None
    review_id: str
    start_date: str
    type: str
    conflict: bool
    cells: dict[str, Cell | None]  # area code → roll-up grade
    criteria: dict[str, Cell]  # criterion code → grade (judged on the scale only)


@dataclass
class HeatMap:
    framework_id: str
    framework: str  # "School Peer Review Framework 2026.1"
    scale: list[dict]  # [{"key", "label", "colour"}], strongest first
    areas: list[dict]  # [{"code", "title"}]
    rows: list[HeatRow]

    def distribution(self, area: str) -> Counter:
        return Counter(r.cells[area].grade for r in self.rows if r.cells.get(area))


@dataclass
class TrendPoint:
    year: str
    review_id: str
    start_date: str
    cells: dict[str, Cell | None]


@dataclass
class Trend:
    framework: str
    scale: list[dict]
    areas: list[dict]
    points: list[TrendPoint]

    def direction(self, area: str) -> int:
        """+1 improved, -1 declined, 0 the same or unknown, between the last two years with a grade."""
        known = [p.cells[area].position for p in self.points if p.cells.get(area)]
        if len(known) < 2 or known[-1] == known[-2]:
            return 0
        return 1 if known[-1] < known[-2] else -1


@dataclass
class SchoolLatest:
    school_id: str
    name: str
    urn: str | None
    cluster: str | None
    phase: str
    latest: list[ReviewEntry]  # per framework, newest first


@dataclass
class Overview:
    partnership: str
    prepared: date
    selection: Selection
    catalogue: Catalogue
    schools: list[SchoolLatest]
    latest: list[ReviewEntry]  # what counts: each school's latest review per framework
    heatmaps: list[HeatMap]
    priorities: list[PriorityTheme]
    next_steps: list[FindingTheme]
    strengths: list[FindingTheme]
    matches: list[Match]
    unmatched: list[Match]
    trend: Trend | None
    judgements: dict = field(repr=False, default_factory=dict)  # review ID → [Judged]
    findings: dict = field(repr=False, default_factory=dict)  # review ID → [Found]
    store: object = field(repr=False, default=None)

    @property
    def conflicts(self) -> list[ReviewEntry]:
        return [e for e in self.catalogue.entries if e.status == "conflict" and self.selection.admits(e)]

    @property
    def superseded(self) -> int:
        return sum(1 for e in self.catalogue.entries if e.status == "superseded" and self.selection.admits(e))

    def why(self, e: ReviewEntry) -> str:
        """Whether (and why not) a review version counts in this overview, in a few words."""
        if e.status == "superseded":
            return "No: superseded by a newer version"
        if e.status == "conflict":
            return "No: a conflicting revision"
        if not e.counts:
            return "No: not final" if e.mode in ("author", "received") else "No: not the lead's copy"
        if e.type == SELF_EVALUATION:
            return "Yes: the self-evaluation trend"
        if e.id in self.latest_ids:
            return "Yes: the school's latest review"
        return "No: the school has a later review" if self.selection.admits(e) else "No: outside the filters"

    @functools.cached_property
    def latest_ids(self) -> frozenset[str]:
        return frozenset(e.id for e in self.latest)

    @property
    def reviewed_schools(self) -> int:
        return sum(1 for s in self.schools if s.latest)

    @property
    def clusters(self) -> list[str]:
        return sorted({s.cluster for s in self.schools if s.cluster}, key=str.casefold)


# -- building it ----------------------------------------------------------------------------------------------------

def _cell(fw: FrameworkDef, key: str | None) -> Cell | None:
    if key is None:
        return None
    g = next((g for g in fw.grades if g.key == key), None)
    return Cell(g.key, g.label, g.colour, g.position) if g else None


def _scale(fw: FrameworkDef) -> list[dict]:
    return [{"key": g.key, "label": g.label, "colour": g.colour} for g in fw.grades]


def _latest_per_school(entries: list[ReviewEntry]) -> list[ReviewEntry]:
    best: dict[tuple[str, str], ReviewEntry] = {}
    for e in entries:
        k = (e.school_id, e.framework_key)
        if k not in best or (e.start_date, e.version) > (best[k].start_date, best[k].version):
            best[k] = e
    return list(best.values())


def _order(e: ReviewEntry) -> tuple:
    return ((e.cluster or "\uffff").casefold(), e.school.casefold())


def build(store, selection: Selection | None = None, *, today: date | None = None,  # noqa: ANN001
          catalogue: Catalogue | None = None) -> Overview:
    """The overview of the reviews `selection` admits (all by default). Pass the `catalogue` from an earlier build
    to skip re-reading it when only the selection changed."""
    selection = selection or Selection()
    cat = catalogue or load_catalogue(store)
    chosen = [e for e in cat.counting() if selection.admits(e)]
    school_reviews = [e for e in chosen if e.type != SELF_EVALUATION]
    latest = sorted(_latest_per_school(school_reviews), key=_order)
    evaluations = [e for e in cat.counting() if e.type == SELF_EVALUATION and e.framework_key == MATURITY_KEY
                   and (not selection.date_from or e.start_date >= selection.date_from.isoformat())
                   and (not selection.date_to or e.start_date <= selection.date_to.isoformat())]
    ids = [e.id for e in latest] + [e.id for e in evaluations]
    judged = load_judgements(store, ids)
    found = load_findings(store, [e.id for e in latest])
    fws = cat.frameworks
    heatmaps = _heatmaps(latest, fws, judged)
    matches, unmatched = find_matches([e for e in latest if fws[e.framework_id].graded], fws, judged)
    return Overview(
        partnership=school_service.partnership_name(store), prepared=today or date.today(), selection=selection,
        catalogue=cat, schools=_schools(store, selection, latest), latest=latest, heatmaps=heatmaps,
        priorities=priorities(latest, fws, judged), next_steps=finding_themes(latest, found, ("next-step", "development")),
        strengths=finding_themes(latest, found, ("strength",)), matches=matches, unmatched=unmatched,
        trend=_trend(evaluations, fws, judged), judgements=judged, findings=found, store=store)


def _schools(store, selection: Selection, latest: list[ReviewEntry]) -> list[SchoolLatest]:  # noqa: ANN001
    by_school: dict[str, list[ReviewEntry]] = defaultdict(list)
    for e in latest:
        by_school[e.school_id].append(e)
    out = []
    t = selection.school_text.casefold()
    for s in school_service.list_schools(store):
        has = by_school.get(s.id, [])
        if not has:
            if s.id in DEMO_SCHOOL_IDS or (s.reviews and not s.cluster):
                continue  # only named in a review that does not count (the demo, a draft, a self-evaluation)
            if selection.reviewer or selection.types or selection.frameworks:
                continue  # a school with no review cannot match a reviewer, type or framework
            if (selection.schools and s.id not in selection.schools) or \
                    (selection.clusters and (s.cluster or "") not in selection.clusters) or \
                    (t and t not in s.name.casefold() and t != (s.urn or "")):
                continue
        out.append(SchoolLatest(s.id, s.name, s.urn, s.cluster, s.phase,
                                sorted(has, key=lambda e: e.start_date, reverse=True)))
    return out


def _heatmaps(latest: list[ReviewEntry], fws: dict[str, FrameworkDef], judged: dict) -> list[HeatMap]:
    groups: dict[str, list[ReviewEntry]] = defaultdict(list)
    for e in latest:
        if fws[e.framework_id].graded:
            groups[e.framework_id].append(e)
    maps = []
    for fw_id, entries in groups.items():
        fw = fws[fw_id]
        rows = []
        for e in entries:
            js = judged.get(e.id, [])
            roll = area_rollup(fw, js)
            rows.append(HeatRow(e.school_id, e.school, e.urn, e.cluster, e.id, e.start_date, e.type, e.conflict,
                                {a.code: _cell(fw, roll.get(a.code)) for a in fw.areas},
                                {j.criterion: c for j in js if (c := _cell(fw, j.grade)) is not None}))
        maps.append(HeatMap(fw_id, fw.title, _scale(fw), [{"code": a.code, "title": a.title} for a in fw.areas], rows))
    maps.sort(key=lambda m: (-len(m.rows), m.framework))
    return maps


def _trend(evaluations: list[ReviewEntry], fws: dict[str, FrameworkDef], judged: dict) -> Trend | None:
    if not evaluations:
        return None
    per_year: dict[str, ReviewEntry] = {}
    for e in evaluations:
        y = academic_year(e.start_date)
        if y not in per_year or (e.start_date, e.version) > (per_year[y].start_date, per_year[y].version):
            per_year[y] = e
    newest = max(per_year.values(), key=lambda e: e.start_date)
    fw_new = fws[newest.framework_id]
    points = []
    for y in sorted(per_year):
        e = per_year[y]
        fw = fws[e.framework_id]
        roll = area_rollup(fw, judged.get(e.id, []))
        points.append(TrendPoint(y, e.id, e.start_date, {a.code: _cell(fw, roll.get(a.code)) for a in fw_new.areas}))
    return Trend(fw_new.title, _scale(fw_new), [{"code": a.code, "title": a.title} for a in fw_new.areas], points)


# -- JSON (`partnership summary --json`) -----------------------------------------------------------------------------

def _cell_json(c: Cell | None) -> dict | None:
    return None if c is None else {"grade": c.grade, "label": c.label, "colour": c.colour}


def as_json(ov: Overview) -> dict:
    return {
        "partnership": ov.partnership,
        "prepared": ov.prepared.isoformat(),
        "selection": ov.selection.describe(),
        "counts": {"schools": len(ov.schools), "reviewed_schools": ov.reviewed_schools, "reviews": len(ov.latest),
                   "superseded_versions": ov.superseded, "conflicts": len(ov.conflicts)},
        "schools": [{"id": s.school_id, "name": s.name, "urn": s.urn, "cluster": s.cluster, "phase": s.phase,
                     "latest": [{"review_id": e.id, "version": e.version, "type": e.type, "start_date": e.start_date,
                                 "framework": e.framework_id, "reviewers": e.reviewers, "conflict": e.conflict}
                                for e in s.latest]} for s in ov.schools],
        "heatmap": [{"framework": m.framework_id, "framework_name": m.framework, "scale": m.scale, "areas": m.areas,
                     "rows": [{"school": r.school, "school_id": r.school_id, "urn": r.urn, "cluster": r.cluster,
                               "review_id": r.review_id, "start_date": r.start_date, "conflict": r.conflict,
                               "areas": {k: _cell_json(c) for k, c in r.cells.items()},
                               "criteria": {k: c.label for k, c in r.criteria.items()}} for r in m.rows]}
                    for m in ov.heatmaps],
        "themes": {
            "priorities": [asdict(p) for p in ov.priorities],
            "next_steps": [{"text": t.text, "count": t.count, "schools": t.schools, "kinds": t.kinds,
                            "wordings": t.wordings} for t in ov.next_steps],
            "strengths": [{"text": t.text, "count": t.count, "schools": t.schools, "wordings": t.wordings}
                          for t in ov.strengths],
        },
        "matches": [m.as_json() for m in ov.matches],
        "unmatched_priorities": [{"framework": m.framework_key, "criterion": m.criterion, "title": m.title,
                                  "schools": [p.school for p in m.priority]} for m in ov.unmatched],
        "trend": None if ov.trend is None else {
            "framework": ov.trend.framework, "scale": ov.trend.scale, "areas": ov.trend.areas,
            "years": [{"year": p.year, "review_id": p.review_id, "start_date": p.start_date,
                       "areas": {k: _cell_json(c) for k, c in p.cells.items()}} for p in ov.trend.points],
            "direction": {a["code"]: ov.trend.direction(a["code"]) for a in ov.trend.areas}},
        "conflicts": [{"review_id": e.id, "school": e.school, "revision": e.version, "signer": e.signer}
                      for e in ov.conflicts],
    }
