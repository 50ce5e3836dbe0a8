"""Review documents for the report tests, built in code (peerreview.review/1 shape, see docs/review-document.md).

All schools, people and events are invented."""

from __future__ import annotations

import copy
import uuid

CONFIDENTIAL_TOKEN = "ZX-CONFIDENTIAL-4417-QUILLON"
WELSH_SCHOOL = "Ysgol Gymraeg Bryn Ŵy a'r Dyffryn"


def _id(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "peerreview-test:" + ":".join(map(str, parts))))


SCALE = {
    "grades": [
        {
            "key": "highly-effective",
            "label": "Highly effective",
            "colour": "#1b5e3a",
            "description": "Practice is consistently strong and could support other schools.",
        },
        {
            "key": "effective",
            "label": "Effective",
            "colour": "#5aa469",
            "description": "Practice is secure across the school, with minor inconsistencies.",
        },
        {
            "key": "developing",
            "label": "Developing",
            "colour": "#f2c14e",
            "description": "Practice is improving but not yet consistent; some pupils are not well served.",
        },
        {
            "key": "priority",
            "label": "Priority for development",
            "colour": "#c0392b",
            "description": "Practice needs urgent attention to meet pupils' needs.",
        },
    ]
}

AREAS = [
    {
        "code": "LM",
        "title": "Leadership and management",
        "description": "Vision, culture and the capacity to improve.",
        "criteria": [
            {
                "code": "LM1",
                "title": "Vision and ambition",
                "descriptor": "Leaders set a clear, ambitious vision shared by staff and governors.",
                "prompts": [],
            },
            {
                "code": "LM2",
                "title": "Staff development",
                "descriptor": "Professional development is well planned and improves teaching.",
                "prompts": [],
            },
            {
                "code": "LM3",
                "title": "Governance",
                "descriptor": "Governors know the school well and hold leaders to account.",
                "prompts": [],
            },
        ],
    },
    {
        "code": "CT",
        "title": "Curriculum and teaching",
        "description": "What pupils learn and how well they are taught.",
        "criteria": [
            {
                "code": "CT1",
                "title": "Curriculum intent and sequencing",
                "descriptor": "The curriculum is ambitious and sequenced so that knowledge builds over time.",
                "prompts": [],
            },
            {
                "code": "CT2",
                "title": "Adaptive teaching",
                "descriptor": "Teachers adapt teaching so that all pupils, including those with SEND, can access the curriculum.",
                "prompts": [],
            },
            {
                "code": "CT3",
                "title": "Assessment and feedback",
                "descriptor": "Assessment checks understanding and informs next steps.",
                "prompts": [],
            },
            {
                "code": "CT4",
                "title": "Reading",
                "descriptor": "Reading is prioritised; phonics is taught with fidelity.",
                "prompts": [],
            },
        ],
    },
    {
        "code": "BA",
        "title": "Behaviour and attitudes",
        "description": "Conduct, relationships and attendance.",
        "criteria": [
            {
                "code": "BA1",
                "title": "Conduct and routines",
                "descriptor": "Pupils behave well; routines are consistent.",
                "prompts": [],
            },
            {
                "code": "BA2",
                "title": "Attendance",
                "descriptor": "Leaders act effectively to improve attendance.",
                "prompts": [],
            },
        ],
    },
    {
        "code": "PD",
        "title": "Personal development and inclusion",
        "description": "Wider development, wellbeing and inclusion.",
        "criteria": [
            {
                "code": "PD1",
                "title": "Wellbeing and pastoral care",
                "descriptor": "Pupils feel safe and know whom to talk to.",
                "prompts": [],
            },
            {
                "code": "PD2",
                "title": "Inclusion and SEND",
                "descriptor": "Pupils with SEND are identified early and well supported.",
                "prompts": [],
            },
            {
                "code": "PD3",
                "title": "Enrichment",
                "descriptor": "All pupils take part in a broad range of enrichment.",
                "prompts": [],
            },
        ],
    },
]


