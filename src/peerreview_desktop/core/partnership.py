"""The partnership lead's overview, computed in core (no Qt) and shared by the CLI, the exports, the board paper and
the lead workspace: each school's latest review, a heat map of schools × areas per framework version, the themes
that recur, who can help whom, and the partnership's own self-evaluation year on year.

Only reviews that count feed it (see `partnership_data`): final, current (superseded versions never count), and
per school and framework only the latest. Ungraded frameworks contribute their findings to the themes, not to the
heat map or the matches."""

from __future__ import annotations

import re
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
class PriorityTheme:
    framework_key: str
    framework: str
    criterion: str
    title: str
    area_title: str
    weakest: int  # schools judged in the weakest grade
    lower: int  # schools judged in the weaker half of the scale (weakest included)
    judged: int  # schools with a grade on the scale for it
    weakest_label: str
    schools: list[str]  # in the weaker half, weakest first


@dataclass
class FindingTheme:
    text: str  # the commonest wording
    schools: list[str]
    kinds: dict[str, int]  # kind → how many findings
    wordings: int  # how many different wordings were grouped

    @property
    def count(self) -> int:
        return len(self.schools)


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


def build(store, selection: Selection | None = None, *, today: date | None = None) -> Overview:  # noqa: ANN001
    selection = selection or Selection()
    cat = load_catalogue(store)
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
        priorities=_priorities(latest, fws, judged), next_steps=_finding_themes(latest, found, ("next-step", "development")),
        strengths=_finding_themes(latest, found, ("strength",)), matches=matches, unmatched=unmatched,
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


def _priorities(latest: list[ReviewEntry], fws: dict[str, FrameworkDef], judged: dict) -> list[PriorityTheme]:
    tally: dict[tuple[str, str], dict] = {}
    for e in latest:
        fw = fws[e.framework_id]
        if not fw.graded:
            continue
        pos = {g.key: g.position for g in fw.grades}
        n = len(fw.grades)
        for j in judged.get(e.id, ()):
            if j.grade not in pos:
                continue
            try:
                c = fw.criterion(j.criterion)
            except Exception:
                continue
            t = tally.setdefault((fw.key, c.code), {
                "fw": fw, "c": c, "weakest": 0, "lower": [], "judged": 0})
            t["judged"] += 1
            p = pos[j.grade]
            if p == n - 1:
                t["weakest"] += 1
            if p >= n / 2:
                t["lower"].append((-p, e.school))
    out = []
    for (key, code), t in tally.items():
        if not t["lower"]:
            continue
        fw, c = t["fw"], t["c"]
        out.append(PriorityTheme(key, fw.name, code, c.title, fw.area(c.area_code).title, t["weakest"],
                                 len(t["lower"]), t["judged"], fw.grades[-1].label,
                                 [name for _, name in sorted(t["lower"], key=lambda x: (x[0], x[1].casefold()))]))
    out.sort(key=lambda p: (-p.weakest, -p.lower, p.framework_key, p.criterion))
    return out


_STOP = {"a", "an", "the", "to", "further", "continue", "ensure", "that", "should", "more", "so", "of", "for",
         "in", "on", "and", "across", "all", "their", "its", "our", "is", "are", "be", "with"}
_WORD = re.compile(r"[\w]+")


def theme_key(text: str) -> tuple[str, ...]:
    """A finding's wording normalised lightly, so the same idea written a little differently groups together:
    case, punctuation, "KS2"/"Key Stage 2", "Yr 4"/"Year 4", plurals and filler words do not matter."""
    t = text.casefold().replace("\u2019", "'").replace("'", "").replace("&", " and ")
    t = re.sub(r"\bks\s?(\d)\b", r"key stage \1", t)
    t = re.sub(r"\b(?:yr|y)\s?(\d{1,2})\b", r"year \1", t)
    t = re.sub(r"\bsend\b", "send", t)
    words = []
    for w in _WORD.findall(t):
        if w in _STOP:
            continue
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        words.append(w)
    return tuple(words)


def _finding_themes(latest: list[ReviewEntry], found: dict, kinds: tuple[str, ...]) -> list[FindingTheme]:
    groups: dict[tuple[str, ...], dict] = {}
    for e in latest:
        for f in found.get(e.id, ()):
            if f.kind not in kinds or not f.text.strip():
                continue
            k = theme_key(f.text)
            if not k:
                continue
            g = groups.setdefault(k, {"wordings": Counter(), "schools": {}, "kinds": Counter()})
            g["wordings"][f.text.strip().rstrip(".")] += 1
            g["schools"][e.school_id] = e.school
            g["kinds"][f.kind] += 1
    out = [FindingTheme(g["wordings"].most_common(1)[0][0], sorted(g["schools"].values(), key=str.casefold),
                        dict(g["kinds"]), len(g["wordings"])) for g in groups.values()]
    out.sort(key=lambda t: (-t.count, t.text.casefold()))
    return out


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
