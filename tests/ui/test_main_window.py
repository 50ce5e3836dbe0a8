"""The main window: the review list (and its empty state), opening a review, panes by Ctrl+1…6, accessible names,
no raw IDs on screen, reopening the app on the same data folder, start-up errors as sentences, `peerreview gui`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from peerreview_desktop.core import notes
from peerreview_desktop.core.demo import DEMO_ID

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_the_review_list_shows_reviews_in_plain_words_and_enter_opens_one(qtbot, demo_ctx, open_main):
    w = open_main(demo_ctx)
    table = w.list_screen.table
    assert w.screens.currentWidget() is w.list_screen
    row = [table.model().index(0, c).data() for c in range(table.model().columnCount())]
    assert row[:4] == ["Lindenmoor Primary School", "12–13 November 2026", "Full peer review", "In progress"]
    assert "Focus areas" in w.list_screen.card.body.text()
    table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert w.screens.currentWidget() is w.workspace
    assert w.workspace.review_id == DEMO_ID
    assert w.windowTitle() == "Lindenmoor Primary School — Peer Review Desktop"
    assert w.workspace.header.details.text().startswith("12–13 November 2026")


def test_with_no_reviews_the_list_says_what_to_do_and_offers_the_demo(qtbot, ctx, open_main):
    w = open_main(ctx)
    ls = w.list_screen
    assert ls.stack.currentWidget() is ls.empty
    assert any("No reviews yet" in lab.text() for lab in ls.empty.findChildren(QLabel))
    qtbot.mouseClick(ls.demo_button, Qt.MouseButton.LeftButton)
    assert w.workspace.review_id == DEMO_ID


def test_an_empty_review_says_how_to_capture_the_first_note(empty_window):
    ws = empty_window.workspace
    assert ws.notes.stack.currentWidget() is ws.notes.empty
    assert ws.notes.empty.text() == "No notes yet — press Ctrl+N to capture one."
    assert "Ctrl+N" in ws.editor.empty.text()


def test_ctrl_1_to_6_move_between_panes(qtbot, window):
    ws = window.workspace
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert ws.tree.hasFocus()
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert ws.notes.view.hasFocus()
    press(qtbot, Qt.Key.Key_3, CTRL)
    assert ws.editor.text.hasFocus()
    for key, tab in ((Qt.Key.Key_4, ws.coverage), (Qt.Key.Key_5, ws.judgements), (Qt.Key.Key_6, ws.findings)):
        press(qtbot, key, CTRL)
        assert tab.isVisible() and tab.isAncestorOf(QApplication.focusWidget()) or tab is ws.judgements
        focus = QApplication.focusWidget()
        assert tab.isAncestorOf(focus) or (tab is ws.judgements and focus is ws.tree)  # nothing judged: pick one
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert ws.tree.hasFocus() and ws.tree.isVisible()


def test_a_criterion_picked_in_the_tree_is_the_one_the_judgement_panel_shows(qtbot, window):
    ws = window.workspace
    press(qtbot, Qt.Key.Key_5, CTRL)
    ws.show_criterion("BA2")
    assert ws.judgements.code == "BA2"
    assert all("BA2" in ws.notes.model.note(ws.notes.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2)).criteria
               for r in range(ws.notes.proxy.rowCount()))


def _controls(root):  # noqa: ANN001, ANN202
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QDateTimeEdit)
    return [c for c in root.findChildren(QWidget) if isinstance(c, kinds)]


def test_every_control_of_the_list_capture_and_editor_has_an_accessible_name(window):
    ws = window.workspace
    roots = [window.list_screen, ws.notes, ws.editor, ws.tree, ws.header]
    missing = []
    for root in roots:
        for c in _controls(root) + ([root] if isinstance(root, QAbstractItemView) else []):
            name = c.accessibleName() or (c.text() if isinstance(c, QAbstractButton) else "")
            internal = isinstance(c, QHeaderView) or c.objectName().startswith("qt_")  # parts of a Qt control
            if not name.strip() and c.isVisibleTo(window) and not internal:
                missing.append(f"{type(c).__name__} in {type(root).__name__}")
    assert missing == []


def test_no_raw_ids_on_screen(window):
    ws = window.workspace
    shown = [lab.text() for lab in window.findChildren(QLabel) if lab.isVisibleTo(window)]
    for view in (ws.notes.view, ws.tree):
        model = view.model()
        for r in range(min(model.rowCount(), 50)):
            for c in range(model.columnCount()):
                shown.append(str(model.index(r, c).data() or ""))
    assert not [t for t in shown if UUID.search(t)]


def test_reopening_the_app_on_the_same_folder_shows_everything_captured(qtbot, ctx, open_main, new_review, tmp_path,
                                                                        data_dir, errors):
    from peerreview_desktop.core.store import Store
    from peerreview_desktop.ui.context import AppContext

    w = open_main(ctx)
    w.open_review(new_review)
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "Year 6 debate on persuasive writing")
    press(qtbot, Qt.Key.Key_T, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "CT2")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    ed = w.workspace.editor
    ed.confidential.setChecked(True)
    qtbot.keyClicks(ed.place, "Year 6 classroom")
    f = tmp_path / "debate plan.txt"
    f.write_text("plan")
    ed.attach_files([str(f)])
    nid = ed.note_id
    w.close()
    ctx.store.close()

    store2 = Store.open(data_dir)
    ctx2 = AppContext(store2, inline=True)
    ctx2.show_error = errors
    try:
        w2 = open_main(ctx2)
        w2.list_screen.reload()
        assert w2.list_screen.proxy.rowCount() == 1
        w2.open_review(new_review)
        ws = w2.workspace
        assert ws.notes.model.rowCount() == 1
        ws.notes.select_note(nid)
        ed2 = ws.editor
        assert ed2.text.toPlainText() == "Year 6 debate on persuasive writing"
        assert ed2.tagger.codes() == ["CT2"] and ed2.marker_buttons["development"].isChecked()
        assert ed2.confidential.isChecked() and ed2.place.text() == "Year 6 classroom"
        assert ed2.attachments.count() == 1 and ed2.attachments.item(0).text() == "debate plan.txt"
        assert ws.tree_model.index_of("CT2").siblingAtColumn(1).data() == "1"
        w2.close()
    finally:
        ctx2.flush()
        store2.close()


def test_a_damaged_store_is_explained_in_a_sentence_and_nothing_is_changed(tmp_path, capsys, qapp):
    from peerreview_desktop.ui.app import open_store

    d = tmp_path / "damaged"
    d.mkdir()
    db = d / "peerreview.db"
    db.write_bytes(b"this is not a database at all" * 100)
    before = db.read_bytes()
    assert open_store(d) is None
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err
    assert db.read_bytes() == before


def test_a_store_from_a_newer_version_is_refused_with_a_sentence(tmp_path, capsys, qapp, data_dir):
    import sqlite3

    from peerreview_desktop.ui.app import open_store

    con = sqlite3.connect(data_dir / "peerreview.db")
    con.execute("UPDATE alembic_version SET version_num = 'from-the-future'")
    con.commit()
    con.close()
    assert open_store(data_dir) is None
    err = capsys.readouterr().err
    assert "newer version" in err and "Traceback" not in err


def test_a_fresh_store_needs_a_profile_first(store):
    from peerreview_desktop.ui.app import needs_profile

    assert needs_profile(store)


@pytest.mark.skipif(sys.platform == "win32", reason="uses a POSIX process group")
def test_peerreview_gui_opens_the_demo_on_a_fresh_folder_and_stays_up(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PEERREVIEW_NO_FIRST_RUN="1")
    proc = subprocess.Popen([sys.executable, "-m", "peerreview_desktop", "--data-dir", str(tmp_path / "d"), "gui"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (tmp_path / "d" / "peerreview.db").exists():
            time.sleep(0.2)
        time.sleep(3)
        assert proc.poll() is None, proc.stderr.read()
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
    from peerreview_desktop.core import reviews
    from peerreview_desktop.core.store import Store

    s = Store.open(tmp_path / "d")
    try:
        assert [r.id for r in reviews.list_reviews(s)] == [DEMO_ID]
    finally:
        s.close()


def test_shortcuts_and_labels_are_listed_in_help(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, title, text: shown.append((title, text)))
    window.act_shortcuts.trigger()
    assert shown and "Ctrl+N" in shown[0][1] and "Alt+S" in shown[0][1]


def test_undo_names_the_action_in_the_edit_menu(qtbot, empty_window):
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert empty_window.act_undo.text() == "&Undo New note"
    assert notes.list_notes(empty_window.ctx.store, empty_window.workspace.review_id)


def test_an_unexpected_error_is_logged_and_offered_with_copyable_details(qtbot, tmp_path, monkeypatch, capsys, qapp):
    import logging

    from peerreview_desktop.ui.app import crash_box, install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root_handlers = list(logging.getLogger().handlers)
    try:
        logfile = install_excepthook(tmp_path)
        try:
            raise ZeroDivisionError("a bug")
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        for h in logging.getLogger().handlers:
            if h not in root_handlers:
                h.close()
                logging.getLogger().removeHandler(h)
    assert "ZeroDivisionError: a bug" in logfile.read_text()
    box = crash_box("Traceback: ZeroDivisionError: a bug", logfile)
    qtbot.addWidget(box)
    assert box.detailedText().endswith("a bug")
    qtbot.mouseClick(box.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "Traceback: ZeroDivisionError: a bug"


def test_notes_dragged_from_the_list_onto_the_judgement_become_its_evidence(qtbot, window):
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    from peerreview_desktop.core import judgements, reviews

    def evidence(code: str) -> list[str]:
        with window.ctx.store.read() as s:
            fw = reviews.framework_of(s, reviews.get(s, DEMO_ID))
            return next(j.evidence for j in judgements.list_for(s, DEMO_ID, fw) if j.criterion == code)

    ws = window.workspace
    press(qtbot, Qt.Key.Key_5, CTRL)
    ws.show_criterion("CT2")
    assert ws.notes.isVisible() and ws.judgements.isVisible()  # side by side
    linked = set(evidence("CT2"))
    rows = [r for r in range(ws.notes.proxy.rowCount())
            if ws.notes.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2) not in linked]
    idx = ws.notes.proxy.index(rows[0], 0)
    nid = idx.data(Qt.ItemDataRole.UserRole + 2)
    mime = ws.notes.proxy.mimeData([idx])
    target = ws.judgements
    point = target.rect().center()
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    for event in (QDragEnterEvent(point, *args), QDragMoveEvent(point, *args), QDropEvent(point.toPointF(), *args)):
        QApplication.sendEvent(target, event)
    assert nid in evidence("CT2")
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert nid not in evidence("CT2")


def test_every_menu_item_has_a_mnemonic_a_status_tip_and_no_shortcut_is_taken_twice(window):
    from PySide6.QtGui import QKeySequence

    seen: dict[str, str] = {}
    for top in window.menuBar().actions():
        assert "&" in top.text(), top.text()
        letters = []
        for act in top.menu().actions():
            if act.isSeparator():
                continue
            text = act.text()
            assert "&" in text or act in window.acts.note_actions, f"no mnemonic: {text}"
            if "&" in text:
                letters.append(text[text.index("&") + 1].lower())
            assert act.statusTip(), f"no status tip: {text}"
            for key in act.shortcuts():
                name = key.toString(QKeySequence.SequenceFormat.PortableText)
                assert seen.setdefault(name, text) == text, f"{name} is on {seen[name]} and {text}"
        assert len(letters) == len(set(letters)), f"mnemonics repeat in {top.text()}: {letters}"
    assert {"Ctrl+Shift+H", "Ctrl+P", "Ctrl+E", "Ctrl+I", "Ctrl+Shift+P", "Ctrl+7", "Ctrl+8", "Ctrl+9"} <= set(seen)


def test_the_first_screen_shows_no_row_of_greyed_out_review_buttons(ctx, open_main):
    w = open_main(ctx)
    assert w.acts.toolbar.isVisible() and w.acts.review_toolbar is None
    w.open_demo()
    assert w.acts.review_toolbar.isVisible()
    w.show_list()
    assert not w.acts.review_toolbar.isVisible()
    w.close()


def test_the_header_shows_status_and_version_and_the_tabs_what_waits(window):
    from peerreview_desktop.core import comments, host_mode, review_document

    ws = window.workspace
    assert ws.header.status.text() == "In progress  ·  version 1"
    assert not ws.tabs.isTabVisible(6)  # no notes to choose between: no Conflicts tab
    store = window.ctx.store
    host_mode.enter(store, DEMO_ID, "Ruth Amadi")
    comments.add(store, DEMO_ID, "Not accurate", finding=review_document.build(store, DEMO_ID)["findings"][0]["id"])
    host_mode.leave(store, host_mode.reviewer_name_of(store))
    window.open_review(DEMO_ID)
    assert ws.header.status.text() == "Draft shared with host  ·  version 1"
    assert ws.tabs.tabText(4) == "Host comments (1)"
    window.acts.conflicts.trigger()  # asked for: shown, with a sentence saying there are none
    assert ws.tabs.currentWidget() is ws.conflicts and ws.conflicts.empty.isVisible()


def test_a_comment_opens_the_finding_it_is_about(qtbot, window):
    from peerreview_desktop.core import comments, host_mode, review_document
    from peerreview_desktop.ui.workspace import FINDINGS

    store = window.ctx.store
    fid = review_document.build(store, DEMO_ID)["findings"][1]["id"]
    host_mode.enter(store, DEMO_ID, "Ruth Amadi")
    comments.add(store, DEMO_ID, "Governors meet monthly, not termly.", finding=fid)
    host_mode.leave(store, host_mode.reviewer_name_of(store))
    window.open_review(DEMO_ID)
    window.acts.comments.trigger()  # Ctrl+7: the comments, ready for the keyboard
    assert window.workspace.comments.isAncestorOf(QApplication.focusWidget())
    card = next(iter(window.workspace.comments.cards.values()))
    qtbot.mouseClick(card.go, Qt.MouseButton.LeftButton)
    ws = window.workspace
    assert ws.tabs.currentIndex() == FINDINGS
    assert ws.findings.card_of[fid].text.hasFocus()


def test_opening_the_app_builds_only_the_review_list(tmp_path, data_dir):
    """Start-up speed: the window opens on the list without the workspace, the ORM models or any dialog loaded."""
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from peerreview_desktop.ui.app import make_app, open_store\n"
        "make_app()\n"
        "from peerreview_desktop.ui.context import AppContext\n"
        "from peerreview_desktop.ui.main_window import MainWindow\n"
        f"store = open_store({str(data_dir)!r})\n"
        "w = MainWindow(AppContext(store)); w.show()\n"
        "assert w.resume_host_mode() is False\n"
        "mods = [m for m in ('core.models', 'ui.workspace', 'ui.wizard', 'ui.partnership_view', 'ui.host_mode',\n"
        "                    'ui.import_dialog', 'ui.report_dialog', 'core.startup', 'core.backups') if\n"
        "        'peerreview_desktop.' + m in sys.modules]\n"
        "print(','.join(m for m in mods if m not in ('core.startup', 'core.backups')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
