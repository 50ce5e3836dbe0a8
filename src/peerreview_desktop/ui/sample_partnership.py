"""A small fictional partnership for the screenshots, built through the real path: a reviewer's data folder with a
signing key and several final reviews, signed packages exported to a "USB stick" folder, and a partnership lead's
data folder that trusts the reviewer's card and imports them. Everything happens in a scratch folder the caller
owns (never the user's store). One more good package and a tampered copy of it are left for the import dialog.

No Qt here: plain core calls."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..core import findings, identity, judgements, lifecycle, reviews, schools
from ..core.packages import export_package, import_paths
from ..core.store import Store

PASSPHRASE = "sample partnership only"
PARTNERSHIP = "Wyvern Vale Learning Partnership"
REVIEWER = ("Priya Raman", "Kestrel Brook Primary School", "lead reviewer")
LEAD = ("Morag Tillotson", "Wyvern Vale Learning Partnership", "partnership lead")
TEAM = [{"name": "Priya Raman", "role": "lead reviewer", "school": "Kestrel Brook Primary School"},
        {"name": "Owen Gallagher", "role": "reviewer", "school": "St Aldhelm's CE Primary"}]
# school, URN, cluster, visit date, grades by area (LM CT LO IS BA PD PO; s = secure and sharing, e = secure,
# d = developing, p = priority), a strength, a next step
SCHOOLS = [
    ("Ashcombe Vale Primary School", "990512", "Northern Cluster", "2026-10-06", "eeesdee",
     "Pupils talk about books with real enthusiasm.", "Develop reading fluency in Key Stage 2."),
    ("Brindlecote Infant School", "990617", "Northern Cluster", "2026-10-13", "sedeeee",
     "Leaders share a clear, ambitious vision.", "Sharpen the checking of pupils' phonics knowledge."),
    ("Coldharbour Junior School", "990733", "Southern Cluster", "2026-11-03", "edpeeee",
     "Behaviour in lessons is calm and purposeful.", "Develop reading fluency in Key Stage 2."),
    ("Fernhollow CE Primary School", "990844", "Southern Cluster", "2026-11-10", "eseeesd",
     "A rich, well-sequenced history curriculum.", "Raise the attendance of disadvantaged pupils."),
    ("Marlpit Community Primary", "990958", "Eastern Cluster", "2026-11-17", "deedpee",
     "Strong pastoral care for vulnerable pupils.", "Raise the attendance of disadvantaged pupils."),
    ("Quenby Brook Primary Academy", "991062", "Eastern Cluster", "2026-11-24", "esseeee",
     "Mathematics teaching builds fluency step by step.", "Extend the reading curriculum to the early years."),
]
GRADES = {"s": "secure-sharing", "e": "secure", "d": "developing", "p": "priority"}
RATIONALE = {"secure-sharing": "Consistently strong across the school, and already supporting partner schools.",
             "secure": "Secure: seen consistently in lessons, books and conversations with pupils and staff.",
             "developing": "Developing: strong in places but not yet consistent across year groups.",
             "priority": "A priority: too few pupils benefit yet, and leaders have only just begun to act."}


@dataclass
class SamplePartnership:
    lead_dir: Path
    reviewer_dir: Path
    usb: Path
    imported: list[Path]
    good: Path  # a package not imported yet
    tampered: Path  # the same package with one byte of its data changed


def final_review(store: Store, spec: tuple) -> str:  # noqa: ANN001
    """A finalised review of one of SCHOOLS, every criterion judged from its pattern, with two findings."""
    name, urn, _cluster, day, pattern, strength, next_step = spec
    plan = reviews.Plan(school=name, framework="school-peer-review", start_date=day, urn=urn, team=TEAM,
                        context="A partner school in the Wyvern Vale Learning Partnership (fictional).")
    rid = reviews.new_review(store, plan).value
    with store.read() as s:
        fw = reviews.framework_of(s, reviews.get(s, rid))
    areas = [a.code for a in fw.areas]
    for c in fw.criteria:
        grade = GRADES[pattern[areas.index(c.area_code) % len(pattern)]]
        judgements.judge(store, rid, c.code, grade, RATIONALE[grade])
    findings.add(store, rid, "strength", strength)
    findings.add(store, rid, "next-step", next_step)
    lifecycle.finalise(store, rid)
    return rid


def tamper(package: Path, out: Path) -> Path:
    """A copy of `package` with one byte of its review data changed (its checksums and signature left as they
    were): the import must refuse it."""
    with zipfile.ZipFile(package) as z:
        items = [(i.filename, z.read(i)) for i in z.infolist()]
    changed = []
    for name, data in items:
        if name.endswith("data/review.json"):
            at = data.index(b"Secure")
            data = data[:at] + b"s" + data[at + 1:]
        changed.append((name, data))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in changed:
            z.writestr(name, data)
    return out


def build(root: Path, imported: int = 5) -> SamplePartnership:
    """The reviewer's and the lead's folders under `root` (which must be a scratch folder)."""
    root = Path(root)
    usb = root / "usb"
    usb.mkdir(parents=True, exist_ok=True)
    reviewer, lead = Store.open(root / "reviewer"), Store.open(root / "lead")
    try:
        identity.init(reviewer, *REVIEWER, PASSPHRASE)
        identity.init(lead, *LEAD, PASSPHRASE)
        identity.trust(lead, identity.card_bytes(reviewer, PASSPHRASE), "reviewer")
        keys = identity.unlock(reviewer, PASSPHRASE)
        packages = []
        for spec in SCHOOLS[:imported + 1]:
            rid = final_review(reviewer, spec)
            out = usb / f"{spec[0].lower().replace(' ', '-')}-final.zip"
            export_package(reviewer, rid, out, kind="final", private_keys=keys)
            packages.append(out)
        import_paths(lead, packages[:imported])
        schools.set_partnership_name(lead, PARTNERSHIP)
        clusters = {spec[0]: spec[2] for spec in SCHOOLS}
        for row in schools.list_schools(lead):
            if row.name in clusters:
                schools.update_school(lead, row.id, cluster=clusters[row.name], phase="Primary")
        good = packages[imported]
        bad = tamper(good, usb / f"{good.stem}-altered.zip")
        return SamplePartnership(root / "lead", root / "reviewer", usb, packages[:imported], good, bad)
    finally:
        reviewer.close()
        lead.close()
