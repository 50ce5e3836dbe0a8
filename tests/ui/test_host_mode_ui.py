"""Show to host (pytest-qt): the host reads the draft and comments; they cannot edit notes or grades, and cannot leave
host mode without the reviewer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

from peerreview_desktop.core import comments, host_mode, identity, judgements, notes, review_document
from peerreview_desktop.core.demo import DEMO_ID
from peerreview_desktop.core.errors import KeyError_, ReviewLocked
from peerreview_desktop.ui.host_mode import HostModeView, LeaveDialog, enter_host_mode

PASS = "correct horse battery staple"


@pytest.fixture
def view(qtbot, demo_ctx):
    assert enter_host_mode(demo_ctx, None, DEMO_ID, ask=lambda _parent, _suggested: "Ruth Amadi")
    v = HostModeView(demo_ctx)
    qtbot.addWidget(v)
    v.resize(1280, 800)
    v.set_review(DEMO_ID)
    v.show()
    qtbot.waitExposed(v)
    return v


def test_show_to_host_turns_host_mode_on_with_a_clear_banner(view):
    assert host_mode.active(view.ctx.store).host == "Ruth Amadi"
    assert view.banner.isVisible() and "Host mode" in view.banner.title.text()
    assert "Ruth Amadi" in view.banner.title.text() and "Lindenmoor" in view.banner.title.text()
    doc = review_document.build(view.ctx.store, DEMO_ID)
    assert len(view.cards) == len(doc["findings"]) + len(doc["judgements"])


def test_cancelling_the_hosts_name_leaves_host_mode_off(qtbot, demo_ctx):
    assert not enter_host_mode(demo_ctx, None, DEMO_ID, ask=lambda _p, _s: None)
    assert host_mode.active(demo_ctx.store) is None


def test_the_host_view_offers_nothing_to_edit_and_edits_are_refused(view, errors):
    editors = [w for w in view.findChildren(QLineEdit) + view.findChildren(QTextEdit) + view.findChildren(QPlainTextEdit)
               if w is not view.composer.text]
    assert editors == []  # the only text box is the comment's
    doc = review_document.build(view.ctx.store, DEMO_ID)
    note, graded = doc["notes"][0], doc["judgements"][0]
    view.ctx.call(notes.update, note["id"], text="The host rewrote this")
    view.ctx.call(notes.add, DEMO_ID, "The host's own evidence")
    view.ctx.call(judgements.judge, DEMO_ID, graded["criterion"], "not-judged", "The host regraded this")
    assert [type(e) for e in errors] == [ReviewLocked] * 3
    assert all("Host mode is on" in str(e) for e in errors)
    after = review_document.build(view.ctx.store, DEMO_ID)
    assert after["notes"] == doc["notes"] and after["judgements"] == doc["judgements"]


def test_the_host_can_comment_on_a_finding_and_a_judgement(qtbot, view, errors):
    doc = review_document.build(view.ctx.store, DEMO_ID)
    fid, code = doc["findings"][0]["id"], doc["judgements"][0]["criterion"]
    assert not view.composer.add.isEnabled()  # nothing chosen yet
    qtbot.mouseClick(view.cards[("finding", fid)], Qt.MouseButton.LeftButton)
    assert view.composer.add.isEnabled() and view.cards[("finding", fid)].styleSheet().count("2px") == 1
    qtbot.mouseClick(view.composer.stances.buttons()[0], Qt.MouseButton.LeftButton)  # challenge
    qtbot.keyClicks(view.composer.text, "The library reopened in March, not May.")
    qtbot.mouseClick(view.composer.add, Qt.MouseButton.LeftButton)
    view.select("criterion", code)
    view.composer.set_stance("accept")
    view.composer.text.setPlainText("A fair picture.")
    qtbot.keyClick(view.composer.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    made = comments.list_comments(view.ctx.store, DEMO_ID)
    assert [(c.target, c.target_id, c.stance, c.author) for c in made] == [
        ("finding", fid, "challenge", "Ruth Amadi"), ("criterion", code, "accept", "Ruth Amadi")]
    assert view.composer.text.toPlainText() == ""
    assert "The library reopened in March" in view.cards[("finding", fid)].notes.text()


def test_the_host_cannot_leave_without_the_reviewer(qtbot, view, errors):
    answers = iter([None, "Ruth Amadi"])
    view.ask_secret = lambda _parent, reviewer, has_keys: next(answers)
    assert not view.request_leave()  # cancelled
    assert not view.request_leave()  # the host's own name is not the reviewer's
    assert host_mode.active(view.ctx.store) is not None
    assert [type(e) for e in errors] == [KeyError_]
    view.ask_secret = lambda _parent, reviewer, has_keys: reviewer if not has_keys else None
    with qtbot.waitSignal(view.left, timeout=1000):
        qtbot.mouseClick(view.banner.button, Qt.MouseButton.LeftButton)
    assert host_mode.active(view.ctx.store) is None


def test_with_keys_leaving_needs_the_reviewers_passphrase(qtbot, demo_ctx, errors):
    identity.init(demo_ctx.store, "Sam Ellery", "Northfold Primary", "lead reviewer", PASS)
    enter_host_mode(demo_ctx, None, DEMO_ID, ask=lambda _p, _s: "Ruth Amadi")
    v = HostModeView(demo_ctx)
    qtbot.addWidget(v)
    v.set_review(DEMO_ID)
    seen = []
    v.ask_secret = lambda _parent, reviewer, has_keys: seen.append((reviewer, has_keys)) or "Sam Ellery"
    assert not v.request_leave()
    assert seen == [("Sam Ellery", True)] and "passphrase" in str(errors[-1])
    v.ask_secret = lambda _parent, _reviewer, _has_keys: PASS
    assert v.request_leave() and host_mode.active(demo_ctx.store) is None


def test_the_leave_dialog_hides_a_passphrase_but_not_a_name(qtbot):
    with_keys, without = LeaveDialog(None, "Sam Ellery", True), LeaveDialog(None, "Sam Ellery", False)
    qtbot.addWidget(with_keys)
    qtbot.addWidget(without)
    assert with_keys.secret.echoMode() == QLineEdit.EchoMode.Password
    assert without.secret.echoMode() == QLineEdit.EchoMode.Normal
