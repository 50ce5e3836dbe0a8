"""A fictional partnership for the partnership tests and benchmark: invented schools in invented clusters, review
documents (peerreview.review/1) built in code and stored as a partnership lead receives them.

`forty_school_partnership(store)` is the designed one the tests assert on (every grade placed on purpose);
`bulk_partnership(store, schools, years)` fills a store with varied random reviews for the scale benchmark."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field

SPR = "school-peer-review@2026.1"
RAPID = "rapid-review@2026.1"
CURRIC = "curriculum-focus@2026.1"
MATURITY = "partnership-maturity@2026.1"
SECRET = "QX-CONFIDENTIAL-7731-MERIDEW"

SPR_CODES = ["LM1", "LM2", "LM3", "LM4", "CT1", "CT2", "CT3", "CT4", "CT5", "LO1", "LO2", "LO3", "LO4", "IS1", "IS2",
             "IS3", "IS4", "BA1", "BA2", "BA3", "BA4", "PD1", "PD2", "PD3", "PD4", "PO1", "PO2", "PO3"]
SPR_GRADES = ["secure-sharing", "secure", "developing", "priority"]
RAPID_CODES = ["RL1", "RL2", "RT1", "RT2", "RT3", "RW1", "RW2"]
MATURITY_CODES = ["SV1", "SV2", "SV3", "LG1", "LG2", "LG3", "CJ1", "CJ2", "CJ3", "DE1", "DE2", "DE3", "PR1", "PR2",
                  "PR3", "PR4", "IM1", "IM2", "IM3"]
MATURITY_GRADES = ["leading", "established", "developing", "emerging"]
CLUSTERS = ["Harrowdene Cluster", "Millbeck Cluster", "Saltmarsh Cluster", "Copperfield Cluster"]

_PLACES_A = ["Ash", "Bram", "Cal", "Dun", "Elm", "Fern", "Gor", "Hol", "Ivy", "Kes", "Lym", "Mar", "Nor", "Oak",
             "Pen", "Quen", "Ros", "Sal", "Thorn", "Ul", "Wil", "Yew", "Birch", "Cold"]
_PLACES_B = ["ford", "ley", "wick", "brook", "field", "mere", "ton", "combe", "dale", "stow", "hurst", "thorpe",
             "well"]
_KINDS = ["Primary School", "Academy", "Infant School", "Junior School", "CE Primary School", "Primary Academy",
          "Community Primary School", "High School"]
PEOPLE = ["Ruth Calloway", "Imran Qadir", "Beth Okonjo", "Tomasz Wren", "Gwen Pellow", "Dev Anand Rai",
          "Nia Hartwell", "Conor Blaise", "Priya Menon-Shaw", "Sam Oduya"]


def _id(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "peerreview-partnership-test:" + ":".join(map(str, parts))))


def school_names(n: int) -> list[str]:
    out: list[str] = []
    i = 0
    while len(out) < n:
        a, b = _PLACES_A[i % len(_PLACES_A)], _PLACES_B[(i // len(_PLACES_A)) % len(_PLACES_B)]
        kind = _KINDS[(i * 7) % len(_KINDS)]
        out.append(f"{a}{b} {kind}")
        i += 1
    return out


@dataclass
class SchoolSpec:
    name: str
    urn: str
    cluster: str


def schools(n: int = 40, clusters: int = 4) -> list[SchoolSpec]:
    return [SchoolSpec(name, str(700001 + i), CLUSTERS[i % clusters]) for i, name in enumerate(school_names(n))]


def review_doc(school: SchoolSpec | None, *, framework: str = SPR, rtype: str = "full", start: str = "2026-10-05",
               grades: dict[str, str] | None = None, rationales: dict[str, str] | None = None,
               findings: list[tuple[str, str]] = (), status: str = "final", version: int = 1,
               review_id: str | None = None, reviewer: str = "Ruth Calloway", confidential: str | None = SECRET,
               school_name: str | None = None) -> dict:
    """A review document as a signed package carries it (confidential note included, as in a package encrypted to
    the lead)."""
    rid = review_id or _id("review", school.urn if school else school_name, framework, start)
    name = school.name if school else school_name
    notes, judgements = [], []
    for code, grade in (grades or {}).items():
        nid = _id(rid, version, "note", code)
        notes.append({"id": nid, "activity": "learning-walk", "occurred_at": f"{start}T09:30", "place": "", "year_group": "",
                      "subject": "", "author": reviewer, "text": f"Evidence seen for {code} at {name}.",
                      "criteria": [code], "marker": "neutral", "confidential": False, "remote": False,
                      "attachments": []})
        judgements.append({"id": _id(rid, version, "judgement", code), "criterion": code, "grade": grade,
                           "grade_label": grade, "rationale": (rationales or {}).get(code, f"{code} at {name}: {grade}."),
                           "evidence": [nid], "author": reviewer, "updated_at": f"{start}T15:00:00"})
    if confidential:
        notes.append({"id": _id(rid, version, "secret"), "activity": "staff-voice", "occurred_at": f"{start}T11:00",
                      "author": reviewer, "text": f"{confidential}: a staffing matter shared in confidence.",
                      "criteria": [], "marker": "neutral", "confidential": True, "attachments": []})
    return {
        "schema": "peerreview.review/1", "id": rid, "version": version, "status": status, "mode": "author",
        "type": rtype, "school": {"id": None, "name": name, "urn": school.urn if school else None,
                                  "cluster": school.cluster if school else None},
        "start_date": start, "end_date": None, "framework": {"id": framework}, "context": "",
        "focus_areas": [], "lines_of_enquiry": [],
        "team": [{"id": _id(rid, "lead"), "name": reviewer, "role": "lead reviewer", "school": "Partner school"},
                 {"id": _id(rid, "second"), "name": "Imran Qadir", "role": "reviewer", "school": "Partner school"}],
        "timetable": [], "notes": notes, "judgements": judgements,
        "findings": [{"id": _id(rid, version, "finding", i), "kind": kind, "text": text, "criteria": [], "position": i}
                     for i, (kind, text) in enumerate(findings)],
        "host_comments": [], "finalised_at": f"{start}T16:00:00" if status == "final" else None,
        "report_sha256": None,
    }


def store_doc(store, doc: dict, mode: str = "received") -> str:  # noqa: ANN001
    from peerreview_desktop.core import review_document

    with store.write() as s:
        review_document.load_in(s, doc, mode=mode)
    return doc["id"]


def supersede(store, old: dict, new: dict) -> None:  # noqa: ANN001
    """What the import does with a newer revision: the old one kept as an earlier version, the new one stored."""
    from peerreview_desktop.core import review_document
    from peerreview_desktop.core.models import ReviewVersion

    with store.write() as s:
        review_document.load_in(s, new, mode="received")  # replaces the review (and its earlier versions' rows)
        s.add(ReviewVersion(review_id=old["id"], version=old["version"], status="superseded",
                            document=json.dumps(old)))


# -- the designed partnership of 40 schools --------------------------------------------------------------------------

READING_STEP = ["Develop reading fluency in KS2.", "develop reading fluency in Key Stage 2",
                "Develop Reading Fluency in KS2", "Develop reading fluency in key stage 2."]


@dataclass
class Scenario:
    schools: list[SchoolSpec]
    by_name: dict[str, SchoolSpec] = field(default_factory=dict)
    review_ids: dict[str, str] = field(default_factory=dict)  # school name → latest review ID

    def s(self, i: int) -> SchoolSpec:
        return self.schools[i]


def forty_school_partnership(store) -> Scenario:  # noqa: ANN001
    """40 schools in 4 clusters, each with a final full review on the School Peer Review Framework, all criteria
    Secure except where placed:

    - school 0 (cluster 0) and school 5 (cluster 1): Secure and sharing in CT4 (reading);
    - schools 1 (cluster 1), 2 (cluster 2), 4 (cluster 0): Priority for development in CT4; school 3 the same in its
      2025 review, but its 2026 review (the latest) says Secure;
    - school 6: Priority for development in BA2 (attendance), and no school is strong in it;
    - school 7: LM grades Secure and sharing, Secure and sharing, Developing, Priority → area roll-up Secure and sharing;
    - school 8: LM grades Priority, Priority, Developing, Secure → area roll-up Developing;
    - school 9: version 1 said Priority in CT4, version 2 (current) says Secure;
    - school 10: a review in progress (not final) saying Priority in CT4: it does not count;
    - schools 0–4: next step "Develop reading fluency in KS2" in four different wordings (one theme of 5);
    - schools 11–13: curriculum reviews (ungraded) with the next step "Improve the sequencing of vocabulary in
      science" → a theme, and no heat map for that framework;
    - schools 14–16: rapid reviews (a second heat map);
    - the partnership's self-evaluations in 2024/25, 2025/26, 2026/27 (CJ improving, IM falling).
    """
    sc = Scenario(schools(40, 4))
    sc.by_name = {s.name: s for s in sc.schools}
    base = {c: "secure" for c in SPR_CODES}
    placed: dict[int, dict[str, str]] = {
        0: {"CT4": "secure-sharing"}, 5: {"CT4": "secure-sharing"},
        1: {"CT4": "priority"}, 2: {"CT4": "priority"}, 4: {"CT4": "priority"},
        6: {"BA2": "priority"},
        7: {"LM1": "secure-sharing", "LM2": "secure-sharing", "LM3": "developing", "LM4": "priority"},
        8: {"LM1": "priority", "LM2": "priority", "LM3": "developing", "LM4": "secure"},
    }
    rationale = {0: "Daily fluency practice and a reading spine used in every class; pupils read widely and often.",
                 5: "Phonics taught with fidelity; the reading leader coaches new staff.",
                 1: "Too many pupils in Years 3 and 4 read haltingly; catch-up is not systematic.",
                 2: "Weaker readers are not heard read often enough.",
                 4: "Reading books are not matched to the sounds pupils know."}
    for i, school in enumerate(sc.schools):
        grades = {**base, **placed.get(i, {})}
        found = [("strength", "Warm, purposeful relationships between staff and pupils.")]
        if i < 5:
            found.append(("next-step", READING_STEP[i % 4]))
        if i == 6:
            found.append(("development", "Attendance of disadvantaged pupils remains too low."))
        rats = {"CT4": rationale[i]} if i in rationale else {}
        doc = review_doc(school, grades=grades, rationales=rats, findings=found, reviewer=PEOPLE[i % len(PEOPLE)])
        if i == 9:
            v1 = review_doc(school, grades={**grades, "CT4": "priority"}, version=1)
            v2 = review_doc(school, grades=grades, version=2, findings=found)
            store_doc(store, v1)
            supersede(store, v1, v2)
            sc.review_ids[school.name] = v2["id"]
            continue
        store_doc(store, doc)
        sc.review_ids[school.name] = doc["id"]
    # school 3: an older review with a priority, then a newer one without
    s3 = sc.s(3)
    store_doc(store, review_doc(s3, start="2025-03-10", grades={**base, "CT4": "priority"}))
    # school 10: a review still in progress
    store_doc(store, review_doc(sc.s(10), start="2026-11-20", grades={**base, "CT4": "priority"}, status="in_progress",
                                review_id=_id("draft", 10)), mode="author")
    for i in (11, 12, 13):
        store_doc(store, review_doc(sc.s(i), framework=CURRIC, rtype="curriculum", start="2026-06-15",
                                    grades={"CI1": "not-judged"},
                                    findings=[("next-step", "Improve the sequencing of vocabulary in science."),
                                              ("strength", "Ambitious history curriculum.")]))
    for i in (14, 15, 16):
        store_doc(store, review_doc(sc.s(i), framework=RAPID, rtype="rapid", start="2026-02-02",
                                    grades={c: ("urgent-support" if (c == "RT2" and i == 14) else
                                                "on-track" if (c == "RT2" and i == 15) else "some-concerns")
                                            for c in RAPID_CODES}))
    years = {"2024-11-12": {"CJ": "emerging", "IM": "leading"}, "2025-11-11": {"CJ": "developing", "IM": "established"},
             "2026-11-10": {"CJ": "established", "IM": "developing"}}
    for day, areas in years.items():
        grades = {c: areas.get(c[:2], "established") for c in MATURITY_CODES}
        store_doc(store, review_doc(None, school_name="Brightwater Learning Partnership", framework=MATURITY,
                                    rtype="partnership-self-evaluation", start=day, grades=grades,
                                    findings=[("next-step", "Broker school-to-school support for reading.")]))
    return sc


# -- many schools over several years (benchmark) ---------------------------------------------------------------------

def bulk_partnership(store, n_schools: int = 300, years: int = 3, seed: int = 7) -> int:  # noqa: ANN001
    """`n_schools` schools in 6 clusters, each reviewed once a year for `years` years; returns the reviews stored."""
    from peerreview_desktop.core import review_document

    rng = random.Random(seed)
    specs = [SchoolSpec(name, str(800001 + i), (CLUSTERS + ["Kestrel Vale Cluster", "Greystone Cluster"])[i % 6])
             for i, name in enumerate(school_names(n_schools))]
    steps = ["Develop reading fluency in KS2.", "Sharpen the use of assessment to adapt teaching.",
             "Improve attendance of disadvantaged pupils.", "Strengthen governors' challenge on outcomes.",
             "Extend pupil leadership roles.", "Build subject leaders' monitoring skills."]
    n = 0
    with store.write() as s:
        for y in range(years):
            for i, school in enumerate(specs):
                bias = rng.random()
                grades = {c: SPR_GRADES[min(3, max(0, int(rng.gauss(1.2 + bias, 0.9))))] for c in SPR_CODES}
                doc = review_doc(school, start=f"{2024 + y}-{10 + (i % 3)}-{1 + (i % 27):02d}", grades=grades,
                                 findings=[("strength", "Calm, orderly classrooms."),
                                           ("next-step", rng.choice(steps)), ("development", rng.choice(steps))],
                                 reviewer=PEOPLE[(i + y) % len(PEOPLE)], review_id=_id("bulk", i, y))
                review_document.load_in(s, doc, mode="received")
                n += 1
        for y in range(years):
            grades = {c: rng.choice(MATURITY_GRADES) for c in MATURITY_CODES}
            review_document.load_in(s, review_doc(None, school_name="Brightwater Learning Partnership",
                                                  framework=MATURITY, rtype="partnership-self-evaluation",
                                                  start=f"{2024 + y}-11-10", grades=grades), mode="received")
    return n
