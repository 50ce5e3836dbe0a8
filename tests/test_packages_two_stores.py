"""The whole journey across data folders on one machine, through the command line: keys made, cards exchanged, a
final review exported encrypted to the lead, verified and imported, a re-import is a duplicate, a reopened and
re-exported version supersedes the first. Then the team and host kinds of package, through the core services."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import cli
from package_helpers import PASSPHRASE, Pair, export, fingerprint
from peerreview_desktop.core import comments, findings, identity, lifecycle, notes, reviews
from peerreview_desktop.core.errors import ReviewLocked
from peerreview_desktop.core.packages import export_package, import_paths, ledger
from peerreview_desktop.core.store import Store

pytest_plugins = ["package_fixtures"]


def ok(r) -> str:  # noqa: ANN001
    assert r.code == 0, r.err
    return r.out


def review_row(capsys, folder: Path, rid: str) -> dict:
    return next(x for x in cli(capsys, folder, "reviews", "list", "--json").json() if x["id"] == rid)


def test_reviewer_to_lead_encrypted_then_duplicate_then_superseded(capsys, tmp_path):
    rv, ld = tmp_path / "reviewer", tmp_path / "lead"
    ok(cli(capsys, rv, "init", "--name", "Nerys Albright", "--school", "Sandpiper Primary", "--role", "reviewer"))
    ok(cli(capsys, ld, "init", "--name", "Kwame Ostrowski", "--school", "Tidewell Partnership", "--role", "lead"))
    ok(cli(capsys, rv, "keys", "export-card", "-o", str(tmp_path / "rv.card")))
    ok(cli(capsys, ld, "keys", "export-card", "-o", str(tmp_path / "ld.card")))
    ok(cli(capsys, ld, "keys", "trust", str(tmp_path / "rv.card"), "--role", "reviewer"))
    ok(cli(capsys, rv, "keys", "trust", str(tmp_path / "ld.card"), "--role", "lead"))

    rid = cli(capsys, rv, "reviews", "new", "--school", "Marram Bay Primary", "--framework", "school-peer-review",
              "--type", "full", "--date", "2026-11-20", "--json").json()["id"]
    photo = tmp_path / "reading corner.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"photo" * 2000)
    ok(cli(capsys, rv, "notes", "add", rid, "--text", "Reading corner well used at lunch", "--attach", str(photo)))
    ok(cli(capsys, rv, "notes", "add", rid, "--text", "SEALED-NOTE-77 a private staffing matter", "--confidential"))
    ok(cli(capsys, rv, "reviews", "finalise", rid))
    ok(cli(capsys, rv, "export", rid, "-o", str(tmp_path / "v1.age"), "--encrypt-to", "Kwame Ostrowski"))

    v = cli(capsys, ld, "verify", str(tmp_path / "v1.age"), "--json").json()
    assert v["ok"] and v["kind"] == "final" and v["signer"]["name"] == "Nerys Albright"
    first = cli(capsys, ld, "import", str(tmp_path / "v1.age"), "--json")
    assert first.code == 0 and [x["status"] for x in first.json()] == ["imported"]
    row = review_row(capsys, ld, rid)
    assert (row["mode"], row["status"], row["version"], row["notes"]) == ("received", "final", 1, 2)
    shown = cli(capsys, ld, "reviews", "show", rid, "--json").json()
    assert any("SEALED-NOTE-77" in n["text"] for n in shown["notes"])  # encrypted to the lead: confidential kept
    assert cli(capsys, ld, "notes", "add", rid, "--text", "lead edit").code == 1  # read-only

    before = fingerprint(ld)
    again = cli(capsys, ld, "import", str(tmp_path / "v1.age"), "--json")
    assert again.code == 0 and [x["status"] for x in again.json()] == ["duplicate"]
    assert fingerprint(ld) == before

    ok(cli(capsys, rv, "reviews", "reopen", rid))
    ok(cli(capsys, rv, "notes", "add", rid, "--text", "Follow-up visit: library now open daily"))
    ok(cli(capsys, rv, "reviews", "finalise", rid))
    ok(cli(capsys, rv, "export", rid, "-o", str(tmp_path / "v2.age"), "--encrypt-to", "Kwame Ostrowski"))
    second = cli(capsys, ld, "import", str(tmp_path / "v2.age"), "--json")
    assert second.code == 0 and [x["status"] for x in second.json()] == ["superseded"]
    row = review_row(capsys, ld, rid)
    assert (row["mode"], row["version"], row["notes"]) == ("received", 2, 3)
    lead = Store.open(ld)
    try:
        assert [v.version for v in lifecycle.versions(lead, rid)] == [1, 2]
        old = lifecycle.version_document(lead, rid, 1)
        assert (old["version"], old["status"], len(old["notes"])) == (1, "final", 2)
        assert [(e.revision, e.state) for e in ledger.entries(lead, rid)] == [(1, "superseded"), (2, "current")]
    finally:
        lead.close()


def test_folder_import_takes_older_revisions_first(pair: Pair, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    export(pair, folder / "z-first.zip")
    export(pair, folder / "a-second.zip")
    results = import_paths(pair.lead, [folder])
    assert [(Path(r.path).name, r.status) for r in results] == [("z-first.zip", "imported"),
                                                                ("a-second.zip", "superseded")]


def test_host_comments_on_a_draft_travel_back_and_survive_a_newer_draft(pair: Pair, tmp_path):
    """A headteacher's copy of a draft is in host mode: comments yes, notes no."""
    host = Store.open(pair.root / "host")
    try:
        identity.init(host, "Bethan Okafor", "Marram Bay Primary", "headteacher", PASSPHRASE)
        identity.trust(host, (pair.root / "cards" / "reviewer.card").read_bytes(), "reviewer")
        identity.trust(pair.reviewer, identity.card_bytes(host, PASSPHRASE), "host")
        fid = findings.add(pair.reviewer, pair.review_id, "strength", "Reading is a clear priority").value
        (res,) = import_paths(host, [export(pair, tmp_path / "draft.zip", kind="draft")])
        assert res.status == "imported" and res.detail["mode"] == "host"
        comments.add(host, pair.review_id, "The library reopened in March", finding=fid)
        with pytest.raises(ReviewLocked):
            notes.add(host, pair.review_id, "the host cannot add evidence")
        export_package(host, pair.review_id, tmp_path / "response.zip", passphrase=PASSPHRASE)
        (back,) = import_paths(pair.reviewer, [tmp_path / "response.zip"])
        assert back.status == "imported" and back.detail == {"comments_added": 1}
        texts = [c.text for c in comments.list_comments(pair.reviewer, pair.review_id)]
        assert "The library reopened in March" in texts
        # a newer draft keeps the host's own comment in their copy
        (newer,) = import_paths(host, [export(pair, tmp_path / "draft2.zip", kind="draft")])
        assert newer.status == "superseded"
        assert "The library reopened in March" in [c.text for c in comments.list_comments(host, pair.review_id)]
    finally:
        host.close()


