"""Planning: the new-review wizard, driven by keyboard and clicks, stores the review with its school, framework,
type, dates, team, focus areas, lines of enquiry and timetable; each page says what it still needs and will not move
on until it has it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWizard

from peerreview_desktop.core import review_document
from peerreview_desktop.ui.profile_dialog import save_profile
from peerreview_desktop.ui.wizard import NewReviewWizard


@pytest.fixture
def wizard(ctx, qtbot):  # noqa: ANN001, ANN201
    w = NewReviewWizard(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def next_button(w):  # noqa: ANN001, ANN201
    return w.button(QWizard.WizardButton.NextButton)


def click(qtbot, button) -> None:  # noqa: ANN001
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_in_editor(qtbot, text: str) -> None:  # noqa: ANN001
    """Type into whichever cell editor is open (the table opened it on Add or Tab)."""
    qtbot.keyClicks(QApplication.focusWidget(), text)


def test_planning_a_review_by_keyboard_stores_team_focus_and_timetable(wizard, ctx, qtbot):
    w = wizard
    qtbot.keyClicks(w.school, "Harrowgate Lane Primary School")
    qtbot.keyClicks(w.urn, "990123")
    click(qtbot, next_button(w))

    fw_titles = [w.fw_list.item(i).text() for i in range(w.fw_list.count())]
    row = next(i for i, t in enumerate(fw_titles) if t.startswith("School Peer Review Framework"))
    w.fw_list.setFocus()
    w.fw_list.setCurrentRow(0)
    for _ in range(row):
        qtbot.keyClick(w.fw_list, Qt.Key.Key_Down)
    click(qtbot, next_button(w))

    w.type.setFocus()
    w.type.setCurrentIndex(w.type.findData("focused"))
    w.start.setFocus()
    w.start.setSelectedSection(w.start.Section.DaySection)
    qtbot.keyClicks(w.start, "03022027")
    w.end.setFocus()
    w.end.setSelectedSection(w.end.Section.DaySection)
    qtbot.keyClicks(w.end, "04022027")
    assert w.start.date() == QDate(2027, 2, 3) and w.end.date() == QDate(2027, 2, 4)
    assert "Wednesday 3 February 2027 to Thursday 4 February 2027" in w.when.text()
    click(qtbot, next_button(w))

    assert not next_button(w).isEnabled()  # no profile, so nobody on the team yet
    for name, role_key, school in (("Amira Okafor", "l", "Fenwick Church of England Primary"),
                                   ("Declan Royce", "r", "Saltmarsh Academy")):
        click(qtbot, w.team.add_button)
        type_in_editor(qtbot, name)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(QApplication.focusWidget(), role_key)  # the role combo: first letter picks
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        type_in_editor(qtbot, school)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert next_button(w).isEnabled()
    click(qtbot, next_button(w))

    for field, text in ((w.focus.field, "Early reading and phonics"), (w.focus.field, "Attendance"),
                        (w.enquiry.field, "How consistently is phonics taught in Year 1?")):
        field.setFocus()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert w.currentId() == 4  # Enter added to the list; it did not press Next
    click(qtbot, next_button(w))

    click(qtbot, w.slots.add_button)
    type_in_editor(qtbot, "Learning walk: early reading")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_in_editor(qtbot, "Reception and Year 1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    click(qtbot, w.slots.add_button)
    type_in_editor(qtbot, "Pupil voice")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    click(qtbot, next_button(w))

    summary = w.summary.text()
    assert "Harrowgate Lane Primary School (URN 990123)" in summary and "Amira Okafor" in summary
    click(qtbot, w.button(QWizard.WizardButton.FinishButton))

    assert w.review_id
    doc = review_document.build(ctx.store, w.review_id)
    assert doc["school"]["name"] == "Harrowgate Lane Primary School" and doc["school"]["urn"] == "990123"
    assert doc["framework"]["id"].startswith("school-peer-review@")
    assert (doc["type"], doc["start_date"], doc["end_date"]) == ("focused", "2027-02-03", "2027-02-04")
    assert [(m["name"], m["role"], m["school"]) for m in doc["team"]] == [
        ("Amira Okafor", "lead reviewer", "Fenwick Church of England Primary"),
        ("Declan Royce", "reviewer", "Saltmarsh Academy")]
    assert doc["focus_areas"] == ["Early reading and phonics", "Attendance"]
    assert doc["lines_of_enquiry"] == ["How consistently is phonics taught in Year 1?"]
    slots = [(t["date"], t["start"], t["end"], t["title"], t["activity"], t["location"]) for t in doc["timetable"]]
    assert slots == [("2027-02-03", "09:00", "09:45", "Learning walk: early reading", "learning-walk",
                      "Reception and Year 1"),
                     ("2027-02-03", "09:45", "10:30", "Pupil voice", "learning-walk", "")]


def test_school_page_needs_a_name_and_a_urn_of_six_digits_if_any(wizard, qtbot):
    w = wizard
    assert not next_button(w).isEnabled()
    assert "school's name" in w.currentPage().message.text()
    qtbot.keyClicks(w.school, "Saltmarsh Academy")
    assert next_button(w).isEnabled()
    qtbot.keyClicks(w.urn, "12a")
    assert not next_button(w).isEnabled()
    assert "six-digit" in w.currentPage().message.text()
    w.urn.clear()
    assert next_button(w).isEnabled()
    assert w.currentPage().message.text() == ""


def test_last_day_before_first_day_is_refused_with_a_reason(wizard, qtbot):
    w = wizard
    qtbot.keyClicks(w.school, "Saltmarsh Academy")
    w.next()
    w.next()
    w.start.setDate(QDate(2027, 5, 10))
    w.end.setDate(QDate(2027, 5, 7))
    assert not next_button(w).isEnabled()
    assert w.currentPage().message.text() == "The last day is before the first day."
    w.end.setDate(QDate(2027, 5, 10))
    assert next_button(w).isEnabled()
    assert "(one day)" in w.when.text()


def test_the_team_starts_with_the_profile_as_lead_reviewer(ctx, qtbot):
    save_profile(ctx.store, "Jordan Ellis", "Millbrook Primary School", "headteacher")
    w = NewReviewWizard(ctx)
    qtbot.addWidget(w)
    assert w.plan().team == [{"name": "Jordan Ellis", "role": "lead reviewer", "school": "Millbrook Primary School"}]


def to_timetable(qtbot, w, first_day: QDate) -> None:  # noqa: ANN001
    """Give the earlier pages what they need (a school; the visit from `first_day`) and go to the timetable."""
    qtbot.keyClicks(w.school, "Saltmarsh Academy")
    w.start.setDate(first_day)
    for _ in range(5):
        w.next()
    assert w.currentPage().title() == "Timetable"


def add_slot(w, day: str, start: str, end: str, activity: str, title: str) -> None:  # noqa: ANN001
    w.slots.add_row([(day, day), (start, None), (end, None), (activity, activity), (title, None), ("", None)], None)


@pytest.mark.parametrize(("slot", "reason", "fix"), [
    (("2027-02-03", "10:00", "09:00", "lesson-visit", "Year 5 maths"), "ends before it starts", (2, "10:45")),
    (("2027-02-02", "09:00", "09:45", "pupil-voice", "Year 6 pupils"), "outside the visit", (0, "2027-02-04")),
], ids=["ends-before-it-starts", "outside-the-visit"])
def test_a_timetable_entry_the_visit_cannot_hold_blocks_finishing_until_changed(wizard, qtbot, slot, reason, fix):
    w = wizard
    to_timetable(qtbot, w, QDate(2027, 2, 3))
    w.end.setDate(QDate(2027, 2, 4))
    add_slot(w, *slot)
    assert not next_button(w).isEnabled()
    assert reason in w.currentPage().message.text()
    col, value = fix
    w.slots.table.item(0, col).setText(value)
    w.slots.table.item(0, col).setData(Qt.ItemDataRole.UserRole, value)  # a day is chosen by its key
    assert next_button(w).isEnabled()


def test_delete_key_removes_a_team_row(wizard, qtbot):
    w = wizard
    w.team.add_row([("Someone", None), ("Reviewer", "reviewer"), ("", None)], None)
    w.team.table.setFocus()
    w.team.table.setCurrentCell(0, 0)
    qtbot.keyClick(w.team.table, Qt.Key.Key_Delete)
    assert w.team.table.rowCount() == 0


def test_a_refused_plan_keeps_the_wizard_open_with_the_reason(wizard, ctx, errors, monkeypatch):
    from peerreview_desktop.core import reviews

    w = wizard
    w.school.setText("Saltmarsh Academy")
    monkeypatch.setattr(w, "plan", lambda: reviews.Plan(school="Saltmarsh Academy", framework="no-such-framework",
                                                        start_date="2027-02-03"))
    w.accept()
    assert w.review_id is None and w.isVisible()
    assert errors and "no framework" in str(errors[0])
