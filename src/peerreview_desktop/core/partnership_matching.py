"""Who can help whom: for each criterion, the schools judged in the strongest grade of the scale (strong and able to
share) beside the schools where it is a priority (the weakest grade), each side with the rationale the reviewers
wrote, and suggested pairings (a partner in the same cluster first, spread so no school is asked to support many)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from .frameworks import FrameworkDef


@dataclass
class Side:
    school_id: str
    school: str
    urn: str | None
    cluster: str | None
    review_id: str
    start_date: str
    grade: str
    grade_label: str
    colour: str
    rationale: str


@dataclass
class Pair:
    school: str  # where the criterion is a priority
    partner: str  # a school judged strong in it
    same_cluster: bool
    school_id: str = ""
    partner_id: str = ""


@dataclass
class Match:
    framework_key: str
    framework_name: str
    criterion: str
    title: str
    area: str
    area_title: str
    strong: list[Side] = field(default_factory=list)
    priority: list[Side] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.criterion} {self.title}"

    def as_json(self) -> dict:
        return asdict(self)


PARTNERS_PER_SCHOOL = 2


def _side(latest, fw: FrameworkDef, j) -> Side:  # noqa: ANN001
    g = next(g for g in fw.grades if g.key == j.grade)
    return Side(latest.school_id, latest.school, latest.urn, latest.cluster, latest.id, latest.start_date, g.key,
                g.label, g.colour, j.rationale)


def find_matches(latest_reviews, frameworks: dict[str, FrameworkDef], judgements: dict) -> tuple[list[Match], list[Match]]:  # noqa: ANN001
    """(matches, unmatched): criteria with both strong and priority schools, and priorities no school can yet help
    with. `latest_reviews` are each school's latest counting review per graded framework."""
    by_criterion: dict[tuple[str, str], Match] = {}
    newest: dict[str, FrameworkDef] = {}
    for e in latest_reviews:
        fw = frameworks[e.framework_id]
        if not fw.graded or len(fw.grades) < 2:
            continue
        if e.framework_key not in newest or _vkey(fw.version) > _vkey(newest[e.framework_key].version):
            newest[e.framework_key] = fw
        strongest, weakest = fw.grades[0].key, fw.grades[-1].key
        for j in judgements.get(e.id, ()):
            if j.grade not in (strongest, weakest):
                continue
            m = by_criterion.get((e.framework_key, j.criterion))
            if m is None:
                try:
                    c = fw.criterion(j.criterion)
                except Exception:  # a criterion the framework no longer has: nothing to match on
                    continue
                area = fw.area(c.area_code)
                m = by_criterion[(e.framework_key, j.criterion)] = Match(
                    e.framework_key, fw.name, c.code, c.title, area.code, area.title)
            (m.strong if j.grade == strongest else m.priority).append(_side(e, fw, j))
    order = {}
    for key, fw in newest.items():
        for i, c in enumerate(fw.criteria):
            order[(key, c.code)] = i
    matches, unmatched = [], []
    for _k, m in sorted(by_criterion.items(), key=lambda kv: (kv[0][0], order.get(kv[0], 999))):
        if not m.priority:
            continue
        m.strong.sort(key=lambda s: s.school.casefold())
        m.priority.sort(key=lambda s: s.school.casefold())
        if m.strong:
            m.pairs = _pairs(m)
            matches.append(m)
        else:
            unmatched.append(m)
    matches.sort(key=lambda m: (-len(m.priority), -len(m.strong), m.framework_key, order.get((m.framework_key,
                                                                                             m.criterion), 999)))
    unmatched.sort(key=lambda m: -len(m.priority))
    return matches, unmatched


def _pairs(m: Match) -> list[Pair]:
    """Up to PARTNERS_PER_SCHOOL partners for each priority school: same cluster first, then the strong school
    asked least so far, then by name (min() over the candidates, not a sort per school: 300 schools stay fast)."""
    load: Counter = Counter()
    names = {s.school_id: s.school.casefold() for s in m.strong}
    out = []
    for p in m.priority:
        chosen: set[str] = set()
        for _ in range(min(PARTNERS_PER_SCHOOL, len(m.strong))):
            s = min((s for s in m.strong if s.school_id not in chosen),
                    key=lambda s: (not _same(s, p), load[s.school_id], names[s.school_id]))
            chosen.add(s.school_id)
            load[s.school_id] += 1
            out.append(Pair(p.school, s.school, _same(s, p), p.school_id, s.school_id))
    return out


def _same(a: Side, b: Side) -> bool:
    return bool(a.cluster) and a.cluster == b.cluster


def _vkey(v: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in v.replace("-", ".").split("."))
