"""The coverage view: the "can we leave the school?" check. Its table model passes Qt's model tester, counts gaps
(no note, or only one) right, and follows new evidence in place."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from peerreview_desktop.core import coverage, notes, reviews
from peerreview_desktop.ui.coverage_model import (
    COVERAGE_ROLE,
    CRITERION,
    JUDGED,
    NOTES,
    CoverageModel,
    headline,
)
from peerreview_desktop.ui.coverage_view import CoverageView


@pytest.fixture
def fresh_review(ctx) -> str:  # noqa: ANN001
    plan = reviews.Plan(school="Harrowgate Lane Primary School", framework="school-peer-review", start_date=date(2027, 2, 3))
    return reviews.new_review(ctx.store, plan).value


def test_coverage_model_passes_the_qt_model_tester_through_reset_and_updates(demo_ctx, demo_id):
    model = CoverageModel(demo_ctx)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    model.set_review(demo_id)
    notes.add(demo_ctx.store, demo_id, "Pupils explained their reasoning", criteria=["LO2"], marker="strength")
    model.on_changed(notes.update(demo_ctx.store, notes.list_notes(demo_ctx.store, demo_id)[0].id, place="Hall"))
    model.set_review(None)
    assert model.rowCount() == 0


def test_rows_are_areas_each_followed_by_their_criteria(demo_ctx, demo_id):
    model = CoverageModel(demo_ctx)
    model.set_review(demo_id)
    fw = model.fw
    assert model.rowCount() == len(fw.areas) + len(fw.criteria)
    assert [model.kind(r) for r in range(1 + len(fw.areas[0].criteria))] == \
        ["area"] + ["criterion"] * len(fw.areas[0].criteria)
    first = model.index(1, CRITERION)
    assert first.data() == f"{fw.areas[0].criteria[0].code}  {fw.areas[0].criteria[0].title}"


def test_a_fresh_review_has_every_criterion_as_a_gap(ctx, fresh_review):
    view = CoverageView(ctx)
    view.set_review(fresh_review)
    total = len(view.model.items)
    assert view.model.gaps() == (total, 0)
    assert view.headline.text() == f"{total} criteria have no evidence yet."


def test_one_note_makes_a_little_evidence_gap_and_two_close_it(ctx, fresh_review):
    view = CoverageView(ctx)
    view.set_review(fresh_review)
    total = len(view.model.items)
    ctx.call(notes.add, fresh_review, "Clear modelling of fractions in Year 4", criteria=["CT2"], marker="strength")
    assert view.model.gaps() == (total - 1, 1)
    assert view.headline.text() == f"{total - 1} criteria have no evidence yet, and 1 has only one note."
    ctx.call(notes.add, fresh_review, "Year 6 teacher checked understanding well", criteria=["CT2"])
    assert view.model.gaps() == (total - 1, 0)
    assert view.headline.text() == f"{total - 1} criteria have no evidence yet."


def test_gaps_in_the_demo_match_the_core_coverage(demo_ctx, demo_id):
    view = CoverageView(demo_ctx)
    view.set_review(demo_id)
    cov = coverage.coverage(demo_ctx.store, demo_id)
    none = sum(1 for c in cov if c.notes == 0)
    little = sum(1 for c in cov if c.notes == 1)
    assert none and little  # the demo shows both kinds of gap
    assert view.model.gaps() == (none, little)
    assert view.headline.text().startswith(f"{none} criteri")


def test_headline_sentences_read_naturally():
    from peerreview_desktop.core.coverage import CriterionCoverage

    def cov(n: int) -> CriterionCoverage:
        return CriterionCoverage("X", "x", "A", notes=n)

    assert headline([cov(0), cov(3)]) == "1 criterion has no evidence yet."
    assert headline([cov(1), cov(3)]) == "Every criterion has some evidence, but 1 has only one note."
    assert headline([cov(2), cov(3)]) == "Every criterion has at least 2 evidence notes."


def test_a_new_note_updates_the_row_in_place_without_a_reset(ctx, fresh_review, qtbot):
    model = CoverageModel(ctx)
    model.set_review(fresh_review)
    row = model.row_of("BA1")
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        ctx.call(notes.add, fresh_review, "Calm corridors at lunchtime", criteria=["BA1"], marker="strength")
    assert model.index(row, NOTES).data() == 1
    assert model.index(row, 0).data(COVERAGE_ROLE).strength == 1
    assert not resets


def test_gaps_only_hides_well_evidenced_criteria_and_their_areas(demo_ctx, demo_id):
    view = CoverageView(demo_ctx)
    view.set_review(demo_id)
    view.gaps_only.setChecked(True)
    shown = [r for r in range(view.model.rowCount()) if not view.table.isRowHidden(r)]
    crit_shown = [r for r in shown if view.model.kind(r) == "criterion"]
    assert all(view.model.index(r, 0).data(COVERAGE_ROLE).gap for r in crit_shown)
    assert len(crit_shown) == sum(view.model.gaps())
    for r in shown:
        if view.model.kind(r) == "area":
            assert any(c.gap for c in view.model.items if c.area_code == view.model.code(r))
    view.gaps_only.setChecked(False)
    assert not any(view.table.isRowHidden(r) for r in range(view.model.rowCount()))


def test_judged_column_shows_the_grade_label_never_a_key(demo_ctx, demo_id):
    model = CoverageModel(demo_ctx)
    model.set_review(demo_id)
    labels = {g.label for g in model.fw.grades} | {"Not yet judged", "Not judged", "Insufficient evidence"}
    for r in range(model.rowCount()):
        if model.kind(r) == "criterion":
            assert model.index(r, JUDGED).data() in labels


def test_activating_a_criterion_row_names_its_code(demo_ctx, demo_id, qtbot):
    view = CoverageView(demo_ctx)
    qtbot.addWidget(view)
    view.set_review(demo_id)
    row = view.model.row_of("CT2")
    with qtbot.waitSignal(view.criterion_activated, timeout=1000) as sig:
        view.table.doubleClicked.emit(view.model.index(row, 0))
    assert sig.args == ["CT2"]
    with qtbot.assertNotEmitted(view.criterion_activated):
        view.table.doubleClicked.emit(view.model.index(view.model.row_of("CT"), 0))


def test_without_a_review_the_view_says_what_to_do(ctx):
    view = CoverageView(ctx)
    view.set_review(None)
    assert view.pages.currentWidget() is view.empty
    assert "Open a review" in view.empty.text()
    assert view.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole) is None