def test_team_notes_share_merge_and_reimport(pair: Pair, tmp_path):
    """The lead shares the plan; a team member captures notes and sends them back; they merge once."""
    member = Store.open(pair.root / "member")
    try:
        identity.init(member, "Gethin Amari", "Saltmarsh Junior", "reviewer", PASSPHRASE)
        identity.trust(member, (pair.root / "cards" / "reviewer.card").read_bytes(), "lead")
        identity.trust(pair.reviewer, identity.card_bytes(member, PASSPHRASE), "reviewer")
        (shared,) = import_paths(member, [export(pair, tmp_path / "share.zip", kind="notes")])
        assert shared.status == "imported" and shared.detail["mode"] == "team"
        assert reviews.summary(member, pair.review_id).mode == "team"
        notes.add(member, pair.review_id, "Pupils explained their reading targets clearly")
        notes.add(member, pair.review_id, "Phonics groups start promptly")
        export_package(member, pair.review_id, tmp_path / "member.zip", passphrase=PASSPHRASE)
        count = reviews.summary(pair.reviewer, pair.review_id).notes
        (merged,) = import_paths(pair.reviewer, [tmp_path / "member.zip"])
        assert merged.status == "imported" and merged.detail["added"] == 2
        (again,) = import_paths(pair.reviewer, [tmp_path / "member.zip"])
        assert again.status == "duplicate"
        assert reviews.summary(pair.reviewer, pair.review_id).notes == count + 2
    finally:
        member.close()


def test_a_draft_from_another_signer_cannot_replace_a_received_review(pair: Pair, tmp_path):
    import_paths(pair.lead, [export(pair, tmp_path / "p.zip")])
    stranger = pair.open_other("stranger")
    try:
        identity.trust(pair.lead, identity.card_bytes(stranger, PASSPHRASE), "reviewer")
        export_package(stranger, pair.review_id, tmp_path / "s.zip", passphrase=PASSPHRASE)
    finally:
        stranger.close()
    before = fingerprint(pair.root / "lead")
    (res,) = import_paths(pair.lead, [tmp_path / "s.zip"])
    assert (res.status, res.reason) == ("refused", "different-signer")
    assert fingerprint(pair.root / "lead") == before


def test_export_and_import_work_without_kernel_copies_or_offset_reads(pair: Pair, tmp_path, monkeypatch):
    """The paths taken on Windows and macOS (no copy_file_range, pread or fdatasync) give the same packages."""
    import os

    for name in ("copy_file_range", "pread", "fdatasync"):
        monkeypatch.delattr(os, name, raising=False)
    (res,) = import_paths(pair.lead, [export(pair, tmp_path / "p.zip")])
    assert res.status == "imported"
    assert [n.text for n in notes.list_notes(pair.lead, pair.review_id) if n.attachments]


def test_encrypted_packages_of_a_folder_are_ordered_too_beyond_the_disk_budget(pair: Pair, tmp_path, monkeypatch):
    from peerreview_desktop.core.packages import importer

    monkeypatch.setattr(importer, "KEEP_DECRYPTED", 0)  # every package decrypted twice: once to order, once to import
    folder = tmp_path / "usb"
    folder.mkdir()
    export(pair, folder / "z-first.age", encrypt_to="Tobias Ekwueme")
    export(pair, folder / "a-second.age", encrypt_to="Tobias Ekwueme")
    results = import_paths(pair.lead, [folder], PASSPHRASE)
    assert [(Path(r.path).name, r.status) for r in results] == [("z-first.age", "imported"),
                                                                ("a-second.age", "superseded")]
    assert not list((pair.root / "lead").glob(".incoming-*"))
