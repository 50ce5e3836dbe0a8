"""The review document as the report needs it: confidential notes removed, the framework indexed, judgements and
evidence resolved. Everything downstream reads this model, never the raw document, so nothing confidential can leak.
The document is read defensively: missing keys and wrong types give empty values, not errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib import colors

from peerreview_desktop.core.errors import InvalidInput

from . import styles as st
from .wording import SPECIAL_GRADES, TYPE_LABELS, clip, parse_date, parse_datetime, plain

FINDING_KINDS = (("strength", "What went well"), ("development", "Even better if"), ("next-step", "Next steps"))


@dataclass(frozen=True)
class Grade:
    key: str
    label: str
    colour: colors.Color
    rank: int | None  # position on the scale, 0 = strongest; None outside the scale
    description: str = ""

    @property
    def hex(self) -> str:
        return self.colour.hexval()[2:]


@dataclass
class Criterion:
    code: str
    title: str
    descriptor: str = ""


@dataclass
class Area:
    code: str
    title: str
    description: str = ""
    criteria: list[Criterion] = field(default_factory=list)


def _dicts(value: object) -> list[dict]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _strings(value: object) -> list[str]:
    return [plain(x).strip() for x in value if isinstance(x, str) and x.strip()] if isinstance(value, list) else []


def _confidential(note: dict) -> bool:
    flag = note.get("confidential", False)
    return flag is not False and flag not in (0, None, "", "false", "False")


class ReportModel:
    """A read-only view of one review for the report."""

    def __init__(self, doc: dict, package_sha256: str | None = None):
        if not isinstance(doc, dict):
            raise InvalidInput("The review document for the report is not a JSON object.")
        self.doc = doc
        self.package_sha256 = package_sha256
        school = doc.get("school") if isinstance(doc.get("school"), dict) else {}
        self.school = clip(school.get("name")) or "Unnamed school"
        self.urn = clip(school.get("urn"), 40)
        self.cluster = clip(school.get("cluster"))
        self.status = plain(doc.get("status")).strip() or "in_progress"
        self.final = self.status == "final"
        self.version = doc.get("version") if isinstance(doc.get("version"), int) else 1
        self.type_label = plain(doc.get("type_label")).strip() or TYPE_LABELS.get(plain(doc.get("type")), "Peer review")
        self.start_date, self.end_date = doc.get("start_date"), doc.get("end_date")
        s, e = parse_date(self.start_date), parse_date(self.end_date)
        self.multi_day = bool(s and e and e > s)
        self.context = plain(doc.get("context")).strip()
        self.focus_areas = _strings(doc.get("focus_areas"))
        self.lines_of_enquiry = _strings(doc.get("lines_of_enquiry"))
        self.team = [
            {"name": clip(t.get("name")), "role": clip(t.get("role"), 60), "school": clip(t.get("school"))}
            for t in _dicts(doc.get("team"))
            if clip(t.get("name"))
        ]
        self.lead = next((plain(m["name"]) for m in self.team if plain(m.get("role")).lower() == "lead reviewer"), "")
        self.host_head = next(
            (plain(m["name"]) for m in self.team if plain(m.get("role")).lower() == "host headteacher"), ""
        )
        slots = [{k: clip(v) if isinstance(v, str) else v for k, v in t.items()} for t in _dicts(doc.get("timetable"))]
        self.timetable = sorted(slots, key=lambda t: (plain(t.get("date")), plain(t.get("start"))))
        self._read_framework(doc.get("framework"))
        # never trust the builder alone: confidential notes stop here
        notes = [n for n in _dicts(doc.get("notes")) if not _confidential(n)]
        self.notes = sorted(notes, key=lambda n: plain(n.get("occurred_at")))
        self.notes_by_id = {n["id"]: n for n in self.notes if isinstance(n.get("id"), str)}
        self.judgements: dict[str, dict] = {}
        self._evidence: dict[int, list[dict]] = {}
        for j in _dicts(doc.get("judgements")):
            code = clip(j.get("criterion"), 20)
            if code:
                self.judgements[code] = j
        self._add_unknown_criteria()
        findings = sorted(_dicts(doc.get("findings")), key=lambda f: f.get("position") or 0)
        self.findings = {kind: [f for f in findings if f.get("kind") == kind] for kind, _ in FINDING_KINDS}
        self.findings_by_id = {f["id"]: f for f in findings if isinstance(f.get("id"), str)}
        self.host_comments = sorted(_dicts(doc.get("host_comments")), key=lambda c: plain(c.get("created_at")))

    # --- framework ---------------------------------------------------------------------------------------------------

    def _read_framework(self, fw: object) -> None:
        fw = fw if isinstance(fw, dict) else {}
        self.framework_name = clip(fw.get("name")) or "Review framework"
        self.framework_version = clip(fw.get("version"), 40)
        scale = fw.get("scale") if isinstance(fw.get("scale"), dict) else None
        self.scale: list[Grade] = []
        for i, g in enumerate(_dicts(scale.get("grades")) if scale else []):
            key = plain(g.get("key")).strip()
            if key:
                label = clip(g.get("label"), 60) or clip(key, 60)
                desc = plain(g.get("description")).strip()
                self.scale.append(Grade(key, label, st.parse_colour(g.get("colour")), i, desc))
        self.graded = bool(self.scale)
        self._grades = {g.key: g for g in self.scale}
        self.areas: list[Area] = []
        self.criteria: dict[str, Criterion] = {}
        self.area_of: dict[str, Area] = {}
        for a in _dicts(fw.get("areas")):
            area = Area(clip(a.get("code"), 20), clip(a.get("title"), 300), plain(a.get("description")).strip())
            for c in _dicts(a.get("criteria")):
                code = clip(c.get("code"), 20)
                if not code or code in self.criteria:
                    continue
                crit = Criterion(code, clip(c.get("title"), 300) or code, plain(c.get("descriptor")).strip())
                area.criteria.append(crit)
                self.criteria[code] = crit
                self.area_of[code] = area
            self.areas.append(area)
        self.area_codes = {a.code for a in self.areas if a.code}

    def _add_unknown_criteria(self) -> None:
        """Judgements on codes the framework does not list are shown under "Other criteria", never dropped."""
        unknown = [c for c in self.judgements if c not in self.criteria and c not in self.area_codes]
        if unknown:
            other = Area("", "Other criteria", "Judgements on criteria not found in this version of the framework.")
            for code in unknown:
                crit = Criterion(code, code)
                other.criteria.append(crit)
                self.criteria[code] = crit
                self.area_of[code] = other
            self.areas.append(other)

    # --- lookups -----------------------------------------------------------------------------------------------------

    def grade(self, judgement: dict | None) -> Grade | None:
        """The grade a judgement gives (special and unknown grades are grey); None when there is no judgement."""
        if not judgement:
            return None
        key = plain(judgement.get("grade")).strip()
        if key in self._grades:
            return self._grades[key]
        if key in SPECIAL_GRADES:
            return Grade(key, SPECIAL_GRADES[key], st.UNGRADED, None)
        if not key:
            return None
        return Grade(key, clip(judgement.get("grade_label"), 60) or clip(key, 60), st.UNGRADED, None)

    def judged(self, code: str) -> bool:
        """A criterion counts as judged when it has a grade on the scale, a rationale or cited evidence."""
        j = self.judgements.get(code)
        if not j:
            return False
        g = self.grade(j)
        on_scale = g is not None and g.rank is not None
        special = g is not None and g.key == "insufficient-evidence"
        return on_scale or special or bool(plain(j.get("rationale")).strip()) or bool(self.evidence(j))

    def evidence(self, judgement: dict | None) -> list[dict]:
        """The non-confidential notes a judgement cites, oldest first (unknown or confidential IDs are dropped)."""
        if not judgement or not isinstance(judgement.get("evidence"), list):
            return []
        key = id(judgement)
        if key not in self._evidence:
            self._evidence[key] = self._resolve_evidence(judgement)
        return self._evidence[key]

    def _resolve_evidence(self, judgement: dict) -> list[dict]:
        seen, out = set(), []
        for nid in judgement["evidence"]:
            if isinstance(nid, str) and nid in self.notes_by_id and nid not in seen:
                seen.add(nid)
                out.append(self.notes_by_id[nid])
        return sorted(out, key=lambda n: plain(n.get("occurred_at")))

    def notes_for(self, code: str) -> list[dict]:
        return [n for n in self.notes if isinstance(n.get("criteria"), list) and code in n["criteria"]]

    def criterion_label(self, code: str) -> str:
        crit = self.criteria.get(code)
        if crit:
            return f"{code} {crit.title}" if crit.title != code else code
        area = next((a for a in self.areas if a.code == code), None)
        return f"{code} {area.title}".strip() if area else code

    def timestamp(self) -> tuple[int, int, int, int, int, int]:
        """The date the PDF claims to be made: when finalised, else the newest change the document records, else
        the visit's start. Taken from the document so the same document gives the same bytes."""
        if self.final and parse_datetime(self.doc.get("finalised_at")):
            best = parse_datetime(self.doc.get("finalised_at"))
        else:
            stamps = [self.doc.get("finalised_at")]
            for key in ("notes", "judgements", "host_comments", "history"):
                for item in _dicts(self.doc.get(key)):
                    if key == "notes" and _confidential(item):
                        continue
                    stamps += [item.get("updated_at"), item.get("created_at"), item.get("resolved_at"), item.get("at")]
            parsed = [p.replace(tzinfo=None) for p in map(parse_datetime, stamps) if p]
            best = max(parsed) if parsed else parse_datetime(self.start_date)
        if best is None:
            return (2000, 1, 1, 0, 0, 0)
        return (best.year, best.month, best.day, best.hour, best.minute, best.second)
