"""The partnership overview built through the real import path: four reviewers, each with their own data folder and
keys, review ten schools each, finalise and export signed packages encrypted to the partnership lead; the lead
imports the folder with `peerreview import`, then a reopened and re-exported review supersedes its first version.
The lead's store holds the confidential notes (the packages were encrypted to the lead), and none of them reaches
the summary, the spreadsheet or the board paper."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from clirun import cli
from partnership_fixtures import SECRET, SPR, SPR_CODES, review_doc, schools
from peerreview_desktop.core import identity, judgements, lifecycle, review_document
from peerreview_desktop.core.models import Note
from peerreview_desktop.core.packages import export_package
from peerreview_desktop.core.review_index import list_reviews
from peerreview_desktop.core.store import Store

PASSPHRASE = "correct horse battery staple"
LEAD = ("Hollis Farrant", "Brightwater Learning Partnership", "lead")
REVIEWERS = [("Ruth Calloway", "Ashford Primary School"), ("Tomasz Wren", "Fernford Junior School"),
             ("Gwen Pellow", "Kesford High School"), ("Nia Hartwell", "Oakford Junior School")]
STRONG = {0: "Reading is taught daily with a clear spine of books.", 15: "The reading leader coaches new staff well."}
PRIORITY = {11: "Catch-up for weaker readers is not systematic.", 22: "Pupils' books are not matched to phonics.",
            33: "Too few pupils read at home or in school each day."}


def _grades(i: int) -> dict[str, str]:
    g = {c: "secure" for c in SPR_CODES}
    if i in STRONG:
        g["CT4"] = "secure-sharing"
    if i in PRIORITY:
        g["CT4"] = "priority"
    return g


def _build(root: Path) -> None:
    specs = schools(40, 4)
    lead = Store.open(root / "lead")
    identity.init(lead, *LEAD, PASSPHRASE)
    lead_card = identity.card_bytes(lead, PASSPHRASE)
    out = root / "packages"
    out.mkdir()
    for k, (name, school) in enumerate(REVIEWERS):
        st = Store.open(root / f"r{k}")
        identity.init(st, name, school, "reviewer", PASSPHRASE)
        identity.trust(st, lead_card, "lead")
        identity.trust(lead, identity.card_bytes(st, PASSPHRASE), "reviewer")
        keys = identity.unlock(st, PASSPHRASE)
        for i in range(k * 10, k * 10 + 10):
            steps = [("next-step", "Develop reading fluency in KS2.")] if i % 10 < 4 else []
            doc = review_doc(specs[i], grades=_grades(i), status="in_progress", reviewer=name,
                             rationales={"CT4": STRONG.get(i) or PRIORITY.get(i) or "Secure."}, findings=steps)
            with st.write() as s:
                review_document.load_in(s, doc, mode="author")
            lifecycle.finalise(st, doc["id"])
            export_package(st, doc["id"], out / f"school-{i:02d}.zip", kind="final", encrypt_to=LEAD[0],
                           private_keys=keys)
        st.close()
    lead.close()


@pytest.fixture(scope="module")
def _partnership(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("partnership-packages")
    _build(root)
    return root


@pytest.fixture
def root(tmp_path, _partnership) -> Path:
    d = tmp_path / "p"
    shutil.copytree(_partnership, d)
    return d


def _row(summary: dict, school: str) -> dict:
    return next(r for h in summary["heatmap"] if h["framework"] == SPR for r in h["rows"] if r["school"] == school)


def test_forty_signed_packages_from_four_reviewers_give_the_lead_the_overview(root, capsys, tmp_path):
    specs = schools(40, 4)
    r = cli(capsys, root / "lead", "import", str(root / "packages"), "--json")
    assert r.code == 0, r.err
    assert r.out.count('"imported"') == 40
    with Store.open(root / "lead").read() as s:  # the encrypted packages brought the confidential notes along
        assert any(SECRET in n.text for n in s.exec(select(Note).where(Note.confidential == True)))  # noqa: E712
    r = cli(capsys, root / "lead", "partnership", "summary", "--json")
    assert r.code == 0, r.err
    summary = r.json()
    assert SECRET not in r.out
    assert summary["partnership"] == LEAD[1] and summary["counts"]["reviews"] == 40
    assert _row(summary, specs[11].name)["criteria"]["CT4"] == "Priority for development"
    assert _row(summary, specs[0].name)["areas"]["CT"]["label"] == "Secure"
    ct4 = next(m for m in summary["matches"] if m["criterion"] == "CT4")
    assert {s["school"] for s in ct4["strong"]} == {specs[0].name, specs[15].name}
    assert {s["school"]: s["rationale"] for s in ct4["priority"]} == {specs[i].name: t for i, t in PRIORITY.items()}
    assert summary["themes"]["priorities"][0]["criterion"] == "CT4"
    assert summary["themes"]["next_steps"][0] == {"text": "Develop reading fluency in KS2", "count": 16,
                                                  "schools": sorted((specs[i].name for i in range(40) if i % 10 < 4),
                                                                    key=str.casefold),
                                                  "kinds": {"next-step": 16}, "wordings": 1}
    reviewers = {s["name"]: s["latest"][0]["reviewers"] for s in summary["schools"]}
    assert "Gwen Pellow" in reviewers[specs[22].name]

    assert cli(capsys, root / "lead", "partnership", "export", "-o", str(tmp_path / "p.xlsx")).code == 0
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    assert SECRET not in " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    assert cli(capsys, root / "lead", "partnership", "report", "-o", str(tmp_path / "b.pdf")).code == 0
    text = subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True).stdout
    assert specs[33].name in text and SECRET not in text


def test_a_newer_revision_supersedes_and_the_old_version_no_longer_counts(root, capsys):
    specs = schools(40, 4)
    assert cli(capsys, root / "lead", "import", str(root / "packages"), "--json").code == 0
    # reviewer 2 (schools 10–19) reopens school 11's review, changes the reading judgement, finalises and re-exports
    st = Store.open(root / "r1")
    rid = next(e for e in list_reviews(st)
               if e.school == specs[11].name).id
    lifecycle.reopen(st, rid)
    judgements.judge(st, rid, "CT4", "secure", "Catch-up is now daily and well matched.")
    lifecycle.finalise(st, rid)
    again = root / "again"
    again.mkdir()
    export_package(st, rid, again / "school-11-v2.zip", kind="final", encrypt_to=LEAD[0], passphrase=PASSPHRASE)
    st.close()
    r = cli(capsys, root / "lead", "import", str(again), "--json")
    assert r.code == 0 and '"superseded"' in r.out, r.out
    summary = cli(capsys, root / "lead", "partnership", "summary", "--json").json()
    assert _row(summary, specs[11].name)["criteria"]["CT4"] == "Secure"
    assert summary["counts"]["superseded_versions"] == 1 and summary["counts"]["reviews"] == 40
    ct4 = next(m for m in summary["matches"] if m["criterion"] == "CT4")
    assert specs[11].name not in {s["school"] for s in ct4["priority"]}
