"""Benchmark: the PDF report of a 500-note review against plain reportlab writing the same paragraphs.

`measure()` renders a generated review (500 notes that read like real ones: varied activities, places and
vocabulary, from one line to about a page) with `render_report`, and times a floor: reportlab's SimpleDocTemplate
writing every free-text paragraph the report prints (context, rationales, findings, each cited note each time it is
cited, with its citation line) in one style with the same embedded fonts. The ratio is ours / floor; the goal is
1.3. What the floor leaves out is the report's own structure: cover, tables, grade chart, headings, running
header and footer, watermark, outline. Fonts are registered before timing (both sides use them; registering is a
once-per-process cost).
"""

from __future__ import annotations

import io
import random
import tempfile
import time
from pathlib import Path

ACTIVITIES = (
    ["lesson-visit"] * 5
    + ["learning-walk"] * 2
    + [
        "work-scrutiny",
        "work-scrutiny",
        "pupil-voice",
        "staff-voice",
        "parent-voice",
        "leader-meeting",
        "governor-meeting",
        "data-review",
        "document-review",
        "other",
    ]
)
YEARS = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
SUBJECTS = [
    "Mathematics",
    "English",
    "Science",
    "History",
    "Geography",
    "Art and design",
    "Music",
    "PE",
    "Computing",
    "RE",
    "French",
    "Design and technology",
    "Phonics",
    "PSHE",
]
PLACES = [
    "{y} classroom",
    "Library",
    "Hall",
    "Playground",
    "Staff room",
    "Meeting room",
    "Headteacher's office",
    "Nurture room",
    "Forest school area",
    "Dining hall",
    "KS2 corridor",
    "Music room",
]

OPENERS = [
    "Pupils in {y} were {doing} during a {s} lesson.",
    "On arrival, {y} pupils settled quickly and began {doing}.",
    "The teacher introduced the {s} lesson by {teacher}.",
    "In {s}, adults {adults} while pupils were {doing}.",
    "Books from {y} in {s} show {books}.",
    "Pupils we spoke to in {y} {voice}.",
    "Leaders explained that {leaders}.",
    "The {s} subject leader {leaders2}.",
    "Records reviewed show {data}.",
]
DOING = [
    "comparing fractions with different denominators",
    "drafting a persuasive letter to the council",
    "sorting materials by their properties",
    "rehearsing a song in two parts",
    "retelling a story using a map",
    "measuring the perimeter of rectilinear shapes",
    "explaining why the Romans built roads",
    "using a timeline to order events in the Stone Age",
    "blending sounds to read unfamiliar words",
    "debugging a simple algorithm",
    "sketching observational drawings of seed heads",
    "discussing the features of a good question in RE",
    "editing their writing with a partner",
]
TEACHER = [
    "recapping key vocabulary from the previous unit",
    "modelling the method on the visualiser",
    "asking pupils to recall what they learned last week",
    "sharing a clear success criterion",
    "using a short retrieval quiz",
    "reading a high-quality text aloud",
]
ADULTS = [
    "checked each pupil's whiteboard before moving on",
    "supported a small group with concrete resources",
    "questioned pupils to deepen their reasoning",
    "circulated and corrected misconceptions promptly",
    "modelled precise vocabulary",
    "adapted the task for two pupils with SEND",
]
BOOKS = [
    "a clear sequence of learning over the term",
    "regular opportunities for extended writing",
    "feedback that pupils act on in the next lesson",
    "inconsistent presentation in some classes",
    "that pupils revisit key knowledge at the start of each unit",
    "work that is well matched to the curriculum",
]
VOICE = [
    "said they feel safe and know whom to talk to",
    "could explain what they had learned last term",
    "described the reward system enthusiastically",
    "said lessons are sometimes too easy",
    "talked confidently about books they are reading",
    "were less sure how history links to geography",
]
LEADERS = [
    "attendance of disadvantaged pupils is their first priority this year",
    "the curriculum was rewritten last year with support from the partnership",
    "new staff receive weekly coaching in their first term",
    "governors visit each term with a clear focus",
]
LEADERS2 = [
    "has mapped the curriculum from Reception to Year 6",
    "has not yet monitored teaching this year",
    "knows the strengths and gaps in the subject well",
    "has introduced a new assessment approach",
]
DATA = [
    "attendance of 94.1% this term, slightly below last year",
    "a fall in persistent absence from 21% to 17%",
    "a rise in the proportion of pupils meeting the expected standard in phonics",
    "few exclusions and a steady fall in behaviour incidents",
    "club participation lower for disadvantaged pupils",
]
FOLLOW = [
    "Most pupils {ok}, although {but}.",
    "This was consistent across the classes we visited.",
    "Adults used consistent routines, so little time was lost.",
    "Some pupils finished quickly and were not moved on.",
    "Pupils explained their reasoning clearly, using the vocabulary displayed on the working wall.",
    "When asked, several pupils could not connect this to earlier learning.",
    "The pace was brisk and expectations were high.",
    "Two pupils needed reminders to stay on task.",
    "Resources were well chosen and accessible to all.",
    "Questions were mostly closed and checked recall only.",
    "Leaders agreed that this is an area to develop further.",
    "This links to the school's current priorities.",
]
OK = ["answered confidently", "completed the task accurately", "used the correct vocabulary", "worked with focus"]
BUT = [
    "a few found the final step difficult",
    "the most able were not stretched",
    "some recorded work untidily",
    "quieter pupils contributed little",
]


