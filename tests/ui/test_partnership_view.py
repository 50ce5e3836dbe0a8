"""The partnership lead's workspace (ui/partnership_view.py and its models) over the fictional 40-school partnership
of tests/partnership_fixtures.py: every model passes Qt's model tester; the heat map, filters, matching, trend,
reviews list, schools editing and the exports work from the widgets."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QAbstractItemModelTester

from partnership_fixtures import CLUSTERS, SECRET, SPR, forty_school_partnership
from peerreview_desktop.core import schools
from peerreview_desktop.core.store import Store


@pytest.fixture(scope="module")
def _forty(tmp_path_factory, _template_dir):
    d = tmp_path_factory.mktemp("forty-ui") / "data"
    shutil.copytree(_template_dir, d)
    s = Store.open(d)
    sc = forty_school_partnership(s)
    schools.set_partnership_name(s, "Brightwater Learning Partnership")
    s.close()
    return d, sc


@pytest.fixture
def view(qtbot, tmp_path, _forty, errors):  # noqa: ANN001, ANN201
    from peerreview_desktop.ui.context import AppContext
    from peerreview_desktop.ui.partnership_view import PartnershipView

    src, sc = _forty
    d = tmp_path / "forty"
    shutil.copytree(src, d)
    store = Store.open(d)
    ctx = AppContext(store, inline=True)
    ctx.show_error = errors
    v = PartnershipView(ctx)
    qtbot.addWidget(v)
    v.resize(1400, 900)
    v.shown_documents = []
    v.show_document = lambda doc, banner: v.shown_documents.append((doc, banner))
    v.show()
    qtbot.waitExposed(v)
    v.sc = sc
    yield v
    v.close()
    ctx.worker.wait()
    store.close()
    assert not errors, errors


def _models(v):  # noqa: ANN001, ANN202
    return [v.reviews_model, v.heatmap.model, v.priorities_model, v.next_steps_model, v.strengths_model,
            v.matching.model, v.matching.strong_model, v.matching.priority_model, v.trend_panel.trend_model, v.schools_model]


def test_every_model_passes_the_qt_model_tester_through_refresh_and_filtering(view):
    testers = [QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal) for m in _models(view)]
    view.refresh()
    view.filters.cluster.setCurrentIndex(view.filters.cluster.findData(CLUSTERS[2]))
    view.heatmap.by_criterion.setChecked(True)
    view.filters.reset()
    assert all(m.rowCount() > 0 for m in _models(view))
    assert len(testers) == 10


def test_heat_map_shows_each_school_once_with_grade_colours_and_readable_labels(view):
    hm = view.heatmap
    assert hm.current_map().framework_id == SPR and hm.model.rowCount() == 40
    header = [hm.model.headerData(c, Qt.Orientation.Horizontal) for c in range(hm.model.columnCount())]
    assert header == ["School", "Cluster", "Visit", "LM", "CT", "LO", "IS", "BA", "PD", "PO"]
    row = next(r for r in range(40) if hm.model.index(r, 0).data() == view.sc.s(7).name)
    lm = hm.model.index(row, 3)
    assert lm.data() == "Secure and sharing"
    assert lm.data(Qt.ItemDataRole.UserRole + 3).colour == "#1a7f4b"
    assert "Leadership and management" in lm.data(Qt.ItemDataRole.ToolTipRole)
    hm.by_criterion.setChecked(True)
    assert hm.model.columnCount() == 3 + 28
    assert hm.framework.count() == 2  # the rapid reviews have a heat map of their own


def test_filtering_by_cluster_narrows_every_view(view, qtbot):
    view.filters.cluster.setCurrentIndex(view.filters.cluster.findData(CLUSTERS[0]))
    assert view.heatmap.model.rowCount() == 10
    assert {view.heatmap.model.index(r, 1).data() for r in range(10)} == {CLUSTERS[0]}
    assert CLUSTERS[0] in view.subtitle.text()
    view.filters.school.setText(view.sc.s(4).name)
    qtbot.waitUntil(lambda: view.heatmap.model.rowCount() == 1, timeout=2000)
    view.filters.reset()
    assert view.heatmap.model.rowCount() == 40


def test_reviews_list_includes_superseded_versions_that_open_read_only_without_confidential_notes(view):
    view.tabs.setCurrentIndex(4)
    f = view.filters
    f.status.setCurrentIndex(f.status.findData("superseded"))
    assert view.reviews_model.rowCount() == 1
    entry = view.reviews_model.row(0)
    assert (entry.school, entry.version) == (view.sc.s(9).name, 1)
    assert view.reviews_model.index(0, 7).data() == "No: superseded by a newer version"
    view.reviews.setCurrentIndex(view.reviews.model().index(0, 0))
    view.open_button.click()
    doc, banner = view.shown_documents[-1]
    assert doc["version"] == 1 and "superseded" in banner
    assert next(j for j in doc["judgements"] if j["criterion"] == "CT4")["grade"] == "priority"
    assert SECRET not in str(doc)


def test_activating_a_heat_map_row_reads_the_current_review(view):
    hm = view.heatmap
    hm._activated(hm.table.model().index(0, 3))
    doc, banner = view.shown_documents[-1]
    assert banner == "" and doc["status"] == "final" and SECRET not in str(doc)


def test_matching_shows_strong_and_priority_schools_and_a_rationale_one_click_away(view):
    view.tabs.setCurrentWidget(view.matching)
    m = view.matching
    assert m.model.index(0, 0).data() == "CT4 Reading and early literacy"
    assert m.strong_model.rowCount() == 2 and m.priority_model.rowCount() == 3
    strong = m.strong.model()
    row = next(r for r in range(2) if strong.index(r, 0).data() == view.sc.s(5).name)
    m.strong.selectionModel().setCurrentIndex(strong.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert "Phonics taught with fidelity" in m.rationale.text()
    assert "suggested to support" in m.pairs.text() and view.sc.s(1).name in m.pairs.text()


def test_a_priority_theme_leads_to_its_matches(view):
    view.tabs.setCurrentIndex(1)
    view._priority_activated(view.priorities.model().index(0, 0))
    assert view.tabs.currentWidget() is view.matching
    assert view.matching.heading.text().startswith("CT4")


def test_self_evaluation_trend_has_a_row_per_dimension_and_a_column_per_school_year(view):
    t = view.trend_panel.trend_model
    assert t.rowCount() == 6
    assert [t.headerData(c, Qt.Orientation.Horizontal) for c in range(t.columnCount())] == \
        ["Dimension", "2024/25", "2025/26", "2026/27", "Trend"]
    cj = next(r for r in range(6) if t.index(r, 0).data() == "Collaboration and joint practice development")
    assert [t.index(cj, c).data() for c in range(1, 5)] == ["Emerging", "Developing", "Established", "↑ improving"]
    assert view.trend_panel.trend_chart.trend is not None


def test_editing_a_schools_cluster_in_the_schools_table_moves_it_in_the_heat_map(view):
    sm = view.schools_model
    row = next(r for r in range(sm.rowCount()) if sm.index(r, 0).data() == view.sc.s(0).name)
    assert sm.setData(sm.index(row, 2), "Riverbend Cluster")
    view.refresh()
    assert view.filters.cluster.findData("Riverbend Cluster") >= 0
    hm = view.heatmap.model
    assert next(hm.index(r, 1).data() for r in range(40) if hm.index(r, 0).data() == view.sc.s(0).name) == \
        "Riverbend Cluster"


def test_export_buttons_write_the_spreadsheet_and_the_board_paper(view, tmp_path):
    messages = []
    view.status_message.connect(messages.append)
    view.ask_save_path = lambda caption, name, filt: str(tmp_path / name)
    view.export_button.click()
    view.board_button.click()
    wb = openpyxl.load_workbook(tmp_path / "partnership.xlsx")
    assert "Heat map" in wb.sheetnames
    assert subprocess.run(["qpdf", "--check", str(tmp_path / "board-paper.pdf")], capture_output=True).returncode == 0
    assert len(messages) == 2 and "board paper" in messages[1]


def test_importing_schools_from_csv_adds_them_to_the_schools_table(view, tmp_path):
    f = tmp_path / "more.csv"
    f.write_text("name,urn,cluster\nWrenfold Primary,709001,Harrowdene Cluster\n")
    view.ask_open_path = lambda caption, filt: str(f)
    before = view.schools_model.rowCount()
    view.import_button.click()
    assert view.schools_model.rowCount() == before + 1
