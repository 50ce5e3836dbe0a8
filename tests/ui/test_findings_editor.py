"""The findings editor: add by typing and Enter, edit in place with autosave, cite criteria with completion,
reorder by keyboard (and into another column), delete, and undo every one of them."""

from __future__ import annotations

import time
from datetime import date

import pytest
from pane_helpers import on_disk, show_pane
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from peerreview_desktop.core import findings, host_mode, reviews
from peerreview_desktop.ui.findings_editor import FindingsEditor


def listed(store, review_id: str, kind: str | None = None) -> list:  # noqa: ANN001
    with store.read() as s:
        return [f for f in findings.list_for(s, review_id) if kind is None or f.kind == kind]


def text_on_disk(data_dir, finding_id: str) -> str | None:  # noqa: ANN001
    return on_disk(data_dir, "SELECT text FROM finding WHERE id = ?", finding_id)


@pytest.fixture
def review(ctx) -> str:  # noqa: ANN001
    return reviews.new_review(ctx.store, reviews.Plan(school="Harrowgate Lane Primary School",
                                                      framework="school-peer-review",
                                                      start_date=date(2027, 2, 3))).value


@pytest.fixture
def editor(ctx, review, qtbot):  # noqa: ANN001, ANN201
    e = show_pane(qtbot, FindingsEditor(ctx), review, 1200, 800)
    yield e
    e.shutdown()


def add_by_keyboard(qtbot, editor, kind: str, text: str) -> None:  # noqa: ANN001
    field = editor.columns[kind].add
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_typing_a_finding_and_pressing_enter_adds_it_and_undo_takes_it_away(editor, ctx, review, qtbot):
    col = editor.columns["strength"]
    assert not col.empty.isHidden()
    add_by_keyboard(qtbot, editor, "strength", "Early reading is taught with consistency and pace.")
    stored = listed(ctx.store, review, "strength")
    assert [f.text for f in stored] == ["Early reading is taught with consistency and pace."]
    assert col.add.text() == ""
    assert col.empty.isHidden()
    assert editor.card_of[stored[0].id].text.toPlainText() == stored[0].text
    assert col.title.text() == "What went well (1)"
    ctx.undo_last()
    assert listed(ctx.store, review) == []
    assert stored[0].id not in editor.card_of
    ctx.redo_next()
    assert [f.id for f in listed(ctx.store, review)] == [stored[0].id]


