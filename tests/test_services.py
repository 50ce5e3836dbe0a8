"""Core services called directly, as the UI calls them."""

from __future__ import annotations

import json
import sqlite3

import pytest

from peerreview_desktop.core import attachments, coverage, findings, judgements, notes, review_document, reviews
from peerreview_desktop.core.errors import InvalidInput, NotFound, ReviewLocked


def new(store, **kw) -> str:  # noqa: ANN001
    plan = reviews.Plan(school=kw.pop("school", "Harbour View Primary"), framework="school-peer-review",
                        type="full", start_date="2026-11-20", **kw)
    return reviews.new_review(store, plan).value


def test_a_plan_keeps_team_focus_and_timetable(store):
    rid = new(store, team=[{"name": "Ada Quill", "role": "lead reviewer", "school": "Elm Row Primary"}],
              focus_areas=["Reading", ""], lines_of_enquiry=["How well do pupils read?"],
              timetable=[{"date": "2026-11-20", "start": "09:00", "end": "09:45", "title": "Learning walk",
                          "activity": "learning-walk"}])
    doc = review_document.build(store, rid)
    assert doc["team"][0]["name"] == "Ada Quill"
    assert doc["focus_areas"] == ["Reading"]
    assert doc["timetable"][0]["activity"] == "learning-walk"
    assert doc["status"] == "planned"


def test_end_date_before_start_is_refused(store):
    with pytest.raises(InvalidInput, match="before the start"):
        new(store, end_date="2026-11-19")


def test_unknown_framework_is_refused_with_a_pointer(store):
    with pytest.raises(NotFound, match="frameworks list"):
        reviews.new_review(store, reviews.Plan(school="X", framework="nope", type="full", start_date="2026-11-20"))


def test_same_school_by_urn_is_one_school_whatever_the_spelling(store):
    a = new(store, school="St Anne's C of E Primary", urn="912345")
    b = new(store, school="St. Annes CE Primary", urn="912345")
    rows = {r.id: r for r in reviews.list_reviews(store)}
    assert rows[a].school_id == rows[b].school_id


def test_note_edit_is_a_no_op_when_nothing_changed(store):
    rid = new(store)
    nid = notes.add(store, rid, "Calm corridors", criteria="BA1").value
    assert not notes.update(store, nid, text="Calm corridors").notes
    ch = notes.update(store, nid, text="Calm, orderly corridors", criteria=["BA1", "ba3"])
    assert ch.notes
    got = notes.get(store, nid)
    assert got.criteria == ["BA1", "BA3"] and got.rev == 2


def test_delete_then_restore_brings_the_note_back_whole(store, tmp_path):
    rid = new(store)
    photo = tmp_path / "display.jpg"
    photo.write_bytes(b"\xff\xd8fake jpeg")
    nid = notes.add(store, rid, "Working wall", criteria="CT2", marker="strength", attach=[photo]).value
    snap = notes.delete(store, nid).value
    with pytest.raises(NotFound):
        notes.get(store, nid)
    notes.restore(store, snap)
    back = notes.get(store, nid)
    assert back.text == "Working wall" and back.criteria == ["CT2"] and back.marker == "strength"


def test_attachments_are_stored_once_by_content(store, tmp_path):
    rid = new(store)
    f1, f2 = tmp_path / "a.png", tmp_path / "b.png"
    f1.write_bytes(b"same bytes")
    f2.write_bytes(b"same bytes")
    n1 = notes.add(store, rid, "one", attach=[f1]).value
    n2 = notes.add(store, rid, "two", attach=[f2]).value
    a1, a2 = notes.get(store, n1).attachments[0], notes.get(store, n2).attachments[0]
    assert a1["sha256"] == a2["sha256"] and a1["filename"] == "a.png" and a2["filename"] == "b.png"
    stored = list(store.attachments_dir.rglob("*"))
    assert len([p for p in stored if p.is_file()]) == 1


def test_check_finds_a_damaged_attachment(store, tmp_path):
    from peerreview_desktop.core import integrity

    rid = new(store)
    f = tmp_path / "scan.pdf"
    f.write_bytes(b"%PDF-1.4 scan")
    nid = notes.add(store, rid, "scan", attach=[f]).value
    sha = notes.get(store, nid).attachments[0]["sha256"]
    attachments.path_for(store.attachments_dir, sha).write_bytes(b"changed")
    assert any("checksum" in p for p in integrity.problems(store))


