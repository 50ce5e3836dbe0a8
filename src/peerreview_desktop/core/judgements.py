"""Judgements per criterion: a grade on the framework's scale (or not judged / insufficient evidence), a rationale
and the notes it rests on; warnings where it rests on nothing or the evidence leans the other way; roll-up per area."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from sqlmodel import Session, select

from . import audit, reviews
from .changes import Changes
from .errors import InvalidInput
from .frameworks import SPECIAL_GRADES, FrameworkDef
from .models import Judgement, JudgementEvidence, Note, NoteCriterion, utcnow


@dataclass
class JudgementView:
    id: str
    criterion: str
    grade: str
    grade_label: str
    rationale: str
    evidence: list[str] = field(default_factory=list)
    author: str = ""
    updated_at: str = ""

    def to_doc(self) -> dict:
        return asdict(self)


def grade_key(fw: FrameworkDef, text: str) -> str:
    t = (text or "").strip().lower().replace("_", "-")
    if t.replace(" ", "-") in SPECIAL_GRADES:
        return t.replace(" ", "-")
    if not fw.graded:
        raise InvalidInput(f"{fw.name} is ungraded (narrative only); use --grade not-judged and write the rationale.")
    return fw.grade(text).key


def grade_label(fw: FrameworkDef, key: str) -> str:
    if key in SPECIAL_GRADES:
        return SPECIAL_GRADES[key]
    return next((g.label for g in fw.grades if g.key == key), key)


def judge(store, review_id: str, code: str, grade: str, rationale: str = "", evidence=None,  # noqa: ANN001
          author: str | None = None) -> Changes:
    """Record (or replace) the judgement for one criterion. `evidence=None` keeps the linked notes as they are."""
    with store.write() as s:
        r = reviews.editable(s, review_id, "change judgements in")
        fw = reviews.framework_of(s, r)
        crit = fw.criterion(code)
        key = grade_key(fw, grade)
        j = s.exec(select(Judgement).where(Judgement.review_id == r.id, Judgement.criterion == crit.code)).first()
        before = None
        if j is None:
            j = Judgement(review_id=r.id, criterion=crit.code)
        else:
            before = {"grade": j.grade, "rationale": j.rationale}
        j.grade, j.rationale = key, (rationale or "").strip()
        j.author = author if author is not None else store.actor.name
        j.updated_at = utcnow()
        s.add(j)
        s.flush()
        if evidence is not None:
            wanted = _check_evidence(s, r.id, evidence)
            for link in s.exec(select(JudgementEvidence).where(JudgementEvidence.judgement_id == j.id)):
                s.delete(link)
            s.flush()
            for nid in wanted:
                s.add(JudgementEvidence(judgement_id=j.id, note_id=nid))
        reviews.touch(r)
        audit.record(s, store.actor, r.id, "judgement.set", "criterion", crit.code,
                     {"before": before, "after": {"grade": key, "rationale": j.rationale}})
        return Changes(judgements=True, ids=[crit.code], value=j.id)


def _check_evidence(s: Session, review_id: str, evidence) -> list[str]:  # noqa: ANN001
    from . import ids

    if isinstance(evidence, str):
        evidence = [e for e in evidence.split(",")]
    out = []
    for e in evidence:
        e = e.strip()
        if not e:
            continue
        nid = ids.resolve(s, Note, e, "note")
        if s.get(Note, nid).review_id != review_id:
            raise InvalidInput(f"Note {e} belongs to another review.")
        if nid not in out:
            out.append(nid)
    return out


def clear(store, review_id: str, code: str) -> Changes:  # noqa: ANN001
    with store.write() as s:
        r = reviews.editable(s, review_id, "change judgements in")
        crit = reviews.framework_of(s, r).criterion(code)
        j = s.exec(select(Judgement).where(Judgement.review_id == r.id, Judgement.criterion == crit.code)).first()
        if j is None:
            return Changes()
        before = {"grade": j.grade, "rationale": j.rationale}
        s.delete(j)
        audit.record(s, store.actor, r.id, "judgement.clear", "criterion", crit.code, {"before": before})
        return Changes(judgements=True, ids=[crit.code])


def list_for(s: Session, review_id: str, fw: FrameworkDef, visible_notes: set[str] | None = None) -> list[JudgementView]:
    js = list(s.exec(select(Judgement).where(Judgement.review_id == review_id)))
    links: dict[str, list[str]] = {}
    if js:
        for jid, nid in s.exec(select(JudgementEvidence.judgement_id, JudgementEvidence.note_id)
                               .where(JudgementEvidence.judgement_id.in_([j.id for j in js]))):
            if visible_notes is None or nid in visible_notes:
                links.setdefault(jid, []).append(nid)
    order = {c.code: i for i, c in enumerate(fw.criteria)}
    js.sort(key=lambda j: order.get(j.criterion, 999))
    return [JudgementView(j.id, j.criterion, j.grade, grade_label(fw, j.grade), j.rationale, sorted(links.get(j.id, [])),
                          j.author, j.updated_at.strftime("%Y-%m-%dT%H:%M:%S")) for j in js]


def markers_by_criterion(s: Session, review_id: str) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    rows = s.exec(select(NoteCriterion.code, Note.marker).join(Note, Note.id == NoteCriterion.note_id)
                  .where(Note.review_id == review_id))
    for code, marker in rows:
        out.setdefault(code, Counter())[marker] += 1
    return out


def warnings(fw: FrameworkDef, j: JudgementView, markers: Counter | None, evidence_markers: list[str]) -> list[str]:
    """Why a reader might doubt this judgement, as sentences (empty: nothing to flag)."""
    out = []
    if j.grade == "not-judged":
        return out
    if not j.evidence:
        out.append("This judgement rests on no evidence: link the notes that support it.")
    if not fw.graded or j.grade in SPECIAL_GRADES:
        return out
    pos = next((g.position for g in fw.grades if g.key == j.grade), None)
    if pos is None:
        return out
    upper = pos < len(fw.grades) / 2  # the stronger half of the scale
    linked = Counter(evidence_markers)
    tagged = markers or Counter()
    for pool, where in ((linked, "linked"), (tagged, "tagged")):
        s, d = pool.get("strength", 0), pool.get("development", 0)
        if upper and d > s and d >= 2:
            out.append(f"The {where} evidence leans to development ({d} development, {s} strength) "
                       f"but the grade is {j.grade_label}.")
            break
        if not upper and s > d and s >= 2:
            out.append(f"The {where} evidence leans to strength ({s} strength, {d} development) "
                       f"but the grade is {j.grade_label}.")
            break
    return out


def area_rollup(fw: FrameworkDef, judged: list[JudgementView]) -> dict[str, str | None]:
    """Per area, the median grade of its judged criteria (None when none is graded on the scale)."""
    pos = {g.key: g.position for g in fw.grades}
    by_code = {j.criterion: j for j in judged}
    out: dict[str, str | None] = {}
    for area in fw.areas:
        ps = sorted(pos[by_code[c.code].grade] for c in area.criteria if c.code in by_code and by_code[c.code].grade in pos)
        out[area.code] = fw.grades[ps[(len(ps) - 1) // 2]].key if ps else None
    return out