def framework(graded: bool = True) -> dict:
    return {
        "key": "partnership-review" if graded else "reflective-review",
        "id": "partnership-review@2.1" if graded else "reflective-review@1.0",
        "name": "Partnership Peer Review Framework" if graded else "Reflective Peer Review Framework (narrative)",
        "version": "2.1" if graded else "1.0",
        "scale": copy.deepcopy(SCALE) if graded else None,
        "areas": copy.deepcopy(AREAS),
    }


TEAM = [
    {
        "id": _id("t", 1),
        "name": "Dr Miriam Oyelaran-Hughes",
        "role": "lead reviewer",
        "school": "Kestrel Fields Primary School",
    },
    {"id": _id("t", 2), "name": "Tomasz Wiśniewski", "role": "reviewer", "school": "St Aldric's CE Junior School"},
    {"id": _id("t", 3), "name": "Chloë Brennan-Ashby", "role": "reviewer", "school": "Harrowden Vale Academy"},
    {"id": _id("t", 4), "name": "Gareth Pryce", "role": "host headteacher", "school": "Harbourside Primary School"},
]

# (activity, time, place, year group, subject, marker, criteria, text)
NOTES = [
    (
        "leader-meeting",
        "2026-11-12T08:50",
        "Headteacher's office",
        None,
        None,
        "strength",
        ["LM1", "LM3"],
        "The headteacher described the school's three priorities clearly & consistently: early reading, attendance "
        "of disadvantaged pupils, and subject leadership in the foundation subjects. Each priority has a named lead, "
        "milestones for each half-term and a governor link.",
    ),
    (
        "learning-walk",
        "2026-11-12T09:15",
        "Key Stage 1 corridor and classrooms",
        None,
        None,
        "strength",
        ["BA1", "CT4"],
        "Calm, purposeful start to the day in every KS1 class. Phonics groups began promptly; adults used the same "
        "routines and signals, so little time was lost in transitions. Reading corners are inviting and well stocked.",
    ),
    (
        "lesson-visit",
        "2026-11-12T09:40",
        "Year 4 classroom",
        "Year 4",
        "Mathematics",
        "strength",
        ["CT2", "CT3"],
        "Teacher modelled column subtraction with exchanging using a visualiser, then checked every pupil's "
        "whiteboard before moving on. Two pupils with SEND used place-value counters and reached the same "
        'independent task. Pupils explained their reasoning: "I had to exchange a ten because 3 < 7".',
    ),
    (
        "lesson-visit",
        "2026-11-12T10:20",
        "Year 6 classroom",
        "Year 6",
        "History",
        "development",
        ["CT1", "CT2"],
        "Pupils could recall facts about the Maya civilisation but struggled to link them to earlier learning about "
        'the Ancient Greeks. The lesson\'s vocabulary ("civilisation", "empire") was not revisited from Year 3. '
        "Tasks were the same for all pupils; some finished quickly and waited.",
    ),
    (
        "work-scrutiny",
        "2026-11-12T11:00",
        "Meeting room",
        "Years 3–6",
        "English",
        "neutral",
        ["CT3", "CT1"],
        "Books from Years 3 to 6 show regular extended writing. Feedback follows the policy in most books; in two "
        "classes, pupils' responses to feedback are not evident. Handwriting is improving across Year 3.",
    ),
    (
        "pupil-voice",
        "2026-11-12T11:45",
        "Library",
        "Year 5",
        None,
        "strength",
        ["PD1", "BA1"],
        "Eight Year 5 pupils said they feel safe and named trusted adults. They described the worry box and the "
        "\u2018Calm Corner\u2019 and said bullying is rare and dealt with quickly. \u201cTeachers listen to us,\u201d one pupil said.",
    ),
    (
        "staff-voice",
        "2026-11-12T12:30",
        "Staff room",
        None,
        None,
        "strength",
        ["LM2"],
        "Early career teachers value weekly coaching and the chance to watch colleagues teach. Workload was described "
        "as manageable; marking expectations were simplified last year.",
    ),
    (
        "data-review",
        "2026-11-12T13:30",
        "Headteacher's office",
        None,
        None,
        "development",
        ["BA2"],
        "Attendance of disadvantaged pupils is 91.2% this term against 95.4% for others. Persistent absence fell "
        "from 24% to 19% but remains above the school's target of 15%.",
    ),
    (
        "lesson-visit",
        "2026-11-12T14:00",
        "Reception classroom",
        "Reception",
        "Phonics",
        "strength",
        ["CT4", "CT2"],
        "Phonics taught with fidelity to the programme. Children who needed catch-up had same-day keep-up sessions. "
        "Adults modelled pure sounds; children blended CVC words confidently.",
    ),
    (
        "document-review",
        "2026-11-12T15:00",
        "Meeting room",
        None,
        None,
        "neutral",
        ["LM3"],
        "Minutes of the last three full governing board meetings show governors asking about attendance and the "
        "impact of catch-up funding. Link governor visit notes are brief and mostly descriptive.",
    ),
    (
        "governor-meeting",
        "2026-11-13T08:45",
        "Meeting room",
        None,
        None,
        "development",
        ["LM3"],
        "The chair and vice-chair know the school's priorities but were less clear about how they check the impact "
        "of the new foundation-subject curriculum. They would welcome training on reading subject-leader reports.",
    ),
    (
        "lesson-visit",
        "2026-11-13T09:30",
        "Year 2 classroom",
        "Year 2",
        "Science",
        "development",
        ["CT1", "CT3"],
        "Pupils sorted materials by property. Some pupils confused \u2018material\u2019 and \u2018object\u2019; this was not "
        "picked up. The end-of-unit quiz checks recall but not whether pupils can apply the ideas.",
    ),
    (
        "learning-walk",
        "2026-11-13T10:15",
        "Key Stage 2 classrooms",
        None,
        None,
        "strength",
        ["BA1", "PD2"],
        "Consistent use of the behaviour policy across KS2. Pupils with an EHC plan were well integrated in lessons, "
        "with support from skilled teaching assistants who knew their targets.",
    ),
    (
        "leader-meeting",
        "2026-11-13T11:00",
        "SENCo office",
        None,
        None,
        "strength",
        ["PD2"],
        "The SENCo has a precise overview of needs. Provision maps are reviewed termly with parents. The graduated "
        "approach is well understood by teachers; referrals to outside agencies are timely.",
    ),
    (
        "parent-voice",
        "2026-11-13T12:15",
        "School gate",
        None,
        None,
        "neutral",
        ["PD1", "PD3"],
        "Parents spoken to at lunchtime were positive about communication and the after-school clubs. Two said the "
        "clubs fill quickly, so not every child who wants a place gets one.",
    ),
    (
        "data-review",
        "2026-11-13T13:00",
        "Meeting room",
        None,
        None,
        "development",
        ["PD3"],
        "Club registers show 38% of disadvantaged pupils attended at least one club last term, against 71% of other "
        "pupils. Leaders had not analysed participation by group before the visit.",
    ),
    (
        "staff-voice",
        "2026-11-13T13:45",
        "Staff room",
        None,
        None,
        "neutral",
        ["CT1", "LM2"],
        "Subject leaders for history and geography have mapped the curriculum but have not yet monitored teaching. "
        "They have protected time from January.",
    ),
]


