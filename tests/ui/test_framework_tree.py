"""The framework tree: All notes, then areas → criteria with evidence counts and the strength / development
balance; checked by QAbstractItemModelTester; counts follow edits in place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QStyleOptionViewItem, QTreeView

from peerreview_desktop.core import coverage, notes
from peerreview_desktop.ui.framework_tree import (
    CODE_ROLE,
    CODES_ROLE,
    COUNTS_ROLE,
    KIND_ROLE,
    EvidenceBarDelegate,
    FrameworkTreeModel,
)

pytestmark = pytest.mark.qt_log_level_fail("WARNING")


@pytest.fixture
def tree(demo_ctx, demo_id):  # noqa: ANN001, ANN201
    m = FrameworkTreeModel(demo_ctx)
    m.set_review(demo_id)
    return m


def test_the_tester_passes_and_the_shape_is_all_notes_then_areas_then_criteria(tree):
    _t = QAbstractItemModelTester(tree, QAbstractItemModelTester.FailureReportingMode.Warning)
    fw = tree.fw
    assert tree.rowCount() == 1 + len(fw.areas)
    assert tree.index(0, 0).data() == "All notes" and tree.index(0, 0).data(KIND_ROLE) == "all"
    for arow, area in enumerate(fw.areas, start=1):
        a = tree.index(arow, 0)
        assert (a.data(), a.data(KIND_ROLE), a.data(CODE_ROLE)) == (area.title, "area", area.code)
        assert tree.rowCount(a) == len(area.criteria)
        for crow, c in enumerate(area.criteria):
            idx = tree.index(crow, 0, a)
            assert idx.data() == f"{c.code}  {c.title}" and idx.parent() == a
            assert idx.data(CODES_ROLE) == [c.code]
            assert tree.rowCount(idx) == 0


def test_counts_and_balance_match_the_coverage_service(tree, demo_store, demo_id):
    cov = {c.code: c for c in coverage.coverage(demo_store, demo_id)}
    for code, c in cov.items():
        idx = tree.index_of(code)
        assert idx.siblingAtColumn(1).data() == str(c.notes)
        assert idx.data(COUNTS_ROLE) == (c.strength, c.neutral, c.development, c.notes)
    area = tree.index_of("CT")
    assert area.data(COUNTS_ROLE)[3] == sum(cov[c].notes for c in ("CT1", "CT2", "CT3", "CT4", "CT5"))


def test_a_new_tag_updates_the_count_in_place(tree, demo_ctx, demo_id):
    _t = QAbstractItemModelTester(tree, QAbstractItemModelTester.FailureReportingMode.Warning)
    resets = []
    tree.modelReset.connect(lambda: resets.append(1))
    idx = tree.index_of("PO3")
    assert idx.siblingAtColumn(1).data() == "0"
    demo_ctx.changed.emit(notes.add(demo_ctx.store, demo_id, "Hosts a cluster network", criteria=["PO3"],
                                    marker="strength"))
    assert idx.siblingAtColumn(1).data() == "1"
    assert idx.data(COUNTS_ROLE) == (1, 0, 0, 1)
    assert resets == []


def test_the_evidence_bar_paints_strength_green_and_development_amber(tree, qtbot):
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(tree)
    delegate = EvidenceBarDelegate(view)
    image = QImage(120, 24, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    idx = tree.index_of("LO3").siblingAtColumn(1)  # mostly development
    s, _n, d, _t = idx.data(COUNTS_ROLE)
    assert d > s
    opt = QStyleOptionViewItem()
    opt.rect = image.rect()
    opt.widget = view
    opt.font = view.font()
    p = QPainter(image)
    delegate.paint(p, opt, idx)
    p.end()
    colours = {image.pixelColor(x, 12).name() for x in range(4, 44)}
    assert "#d07a12" in colours and "#2e8b57" in colours


def test_index_of_an_unknown_code_is_invalid(tree):
    assert not tree.index_of("ZZ9").isValid()
