"""Autosave: no save button, yet every edit reaches the store — within a second of the last keystroke, and at once
on leaving the editor, switching note, closing the window and quitting. Proved by reading the database through a
separate sqlite3 connection, as another process (or a crash investigator) would."""

from __future__ import annotations

import sqlite3
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from peerreview_desktop.core import notes


def text_on_disk(data_dir, note_id: str) -> str | None:  # noqa: ANN001
    con = sqlite3.connect(f"file:{data_dir / 'peerreview.db'}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT text FROM note WHERE id = ?", (note_id,)).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def _new_note(qtbot, w) -> str:  # noqa: ANN001
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return w.workspace.editor.note_id


def test_typing_is_in_the_database_within_one_second_of_the_last_keystroke(qtbot, empty_window, data_dir):
    w = empty_window
    nid = _new_note(qtbot, w)
    qtbot.keyClicks(w.workspace.editor.text, "Pupils in Year 3 used number lines confidently")
    last_key = time.monotonic()
    assert w.save_label.text() == "Saving…"
    qtbot.waitUntil(lambda: text_on_disk(data_dir, nid) == "Pupils in Year 3 used number lines confidently",
                    timeout=1000)
    assert time.monotonic() - last_key < 1.0
    qtbot.waitUntil(lambda: w.save_label.text().startswith("Saved "), timeout=500)


def test_each_keystroke_restarts_the_timer_so_a_pause_saves_once(qtbot, empty_window, data_dir):
    w = empty_window
    nid = _new_note(qtbot, w)
    saves = []
    w.ctx.saved.connect(saves.append)
    for word in ("Reading ", "corner ", "well ", "used"):
        qtbot.keyClicks(w.workspace.editor.text, word)
        qtbot.wait(150)  # typing pauses shorter than the autosave delay
    assert text_on_disk(data_dir, nid) == ""
    qtbot.waitUntil(lambda: text_on_disk(data_dir, nid) == "Reading corner well used", timeout=1000)
    assert len(saves) == 1


def test_leaving_the_editor_saves_at_once(qtbot, empty_window, data_dir):
    w = empty_window
    nid = _new_note(qtbot, w)
    qtbot.keyClicks(w.workspace.editor.text, "Corridors calm at changeover")
    w.workspace.tree.setFocus()
    assert text_on_disk(data_dir, nid) == "Corridors calm at changeover"


def test_switching_note_saves_the_one_left(qtbot, empty_window, data_dir):
    w = empty_window
    first = _new_note(qtbot, w)
    qtbot.keyClicks(w.workspace.editor.text, "First note")
    second = _new_note(qtbot, w)
    assert text_on_disk(data_dir, first) == "First note"
    qtbot.keyClicks(w.workspace.editor.text, "Second note")
    w.workspace.notes.select_note(first)
    assert w.workspace.editor.note_id == first
    assert text_on_disk(data_dir, second) == "Second note"


def test_closing_the_window_saves(qtbot, empty_window, data_dir):
    w = empty_window
    nid = _new_note(qtbot, w)
    qtbot.keyClicks(w.workspace.editor.text, "Written just before closing the lid")
    w.close()
    assert text_on_disk(data_dir, nid) == "Written just before closing the lid"


def test_quitting_the_app_saves(qtbot, empty_window, data_dir):
    from peerreview_desktop.ui.app import connect_quit

    w = empty_window
    nid = _new_note(qtbot, w)
    qtbot.keyClicks(w.workspace.editor.text, "Written just before quitting")
    app = QApplication.instance()
    connect_quit(app, w.ctx)
    app.aboutToQuit.emit()
    assert text_on_disk(data_dir, nid) == "Written just before quitting"


def test_typing_in_place_year_group_and_subject_autosaves_too(qtbot, empty_window, data_dir):
    w = empty_window
    nid = _new_note(qtbot, w)
    ed = w.workspace.editor
    qtbot.keyClicks(ed.place, "Hall")
    qtbot.keyClicks(ed.year_group, "Year 5")
    qtbot.keyClicks(ed.subject, "Music")
    qtbot.waitUntil(lambda: notes.get(w.ctx.store, nid).subject == "Music", timeout=1000)
    got = notes.get(w.ctx.store, nid)
    assert (got.place, got.year_group) == ("Hall", "Year 5")


def test_a_read_only_review_shows_why_and_the_editor_cannot_change_it(qtbot, ctx, open_main, new_review, errors):
    from peerreview_desktop.core import lifecycle

    nid = notes.add(ctx.store, new_review, "Seen before the review was finalised").value
    lifecycle.finalise(ctx.store, new_review)
    w = open_main(ctx)
    w.open_review(new_review)
    ws = w.workspace
    assert ws.banner.isVisible() and "final" in ws.banner.label.text()
    ws.notes.select_note(nid)
    assert ws.editor.text.isReadOnly()
    qtbot.keyClicks(ws.editor.text, "more")
    qtbot.keyClick(QApplication.focusWidget() or w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    ws.editor.flush()
    assert [n.text for n in notes.list_notes(ctx.store, new_review)] == ["Seen before the review was finalised"]
    assert not w.act_new_note.isEnabled()
    assert errors == []
    w.close()


def test_a_review_with_2000_notes_opens_and_autosaves_quickly(qtbot, ctx, open_main, new_review, capsys):
    """The figures are printed (pytest -s); the bounds are loose enough for a slow school laptop or a busy CI."""
    from peerreview_desktop.core import review_document

    with ctx.store.write() as s:
        for i in range(2000):
            review_document.insert_note(s, new_review, {
                "id": f"00000000-0000-4000-8000-{i:012d}", "activity": "lesson-visit",
                "occurred_at": f"2026-11-20T{8 + i % 8:02d}:{i % 60:02d}", "place": "Classroom", "year_group": "Year 4",
                "subject": "Mathematics", "author": "A. Reviewer", "text": f"Pupils explained their methods {i}",
                "criteria": ["CT2", "LO1"] if i % 2 else ["BA1"], "marker": ("strength", "development", "neutral")[i % 3],
                "confidential": False, "remote": False, "attachments": [],
                "created_at": "2026-11-20T09:00:00", "updated_at": "2026-11-20T09:00:00"})
    w = open_main(ctx)
    t = time.perf_counter()
    w.open_review(new_review)
    opened = time.perf_counter() - t
    ws = w.workspace
    assert ws.notes.model.rowCount() == 2000
    ws.notes.select_row(1000)
    saves = []
    for i in range(10):
        qtbot.keyClicks(ws.editor.text, f" and {i}")
        t = time.perf_counter()
        ws.editor.flush()
        saves.append(time.perf_counter() - t)
    saves.sort()
    with capsys.disabled():
        print(f"\n2,000 notes: opened in {opened * 1000:.0f} ms; autosave median {saves[5] * 1000:.1f} ms, "
              f"worst {saves[-1] * 1000:.1f} ms")
    assert opened < 3.0
    assert saves[5] < 0.3


def test_reading_notes_writes_nothing(qtbot, window, data_dir):
    """Opening every note of the demo in turn (and leaving the editor) must not touch the store."""
    def changes() -> int:
        con = sqlite3.connect(f"file:{data_dir / 'peerreview.db'}?mode=ro", uri=True)
        try:
            return con.execute("SELECT count(*) FROM audit_entry").fetchone()[0]
        finally:
            con.close()

    before = changes()
    ws = window.workspace
    for row in range(ws.notes.proxy.rowCount()):
        ws.notes.select_row(row)
        ws.editor.focus_text()
        ws.notes.view.setFocus()
    window.ctx.flush()
    assert window.ctx.undo.count() == 0
    assert changes() == before
