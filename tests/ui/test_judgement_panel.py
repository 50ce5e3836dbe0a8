"""The judgement panel: grades by button and by number key, warnings that appear and clear as the judgement and its
evidence change, the rationale autosaved without a save button, evidence linked by drop or picker, undo, and a
read-only panel that says why."""

from __future__ import annotations

import time
from datetime import date

import pytest
from pane_helpers import on_disk, show_pane
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from peerreview_desktop.core import host_mode, judgements, notes, reviews
from peerreview_desktop.ui.evidence_list import NOTE_ID_ROLE, EvidencePicker, note_ids_mime
from peerreview_desktop.ui.judgement_panel import JudgementPanel


def stored(store, review_id: str, code: str):  # noqa: ANN001, ANN201
    with store.read() as s:
        fw = reviews.framework_of(s, reviews.get(s, review_id))
        return next((j for j in judgements.list_for(s, review_id, fw) if j.criterion == code), None)


def rationale_on_disk(data_dir, review_id: str, code: str) -> str | None:  # noqa: ANN001
    return on_disk(data_dir, "SELECT rationale FROM judgement WHERE review_id = ? AND criterion = ?", review_id, code)


@pytest.fixture
def panel(demo_ctx, demo_id, qtbot):  # noqa: ANN001, ANN201
    p = show_pane(qtbot, JudgementPanel(demo_ctx), demo_id, 900, 900)
    yield p
    p.shutdown()


def tagged_note(store, review_id: str, code: str) -> str:  # noqa: ANN001
    return next(n.id for n in notes.list_notes(store, review_id) if code in n.criteria)


def test_grading_without_evidence_warns_and_linking_evidence_clears_the_warning(panel, demo_ctx, demo_id, qtbot):
    panel.show_criterion("LO2")  # tagged once in the demo, not yet judged
    assert panel.warnings.isHidden()
    panel.grade_buttons["secure"].setFocus()
    qtbot.keyClick(panel.grade_buttons["secure"], Qt.Key.Key_2)
    assert stored(demo_ctx.store, demo_id, "LO2").grade == "secure"
    assert not panel.warnings.isHidden()
    assert "rests on no evidence" in panel.warnings.text.text()
    nid = tagged_note(demo_ctx.store, demo_id, "LO2")
    panel.evidence_model.dropMimeData(note_ids_mime([nid]), Qt.DropAction.CopyAction, -1, -1, QModelIndex())
    assert stored(demo_ctx.store, demo_id, "LO2").evidence == [nid]
    assert panel.warnings.isHidden()
    assert panel.evidence_model.ids() == [nid]


def test_a_grade_against_the_evidence_warns_and_a_fitting_grade_clears_it(panel, demo_ctx, demo_id, qtbot):
    panel.show_criterion("CT3")  # judged Secure in the demo on evidence that leans to development
    assert "leans to development" in panel.warnings.text.text()
    assert not panel.warnings.isHidden()
    panel.grade_buttons["secure"].setFocus()
    qtbot.keyClick(panel.grade_buttons["secure"], Qt.Key.Key_3)  # Developing
    assert stored(demo_ctx.store, demo_id, "CT3").grade == "developing"
    assert panel.warnings.isHidden()
    demo_ctx.undo_last()
    assert stored(demo_ctx.store, demo_id, "CT3").grade == "secure"
    assert panel.grade_buttons["secure"].isChecked()
    assert not panel.warnings.isHidden()


def test_number_keys_choose_grades_and_the_special_grades_follow_the_scale(panel, demo_ctx, demo_id, qtbot):
    panel.show_criterion("PD1")
    scale = [*panel.state.fw.grades, *panel.state.fw.special_grades]
    target = panel.grade_buttons[scale[0].key]
    target.setFocus()
    for n, g in enumerate(scale, start=1):
        qtbot.keyClick(target, Qt.Key(Qt.Key.Key_0 + n))
        assert stored(demo_ctx.store, demo_id, "PD1").grade == g.key
        assert panel.grade_buttons[g.key].isChecked()
        assert panel.grade_buttons[g.key].text() == f"✓ {g.label}"


def test_a_criterion_not_yet_judged_shows_no_grade_chosen(panel, demo_ctx, demo_id):
    panel.show_criterion("CT3")  # judged Secure in the demo
    assert panel.grade_buttons["secure"].isChecked()
    panel.show_criterion("PD1")  # not judged
    assert not any(b.isChecked() or b.text().startswith("✓") for b in panel.grade_buttons.values())
    panel.show_criterion("CT3")
    panel.clear_judgement()
    assert not any(b.isChecked() for b in panel.grade_buttons.values())