def test_editing_in_place_is_on_disk_within_a_second_as_one_undo_step(editor, ctx, review, data_dir, qtbot):
    add_by_keyboard(qtbot, editor, "development", "Adaptive teaching is not yet consistent")
    fid = listed(ctx.store, review)[0].id
    card = editor.card_of[fid]
    card.text.setFocus()
    card.text.moveCursor(card.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(card.text, " in Key Stage 2.")
    last_key = time.monotonic()
    qtbot.waitUntil(lambda: text_on_disk(data_dir, fid) == "Adaptive teaching is not yet consistent in Key Stage 2.",
                    timeout=1000)
    assert time.monotonic() - last_key < 1.0
    qtbot.keyClicks(card.text, " Pupils")
    card.flush()
    ctx.undo_last()
    assert text_on_disk(data_dir, fid) == "Adaptive teaching is not yet consistent"
    assert card.text.toPlainText() == "Adaptive teaching is not yet consistent"


def test_leaving_a_finding_saves_it_at_once(editor, ctx, review, data_dir, qtbot):
    add_by_keyboard(qtbot, editor, "next-step", "Train teaching assistants")
    card = editor.card_of[listed(ctx.store, review)[0].id]
    card.text.setFocus()
    card.text.moveCursor(card.text.textCursor().MoveOperation.End)
    qtbot.keyClicks(card.text, " in adaptive strategies")
    card.criteria.setFocus()
    QApplication.processEvents()
    assert text_on_disk(data_dir, card.finding_id).endswith("adaptive strategies")


def test_citing_criteria_by_code_stores_them_and_an_unknown_code_is_named_not_stored(editor, ctx, review, qtbot):
    add_by_keyboard(qtbot, editor, "strength", "Pupils feel safe")
    card = editor.card_of[listed(ctx.store, review)[0].id]
    card.criteria.setFocus()
    qtbot.keyClicks(card.criteria, "ba4, pd2, zz9")
    card.criteria.completer.popup().hide()
    qtbot.keyClick(card.criteria, Qt.Key.Key_Return)
    assert listed(ctx.store, review)[0].criteria == ["BA4", "PD2"]
    assert "Not a criterion of this framework: ZZ9" in card.titles.text()
    assert "BA4 Safeguarding culture" in card.titles.text()
    ctx.undo_last()
    assert listed(ctx.store, review)[0].criteria == []


def test_completion_offers_criteria_for_the_code_being_typed(editor, ctx, review, qtbot):
    add_by_keyboard(qtbot, editor, "strength", "Leaders know the school well")
    card = editor.card_of[listed(ctx.store, review)[0].id]
    card.criteria.setFocus()
    qtbot.keyClicks(card.criteria, "CT1, lm")
    c = card.criteria.completer
    offered = [c.completionModel().index(i, 0).data() for i in range(c.completionCount())]
    assert offered and all(o.startswith("LM") for o in offered)
    c.activated[str].emit(offered[0])
    assert card.criteria.codes() == ["CT1", offered[0].split(" — ")[0]]


def test_alt_down_and_alt_up_reorder_within_a_column(editor, ctx, review, qtbot):
    for text in ("First", "Second", "Third"):
        add_by_keyboard(qtbot, editor, "strength", text)
    first = editor.card_of[listed(ctx.store, review)[0].id]
    first.text.setFocus()
    qtbot.keyClick(first.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [f.text for f in listed(ctx.store, review)] == ["Second", "First", "Third"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [f.text for f in listed(ctx.store, review)] == ["Second", "Third", "First"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [f.text for f in listed(ctx.store, review)] == ["Second", "First", "Third"]
    ctx.undo_last()
    assert [f.text for f in listed(ctx.store, review)] == ["Second", "Third", "First"]
    col = editor.columns["strength"]
    shown = [col.cards.itemAt(i).widget() for i in range(3)]
    assert [c.text.toPlainText() for c in shown] == ["Second", "Third", "First"]


def test_moving_into_another_column_changes_the_kind_and_undo_moves_it_back(editor, ctx, review, qtbot):
    add_by_keyboard(qtbot, editor, "development", "Writing in Key Stage 2 varies")
    add_by_keyboard(qtbot, editor, "next-step", "Review the feedback policy")
    fid = listed(ctx.store, review, "development")[0].id
    editor.place(fid, "next-step", 0)
    assert [f.text for f in listed(ctx.store, review, "next-step")] == ["Writing in Key Stage 2 varies",
                                                                          "Review the feedback policy"]
    assert editor.card_of[fid].parentWidget() is editor.columns["next-step"].body
    ctx.undo_last()
    assert [f.id for f in listed(ctx.store, review, "development")] == [fid]


def test_delete_and_undo_bring_back_text_criteria_and_place(editor, ctx, review, qtbot):
    for text in ("One", "Two", "Three"):
        add_by_keyboard(qtbot, editor, "strength", text)
    two = listed(ctx.store, review)[1]
    ctx.call(findings.update, two.id, criteria=["CT2"])
    qtbot.mouseClick(editor.card_of[two.id].buttons[2], Qt.MouseButton.LeftButton)
    assert [f.text for f in listed(ctx.store, review)] == ["One", "Three"]
    ctx.undo_last()
    back = listed(ctx.store, review)
    assert [(f.id, f.text, f.criteria) for f in back][1] == (two.id, "Two", ["CT2"])
    assert [f.text for f in back] == ["One", "Two", "Three"]


def test_demo_findings_fill_three_columns(demo_ctx, demo_id, qtbot):
    e = FindingsEditor(demo_ctx)
    qtbot.addWidget(e)
    e.set_review(demo_id)
    with demo_ctx.store.read() as s:
        expected = findings.list_for(s, demo_id)
    for kind, col in e.columns.items():
        assert [c.finding_id for c in (col.cards.itemAt(i).widget() for i in range(col.cards.count()))
                if c is not None and c is not col.empty] == [f.id for f in expected if f.kind == kind]
    e.shutdown()


def test_a_locked_review_is_read_only_with_the_reason_shown(demo_ctx, demo_id, qtbot):
    host_mode.enter(demo_ctx.store, demo_id, "Claire Whitworth")
    e = show_pane(qtbot, FindingsEditor(demo_ctx), demo_id, 1200, 800)
    assert "Host mode is on" in e.banner.label.text()
    card = next(iter(e.card_of.values()))
    assert card.text.isReadOnly() and card.criteria.isReadOnly()
    assert all(b.isHidden() for b in card.buttons)
    assert e.columns["strength"].add.isHidden()
    assert e.add("strength", "Should not be stored") is False
    e.shutdown()


def test_without_a_review_the_editor_says_what_to_do(ctx, qtbot):
    e = FindingsEditor(ctx)
    qtbot.addWidget(e)
    e.show()
    assert not e.no_review.isHidden()
    assert all(c.isHidden() for c in e.columns.values())
    e.shutdown()