def test_final_review_refuses_every_kind_of_edit(store):
    rid = new(store)
    nid = notes.add(store, rid, "x").value
    fid = findings.add(store, rid, "strength", "y").value
    con = sqlite3.connect(store.path)
    con.execute("UPDATE review SET status = 'final' WHERE id = ?", (rid,))
    con.commit()
    con.close()
    for call in (lambda: notes.add(store, rid, "late"), lambda: notes.update(store, nid, text="z"),
                 lambda: notes.delete(store, nid), lambda: findings.update(store, fid, text="q"),
                 lambda: judgements.judge(store, rid, "CT2", "Secure", "r"),
                 lambda: reviews.update_plan(store, rid, context="c")):
        with pytest.raises(ReviewLocked, match="final"):
            call()


def test_warnings_for_no_evidence_and_evidence_leaning_the_other_way(store):
    rid = new(store)
    dev = [notes.add(store, rid, f"gap {i}", criteria="CT3", marker="development").value for i in range(3)]
    judgements.judge(store, rid, "CT3", "Secure", "Looks fine")
    with store.read() as s:
        r = reviews.get(s, rid)
        fw = reviews.framework_of(s, r)
        j = judgements.list_for(s, rid, fw)[0]
        markers = judgements.markers_by_criterion(s, rid)
    w = judgements.warnings(fw, j, markers.get("CT3"), [])
    assert any("no evidence" in x for x in w) and any("leans to development" in x for x in w)
    judgements.judge(store, rid, "CT3", "Developing", "Gaps in feedback", evidence=dev)
    with store.read() as s:
        j = judgements.list_for(s, rid, fw)[0]
    assert judgements.warnings(fw, j, markers.get("CT3"), ["development"] * 3) == []


def test_area_rollup_is_the_median_grade(store):
    rid = new(store)
    for code, grade in (("LM1", "Secure and sharing"), ("LM2", "Secure"), ("LM3", "Developing")):
        judgements.judge(store, rid, code, grade, "r")
    with store.read() as s:
        fw = reviews.framework_of(s, reviews.get(s, rid))
        rollup = judgements.area_rollup(fw, judgements.list_for(s, rid, fw))
    assert rollup["LM"] == "secure" and rollup["CT"] is None


def test_coverage_counts_balance_and_gaps(store):
    rid = new(store)
    notes.add(store, rid, "a", criteria="CT2", marker="strength", activity="lesson-visit")
    notes.add(store, rid, "b", criteria="CT2", marker="development", activity="work-scrutiny")
    notes.add(store, rid, "c", criteria="CT2", marker="strength", activity="lesson-visit")
    cov = {c.code: c for c in coverage.coverage(store, rid)}
    assert cov["CT2"].notes == 3 and cov["CT2"].strength == 2 and not cov["CT2"].gap
    assert cov["CT2"].activities["lesson-visit"] == 2
    assert cov["LM1"].gap and len(cov) == 28


def test_document_without_confidential_reveals_nothing_of_them(demo_store, demo_id):
    secret = notes.add(demo_store, demo_id, "CONFTOKEN-4411 staff matter", confidential=True, criteria="LM4").value
    judgements.judge(demo_store, demo_id, "LM4", "Developing", "Workload", evidence=[secret])
    doc = review_document.build(demo_store, demo_id, include_confidential=False)
    text = json.dumps(doc)
    assert "CONFTOKEN-4411" not in text and secret not in text
    assert all(not n["confidential"] for n in doc["notes"])
    full = review_document.build(demo_store, demo_id, include_confidential=True)
    assert secret in json.dumps(full)


def test_findings_keep_their_order_and_move(store):
    rid = new(store)
    ids = [findings.add(store, rid, "next-step", f"step {i}").value for i in range(3)]
    findings.move(store, ids[2], 0)
    with store.read() as s:
        order = [f.text for f in findings.list_for(s, rid)]
    assert order == ["step 2", "step 0", "step 1"]


def test_demo_is_added_once(store):
    from peerreview_desktop.core.demo import ensure_demo

    a, b = ensure_demo(store).value, ensure_demo(store).value
    assert a == b and len(reviews.list_reviews(store)) == 1
    assert reviews.list_reviews(store)[0].notes == 42


def test_undoing_a_delete_brings_back_attachments_and_the_judgements_citing_it(store, tmp_path):
    rid = new(store)
    f = tmp_path / "plan.pdf"
    f.write_bytes(b"%PDF-1.4 plan")
    nid = notes.add(store, rid, "Plan seen", criteria="LM2", attach=[f]).value
    judgements.judge(store, rid, "LM2", "Secure", "Plan is sharp", evidence=[nid])
    snap = notes.delete(store, nid).value
    f.unlink()  # the original file may be long gone; the stored copy is what counts
    notes.restore(store, snap)
    back = notes.get(store, nid)
    assert [a["filename"] for a in back.attachments] == ["plan.pdf"]
    with store.read() as s:
        fw = reviews.framework_of(s, reviews.get(s, rid))
        assert judgements.list_for(s, rid, fw)[0].evidence == [nid]
