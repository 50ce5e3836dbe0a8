"""The review lifecycle: finalise locks every service, reopen makes a new version, the history shows before → after
once the draft was shared, and the audit trail's hash chain catches tampering."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from sqlmodel import select

from clirun import cli
from peerreview_desktop.core import (
    comments,
    findings,
    judgements,
    lifecycle,
    merge,
    notes,
    notes_csv,
    review_document,
    reviews,
)
from peerreview_desktop.core.errors import InvalidInput, ReviewLocked
from peerreview_desktop.core.models import AuditEntry, Review, ReviewVersion


def _first(store, rid, kind):  # noqa: ANN001, ANN202
    doc = review_document.build(store, rid, include_confidential=True)
    return doc[kind][0]


def _set_mode(store, rid, mode):  # noqa: ANN001
    with store.write() as s:
        s.get(Review, rid).mode = mode


def test_finalise_locks_every_service_with_a_clear_message(demo_store, demo_id, tmp_path):
    store, rid = demo_store, demo_id
    note, finding = _first(store, rid, "notes"), _first(store, rid, "findings")
    cid = comments.add(store, rid, "The date is wrong", criterion="LM1").value
    comments.resolve(store, cid, "noted")
    lifecycle.finalise(store, rid)
    csv = tmp_path / "n.csv"
    csv.write_text("text\nA late note\n", encoding="utf-8")
    with store.read() as s:
        audit_before = len(list(s.exec(select(AuditEntry.seq))))
    attempts = {
        "notes.add": lambda: notes.add(store, rid, "late"),
        "notes.update": lambda: notes.update(store, note["id"], text="changed"),
        "notes.delete": lambda: notes.delete(store, note["id"]),
        "notes.attach": lambda: notes.attach(store, note["id"], [csv]),
        "notes_csv.import": lambda: notes_csv.import_csv(store, rid, csv),
        "judgements.judge": lambda: judgements.judge(store, rid, "LM1", "not-judged", "x"),
        "judgements.clear": lambda: judgements.clear(store, rid, "LM1"),
        "findings.add": lambda: findings.add(store, rid, "strength", "late"),
        "findings.update": lambda: findings.update(store, finding["id"], text="changed"),
        "findings.delete": lambda: findings.delete(store, finding["id"]),
        "findings.move": lambda: findings.move(store, finding["id"], 3),
        "plan": lambda: reviews.update_plan(store, rid, context="changed"),
        "comments.add": lambda: comments.add(store, rid, "late", criterion="LM1"),
        "comments.resolve": lambda: comments.resolve(store, cid, "accepted"),
    }
    for name, attempt in attempts.items():
        with pytest.raises(ReviewLocked) as exc:
            attempt()
        assert "final" in str(exc.value) and str(exc.value).endswith("."), name
    with store.write() as s, pytest.raises(ReviewLocked):
        merge.merge_notes(s, rid, {"id": rid, "notes": []}, "someone")
    with store.read() as s:
        assert len(list(s.exec(select(AuditEntry.seq)))) == audit_before


def test_finalise_fixes_the_report_and_snapshots_the_version(demo_store, demo_id):
    sha = lifecycle.finalise(demo_store, demo_id).value
    path = lifecycle.final_report(demo_store, demo_id)
    assert path is not None and path.read_bytes()[:5] == b"%PDF-"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha
    with demo_store.read() as s:
        r = s.get(Review, demo_id)
        v = s.get(ReviewVersion, (demo_id, 1))
        assert (r.status, r.report_sha256, v.report_sha256) == ("final", sha, sha)
        assert r.finalised_at is not None
        assert json.loads(v.document)["status"] == "final"
    history = lifecycle.history(demo_store, demo_id)
    assert history[-1].action == "review.finalise" and history[-1].who == demo_store.actor.name


def test_a_lost_or_altered_report_file_is_rendered_again_identically(demo_store, demo_id):
    sha = lifecycle.finalise(demo_store, demo_id).value
    path = lifecycle.report_path(demo_store, demo_id, 1)
    good = path.read_bytes()
    path.write_bytes(good + b"%tampered")
    assert lifecycle.final_report(demo_store, demo_id) == path and path.read_bytes() == good
    path.unlink()
    assert lifecycle.final_report(demo_store, demo_id) == path
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha


def test_the_fixed_report_leaves_confidential_notes_out(demo_store, demo_id):
    nid = notes.add(demo_store, demo_id, "SECRETTOKEN about a staff matter", confidential=True, criteria="LM1").value
    judgements.judge(demo_store, demo_id, "LM1", "not-judged", "Rests on a confidential note", evidence=[nid])
    lifecycle.finalise(demo_store, demo_id)
    with demo_store.read() as s:
        snapshot = json.loads(s.get(ReviewVersion, (demo_id, 1)).document)
    public = lifecycle.report_document(snapshot)
    assert any(n["id"] == nid for n in snapshot["notes"])  # the version keeps the author's whole review
    assert "SECRETTOKEN" not in json.dumps(public) and nid not in json.dumps(public)


def test_finalise_refuses_while_host_comments_are_unresolved(demo_store, demo_id):
    comments.add(demo_store, demo_id, "Not quite right", criterion="LM1")
    with pytest.raises(InvalidInput, match="1 host comment is not resolved"):
        lifecycle.finalise(demo_store, demo_id)


def test_finalise_refuses_an_already_final_review(demo_store, demo_id):
    lifecycle.finalise(demo_store, demo_id)
    with pytest.raises(ReviewLocked, match="already final"):
        lifecycle.finalise(demo_store, demo_id)


@pytest.mark.parametrize("mode", ["host", "received", "team"])
def test_only_the_authors_copy_can_be_finalised(demo_store, demo_id, mode):
    _set_mode(demo_store, demo_id, mode)
    with pytest.raises(ReviewLocked):
        lifecycle.finalise(demo_store, demo_id)


def test_reopen_makes_version_2_and_version_1_stays_readable(demo_store, demo_id):
    note = _first(demo_store, demo_id, "notes")
    lifecycle.finalise(demo_store, demo_id)
    assert lifecycle.reopen(demo_store, demo_id).value == 2
    notes.update(demo_store, note["id"], text="Rewritten in version 2")
    with demo_store.read() as s:
        r = s.get(Review, demo_id)
        assert (r.version, r.status, r.finalised_at, r.report_sha256) == (2, "in_progress", None, None)
    v1 = lifecycle.version_document(demo_store, demo_id, 1)
    v2 = lifecycle.version_document(demo_store, demo_id, 2)
    assert next(n for n in v1["notes"] if n["id"] == note["id"])["text"] == note["text"]
    assert next(n for n in v2["notes"] if n["id"] == note["id"])["text"] == "Rewritten in version 2"
    assert [(v.version, v.status, v.current) for v in lifecycle.versions(demo_store, demo_id)] == \
        [(1, "final", False), (2, "in_progress", True)]
    assert lifecycle.final_report(demo_store, demo_id, 1) is not None


def test_reopen_refuses_a_review_that_is_not_final(demo_store, demo_id):
    with pytest.raises(InvalidInput, match="Only a final review can be reopened"):
        lifecycle.reopen(demo_store, demo_id)


def test_a_received_final_review_cannot_be_reopened(demo_store, demo_id):
    lifecycle.finalise(demo_store, demo_id)
    _set_mode(demo_store, demo_id, "received")
    with pytest.raises(ReviewLocked, match="read-only"):
        lifecycle.reopen(demo_store, demo_id)


def test_history_after_the_draft_was_shared_shows_who_and_before_and_after(demo_store, demo_id):
    store, rid = demo_store, demo_id
    note, finding = _first(store, rid, "notes"), _first(store, rid, "findings")
    notes.update(store, note["id"], text="Edited before sharing")
    assert lifecycle.mark_draft_shared(store, rid).value is True
    assert lifecycle.mark_draft_shared(store, rid).value is False  # already shared: nothing written twice
    notes.update(store, note["id"], text="Edited after sharing")
    judgements.judge(store, rid, "LM1", "not-judged", "Held back after the host's check")
    findings.update(store, finding["id"], text="Reworded after the host's check")
    rows = lifecycle.history(store, rid)
    shared = [e for e in rows if e.action == "review.draft_shared"]
    assert len(shared) == 1 and shared[0].changes == [{"field": "status", "before": "in_progress",
                                                       "after": "draft_shared"}]
    before_share = [e for e in rows if e.action == "note.edit" and not e.after_draft_shared]
    assert before_share[0].after == {"text": "Edited before sharing"}
    edit = [e for e in rows if e.action == "note.edit" and e.after_draft_shared][0]
    assert edit.changes == [{"field": "text", "before": "Edited before sharing", "after": "Edited after sharing"}]
    assert edit.who == store.actor.name and edit.at.endswith("Z")
    grade = [e for e in rows if e.action == "judgement.set" and e.after_draft_shared][0]
    assert {"field": "grade", "before": _demo_grade(store, rid, "LM1", rows), "after": "not-judged"} in grade.changes
    fnd = [e for e in rows if e.action == "finding.edit"][0]
    assert fnd.after_draft_shared and {"field": "text", "before": finding["text"],
                                       "after": "Reworded after the host's check"} in fnd.changes
    with store.read() as s:
        assert s.get(Review, rid).status == "draft_shared"


def _demo_grade(store, rid, code, rows):  # noqa: ANN001, ANN202
    done = [e for e in rows if e.action == "judgement.set" and e.entity_id == code]
    return done[0].before["grade"]


def test_confidential_note_edits_keep_their_text_out_of_the_history(demo_store, demo_id):
    nid = notes.add(demo_store, demo_id, "A staff matter", confidential=True).value
    lifecycle.mark_draft_shared(demo_store, demo_id)
    notes.update(demo_store, nid, text="Still a staff matter")
    rows = [e for e in lifecycle.history(demo_store, demo_id) if e.entity_id == nid]
    assert rows and all(e.confidential and not e.changes for e in rows)
    assert "staff matter" not in json.dumps([e.as_json() for e in rows])


# -- the CLI ---------------------------------------------------------------------------------------------------------

def test_cli_finalise_refuses_edits_reopen_and_history_json(capsys, demo_store, demo_id, data_dir):
    r = cli(capsys, data_dir, "reviews", "finalise", demo_id[:8])
    assert r.code == 0 and "Finalised version 1" in r.out
    r = cli(capsys, data_dir, "notes", "add", demo_id, "--text", "late edit")
    assert r.code == 1 and "final" in r.err and "Traceback" not in r.err
    assert cli(capsys, data_dir, "reviews", "finalise", demo_id).code == 1
    r = cli(capsys, data_dir, "reviews", "reopen", demo_id)
    assert r.code == 0 and "version 2" in r.out
    listed = cli(capsys, data_dir, "reviews", "list", "--json").json()
    assert [x["version"] for x in listed if x["id"] == demo_id] == [2]
    hist = cli(capsys, data_dir, "reviews", "history", demo_id, "--json").json()
    assert [e["action"] for e in hist][-2:] == ["review.finalise", "review.reopen"]
    assert {"seq", "at", "who", "role", "action", "label", "changes", "after_draft_shared"} <= set(hist[0])
    r = cli(capsys, data_dir, "reviews", "history", demo_id)
    assert r.code == 0 and "Review reopened as a new version" in r.out and "version: 1 → 2" in r.out
    v1 = cli(capsys, data_dir, "reviews", "versions", demo_id, "--show", "1", "--json").json()
    assert v1["version"] == 1 and v1["status"] == "final"
    assert cli(capsys, data_dir, "reviews", "versions", demo_id, "--show", "7").code == 1


@pytest.mark.parametrize("how", ["alter", "delete"])
def test_audit_tampering_is_caught_by_check(capsys, demo_store, demo_id, data_dir, how):
    for i in range(3):
        notes.add(demo_store, demo_id, f"Entry {i} for the trail")
    demo_store.close()
    assert cli(capsys, data_dir, "check").code == 0
    db = sqlite3.connect(data_dir / "peerreview.db")
    seq = db.execute("SELECT min(seq) + 1 FROM audit_entry").fetchone()[0]
    if how == "alter":
        db.execute("UPDATE audit_entry SET actor = actor || 'x' WHERE seq = ?", (seq,))
    else:
        db.execute("DELETE FROM audit_entry WHERE seq = ?", (seq,))
    db.commit()
    db.close()
    r = cli(capsys, data_dir, "check")
    assert r.code == 1 and "audit trail" in r.err and "Traceback" not in r.err