def _notes() -> list[dict]:
    out = []
    for i, (act, when, place, yg, subj, marker, crits, text) in enumerate(NOTES):
        out.append(
            {
                "id": _id("n", i),
                "activity": act,
                "occurred_at": when,
                "place": place,
                "year_group": yg,
                "subject": subj,
                "author": TEAM[i % 3]["name"],
                "text": text,
                "criteria": crits,
                "marker": marker,
                "confidential": False,
                "remote": False,
                "attachments": (
                    [{"sha256": "ab" * 32, "filename": "photo.jpg", "size": 1234, "mime": "image/jpeg"}]
                    if i == 4
                    else []
                ),
                "created_at": when + ":30",
                "updated_at": when + ":30",
            }
        )
    return out


def _confidential_note() -> dict:
    return {
        "id": _id("n", "confidential"),
        "activity": "staff-voice",
        "occurred_at": "2026-11-12T16:00",
        "place": "Private room",
        "year_group": None,
        "subject": None,
        "author": TEAM[0]["name"],
        "text": f"{CONFIDENTIAL_TOKEN} A member of staff raised a personal concern about a colleague.",
        "criteria": ["LM2", "PD1"],
        "marker": "development",
        "confidential": True,
        "remote": False,
        "attachments": [],
        "created_at": "2026-11-12T16:05:00",
        "updated_at": "2026-11-12T16:05:00",
    }


