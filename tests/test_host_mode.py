"""Host mode on the reviewer's laptop: the host can read and comment, nothing else; everything they do is attributed
to them; only the reviewer (passphrase, or the profile's name when there are no keys) can end it."""

from __future__ import annotations

import pytest

from clirun import cli
from peerreview_desktop.core import (
    comments,
    findings,
    host_mode,
    identity,
    judgements,
    lifecycle,
    notes,
    review_document,
    reviews,
)
from peerreview_desktop.core.errors import InvalidInput, KeyError_, ReviewLocked
from peerreview_desktop.core.models import Review

PASS = "correct horse battery staple"


@pytest.fixture
def shown(demo_store, demo_id):
    host_mode.enter(demo_store, demo_id, "  Ruth   Amadi ")
    return demo_store, demo_id


def test_entering_host_mode_shares_the_draft_and_makes_the_host_the_actor(shown):
    store, rid = shown
    on = host_mode.active(store)
    assert (on.host, on.review_id) == ("Ruth Amadi", rid)
    assert (store.actor.name, store.actor.role) == ("Ruth Amadi", "host")
    with store.read() as s:
        assert s.get(Review, rid).status == "draft_shared"
    entry = [e for e in lifecycle.history(store, rid) if e.action == "host.enter"][0]
    assert entry.who == "Local reviewer" and entry.detail == {"host": "Ruth Amadi"}


def test_the_host_cannot_change_notes_grades_findings_or_the_plan(shown):
    store, rid = shown
    doc = review_document.build(store, rid)
    note, finding = doc["notes"][0], doc["findings"][0]
    for attempt in (lambda: notes.add(store, rid, "host evidence"),
                    lambda: notes.update(store, note["id"], text="host edit"),
                    lambda: notes.delete(store, note["id"]),
                    lambda: judgements.judge(store, rid, "LM1", "not-judged", "host grade"),
                    lambda: findings.update(store, finding["id"], text="host wording"),
                    lambda: findings.add(store, rid, "strength", "host finding"),
                    lambda: reviews.update_plan(store, rid, context="host context"),
                    lambda: lifecycle.finalise(store, rid)):
        with pytest.raises(ReviewLocked, match="[Hh]ost mode is on"):
            attempt()
    assert review_document.build(store, rid)["notes"][0] == note


def test_the_host_can_comment_and_the_comment_is_theirs(shown):
    store, rid = shown
    fid = review_document.build(store, rid)["findings"][0]["id"]
    cid = comments.add(store, rid, "The library reopened in March, not May", finding=fid, stance="challenge").value
    comments.add(store, rid, "Agreed", criterion="LM1", stance="accept")
    got = {c.id: c for c in comments.list_comments(store, rid)}[cid]
    assert (got.author, got.stance, got.target, got.target_id) == ("Ruth Amadi", "challenge", "finding", fid)
    entry = [e for e in lifecycle.history(store, rid) if e.action == "comment.add"][0]
    assert (entry.who, entry.role) == ("Ruth Amadi", "host")
    with pytest.raises(ReviewLocked):
        comments.resolve(store, cid, "accepted")  # resolving is the reviewer's job


def test_the_host_can_withdraw_their_own_unresolved_comment(shown):
    store, rid = shown
    cid = comments.add(store, rid, "Typo", criterion="LM1").value
    comments.withdraw(store, cid)
    assert comments.list_comments(store, rid) == []


def test_the_host_can_comment_only_on_the_review_shown(shown):
    store, rid = shown
    with store.write() as s:
        doc = review_document.build_in(s, rid)
        doc["id"] = "0e0e0e0e-0000-4000-8000-000000000001"
        for key in ("notes", "judgements", "findings", "host_comments", "team", "timetable"):
            doc[key] = []
        review_document.load_in(s, doc, mode="author")
    with pytest.raises(ReviewLocked, match="only on the review shown"):
        comments.add(store, doc["id"], "Elsewhere", criterion="LM1")


