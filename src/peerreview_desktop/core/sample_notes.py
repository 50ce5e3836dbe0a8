"""Generated fictional evidence notes that read like real ones, in any number: for `peerreview demo --notes N`, the
benchmarks and trying the app with a large store. Invented schools and people only.

Each note is built from the activity it records (a lesson visit reads differently from a parent's comment or a
data review): an opening observation, then follow-up sentences, with the shorthand reviewers really use (TA,
SENCo, PP, EHCP); most notes are a line or a few, a long tail runs to about a page in paragraphs. A seed makes the
output the same every time."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from . import audit, framework_library, reviews
from .changes import Changes
from .models import Note, NoteCriterion, Review, new_id, utcnow

ACTIVITIES = (["lesson-visit"] * 7 + ["learning-walk"] * 4 + ["work-scrutiny"] * 3 + ["pupil-voice"] * 2
              + ["staff-voice", "parent-voice", "leader-meeting", "governor-meeting", "data-review",
                 "document-review", "other"])
YEARS = ["Nursery", "Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
TOPICS = {
    "Mathematics": ["place value", "column subtraction", "equivalent fractions", "times tables", "area and perimeter",
                    "reasoning problems", "bar models", "number bonds", "long division", "ratio"],
    "English": ["inference", "persuasive writing", "fronted adverbials", "shared reading", "spelling patterns",
                "the class novel", "handwriting", "drafting and editing", "speech punctuation", "poetry"],
    "Phonics": ["blending", "segmenting", "tricky words", "decodable books", "sound mats", "phoneme frames"],
    "Science": ["fair testing", "electrical circuits", "the water cycle", "forces and magnets", "habitats",
                "states of matter", "plant growth", "predictions and results"],
    "History": ["the Roman invasion", "chronology", "the Victorians", "sources and evidence", "local history",
                "the Stone Age to the Iron Age", "Anglo-Saxon settlements"],
    "Geography": ["map skills", "rivers", "fieldwork", "climate zones", "the local area", "compass directions"],
    "Art and design": ["observational drawing", "colour mixing", "printing", "sketchbooks", "clay work"],
    "Music": ["singing in parts", "rhythm", "glockenspiels", "composition", "listening and appraising"],
    "PE": ["invasion games", "gymnastics sequences", "dance", "swimming", "striking and fielding"],
    "Computing": ["algorithms", "debugging", "online safety", "spreadsheets", "block coding"],
    "RE": ["festivals of light", "sacred texts", "big questions", "places of worship"],
    "French": ["greetings", "numbers to twenty", "classroom instructions", "simple sentences"],
    "PSHE": ["friendships", "keeping safe", "feelings", "healthy choices", "relationships"],
    "Design and technology": ["levers and linkages", "food technology", "evaluating products", "textiles"],
}
SUBJECTS = list(TOPICS)
PLACES = ["{y} classroom", "Library", "Hall", "Playground", "Dining hall", "Nurture room", "Forest school area",
          "Music room", "KS1 corridor", "KS2 corridor", "Intervention room", "Headteacher's office", "Staff room",
          "Outdoor classroom", "Computing suite", "Sensory room"]
FIRST = ["Amara", "Tobias", "Helena", "Rafael", "Constance", "Idris", "Marguerite", "Oluwaseun", "Bronwen", "Callum",
         "Ingrid", "Dev", "Saoirse", "Benedict", "Yasmin", "Lorcan"]
LAST = ["Penhallow", "Ashdown", "Marchetti", "Oyelaran", "Fairbairn", "Quennell", "Ravensworth", "Tillotson",
        "Abernethy", "Kowalczyk", "Strathearn", "Delacourt"]
TOWNS = ["Fernleigh", "Kestrelmoor", "Ashby Vale", "Hollin Cross", "Wrenfield", "Marlow Heath", "Thornbury Fen",
         "Larkspur", "Brackendale", "Copperbeech", "Sallowmere", "Eastwold", "Pennyholt", "Ravenscar Hythe"]
KINDS = ["Primary School", "Primary Academy", "Church of England Primary School", "Infant School", "Junior School",
         "Community Primary School", "Catholic Primary School"]

PUPILS = ["Pupils", "Most pupils", "A group of pupils", "Several pupils", "Disadvantaged pupils", "Pupils with SEND",
          "Two boys", "A small group", "The most able pupils", "PP pupils", "Younger pupils", "Children"]
ADULT = ["The teacher", "The class teacher", "The TA", "The HLTA", "A cover supervisor", "The ECT",
         "The subject leader", "The SENCo", "The deputy headteacher", "A support assistant"]
STRATEGY = ["modelled the method on the visualiser", "used cold-calling to check understanding",
            "asked pupils to explain their thinking to a partner", "shared a clear success criterion",
            "used mini whiteboards to check every pupil's answer", "revisited vocabulary from the previous lesson",
            "read aloud from a well-chosen text", "gave precise verbal feedback", "adapted the task on the spot",
            "used a short retrieval quiz", "paused the class to address a common misconception",
            "questioned pupils to deepen their reasoning", "used a visual timetable", "pre-taught key words"]
DOING = ["working independently on {t}", "discussing {t} in pairs", "practising {t}", "recording their ideas about {t}",
         "answering questions on {t}", "explaining {t} to an adult", "completing a challenge task on {t}",
         "rehearsing {t} before writing", "using concrete resources for {t}", "reading aloud about {t}"]
QUALITY = ["confidently", "with growing independence", "accurately", "hesitantly", "with some support",
           "enthusiastically", "carefully", "with precise vocabulary", "without prompting", "with evident enjoyment"]
BOOKS = ["a clear sequence of learning on {t}", "regular extended writing", "feedback that pupils respond to",
         "inconsistent presentation between classes", "work well matched to the curriculum plan",
         "little evidence of {t} since the autumn", "good progress in {t} over the term", "corrections acted on",
         "too many incomplete tasks", "the same task set for all pupils regardless of starting point"]
QUOTES = {
    "pupil-voice": ["I like it when we get to explain our answers", "we do {t} every week and it's getting easier",
                    "if I'm stuck I use the working wall", "the teachers are kind and they listen",
                    "sometimes the work is too easy", "I don't really know why we learn {t}",
                    "we have a worry box and someone always reads it", "my favourite thing is the library",
                    "playtimes can be a bit rough on the field", "we learned about {t} last year but I forgot it"],
    "parent-voice": ["my child is happy to come to school every morning", "communication has got much better",
                     "I wasn't told about the change in {t}", "the SEND support has been brilliant for us",
                     "the homework is sometimes confusing for parents", "the office staff always call back"],
    "staff-voice": ["the training this year has made a real difference", "workload is manageable most weeks",
                    "I'd like more time to plan with my year group partner", "the new approach to {t} is working",
                    "behaviour is much more consistent since the policy changed", "we feel trusted to adapt plans"],
}
VOICES = {"pupil-voice": "a pupil in {y}", "staff-voice": "a member of staff", "parent-voice": "a parent"}
LEADERS = ["the curriculum for {s} was rewritten last year", "attendance of disadvantaged pupils is the first priority",
           "new staff receive weekly coaching in their first term", "the {s} leader has time each half-term to monitor",
           "reading for pleasure is a whole-school focus", "behaviour incidents have fallen since September",
           "the school is working with two partner schools on {t}", "governors visit each term with a clear focus",
           "the SENCo reviews every EHCP with families termly", "they are not yet sure the new approach to {t} is working"]
DATA = ["attendance of {p1}.{d}% this term", "persistent absence down from {p2}% to {p3}%",
        "{p2}% of PP pupils meeting the expected standard in {s}", "a phonics screening pass rate of {p4}%",
        "{n} suspensions this year, fewer than last", "club participation lower for disadvantaged pupils",
        "{p2}% of pupils with SEND on track in {s}", "a steady rise in reading ages across KS2"]
FOLLOW = [
    "{pu} {doing} {q}.", "{a} {strat}.", "This was consistent across the classes we visited.",
    "Routines were well established, so little time was lost.", "Some pupils finished quickly and were not moved on.",
    "When asked, several pupils could not connect this to earlier learning about {t}.",
    "Expectations were high and the pace was brisk.", "Two pupils needed reminders to stay on task.",
    "Resources were well chosen and accessible to all.", "Questions were mostly closed and checked recall only.",
    "Leaders agreed that this is an area to develop further.", "This links to the school's improvement plan.",
    "Follow up: ask the {s} leader how {t} is assessed.", "Check with the SENCo how adaptations are planned.",
    "Relationships between adults and pupils were warm and respectful.",
    "The working wall for {s} was up to date and referred to during the lesson.",
    "{pu} used the correct vocabulary, for example when talking about {t}.",
    "Not all adults used the agreed approach to {t}.", "Misconceptions were spotted and corrected promptly.",
    "Pupils with EHCPs were well supported without becoming dependent on adults.",
    "Written feedback was not always acted on.", "The learning environment was calm and purposeful.",
    "{When}, {pu_l} {doing} {q}.", "{When}, {a_l} {strat}.", "Displays celebrated pupils' {s} work, including {t}.",
    "Transitions between activities were smooth; pupils knew exactly what to do next.",
    "The lesson built carefully on {t}, which pupils had met in the previous unit.",
    "Some pupils were passive during the carpet session and did not contribute.",
    "A visitor to the class was greeted politely and pupils explained what they were learning.",
    "Scaffolds such as sentence stems and knowledge organisers helped pupils articulate their ideas.",
    "Low-level chatter persisted at the back of the room until the teacher intervened.",
    "Homework linked to {t} had been set but completion was patchy.",
    "Assessment information is gathered half-termly, though leaders are rationalising what is collected.",
    "The library is well stocked, inviting and used at lunchtime by a reading club.",
    "Phonics interventions are delivered daily by trained staff and tracked carefully.",
    "Pupils' oracy was a strength: they listened to one another and built on each other's answers.",
    "Lunchtime supervisors knew the behaviour policy and applied it consistently.",
    "Provision for pupils who speak English as an additional language is thoughtful and well resourced.",
    "Evidence of cross-curricular links between {s} and reading was limited.",
    "Safeguarding displays were visible, and pupils could name their trusted adults.",
    "Staff said leaders are approachable and protect their wellbeing.",
    "Marking followed the school's policy, though the impact on progress was unclear.",
    "The sequence of lessons on {t} was ambitious and well ordered.",
    "Pupils struggled to recall key facts about {t} from earlier in the year.",
    "Handwriting and presentation have improved markedly since the spring.",
    "The outdoor area offered purposeful challenge, although the sandpit was underused.",
    "Leaders recognise that assessment in foundation subjects is at an early stage.",
]
WHEN = ["during the first lesson after lunch", "at the start of the morning", "just before break",
        "in the final ten minutes", "while the teacher worked with a guided group", "during independent practice",
        "at the end of the plenary", "on the second visit to this class"]


def _sentence(rng: random.Random, template: str, year: str, subject: str) -> str:
    topic = rng.choice(TOPICS[subject])
    pupils, adult = rng.choice(PUPILS), rng.choice(ADULT)
    text = template.format(
        y=year, s=subject, t=topic, pu=pupils, a=adult, strat=rng.choice(STRATEGY), When=rng.choice(WHEN),
        pu_l=pupils[0].lower() + pupils[1:] if not pupils.startswith("PP") else pupils,
        a_l=adult[0].lower() + adult[1:],
        doing=rng.choice(DOING).format(t=topic), q=rng.choice(QUALITY), p1=rng.randint(90, 97), d=rng.randint(0, 9),
        p2=rng.randint(8, 40), p3=rng.randint(5, 30), p4=rng.randint(70, 96), n=rng.randint(0, 9))
    return text[0].upper() + text[1:]


def _opening(rng: random.Random, activity: str, year: str, subject: str) -> str:
    if activity in ("lesson-visit", "learning-walk"):
        t = rng.choice(["{pu} in {y} were {doing} {q}.", "In {s}, {a_l} {strat}.", "{y} {s}: {pu} {doing} {q}.",
                        "On arrival, {y} pupils settled quickly and began {doing}."])
    elif activity == "work-scrutiny":
        t = rng.choice(["Books from {y} in {s} show " + rng.choice(BOOKS) + ".",
                        "{s} books ({y}): " + rng.choice(BOOKS) + "."])
    elif activity in VOICES:
        who = VOICES[activity].format(y=year)
        t = f'{who[0].upper()}{who[1:]} said: "{rng.choice(QUOTES[activity])}".'
    elif activity in ("leader-meeting", "governor-meeting"):
        t = ("Leaders" if activity == "leader-meeting" else "Governors") + " explained that " + rng.choice(LEADERS) + "."
    elif activity in ("data-review", "document-review"):
        t = "Records show " + rng.choice(DATA) + "."
    else:
        t = rng.choice(FOLLOW)
    return _sentence(rng, t, year, subject)


def _length(rng: random.Random) -> int:
    """Sentences in a note: mostly one to a few, a long tail to about a page (~45 sentences)."""
    r = rng.random()
    if r < 0.35:
        return rng.randint(1, 2)
    if r < 0.75:
        return rng.randint(3, 6)
    if r < 0.95:
        return rng.randint(7, 15)
    return rng.randint(16, 45)


def note_text(rng: random.Random, activity: str, year: str, subject: str) -> str:
    n = _length(rng)
    parts = [_opening(rng, activity, year, subject)]
    parts += [_sentence(rng, rng.choice(FOLLOW), year, subject) for _ in range(n - 1)]
    if n <= 6:
        return " ".join(parts)
    paras, i = [], 0
    while i < len(parts):
        step = rng.randint(3, 6)
        paras.append(" ".join(parts[i:i + step]))
        i += step
    return "\n\n".join(paras)


def generate(n: int, seed: int = 2026, codes: list[str] | None = None, start: date = date(2026, 11, 12),
             days: int = 2) -> Iterator[dict]:
    """`n` note records (dicts with the Note fields, plus `criteria`)."""
    rng = random.Random(seed)
    authors = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4)]
    codes = codes or []
    per_day = max(n // max(days, 1), 1)
    for i in range(n):
        activity, year, subject = rng.choice(ACTIVITIES), rng.choice(YEARS), rng.choice(SUBJECTS)
        day = min(i // per_day, days - 1)
        minute = 8 * 60 + 20 + (i % per_day) * (7 * 60 + 30) // per_day
        when = datetime.combine(start + timedelta(days=day), datetime.min.time()) + timedelta(minutes=minute)
        yield {
            "activity": activity, "occurred_at": when, "year_group": year if activity != "data-review" else "",
            "subject": subject, "place": rng.choice(PLACES).format(y=year), "author": rng.choice(authors),
            "text": note_text(rng, activity, year, subject),
            "marker": rng.choices(["strength", "development", "neutral"], [5, 3, 2])[0],
            "confidential": rng.random() < 0.03,
            "criteria": rng.sample(codes, min(len(codes), rng.choice([0, 1, 1, 1, 2, 2, 3]))) if codes else [],
        }


def school_name(rng: random.Random) -> str:
    return f"{rng.choice(TOWNS)} {rng.choice(KINDS)}"


def add_generated_review(store, n_notes: int, seed: int = 2026, framework: str = "school-peer-review",  # noqa: ANN001
                         school: str | None = None, start: date = date(2026, 11, 12)) -> Changes:
    """A new fictional review holding `n_notes` generated notes, written in one transaction; `value` is its ID."""
    rng = random.Random(seed)
    rid = reviews.new_review(store, reviews.Plan(
        school=school or school_name(rng), framework=framework, type="full", start_date=start,
        end_date=start + timedelta(days=1), context="A generated fictional review for trying the app at scale.",
    )).value
    now = utcnow()
    with store.write() as s:
        r = s.get(Review, rid)
        codes = [c.code for c in framework_library.get(s, r.framework_id).criteria]
        batch, links = [], []
        conn = s.connection()
        for rec in generate(n_notes, seed, codes, start):
            nid = new_id()
            links += [{"note_id": nid, "code": c} for c in rec.pop("criteria")]
            batch.append({**rec, "id": nid, "review_id": rid, "remote": False, "rev": 1, "created_at": now,
                          "updated_at": now})
            if len(batch) >= 2000:
                conn.execute(insert(Note.__table__), batch)
                batch = []
        if batch:
            conn.execute(insert(Note.__table__), batch)
        for i in range(0, len(links), 5000):
            conn.execute(insert(NoteCriterion.__table__), links[i:i + 5000])
        r.status = "in_progress"
        audit.record(s, store.actor, rid, "review.generated", "review", rid,
                     {"notes": n_notes, "seed": seed, "framework": framework})
    return Changes(reviews=True, review=True, notes=True, ids=[rid], value=rid)
