"""Team merge: notes merge by identity between real stores (the lead's and a team member's); nothing duplicated,
re-imports change nothing, both-edited notes become conflicts for the lead, nothing is silently overwritten; the
host's response adds comments by ID without touching resolutions."""

from __future__ import annotations

import shutil

import pytest
from sqlmodel import func, select

from peerreview_desktop.core import comments, coverage, findings, lifecycle, merge, notes, review_document, reviews
from peerreview_desktop.core.errors import InvalidInput, ReviewLocked
from peerreview_desktop.core.models import AuditEntry, HostComment, Note, NoteConflict
from peerreview_desktop.core.store import Actor, Store

MEMBER = "KEY-OF-JO-KETTLE"


@pytest.fixture
def lead(store):
    store.actor = Actor("Sam Ellery", "lead reviewer")
    rid = reviews.new_review(store, reviews.Plan(school="Larkspur Primary", framework="school-peer-review",
                                                 start_date="2026-11-20")).value
    for i in range(3):
        notes.add(store, rid, f"Lead note {i} on reading", criteria="LM1")
    return store, rid


@pytest.fixture
def member(lead, tmp_path, _template_dir):
    """A team member's own store holding the shared review (as `export --kind notes` + import would leave it)."""
    lead_store, rid = lead
    shared = review_document.build(lead_store, rid, include_confidential=False)
    with lead_store.write() as s:
        merge.remember_shared(s, rid, shared)
    shutil.copytree(_template_dir, tmp_path / "member")
    m = Store.open(tmp_path / "member")
    m.actor = Actor("Jo Kettle", "reviewer")
    with m.write() as s:
        review_document.load_in(s, shared, mode="team")
    yield m
    m.close()


def _import(lead_store, rid, doc, source=MEMBER) -> merge.MergeResult:  # noqa: ANN001
    with lead_store.write() as s:
        return merge.merge_notes(s, rid, doc, source)


def _counts(store, rid):  # noqa: ANN001, ANN202
    with store.read() as s:
        n = s.exec(select(func.count()).select_from(Note).where(Note.review_id == rid)).one()
        c = s.exec(select(func.count()).select_from(NoteConflict).where(NoteConflict.review_id == rid)).one()
        a = s.exec(select(func.count()).select_from(AuditEntry)).one()
    return n, c, a


def _text(store, note_id):  # noqa: ANN001, ANN202
    return notes.get(store, note_id).text


def test_merge_counts_add_up_and_nothing_is_duplicated(lead, member):
    store, rid = lead
    for i in range(2):
        notes.add(member, rid, f"Member note {i} on behaviour", criteria="LM1")
    doc = review_document.build(member, rid)
    res = _import(store, rid, doc)
    assert (res.added, res.unchanged, res.conflicts, res.updated) == (2, 3, 0, 0)
    assert res.total == len(doc["notes"]) == 5
    assert _counts(store, rid)[:2] == (5, 0)
    authors = next(c for c in coverage.coverage(store, rid) if c.code == "LM1").authors
    assert authors == {"Sam Ellery": 3, "Jo Kettle": 2}


def test_reimporting_the_same_package_changes_nothing(lead, member):
    store, rid = lead
    notes.add(member, rid, "Member note on attendance")
    doc = review_document.build(member, rid)
    _import(store, rid, doc)
    before = _counts(store, rid)
    res = _import(store, rid, doc)
    assert (res.added, res.unchanged, res.conflicts, res.updated) == (0, 4, 0, 0)
    assert _counts(store, rid) == before  # not a note, conflict or audit entry more


def test_a_note_edited_on_both_laptops_becomes_a_conflict_and_is_not_overwritten(lead, member):
    store, rid = lead
    nid = notes.list_notes(store, rid)[0].id
    notes.update(store, nid, text="The lead's wording")
    notes.update(member, nid, text="The member's wording")
    doc = review_document.build(member, rid)
    res = _import(store, rid, doc)
    assert (res.added, res.unchanged, res.conflicts, res.updated) == (0, 2, 1, 0)
    assert _text(store, nid) == "The lead's wording"
    [c] = merge.list_conflicts(store, rid)
    assert (c.note_id, c.ours["text"], c.theirs["text"], c.fields) == (nid, "The lead's wording",
                                                                        "The member's wording", ["text"])
    before = _counts(store, rid)
    assert _import(store, rid, doc).conflicts == 1
    assert _counts(store, rid) == before  # the same conflict is not stored twice


def test_keeping_theirs_applies_their_version_and_a_reimport_stays_quiet(lead, member):
    store, rid = lead
    nid = notes.list_notes(store, rid)[0].id
    notes.update(store, nid, text="The lead's wording")
    notes.update(member, nid, text="The member's wording", marker="strength")
    doc = review_document.build(member, rid)
    _import(store, rid, doc)
    [c] = merge.list_conflicts(store, rid)
    merge.resolve_conflict(store, c.id[:8], "theirs")
    got = notes.get(store, nid)
    assert (got.text, got.marker) == ("The member's wording", "strength")
    assert merge.list_conflicts(store, rid) == []
    assert [x.resolution for x in merge.list_conflicts(store, rid, include_resolved=True)] == ["theirs"]
    res = _import(store, rid, doc)
    assert (res.conflicts, res.unchanged) == (0, 3)
    with pytest.raises(InvalidInput, match="already resolved"):
        merge.resolve_conflict(store, c.id, "ours")


