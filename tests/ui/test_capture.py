"""Capture journeys driven by keys and clicks: new notes by keyboard alone, tagging by code and by word, markers by
shortcut, files dropped on a note or the list, undo and redo, search."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from peerreview_desktop.core import notes

CTRL, ALT, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """A key as a user presses it: to whatever has the focus."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:  # noqa: ANN001
    qtbot.keyClicks(QApplication.focusWidget(), text)


def stored(w, review_id=None):  # noqa: ANN001, ANN201
    return notes.list_notes(w.ctx.store, review_id or w.workspace.review_id)


def test_ctrl_n_starts_a_note_timed_now_with_the_cursor_in_the_text(qtbot, empty_window):
    w = empty_window
    press(qtbot, Qt.Key.Key_N, CTRL)
    editor = w.workspace.editor
    assert editor.note_id
    assert editor.text.hasFocus()
    assert editor.time.dateTime().toString("yyyy-MM-dd") == stored(w)[0].occurred_at[:10]


def test_twenty_notes_captured_by_keyboard_alone(qtbot, empty_window):
    w = empty_window
    markers = [(Qt.Key.Key_S, "strength"), (Qt.Key.Key_D, "development"), (Qt.Key.Key_U, "neutral")]
    codes = ["CT2", "BA1", "LM3", "IS2", "PD4"]
    for i in range(20):
        press(qtbot, Qt.Key.Key_N, CTRL)
        type_text(qtbot, f"Observation {i + 1}: pupils explained their reasoning")
        press(qtbot, Qt.Key.Key_T, CTRL)
        type_text(qtbot, codes[i % 5])
        press(qtbot, Qt.Key.Key_Return)
        key, _ = markers[i % 3]
        press(qtbot, key, ALT)
    w.ctx.flush()
    got = sorted(stored(w), key=lambda n: int(n.text.split(":")[0].split()[1]))
    assert len(got) == 20
    for i, n in enumerate(got):
        assert n.text == f"Observation {i + 1}: pupils explained their reasoning"
        assert n.criteria == [codes[i % 5]]
        assert n.marker == markers[i % 3][1]
    assert w.workspace.notes.model.rowCount() == 20


def test_tagging_by_a_word_picks_the_best_matching_criterion(qtbot, empty_window):
    w = empty_window
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_text(qtbot, "Phonics in Reception")
    press(qtbot, Qt.Key.Key_T, CTRL)
    type_text(qtbot, "early literacy")
    tagger = w.workspace.editor.tagger
    assert tagger.completer.popup().isVisible()
    assert tagger.matches.stringList()[0].startswith("CT4")
    press(qtbot, Qt.Key.Key_Return)
    assert stored(w)[0].criteria == ["CT4"]
    assert tagger.field.text() == ""


def test_tagging_by_code_through_the_completer_popup(qtbot, empty_window):
    w = empty_window
    press(qtbot, Qt.Key.Key_N, CTRL)
    press(qtbot, Qt.Key.Key_T, CTRL)
    type_text(qtbot, "ba")
    tagger = w.workspace.editor.tagger
    popup = tagger.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert stored(w)[0].criteria == ["BA2"]
    qtbot.waitUntil(lambda: tagger.field.text() == "", timeout=1000)
    press(qtbot, Qt.Key.Key_Backspace)  # in the empty field: removes the last tag
    assert stored(w)[0].criteria == []


def test_a_criterion_selected_in_the_tree_is_tagged_on_new_notes_and_filters_the_list(qtbot, window):
    ws = window.workspace
    ws.show_criterion("CT4")
    shown = ws.notes.proxy.rowCount()
    assert 0 < shown < ws.notes.model.rowCount()
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert notes.get(window.ctx.store, ws.editor.note_id).criteria == ["CT4"]
    assert ws.notes.proxy.rowCount() == shown + 1


