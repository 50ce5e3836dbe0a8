"""The reviewer's side of the host check and the team merge (pytest-qt): resolving host comments, reading the
history with before → after, and choosing between two versions of a note. No raw IDs on screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from peerreview_desktop.core import comments, host_mode, judgements, lifecycle, merge, notes, review_document
from peerreview_desktop.core.demo import DEMO_ID
from peerreview_desktop.core.errors import InvalidInput
from peerreview_desktop.ui.comments_view import CommentsView
from peerreview_desktop.ui.conflicts_view import ConflictsView
from peerreview_desktop.ui.history_view import HistoryView

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")


def _shown(qtbot, widget, ctx):  # noqa: ANN001, ANN202
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.set_review(DEMO_ID)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _texts(widget) -> str:  # noqa: ANN001
    return "\n".join(lab.text() for lab in widget.findChildren(QLabel) if lab.isVisible())


@pytest.fixture
def host_comments(demo_ctx):
    store = demo_ctx.store
    doc = review_document.build(store, DEMO_ID)
    host_mode.enter(store, DEMO_ID, "Ruth Amadi")
    a = comments.add(store, DEMO_ID, "The library reopened in March, not May.", finding=doc["findings"][0]["id"],
                     stance="challenge").value
    b = comments.add(store, DEMO_ID, "A fair picture.", criterion=doc["judgements"][0]["criterion"],
                     stance="accept").value
    host_mode.leave(store, "Local reviewer")
    return a, b, doc


def test_each_comment_is_shown_beside_its_finding_and_resolved_with_a_reason(qtbot, demo_ctx, errors,
                                                                               host_comments):
    a, b, doc = host_comments
    v = _shown(qtbot, CommentsView(demo_ctx), demo_ctx)
    assert set(v.cards) == {a, b} and "2 waiting for a resolution" in v.summary.text()
    text = _texts(v)
    assert doc["findings"][0]["text"][:40] in text and "The library reopened in March" in text
    assert not UUID.search(text)
    card = v.cards[a]
    qtbot.mouseClick(card.buttons["declined"], Qt.MouseButton.LeftButton)
    assert isinstance(errors[-1], InvalidInput)  # declining needs a reason
    qtbot.keyClicks(card.reason, "Corrected the date in the finding")
    qtbot.mouseClick(card.buttons["accepted"], Qt.MouseButton.LeftButton)
    got = {c.id: c for c in comments.list_comments(demo_ctx.store, DEMO_ID)}[a]
    assert (got.resolution, got.reason) == ("accepted", "Corrected the date in the finding")
    assert "Accepted, with a change" in v.cards[a].status.text() and "1 waiting" in v.summary.text()
    with qtbot.waitSignal(v.open_target, timeout=1000) as sig:
        qtbot.mouseClick(v.cards[b].go, Qt.MouseButton.LeftButton)
    assert sig.args == ["criterion", doc["judgements"][0]["criterion"]]
    v.show_resolved.setChecked(False)
    assert set(v.cards) == {b}


def test_the_history_shows_who_and_before_and_after_without_ids(qtbot, demo_ctx, host_comments):
    doc = host_comments[2]
    code = doc["judgements"][0]["criterion"]
    judgements.judge(demo_ctx.store, DEMO_ID, code, "not-judged", "Held back after the host's check")
    v = _shown(qtbot, HistoryView(demo_ctx), demo_ctx)
    cells = [[v.table.item(r, c).text() for c in range(4)] for r in range(v.table.rowCount())]
    assert cells[0][2].startswith(f"Judgement recorded: {code} · ")
    assert f"Grade: {doc['judgements'][0]['grade_label']} → Not judged" in cells[0][3]
    hosts = [row for row in cells if row[1] == "Ruth Amadi (host)"]
    assert len(hosts) == 2 and all(row[2].startswith("Host comment added: on ") for row in hosts)
    assert not UUID.search("\n".join("\n".join(row) for row in cells))
    assert "shared with the host" in v.summary.text()
    everything = v.table.rowCount()
    v.only_shared.setChecked(True)
    assert 0 < v.table.rowCount() < everything


def test_the_history_follows_finalise_and_reopen(qtbot, demo_ctx):
    v = _shown(qtbot, HistoryView(demo_ctx), demo_ctx)
    demo_ctx.call(lifecycle.finalise, DEMO_ID)
    demo_ctx.call(lifecycle.reopen, DEMO_ID)
    assert v.table.item(0, 2).text() == "Review reopened as a new version"
    assert "Version: 1 → 2" in v.table.item(0, 3).text()


def test_choosing_their_version_of_a_conflicting_note(qtbot, demo_ctx, errors):
    store = demo_ctx.store
    doc = review_document.build(store, DEMO_ID)
    note = doc["notes"][0]
    notes.update(store, note["id"], text=note["text"] + " Added here later.")
    theirs = dict(note, text=note["text"] + " (Jo: Year 2, not Year 1.)")
    with store.write() as s:
        assert merge.merge_notes(s, DEMO_ID, {"id": DEMO_ID, "notes": [theirs]}, "Jo Kettle").conflicts == 1
    v = _shown(qtbot, ConflictsView(demo_ctx), demo_ctx)
    assert v.list.count() == 1 and "from Jo Kettle" in v.list.item(0).text()
    assert "Added here later." in v.ours.body.text() and "(Jo: Year 2, not Year 1.)" in v.theirs.body.text()
    assert not UUID.search(_texts(v) + v.list.item(0).text())
    button = next(b for b in v.findChildren(QPushButton) if b.text() == "Keep Jo Kettle's version")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert errors == []
    assert notes.get(store, note["id"]).text.endswith("(Jo: Year 2, not Year 1.)")
    assert v.list.count() == 0 and v.empty.isVisible()


def test_host_check_screenshots_are_rendered_without_changing_the_store(demo_ctx, tmp_path):
    from peerreview_desktop.ui.screenshots import Shots
    from peerreview_desktop.ui.screenshots_more import host_check_scenes

    store = demo_ctx.store
    before = review_document.build(store, DEMO_ID, include_confidential=True)
    shots = Shots(tmp_path / "shots", (1000, 700))
    host_check_scenes(shots, store)
    paths = shots.paths
    assert [p.name for p in paths] == ["07-host-mode.png", "08-host-comments.png", "09-history.png"]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 10_000 for p in paths)
    assert review_document.build(store, DEMO_ID, include_confidential=True) == before
    assert host_mode.active(store) is None