RATIONALES = {
    "LM1": (
        "highly-effective",
        "Leaders have a clear, shared vision. Priorities are precise, owned by named leads and "
        "understood by staff, governors and pupils alike.",
    ),
    "LM2": (
        "effective",
        "Professional development is well planned, particularly for early career teachers. The impact "
        "of subject-leader development is not yet visible in the foundation subjects.",
    ),
    "LM3": (
        "developing",
        "Governors know the priorities but do not yet check the impact of the new curriculum "
        "closely. Visit notes are descriptive rather than evaluative.",
    ),
    "CT1": (
        "developing",
        "The curriculum is well mapped, but in history and science pupils do not connect new "
        "learning to what they learned before, and key vocabulary is not revisited.",
    ),
    "CT2": (
        "effective",
        "Teachers adapt well in mathematics and phonics, including for pupils with SEND. In the "
        "foundation subjects, tasks are rarely adapted for pupils who are ready for more.",
    ),
    "CT3": (
        "effective",
        "Checking for understanding is strong in mathematics. End-of-unit assessments in science "
        "check recall rather than application.",
    ),
    "CT4": (
        "highly-effective",
        "Early reading is a strength: phonics is taught with fidelity, catch-up is swift and "
        "reading areas promote a love of books.",
    ),
    "BA1": ("highly-effective", "Routines are consistent and calm across the school. Pupils are polite and focused."),
    "BA2": (
        "priority",
        "The attendance of disadvantaged pupils remains well below that of other pupils, and "
        "persistent absence is above the school's own target.",
    ),
    "PD1": ("effective", "Pupils feel safe and know whom to talk to. Parents are positive about communication."),
    "PD2": ("highly-effective", "Pupils with SEND are identified early and supported well by skilled adults."),
    "PD3": (
        "insufficient-evidence",
        "Participation data suggests disadvantaged pupils take part in fewer clubs, "
        "but the team saw too little to judge enrichment as a whole.",
    ),
}


def _judgements(notes: list[dict], graded: bool, extra_evidence: list[str] = ()) -> list[dict]:
    out = []
    labels = {g["key"]: g["label"] for g in SCALE["grades"]}
    labels["insufficient-evidence"] = "Insufficient evidence"
    for code, (grade, rationale) in RATIONALES.items():
        cited = [n["id"] for n in notes if code in n["criteria"]] + list(extra_evidence)
        if not graded:
            grade = "not-judged"
        out.append(
            {
                "id": _id("j", code),
                "criterion": code,
                "grade": grade,
                "grade_label": labels.get(grade, "Not judged"),
                "rationale": rationale,
                "evidence": cited,
                "author": TEAM[0]["name"],
                "updated_at": "2026-11-14T17:00:00",
            }
        )
    return out