def test_space_on_a_focused_grade_button_chooses_it(panel, demo_ctx, demo_id, qtbot):
    panel.show_criterion("PD1")
    b = panel.grade_buttons["developing"]
    b.setFocus()
    qtbot.keyClick(b, Qt.Key.Key_Space)
    assert stored(demo_ctx.store, demo_id, "PD1").grade == "developing"


def test_digits_typed_in_the_rationale_are_text_not_grades(panel, demo_ctx, demo_id, qtbot):
    panel.show_criterion("PD1")
    panel.rationale.setFocus()
    qtbot.keyClicks(panel.rationale, "2 of 3 classes")
    panel.flush()
    j = stored(demo_ctx.store, demo_id, "PD1")
    assert j.rationale == "2 of 3 classes"
    assert j.grade == "not-judged"


def test_rationale_is_on_disk_within_a_second_of_the_last_keystroke(panel, demo_ctx, demo_id, data_dir, qtbot):
    panel.show_criterion("CT2")
    panel.rationale.setFocus()
    panel.rationale.moveCursor(panel.rationale.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.rationale, " Reading lessons were consistent.")
    last_key = time.monotonic()
    assert panel.pending
    qtbot.waitUntil(lambda: (rationale_on_disk(data_dir, demo_id, "CT2") or "").endswith("lessons were consistent."),
                    timeout=1000)
    assert time.monotonic() - last_key < 1.0


def test_rationale_is_saved_at_once_when_focus_leaves_it(panel, demo_ctx, demo_id, data_dir, qtbot):
    panel.show_criterion("PD1")
    panel.rationale.setFocus()
    qtbot.keyClicks(panel.rationale, "Pupils knew how to stay safe online")
    panel.link_button.setFocus()
    QApplication.processEvents()
    assert not panel.pending
    assert rationale_on_disk(data_dir, demo_id, "PD1") == "Pupils knew how to stay safe online"


def test_typing_is_one_undo_step_and_undo_restores_the_stored_rationale(panel, demo_ctx, demo_id, qtbot):
    panel.show_criterion("PD1")
    panel.rationale.setFocus()
    qtbot.keyClicks(panel.rationale, "First thought")
    panel.flush()
    qtbot.keyClicks(panel.rationale, ", then more")
    panel.flush()
    assert stored(demo_ctx.store, demo_id, "PD1").rationale == "First thought, then more"
    demo_ctx.undo_last()
    assert stored(demo_ctx.store, demo_id, "PD1") is None  # there was no judgement before the typing
    assert panel.rationale.toPlainText() == ""


def test_picker_links_exactly_the_ticked_notes(panel, demo_ctx, demo_id):
    panel.show_criterion("IS4")
    chosen = [n.id for n in notes.list_notes(demo_ctx.store, demo_id) if "IS4" in n.criteria][:2]
    seen = {}

    def choose(parent, all_notes, linked, code, title):  # noqa: ANN001, ANN202
        seen.update(code=code, title=title, count=len(all_notes))
        return chosen

    panel.choose_evidence = choose
    panel.pick_evidence()
    assert seen["code"] == "IS4"
    assert sorted(stored(demo_ctx.store, demo_id, "IS4").evidence) == sorted(chosen)
    assert "2 notes linked" in panel.evidence_label.text()


def test_picker_offers_the_criterion_s_tagged_notes_and_returns_ticks(demo_ctx, demo_id, qtbot):
    all_notes = notes.list_notes(demo_ctx.store, demo_id)
    tagged = [n for n in all_notes if "CT2" in n.criteria]
    dlg = EvidencePicker(None, all_notes, {tagged[0].id}, "CT2", "Quality of teaching")
    qtbot.addWidget(dlg)
    assert dlg.list.count() == len(tagged)
    assert all(n.id not in dlg.list.item(i).text() for i in range(dlg.list.count()) for n in all_notes)
    dlg.list.item(1).setCheckState(Qt.CheckState.Checked)
    assert set(dlg.chosen()) == {tagged[0].id, dlg.list.item(1).data(NOTE_ID_ROLE)}
    dlg.show_all.setChecked(True)
    assert dlg.list.count() == len(all_notes)


