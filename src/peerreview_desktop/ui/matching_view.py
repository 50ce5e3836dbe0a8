"""Who can help whom: criteria on the left; for the chosen one, the schools judged strong beside the schools where it
is a priority, and — one click on either — that school's rationale as the reviewers wrote it, with the suggested
pairings underneath. Enter or a double-click on a school opens its review."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.partnership import Overview
from ..core.partnership_matching import Match, Side
from .heatmap_view import GradeDelegate
from .partnership_models import ID_ROLE, ROW_ROLE, SORT_ROLE, matches_model, side_text, sides_model
from .widgets import EmptyState, section_label, sorted_table


def _table(model, name: str, parent: QWidget) -> tuple[QTableView, QSortFilterProxyModel]:  # noqa: ANN001
    return sorted_table(model, name, parent, SORT_ROLE)


class MatchingView(QWidget):
    open_review = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = matches_model(self)
        self.strong_model = sides_model(self)
        self.priority_model = sides_model(self)
        self.criteria, self.criteria_proxy = _table(self.model, "Criteria with strong and priority schools", self)
        self.criteria.setObjectName("matchCriteria")
        for c in (1, 2):
            self.criteria.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.strong, _ = _table(self.strong_model, "Schools judged strong", self)
        self.priority, _ = _table(self.priority_model, "Schools where it is a priority", self)
        for t in (self.strong, self.priority):
            t.setItemDelegateForColumn(2, GradeDelegate(t))
            t.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            t.setColumnWidth(2, max(150, t.fontMetrics().horizontalAdvance("Priority for development") + 36))
            t.selectionModel().currentRowChanged.connect(lambda cur, _prev, t=t: self._show_side(t, cur))
            t.activated.connect(lambda i: self.open_review.emit(i.data(ID_ROLE)))
            t.doubleClicked.connect(lambda i: self.open_review.emit(i.data(ID_ROLE)))
        self.criteria.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show_match(cur))
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        f = self.heading.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.heading.setFont(f)
        self.rationale = QLabel(self)
        self.rationale.setObjectName("matchRationale")
        self.rationale.setWordWrap(True)
        self.rationale.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rationale.setAccessibleName("Rationale of the selected school")
        self.rationale.setFrameShape(QFrame.Shape.StyledPanel)
        self.rationale.setMargin(10)
        self.rationale.setMinimumHeight(88)
        self.rationale.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.pairs = QLabel(self)
        self.pairs.setWordWrap(True)
        self.pairs.setAccessibleName("Suggested pairings")
        self.unmatched = QLabel(self)
        self.unmatched.setWordWrap(True)

        right = QWidget(self)
        grid = QGridLayout(right)
        grid.setContentsMargins(8, 0, 0, 0)
        grid.addWidget(self.heading, 0, 0, 1, 2)
        grid.addWidget(section_label("Strong and able to share", right), 1, 0)
        grid.addWidget(section_label("A priority for development", right), 1, 1)
        grid.addWidget(self.strong, 2, 0)
        grid.addWidget(self.priority, 2, 1)
        grid.addWidget(section_label("Why (the reviewers' rationale)", right), 3, 0, 1, 2)
        grid.addWidget(self.rationale, 4, 0, 1, 2)
        grid.addWidget(self.pairs, 5, 0, 1, 2)
        grid.setRowStretch(2, 1)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.criteria, 1)
        ll.addWidget(self.unmatched)
        self.split = QSplitter(self)
        self.split.addWidget(left)
        self.split.addWidget(right)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([440, 960])
        self.empty = EmptyState("No matches yet: a match needs a school judged in the strongest grade of a criterion "
                                "and another where the same criterion is a priority.", self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(self.split, 1)
        lay.addWidget(self.empty, 1)

    def set_overview(self, ov: Overview) -> None:
        self.model.set_rows(ov.matches)
        has = bool(ov.matches)
        self.split.setVisible(has)
        self.empty.setVisible(not has)
        if ov.unmatched:
            items = "; ".join(escape(f"{m.criterion} {m.title} ({', '.join(p.school for p in m.priority[:3])}"
                                     f"{'…' if len(m.priority) > 3 else ''})") for m in ov.unmatched[:6])
            self.unmatched.setText(f"<b>No partner in the partnership yet:</b> {items}"
                                   f"{'; …' if len(ov.unmatched) > 6 else ''}")
        else:
            self.unmatched.setText("")
        if has:
            self.criteria.setCurrentIndex(self.criteria_proxy.index(0, 0))
            self.criteria.selectionModel().select(self.criteria_proxy.index(0, 0),
                                                  QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                  | QItemSelectionModel.SelectionFlag.Rows)
            self._show_match(self.criteria_proxy.index(0, 0))
        else:
            self.strong_model.set_rows([])
            self.priority_model.set_rows([])

    def _show_match(self, index) -> None:  # noqa: ANN001
        m: Match | None = index.data(ROW_ROLE) if index.isValid() else None
        if m is None:
            return
        self.heading.setText(escape(f"{m.criterion} {m.title} · {m.area_title}"))
        self.strong_model.set_rows(m.strong)
        self.priority_model.set_rows(m.priority)
        self._match = m
        self.pairs.setText(f"{len(m.pairs)} suggested pairing{'s' if len(m.pairs) != 1 else ''} "
                           "(a partner in the same cluster first, no school asked too often); select a school to "
                           "see its own.")
        self.rationale.setText("Select a school to read why the reviewers judged it so.")
        first = self.priority.model().index(0, 0)
        if first.isValid():
            self.priority.setCurrentIndex(first)

    def _show_side(self, table: QTableView, index) -> None:  # noqa: ANN001
        s: Side | None = index.data(ROW_ROLE) if index.isValid() else None
        if s is None:
            return
        where = f" ({escape(s.cluster)})" if s.cluster else ""
        self.rationale.setText(f"<b>{escape(s.school)}</b>{where} — <i>{escape(s.grade_label)}</i><br/>"
                               f"{escape(side_text(s))}")
        m = getattr(self, "_match", None)
        if m is None:
            return
        if table is self.priority:
            names = [(p.partner, p.same_cluster) for p in m.pairs if p.school_id == s.school_id]
            head = f"Suggested partners for {escape(s.school)}"
        else:
            names = [(p.school, p.same_cluster) for p in m.pairs if p.partner_id == s.school_id]
            head = f"{escape(s.school)} is suggested to support"
        listed = "; ".join(escape(n) + (" (same cluster)" if same else "") for n, same in names)
        self.pairs.setText(f"<b>{head}:</b> {listed}" if names else
                           f"<b>{head}:</b> none this time (others were closer or asked less often).")

    def select_criterion(self, code: str) -> bool:
        for r in range(self.criteria_proxy.rowCount()):
            i = self.criteria_proxy.index(r, 0)
            if i.data(ROW_ROLE).criterion == code:
                self.criteria.setCurrentIndex(i)
                return True
        return False