def test_leaving_without_keys_needs_the_reviewers_name(shown):
    store, rid = shown
    with pytest.raises(KeyError_, match="host mode stays on"):
        host_mode.leave(store, "Ruth Amadi")
    assert host_mode.active(store) is not None
    comments.add(store, rid, "One comment", criterion="LM1")
    assert host_mode.leave(store, "local REVIEWER").value == 1
    assert host_mode.active(store) is None and store.actor.role != "host"
    entry = lifecycle.history(store, rid)[-1]
    assert (entry.action, entry.who, entry.detail["comments"]) == ("host.leave", "Local reviewer", 1)
    notes.add(store, rid, "The reviewer is back")


def test_leaving_with_keys_needs_the_reviewers_passphrase(demo_store, demo_id):
    identity.init(demo_store, "Sam Ellery", "Northfold Primary", "lead reviewer", PASS)
    host_mode.enter(demo_store, demo_id, "Ruth Amadi")
    for wrong in ("Sam Ellery", "", "correct horse"):
        with pytest.raises(KeyError_, match="not the reviewer's passphrase"):
            host_mode.leave(demo_store, wrong)
    assert host_mode.active(demo_store).host == "Ruth Amadi"
    host_mode.leave(demo_store, PASS)
    assert (demo_store.actor.name, demo_store.actor.role) == ("Sam Ellery", "lead reviewer")


def test_host_mode_cannot_be_entered_twice_or_on_a_final_review(demo_store, demo_id):
    lifecycle.finalise(demo_store, demo_id)
    with pytest.raises(ReviewLocked, match="final"):
        host_mode.enter(demo_store, demo_id, "Ruth Amadi")
    lifecycle.reopen(demo_store, demo_id)
    host_mode.enter(demo_store, demo_id, "Ruth Amadi")
    with pytest.raises(ReviewLocked, match="already on"):
        host_mode.enter(demo_store, demo_id, "Someone Else")
    host_mode.leave(demo_store, "Local reviewer")
    with pytest.raises(InvalidInput, match="who the host is"):
        host_mode.enter(demo_store, demo_id, "  ")
    with pytest.raises(InvalidInput, match="not on"):
        host_mode.leave(demo_store, "Local reviewer")


def test_host_mode_from_the_cli(capsys, demo_store, demo_id, data_dir):
    demo_store.close()
    r = cli(capsys, data_dir, "host", "enter", demo_id[:8], "--name", "Ruth Amadi")
    assert r.code == 0 and "Host mode is on for Ruth Amadi" in r.out
    r = cli(capsys, data_dir, "notes", "add", demo_id, "--text", "host evidence")
    assert r.code == 1 and "Host mode is on" in r.err and "Traceback" not in r.err
    r = cli(capsys, data_dir, "comments", "add", demo_id, "--criterion", "LM1", "--text", "Wrong year group",
            "--stance", "challenge")
    assert r.code == 0
    listed = cli(capsys, data_dir, "comments", "list", demo_id, "--json").json()
    assert [(c["author"], c["stance"]) for c in listed] == [("Ruth Amadi", "challenge")] and listed[0]["id"]
    assert cli(capsys, data_dir, "host", "status", "--json").json()["host"] == "Ruth Amadi"
    r = cli(capsys, data_dir, "host", "leave")
    assert r.code == 1 and "--reviewer" in r.err
    assert cli(capsys, data_dir, "host", "leave", "--reviewer", "Ruth Amadi").code == 1
    r = cli(capsys, data_dir, "host", "leave", "--reviewer", "Local reviewer")
    assert r.code == 0 and "1 comment" in r.out
    assert cli(capsys, data_dir, "comments", "resolve", listed[0]["id"], "--as", "declined").code == 1
    r = cli(capsys, data_dir, "comments", "resolve", listed[0]["id"][:8], "--as", "declined", "--reason", "Checked")
    assert r.code == 0