def test_evidence_is_listed_by_activity_time_and_place_never_by_id(panel, demo_ctx, demo_id):
    panel.show_criterion("CT2")
    m = panel.evidence_model
    assert m.rowCount() > 0
    for r in range(m.rowCount()):
        text = m.index(r).data()
        assert m.index(r).data(NOTE_ID_ROLE) not in text
        assert "Nov 2026" in text


def test_unlinking_the_selected_note_by_delete_key(panel, demo_ctx, demo_id, qtbot):
    panel.show_criterion("CT2")
    before = stored(demo_ctx.store, demo_id, "CT2").evidence
    panel.evidence.setFocus()
    panel.evidence.setCurrentIndex(panel.evidence_model.index(0))
    gone = panel.evidence_model.index(0).data(NOTE_ID_ROLE)
    qtbot.keyClick(panel.evidence, Qt.Key.Key_Delete)
    after = stored(demo_ctx.store, demo_id, "CT2").evidence
    assert gone not in after and len(after) == len(before) - 1


def test_rollup_strip_shows_each_area_s_median_grade(panel):
    panel.show_criterion("CT2")
    chips = panel.rollup.chips
    assert set(chips) == {a.code for a in panel.state.fw.areas}
    assert chips["LO"].text() == "LO  Developing"


def test_a_review_in_host_mode_is_read_only_and_says_why(demo_ctx, demo_id, qtbot):
    host_mode.enter(demo_ctx.store, demo_id, "Claire Whitworth")
    p = show_pane(qtbot, JudgementPanel(demo_ctx), demo_id, 900, 900)
    p.show_criterion("PD1")
    assert not p.banner.isHidden()
    assert "Host mode is on" in p.banner.label.text()
    assert p.rationale.isReadOnly()
    assert not p.grade_buttons["secure"].isEnabled()
    p.set_grade("secure")
    p.link_notes([tagged_note(demo_ctx.store, demo_id, "PD1")])
    assert stored(demo_ctx.store, demo_id, "PD1") is None
    p.shutdown()


def test_an_ungraded_framework_shows_a_narrative_only(ctx, qtbot):
    rid = reviews.new_review(ctx.store, reviews.Plan(school="Saltmarsh Academy", framework="curriculum-focus",
                                                     start_date=date(2027, 3, 1))).value
    p = JudgementPanel(ctx)
    qtbot.addWidget(p)
    p.set_review(rid)
    code = p.state.fw.criteria[0].code
    p.show_criterion(code)
    assert p.grade_buttons == {}
    assert p.rationale_label.text().startswith("Narrative")
    p.rationale.setPlainText("Pupils talk confidently about their learning in history.")
    p.flush()
    j = stored(ctx.store, rid, code)
    assert (j.grade, j.rationale) == ("not-judged", "Pupils talk confidently about their learning in history.")
    p.shutdown()


def test_without_a_criterion_the_panel_says_what_to_do(panel):
    assert panel.pages.currentWidget() is panel.empty
    assert "Pick a criterion" in panel.empty.text()


def test_notes_dropped_on_the_panel_outside_the_list_are_linked_too(panel, demo_ctx, demo_id, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    panel.show_criterion("LO2")
    nid = tagged_note(demo_ctx.store, demo_id, "LO2")
    mime = note_ids_mime([nid])  # kept alive: the event does not own it
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(drop)
    assert stored(demo_ctx.store, demo_id, "LO2").evidence == [nid]


def test_showing_an_area_code_asks_for_a_criterion(panel):
    panel.show_criterion("CT")
    assert panel.pages.currentWidget() is panel.empty
    panel.show_criterion("ct2")
    assert panel.code == "CT2" and panel.pages.currentWidget() is panel.form


def test_the_evidence_list_accepts_a_drag_of_note_ids_over_a_linked_note(panel, demo_ctx, demo_id, qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    panel.show_criterion("CT2")
    extra = next(n.id for n in notes.list_notes(demo_ctx.store, demo_id)
                 if n.id not in stored(demo_ctx.store, demo_id, "CT2").evidence)
    view = panel.evidence
    at = QPointF(view.visualRect(panel.evidence_model.index(0)).center())
    mime = note_ids_mime([extra])
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), QDragEnterEvent(at.toPoint(), *args))
    move = QDragMoveEvent(at.toPoint(), *args)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted()
    QApplication.sendEvent(view.viewport(), QDropEvent(at, *args))
    assert extra in stored(demo_ctx.store, demo_id, "CT2").evidence