def _drop(widget, paths, pos=None) -> None:  # noqa: ANN001
    """What a drag from the file manager delivers: enter, move, drop, each a real event sent to the widget."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    point = pos if pos is not None else widget.rect().center()
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(point, *args)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, *args)
    QApplication.sendEvent(widget, move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(point), *args)
    QApplication.sendEvent(widget, drop)
    assert drop.isAccepted()


def test_a_photo_dropped_on_the_editor_is_attached_with_a_thumbnail(qtbot, empty_window, tmp_path):
    w = empty_window
    press(qtbot, Qt.Key.Key_N, CTRL)
    photo = tmp_path / "display board.png"
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    image.save(str(photo))
    editor = w.workspace.editor
    _drop(editor, [photo])
    att = stored(w)[0].attachments
    assert [a["filename"] for a in att] == ["display board.png"]
    assert (w.ctx.store.attachments_dir / att[0]["sha256"][:2] / att[0]["sha256"]).read_bytes() == photo.read_bytes()
    assert editor.attachments.count() == 1
    assert not editor.attachments.item(0).icon().isNull()


def test_a_file_dropped_on_a_note_in_the_list_attaches_and_on_empty_space_starts_a_note(qtbot, window, tmp_path):
    ws = window.workspace
    doc = tmp_path / "attendance summary.txt"
    doc.write_text("Autumn term attendance 94.1%")
    view = ws.notes.view
    first = ws.notes.proxy.index(0, 0)
    note_id = first.data(Qt.ItemDataRole.UserRole + 2)
    _drop(view.viewport(), [doc], view.visualRect(first).center())
    assert [a["filename"] for a in notes.get(window.ctx.store, note_id).attachments] == ["attendance summary.txt"]
    before = len(stored(window))
    ws.show_criterion("PO2")  # one note: room below it
    bottom = QPoint(10, view.viewport().height() - 2)
    assert not view.indexAt(bottom).isValid()
    _drop(view.viewport(), [doc], bottom)
    assert len(stored(window)) == before + 1
    new = notes.get(window.ctx.store, ws.editor.note_id)
    assert ([a["filename"] for a in new.attachments], new.criteria) == (["attendance summary.txt"], ["PO2"])
    ws.show_criterion("PO3")  # no notes: the pane shows what to do, and takes drops too
    assert ws.notes.stack.currentWidget() is ws.notes.empty
    _drop(ws.notes.empty, [doc])
    assert len(stored(window)) == before + 2


def test_undo_and_redo_of_adding_editing_and_deleting_a_note(qtbot, empty_window):
    w = empty_window
    editor = w.workspace.editor
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_text(qtbot, "First thoughts")
    press(qtbot, Qt.Key.Key_S, ALT)
    nid = editor.note_id
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the marker
    assert notes.get(w.ctx.store, nid).marker == "neutral"
    assert notes.get(w.ctx.store, nid).text == "First thoughts"
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the typing
    assert notes.get(w.ctx.store, nid).text == ""
    assert editor.text.toPlainText() == ""
    press(qtbot, Qt.Key.Key_Z, CTRL)  # the note itself
    assert stored(w) == []
    assert w.workspace.notes.model.rowCount() == 0
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    again = notes.get(w.ctx.store, nid)
    assert (again.text, again.marker) == ("First thoughts", "strength")
    w.workspace.notes.select_note(nid)
    w.workspace.delete_note()
    assert stored(w) == []
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert notes.get(w.ctx.store, nid).text == "First thoughts"
    assert w.workspace.notes.model.row_of(nid) is not None


def test_undo_of_a_delete_brings_back_attachments(qtbot, empty_window, tmp_path):
    w = empty_window
    press(qtbot, Qt.Key.Key_N, CTRL)
    f = tmp_path / "plan.txt"
    f.write_text("lesson plan")
    _drop(w.workspace.editor, [f])
    nid = w.workspace.editor.note_id
    w.workspace.delete_note()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert [a["filename"] for a in notes.get(w.ctx.store, nid).attachments] == ["plan.txt"]


def test_search_filters_the_list_and_escape_clears_it(qtbot, window):
    ws = window.workspace
    total = ws.notes.model.rowCount()
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert ws.notes.search.hasFocus()
    type_text(qtbot, "phonics")
    qtbot.waitUntil(lambda: 0 < ws.notes.proxy.rowCount() < total, timeout=1000)
    for row in range(ws.notes.proxy.rowCount()):
        nid = ws.notes.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 2)
        n = ws.notes.model.note(nid)
        assert "phonics" in f"{n.text} {n.place} {n.subject}".lower()
    assert "of" in ws.notes.count.text()
    press(qtbot, Qt.Key.Key_Escape)
    assert ws.notes.proxy.rowCount() == total
    ws.notes.marker.setCurrentIndex(ws.notes.marker.findData("development"))
    assert all(ws.notes.model.note(ws.notes.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2)).marker == "development"
               for r in range(ws.notes.proxy.rowCount()))


def test_an_image_dragged_from_another_app_without_a_file_is_attached_as_a_png(qtbot, empty_window):
    w = empty_window
    press(qtbot, Qt.Key.Key_N, CTRL)
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkMagenta)
    mime = QMimeData()
    mime.setImageData(image)
    editor = w.workspace.editor
    point = editor.rect().center()
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    for event in (QDragEnterEvent(point, *args), QDragMoveEvent(point, *args), QDropEvent(QPointF(point), *args)):
        QApplication.sendEvent(editor, event)
        assert event.isAccepted()
    att = stored(w)[0].attachments
    assert len(att) == 1 and att[0]["mime"] == "image/png" and att[0]["filename"].startswith("Photo ")
    assert not editor.attachments.item(0).icon().isNull()


def test_attaching_can_be_undone_and_redone_even_after_the_file_is_gone(qtbot, empty_window, tmp_path):
    w = empty_window
    press(qtbot, Qt.Key.Key_N, CTRL)
    f = tmp_path / "timetable.csv"
    f.write_text("09:00,Assembly")
    _drop(w.workspace.editor, [f])
    assert [a["filename"] for a in stored(w)[0].attachments] == ["timetable.csv"]
    f.unlink()
    w.ctx.undo_last()
    assert stored(w)[0].attachments == []
    assert w.workspace.editor.attachments.count() == 0
    w.ctx.redo_next()
    assert [a["filename"] for a in stored(w)[0].attachments] == ["timetable.csv"]
    assert w.workspace.editor.attachments.count() == 1


def test_typing_in_one_note_is_one_undo_step_and_each_note_its_own(qtbot, empty_window):
    w = empty_window
    ed = w.workspace.editor
    press(qtbot, Qt.Key.Key_N, CTRL)
    first = ed.note_id
    type_text(qtbot, "Pupils ")
    ed.flush()  # an autosave between two bursts of typing
    type_text(qtbot, "listened well")
    ed.flush()
    press(qtbot, Qt.Key.Key_N, CTRL)
    type_text(qtbot, "Second")
    ed.flush()
    assert notes.get(w.ctx.store, first).text == "Pupils listened well"
    w.ctx.undo_last()  # the second note's typing
    assert notes.get(w.ctx.store, ed.note_id).text == ""
    w.ctx.undo_last()  # the second note itself
    w.ctx.undo_last()  # all the typing in the first note, both bursts
    assert notes.get(w.ctx.store, first).text == ""
    w.ctx.redo_next()
    assert notes.get(w.ctx.store, first).text == "Pupils listened well"


def test_the_smallest_window_still_fits_every_pane_without_overlap(qtbot, empty_window):
    w = empty_window
    press(qtbot, Qt.Key.Key_N, CTRL)
    for tab in range(w.workspace.tabs.count()):
        w.workspace.tabs.setCurrentIndex(tab)
        hint = w.minimumSizeHint()
        assert hint.width() <= w.minimumWidth() and hint.height() <= w.minimumHeight(), (tab, hint)
    assert w.minimumWidth() <= 1280 and w.minimumHeight() <= 720