FINDINGS = [
    (
        "strength",
        "Early reading is a real strength: phonics is taught with fidelity and pupils who fall behind catch up quickly.",
        ["CT4"],
    ),
    (
        "strength",
        "Behaviour is calm and routines are consistent, so lessons start promptly and little learning time is lost.",
        ["BA1"],
    ),
    (
        "strength",
        "Pupils with SEND are identified early and supported by skilled adults who know their targets well.",
        ["PD2", "CT2"],
    ),
    (
        "development",
        "Make sure that in the foundation subjects pupils routinely connect new learning to what they learned before.",
        ["CT1"],
    ),
    ("development", "Adapt tasks in the foundation subjects for pupils who are ready to go further.", ["CT2"]),
    (
        "next-step",
        "Subject leaders for history, geography and science to monitor teaching and pupils' work from January, "
        "reporting to governors in the summer term.",
        ["CT1", "LM2"],
    ),
    (
        "next-step",
        "Target attendance work on disadvantaged families, with half-termly reporting to the governing board.",
        ["BA2", "LM3"],
    ),
    ("next-step", "Analyse club participation by group and remove barriers for disadvantaged pupils.", ["PD3"]),
]


def demo_review(*, status: str = "draft_shared", version: int = 1) -> dict:
    notes = _notes()
    findings = [
        {"id": _id("f", i), "kind": k, "text": t, "criteria": c, "position": i} for i, (k, t, c) in enumerate(FINDINGS)
    ]
    conf = _confidential_note()
    doc = {
        "schema": "peerreview.review/1",
        "id": _id("review", "demo"),
        "version": version,
        "status": status,
        "mode": "author",
        "type": "full",
        "type_label": "Full peer review",
        "school": {
            "id": _id("school", 1),
            "name": "Harbourside Primary School",
            "urn": "990123",
            "cluster": "Estuary Learning Partnership",
        },
        "start_date": "2026-11-12",
        "end_date": "2026-11-13",
        "framework": framework(True),
        "context": "Harbourside is a larger-than-average two-form entry primary school serving a coastal town. "
        "About 38% of pupils are eligible for the pupil premium and 17% have special educational needs.\n\n"
        "The headteacher took up post in September 2024. Since then leaders have rewritten the "
        "curriculum for the foundation subjects and introduced a new phonics programme.",
        "focus_areas": ["Curriculum in the foundation subjects", "Attendance of disadvantaged pupils"],
        "lines_of_enquiry": [
            "How well does the new history and geography curriculum help pupils remember more over time?",
            "How effective are leaders' actions to improve the attendance of disadvantaged pupils?",
            "How well do governors check the impact of the school's priorities?",
        ],
        "team": copy.deepcopy(TEAM),
        "timetable": [
            {
                "id": _id("tt", 1),
                "date": "2026-11-12",
                "start": "08:45",
                "end": "09:15",
                "title": "Initial meeting",
                "activity": "leader-meeting",
                "location": "Headteacher's office",
                "with": "Headteacher and deputy",
            },
            {
                "id": _id("tt", 2),
                "date": "2026-11-12",
                "start": "09:15",
                "end": "10:45",
                "title": "Lesson visits, KS1 and KS2",
                "activity": "lesson-visit",
                "location": "Classrooms",
                "with": "Deputy headteacher",
            },
            {
                "id": _id("tt", 3),
                "date": "2026-11-13",
                "start": "08:45",
                "end": "09:30",
                "title": "Governors",
                "activity": "governor-meeting",
                "location": "Meeting room",
                "with": "Chair and vice-chair",
            },
        ],
        "notes": notes + [conf],
        "judgements": _judgements(notes, True, extra_evidence=[conf["id"]]),
        "findings": findings,
        "host_comments": [
            {
                "id": _id("hc", 1),
                "target": "criterion",
                "target_id": "BA2",
                "text": "Attendance of disadvantaged pupils has risen to 92.6% since half-term; the figure quoted is from September.",
                "author": "Gareth Pryce",
                "stance": "challenge",
                "created_at": "2026-11-18T16:00:00",
                "resolution": "noted",
                "reason": "The team has noted the improvement; the judgement stands because the gap remains wide.",
                "resolved_at": "2026-11-19T09:00:00",
                "resolved_by": "Dr Miriam Oyelaran-Hughes",
            },
            {
                "id": _id("hc", 2),
                "target": "finding",
                "target_id": findings[1]["id"],
                "text": "We agree & welcome this. <b>Thank you</b> to the team.",
                "author": "Gareth Pryce",
                "stance": "accept",
                "created_at": "2026-11-18T16:10:00",
                "resolution": None,
                "reason": None,
                "resolved_at": None,
                "resolved_by": None,
            },
        ],
        "history": [],
        "finalised_at": None,
        "report_sha256": None,
    }
    if status == "final":
        doc["finalised_at"] = "2026-11-20T10:30:00"
    return doc


