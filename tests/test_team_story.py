"""The whole team story across three data folders (lead reviewer, second reviewer, host headteacher), through the
CLI and real signed packages: share → capture on both laptops → merge (counts add up, nothing duplicated, a conflict
surfaced) → draft to the host → response back → resolve → finalise → edit refused → reopen → the new final package
supersedes the old one where it was received."""

from __future__ import annotations

import shutil

from clirun import cli
from peerreview_desktop.core import notes
from peerreview_desktop.core.store import Store

FW = "school-peer-review"


def _folders(tmp_path, template):  # noqa: ANN001, ANN202
    out = {}
    for who in ("lead", "member", "host"):
        shutil.copytree(template, tmp_path / who)
        out[who] = tmp_path / who
    return out


def _edit(folder, note_id, text):  # noqa: ANN001
    """An edit made in the app on that laptop (the CLI has no note-editing command)."""
    store = Store.open(folder)
    try:
        notes.update(store, note_id, text=text)
    finally:
        store.close()


def test_lead_member_and_host_from_sharing_to_a_superseding_final(capsys, tmp_path, _template_dir):
    d = _folders(tmp_path, _template_dir)
    people = {"lead": ("Sam Ellery", "lead reviewer"), "member": ("Jo Kettle", "reviewer"),
              "host": ("Ruth Amadi", "headteacher")}

    def run(who, *args):  # noqa: ANN001, ANN202
        return cli(capsys, d[who], *args)

    for who, (name, role) in people.items():
        assert run(who, "init", "--name", name, "--school", "Fictional Federation", "--role", role).code == 0
        assert run(who, "keys", "export-card", "-o", str(tmp_path / f"{who}.card")).code == 0
    for a, b, role in (("lead", "member", "reviewer"), ("lead", "host", "host"), ("member", "lead", "lead"),
                       ("host", "lead", "lead")):
        assert run(a, "keys", "trust", str(tmp_path / f"{b}.card"), "--role", role).code == 0, (a, b)

    # the lead plans the review, captures three notes and shares it with the team
    rid = run("lead", "reviews", "new", "--school", "Larkspur Primary", "--framework", FW, "--type", "full",
              "--date", "2026-11-20", "--json").json()["id"]
    for i in range(3):
        assert run("lead", "notes", "add", rid, "--text", f"Lead note {i} on reading", "--criteria", "LM1").code == 0
    assert run("lead", "export", rid, "--kind", "notes", "-o", str(tmp_path / "share.zip")).code == 0
    r = run("member", "import", str(tmp_path / "share.zip"), "--json")
    assert r.code == 0 and r.json()[0]["status"] == "imported", r.err

    # both capture; the member's notes (their package holds their own notes) merge in
    member_notes = [run("member", "notes", "add", rid, "--text", f"Member note {i} on behaviour", "--criteria",
                        "LM1").out.strip() for i in range(2)]
    assert run("member", "judge", rid, "LM1", "--grade", "not-judged", "--rationale", "x").code == 1  # notes only
    assert run("member", "export", rid, "--kind", "notes", "-o", str(tmp_path / "member.zip")).code == 0
    r = run("lead", "import", str(tmp_path / "member.zip"), "--json")
    assert r.code == 0, r.err
    merged = r.json()[0]["detail"]
    assert (merged["added"], merged["unchanged"], merged["conflicts"], merged["updated"]) == (2, 0, 0, 0)

    def count(who):  # noqa: ANN001, ANN202
        return [x["notes"] for x in run(who, "reviews", "list", "--json").json() if x["id"] == rid][0]

    assert count("lead") == 5
    assert run("lead", "import", str(tmp_path / "member.zip"), "--json").json()[0]["status"] == "duplicate"
    assert count("lead") == 5

    # the member tidies both notes; the lead had reworded one of them meanwhile: one update, one conflict
    _edit(d["member"], member_notes[0], "Member note 0: Year 2, not Year 1")
    _edit(d["member"], member_notes[1], "Member note 1, tidied at the end of the day")
    _edit(d["lead"], member_notes[0], "Member note 0, as Sam wrote it up")
    assert run("member", "export", rid, "--kind", "notes", "-o", str(tmp_path / "member-2.zip")).code == 0
    merged = run("lead", "import", str(tmp_path / "member-2.zip"), "--json").json()[0]["detail"]
    assert (merged["added"], merged["unchanged"], merged["conflicts"], merged["updated"]) == (0, 0, 1, 1)
    assert count("lead") == 5
    shown = {n["id"]: n["text"] for n in run("lead", "reviews", "show", rid, "--json").json()["notes"]}
    assert shown[member_notes[0]] == "Member note 0, as Sam wrote it up"  # not silently overwritten
    assert shown[member_notes[1]] == "Member note 1, tidied at the end of the day"
    [conflict] = run("lead", "conflicts", "list", rid, "--json").json()
    assert conflict["theirs"]["text"] == "Member note 0: Year 2, not Year 1"
    assert conflict["source_name"] == "Jo Kettle"
    assert run("lead", "conflicts", "resolve", conflict["id"][:8], "--keep", "theirs").code == 0
    assert run("lead", "conflicts", "list", rid, "--json").json() == []
    assert run("lead", "import", str(tmp_path / "member-2.zip"), "--json").json()[0]["status"] == "duplicate"
    authors = [c for c in run("lead", "coverage", rid, "--json").json() if c["code"] == "LM1"][0]["authors"]
    assert authors == {"Sam Ellery": 3, "Jo Kettle": 2}

    # the draft goes to the host, who comments and sends a response back
    fid = run("lead", "findings", "add", rid, "--kind", "strength", "--text", "Reading is prioritised").out.strip()
    assert run("lead", "export", rid, "--kind", "draft", "-o", str(tmp_path / "draft.zip")).code == 0
    assert [x["status"] for x in run("lead", "reviews", "list", "--json").json() if x["id"] == rid] == \
        ["draft_shared"]
    assert run("host", "import", str(tmp_path / "draft.zip")).code == 0
    r = run("host", "comments", "add", rid, "--finding", fid, "--text", "The library reopened in March, not May",
            "--stance", "challenge")
    assert r.code == 0, r.err
    r = run("host", "notes", "add", rid, "--text", "The host's own evidence")
    assert r.code == 1 and "comment" in r.err and "Traceback" not in r.err
    assert run("host", "export", rid, "--kind", "response", "-o", str(tmp_path / "response.zip")).code == 0
    assert run("lead", "import", str(tmp_path / "response.zip")).code == 0
    [comment] = run("lead", "comments", "list", rid, "--json").json()
    assert (comment["author"], comment["target_id"], comment["stance"]) == ("Ruth Amadi", fid, "challenge")

    # resolve, finalise, edits refused, reopen as version 2
    assert run("lead", "reviews", "finalise", rid).code == 1  # the comment is not resolved yet
    assert run("lead", "comments", "resolve", comment["id"], "--as", "accepted", "--reason", "Corrected").code == 0
    assert run("lead", "reviews", "finalise", rid).code == 0
    r = run("lead", "notes", "add", rid, "--text", "late edit")
    assert r.code == 1 and "final" in r.err
    assert run("lead", "export", rid, "--kind", "final", "-o", str(tmp_path / "final-v1.zip")).code == 0
    assert run("host", "import", str(tmp_path / "final-v1.zip")).code == 0
    assert run("lead", "reviews", "reopen", rid).code == 0
    assert run("lead", "findings", "add", rid, "--kind", "next-step", "--text", "Share the reading model").code == 0
    assert run("lead", "reviews", "finalise", rid).code == 0
    assert run("lead", "export", rid, "--kind", "final", "-o", str(tmp_path / "final-v2.zip")).code == 0

    # where it was received, version 2 supersedes version 1, which stays readable
    r = run("host", "import", str(tmp_path / "final-v2.zip"), "--json")
    assert r.code == 0 and r.json()[0]["status"] == "superseded", r.out
    host_copy = run("host", "reviews", "show", rid, "--json").json()
    assert (host_copy["version"], host_copy["status"]) == (2, "final")
    assert "Share the reading model" in [f["text"] for f in host_copy["findings"]]
    v1 = run("host", "reviews", "versions", rid, "--show", "1", "--json").json()
    assert "Share the reading model" not in [f["text"] for f in v1["findings"]]
    assert run("host", "import", str(tmp_path / "final-v1.zip"), "--json").json()[0]["status"] == "duplicate"

    history = run("lead", "reviews", "history", rid, "--json").json()
    actions = [e["action"] for e in history]
    for expected in ("review.create", "note.merge", "note.conflict", "conflict.resolve", "review.draft_shared",
                     "comment.add", "comment.resolve", "review.finalise", "review.reopen"):
        assert expected in actions, expected
    host_entry = next(e for e in history if e["action"] == "comment.add")
    assert (host_entry["who"], host_entry["role"]) == ("Ruth Amadi", "host")
    assert all(e["after_draft_shared"] for e in history[actions.index("review.draft_shared") + 1:])
    assert run("lead", "check").code == 0