def _note_text(rng: random.Random, year: str, subject: str) -> str:
    def fill(t: str) -> str:
        return t.format(
            y=year,
            s=subject,
            doing=rng.choice(DOING),
            teacher=rng.choice(TEACHER),
            adults=rng.choice(ADULTS),
            books=rng.choice(BOOKS),
            voice=rng.choice(VOICE),
            leaders=rng.choice(LEADERS),
            leaders2=rng.choice(LEADERS2),
            data=rng.choice(DATA),
            ok=rng.choice(OK),
            but=rng.choice(BUT),
        )

    # lengths from a line to about a page: mostly short, a long tail
    n = min(int(rng.expovariate(1 / 4)) + 1, 40) if rng.random() > 0.015 else rng.randint(35, 48)
    parts = [fill(rng.choice(OPENERS))] + [fill(rng.choice(FOLLOW)) for _ in range(n - 1)]
    if n > 8:  # long notes come in paragraphs
        cut = n // 2
        return " ".join(parts[:cut]) + "\n\n" + " ".join(parts[cut:])
    return " ".join(parts)


def _framework() -> dict:
    grades = [
        ("highly-effective", "Highly effective", "#1b5e3a"),
        ("effective", "Effective", "#5aa469"),
        ("developing", "Developing", "#f2c14e"),
        ("priority", "Priority for development", "#c0392b"),
    ]
    titles = {
        "LM": ("Leadership and management", ["Vision and ambition", "Staff development", "Governance"]),
        "CT": ("Curriculum and teaching", ["Curriculum sequencing", "Adaptive teaching", "Assessment", "Reading"]),
        "BA": ("Behaviour and attitudes", ["Conduct and routines", "Attendance"]),
        "PD": ("Personal development", ["Wellbeing", "Inclusion and SEND", "Enrichment"]),
    }
    return {
        "key": "bench",
        "id": "bench@1",
        "name": "Benchmark Peer Review Framework",
        "version": "1",
        "scale": {
            "grades": [{"key": k, "label": lbl, "colour": c, "description": f"{lbl} practice."} for k, lbl, c in grades]
        },
        "areas": [
            {
                "code": code,
                "title": title,
                "description": "",
                "criteria": [
                    {"code": f"{code}{i}", "title": t, "descriptor": f"{t}: what good looks like.", "prompts": []}
                    for i, t in enumerate(crits, 1)
                ],
            }
            for code, (title, crits) in titles.items()
        ],
    }