def final_review() -> dict:
    return demo_review(status="final", version=2)


def ungraded_review() -> dict:
    doc = demo_review(status="in_progress")
    doc["id"] = _id("review", "ungraded")
    doc["framework"] = framework(False)
    doc["school"] = {"id": _id("school", 2), "name": "Larkmead Infant School", "urn": None, "cluster": None}
    doc["type"], doc["type_label"] = "focused", "Focused review"
    notes = [n for n in doc["notes"] if not n["confidential"]]
    doc["judgements"] = _judgements(notes, False)
    doc["host_comments"] = []
    return doc


def empty_review() -> dict:
    """A review just planned: no notes, judgements, findings, context or timetable."""
    return {
        "schema": "peerreview.review/1",
        "id": _id("review", "empty"),
        "version": 1,
        "status": "planned",
        "mode": "author",
        "type": "rapid",
        "type_label": "Rapid response review",
        "school": {"id": _id("school", 3), "name": "Empty Fields Primary", "urn": None, "cluster": None},
        "start_date": "2026-11-21",
        "end_date": None,
        "framework": framework(True),
        "context": "",
        "focus_areas": [],
        "lines_of_enquiry": [],
        "team": [],
        "timetable": [],
        "notes": [],
        "judgements": [],
        "findings": [],
        "host_comments": [],
        "history": [],
        "finalised_at": None,
        "report_sha256": None,
    }


LONG_NOTE_START = "Disgyblion yn trafod ŷ ŵ â ë"


def welsh_long_note_review() -> dict:
    """A Welsh-named school and team with a 10,000-character note cited by a judgement."""
    doc = empty_review()
    doc["id"] = _id("review", "welsh")
    doc["status"], doc["type"], doc["type_label"] = "in_progress", "focused", "Focused review"
    doc["school"] = {
        "id": _id("school", 4),
        "name": WELSH_SCHOOL,
        "urn": "990456",
        "cluster": "Partneriaeth Dyffryn Ŷr",
    }
    doc["start_date"] = "2026-11-30"
    doc["end_date"] = "2026-12-01"
    doc["team"] = [
        {"id": _id("tw", 1), "name": "Siân Llŷr ap Dafydd", "role": "lead reviewer", "school": "Ysgol y Môr Ŵyn"},
        {"id": _id("tw", 2), "name": "Rhodri Ŵen Prydderch", "role": "host headteacher", "school": WELSH_SCHOOL},
    ]
    text = ("Disgyblion yn trafod ŷ ŵ â ë — “quoted” text & <tags>. " * 230)[:10000]
    doc["notes"] = [
        {
            "id": _id("nw", 1),
            "activity": "pupil-voice",
            "occurred_at": "2026-11-30T10:00",
            "place": "Neuadd",
            "year_group": "Blwyddyn 6",
            "subject": "Cymraeg",
            "author": "Siân Llŷr ap Dafydd",
            "text": text,
            "criteria": ["CT1"],
            "marker": "strength",
            "confidential": False,
            "remote": False,
            "attachments": [],
            "created_at": "2026-11-30T10:02:00",
            "updated_at": "2026-11-30T10:02:00",
        }
    ]
    doc["judgements"] = [
        {
            "id": _id("jw", 1),
            "criterion": "CT1",
            "grade": "effective",
            "grade_label": "Effective",
            "rationale": "Pupils talk confidently about their learning in Welsh and English.",
            "evidence": [_id("nw", 1)],
            "author": "Siân Llŷr ap Dafydd",
            "updated_at": "2026-12-01T15:00:00",
        }
    ]
    return doc