def test_keeping_ours_keeps_ours_and_the_same_package_does_not_raise_it_again(lead, member):
    store, rid = lead
    nid = notes.list_notes(store, rid)[0].id
    notes.update(store, nid, text="The lead's wording")
    notes.update(member, nid, text="The member's wording")
    doc = review_document.build(member, rid)
    _import(store, rid, doc)
    merge.resolve_conflict(store, merge.list_conflicts(store, rid)[0].id, "ours")
    assert _text(store, nid) == "The lead's wording"
    res = _import(store, rid, doc)
    assert res.conflicts == 0 and merge.list_conflicts(store, rid) == []
    notes.update(member, nid, text="The member's second thoughts")
    assert _import(store, rid, review_document.build(member, rid)).conflicts == 1  # a new edit is a new question


def test_a_note_only_they_changed_is_brought_up_to_date_with_before_and_after(lead, member):
    store, rid = lead
    mid = notes.add(member, rid, "First draft of a member note").value
    _import(store, rid, review_document.build(member, rid))
    notes.update(member, mid, text="Member note, tidied at the end of the day")
    res = _import(store, rid, review_document.build(member, rid))
    assert (res.updated, res.conflicts) == (1, 0)
    assert _text(store, mid) == "Member note, tidied at the end of the day"
    entry = [e for e in lifecycle.history(store, rid) if e.action == "note.merge"][-1]
    assert {"field": "text", "before": "First draft of a member note",
            "after": "Member note, tidied at the end of the day"} in entry.changes


def test_a_note_only_we_changed_since_sharing_stays_ours(lead, member):
    store, rid = lead
    nid = notes.list_notes(store, rid)[0].id
    notes.update(store, nid, text="The lead improved this after sharing")
    res = _import(store, rid, review_document.build(member, rid))
    assert (res.unchanged, res.conflicts, res.updated) == (3, 0, 0)
    assert _text(store, nid) == "The lead improved this after sharing"


def test_a_note_we_deleted_is_not_brought_back_by_an_unchanged_copy(lead, member):
    store, rid = lead
    nid = notes.list_notes(store, rid)[0].id
    notes.delete(store, nid)
    res = _import(store, rid, review_document.build(member, rid))
    assert (res.added, res.unchanged) == (0, 3)
    assert _counts(store, rid)[0] == 2


def test_notes_of_another_review_are_refused(lead, member):
    store, rid = lead
    other = reviews.new_review(store, reviews.Plan(school="Owlton Academy", framework="school-peer-review",
                                                   start_date="2026-12-01")).value
    with pytest.raises(InvalidInput, match="another review"):
        _import(store, other, review_document.build(member, rid))


def test_a_team_members_copy_cannot_finalise_or_judge(lead, member):
    _, rid = lead
    with pytest.raises(ReviewLocked, match="lead reviewer"):
        lifecycle.finalise(member, rid)
    with pytest.raises(ReviewLocked, match="lead reviewer"):
        findings.add(member, rid, "strength", "A member's finding")


# -- the host's response -----------------------------------------------------------------------------------------------

def _response(store, rid, *texts):  # noqa: ANN001, ANN202
    """A host's copy of the review with comments, as a response package carries it."""
    fid = findings.add(store, rid, "strength", "Reading is prioritised").value if not findings_of(store, rid) \
        else findings_of(store, rid)[0]
    doc = review_document.build(store, rid)
    doc["host_comments"] = [{"id": f"00000000-0000-4000-8000-00000000000{i}", "target": "finding",
                             "target_id": fid, "text": t, "author": "Ruth Amadi", "stance": "challenge",
                             "created_at": "2026-11-21T10:00:00", "resolution": None, "reason": None,
                             "resolved_at": None, "resolved_by": None} for i, t in enumerate(texts)]
    return doc, fid


def findings_of(store, rid):  # noqa: ANN001, ANN202
    with store.read() as s:
        return [f.id for f in findings.list_for(s, rid)]


def test_a_response_adds_host_comments_once_and_never_touches_a_resolution(lead):
    store, rid = lead
    doc, fid = _response(store, rid, "The library reopened in March, not May", "Year 6 not Year 5")
    with store.write() as s:
        assert merge.merge_response(s, rid, doc, "KEY-OF-RUTH") == 2
    listed = comments.list_comments(store, rid)
    assert [(c.target_id, c.author, c.resolution) for c in listed] == [(fid, "Ruth Amadi", None)] * 2
    comments.resolve(store, listed[0].id, "accepted", "Corrected")
    with store.write() as s:
        assert merge.merge_response(s, rid, doc, "KEY-OF-RUTH") == 0
    with store.read() as s:
        assert s.exec(select(func.count()).select_from(HostComment)).one() == 2
        assert s.get(HostComment, listed[0].id).resolution == "accepted"
    added = [e for e in lifecycle.history(store, rid) if e.action == "comment.add"]
    assert [(e.who, e.role) for e in added] == [("Ruth Amadi", "host")] * 2


def test_a_response_to_a_final_review_is_refused(lead):
    store, rid = lead
    doc, _ = _response(store, rid, "Late comment")
    lifecycle.finalise(store, rid)
    with store.write() as s, pytest.raises(ReviewLocked, match="reopen"):
        merge.merge_response(s, rid, doc, "KEY-OF-RUTH")