def generate(n_notes: int = 500, seed: int = 2026) -> dict:
    """A two-day review with `n_notes` notes; every criterion judged and citing the notes tagged to it."""
    rng = random.Random(seed)
    fw = _framework()
    codes = [c["code"] for a in fw["areas"] for c in a["criteria"]]
    notes = []
    for i in range(n_notes):
        year, subject = rng.choice(YEARS), rng.choice(SUBJECTS)
        day = 12 + (i * 2) // n_notes
        minute = 8 * 60 + 30 + (i % (n_notes // 2 or 1)) * 480 // max(n_notes // 2, 1)
        notes.append(
            {
                "id": f"00000000-0000-4000-8000-{i:012d}",
                "activity": rng.choice(ACTIVITIES),
                "occurred_at": f"2026-11-{day}T{minute // 60:02d}:{minute % 60:02d}",
                "place": rng.choice(PLACES).format(y=year),
                "year_group": year,
                "subject": subject,
                "author": rng.choice(["Reviewer A", "Reviewer B", "Reviewer C"]),
                "text": _note_text(rng, year, subject),
                "criteria": rng.sample(codes, rng.choice([1, 1, 1, 2])),
                "marker": rng.choice(["strength", "strength", "development", "neutral"]),
                "confidential": False,
                "remote": False,
                "attachments": [],
                "created_at": "2026-11-12T09:00:00",
                "updated_at": "2026-11-12T09:00:00",
            }
        )
    keys = [g["key"] for g in fw["scale"]["grades"]]
    judgements = [
        {
            "id": f"10000000-0000-4000-8000-{i:012d}",
            "criterion": code,
            "grade": rng.choice(keys),
            "rationale": " ".join(_note_text(rng, "Year 4", "Mathematics").split()[:60]),
            "evidence": [n["id"] for n in notes if code in n["criteria"]],
            "author": "Reviewer A",
            "updated_at": "2026-11-14T17:00:00",
        }
        for i, code in enumerate(codes)
    ]
    findings = [
        {
            "id": f"20000000-0000-4000-8000-{i:012d}",
            "kind": kind,
            "text": _note_text(rng, "Year 5", "English"),
            "criteria": [rng.choice(codes)],
            "position": i,
        }
        for i, kind in enumerate(["strength"] * 4 + ["development"] * 3 + ["next-step"] * 3)
    ]
    return {
        "schema": "peerreview.review/1",
        "id": "30000000-0000-4000-8000-000000000001",
        "version": 1,
        "status": "draft_shared",
        "mode": "author",
        "type": "full",
        "type_label": "Full peer review",
        "school": {"id": "x", "name": "Benchmark Primary School", "urn": None, "cluster": None},
        "start_date": "2026-11-12",
        "end_date": "2026-11-13",
        "framework": fw,
        "context": _note_text(rng, "Year 6", "English"),
        "focus_areas": ["Curriculum"],
        "lines_of_enquiry": [],
        "team": [{"id": "t", "name": "Reviewer A", "role": "lead reviewer", "school": "Elsewhere School"}],
        "timetable": [],
        "notes": notes,
        "judgements": judgements,
        "findings": findings,
        "host_comments": [],
        "history": [],
        "finalised_at": None,
        "report_sha256": None,
    }


def _printed_paragraphs(doc: dict) -> list[str]:
    """Every free-text paragraph the report prints, as often as it prints it: the context, findings and
    rationales, and for each cited note its citation line (activity · place · time) and its text."""
    from peerreview_desktop.core.report.evidence_notes import note_meta
    from peerreview_desktop.core.report.model import ReportModel
    from peerreview_desktop.core.report.wording import esc, paragraphs_of

    model = ReportModel(doc)
    by_id = {n["id"]: n for n in doc["notes"]}
    out = paragraphs_of(doc["context"])
    for f in doc["findings"]:
        out += paragraphs_of(f["text"])
    for j in doc["judgements"]:
        out += paragraphs_of(j["rationale"])
        for nid in j["evidence"]:
            out.append(esc(note_meta(model, by_id[nid])))
            out += paragraphs_of(by_id[nid]["text"])
    return out


def _floor(paragraphs: list[str]) -> bytes:
    """Plain reportlab: SimpleDocTemplate, one style, the report's body font. Streams are written without the
    ASCII85 layer, as the report writes them, so the two differ in layout work only."""
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from peerreview_desktop.core.report import styles as st

    style = st.styles()["body"]
    buf = io.BytesIO()
    a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        SimpleDocTemplate(buf, pagesize=A4, invariant=1, initialFontName=st.SANS).build(
            [Paragraph(p, style) for p in paragraphs]
        )
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()


def _best_of_interleaved(a, b, repeats: int) -> tuple[float, float]:
    """Best time of each of two functions, run alternately so that a change in machine load hits both."""
    ta, tb = [], []
    for _ in range(repeats):
        for fn, times in ((a, ta), (b, tb)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return min(ta), min(tb)


def measure(n_notes: int = 500, repeats: int = 5) -> dict:
    from peerreview_desktop.core.report import render_report
    from peerreview_desktop.core.report import styles as st

    st.register_fonts()
    st.styles()
    doc = generate(n_notes)
    paragraphs = _printed_paragraphs(doc)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.pdf"
        render_report(doc, out)  # warm-up (imports, caches) on both sides
        _floor(paragraphs)
        ours, floor = _best_of_interleaved(lambda: render_report(doc, out), lambda: _floor(paragraphs), repeats)
    return {
        "name": f"PDF report, {n_notes} notes",
        "ours_s": round(ours, 4),
        "floor_s": round(floor, 4),
        "ratio": round(ours / floor, 3),
        "goal": 1.3,
    }


if __name__ == "__main__":
    print(measure())
