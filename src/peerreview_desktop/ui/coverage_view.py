"""The coverage view: criteria × evidence as a heat map, grouped by area, with a headline such as "5 criteria have
no evidence yet" — the check a team makes before it leaves the school. Double-click (or Enter on) a criterion to
go to it (`criterion_activated`)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core import reviews
from ..core.changes import Changes
from .coverage_model import (
    ACTIVITIES_COL,
    BALANCE,
    COLUMNS,
    COVERAGE_ROLE,
    CRITERION,
    KIND_ROLE,
    LITTLE_EVIDENCE,
    NO_EVIDENCE,
    CoverageModel,
)
from .widgets import MARKER_COLOURS, EmptyState, heading_font, muted


class BalanceDelegate(QStyledItemDelegate):
    """A short bar per criterion: its length is the number of notes (against the best-covered criterion), its
    colours the strength / neutral / development split."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        cov = index.data(COVERAGE_ROLE)
        if cov is None:
            return
        model = index.model()
        peak = max((c.notes for c in getattr(model, "items", [])), default=1) or 1
        r = QRectF(option.rect).adjusted(8, 0, -8, 0)
        h = min(10.0, r.height() - 8)
        bar = QRectF(r.left(), r.center().y() - h / 2, r.width(), h)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if cov.notes == 0:
            pen = painter.pen()
            pen.setColor(muted(option.widget) if option.widget else QColor("#8a8f98"))
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(bar, 3, 3)
            painter.restore()
            return
        width = bar.width() * max(0.12, cov.notes / peak)
        x = bar.left()
        painter.setPen(Qt.PenStyle.NoPen)
        for key, n in (("strength", cov.strength), ("neutral", cov.neutral), ("development", cov.development)):
            if n:
                w = width * n / cov.notes
                painter.setBrush(QColor(MARKER_COLOURS[key]))
                painter.drawRect(QRectF(x, bar.top(), w, bar.height()))
                x += w
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        return QSize(140, super().sizeHint(option, index).height())


class CoverageView(QWidget):
    criterion_activated = Signal(str)  # a criterion's code

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.setMinimumSize(640, 360)
        self.model = CoverageModel(ctx, self)
        self._build()
        ctx.changed.connect(self._on_changed)

    def _build(self) -> None:
        self.icon = QLabel(self)
        self.headline = QLabel(self)
        self.headline.setFont(heading_font(self.font(), 1.35))
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.legend = QLabel(self)
        self.legend.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.legend.setWordWrap(True)
        self.legend.setText(
            f"<span style='color:{NO_EVIDENCE.name()}'>■</span> no evidence &nbsp; "
            f"<span style='color:{LITTLE_EVIDENCE.name()}'>■</span> only one note &nbsp;&nbsp; "
            f"Balance: <span style='color:{MARKER_COLOURS['strength']}'>■</span> strength "
            f"<span style='color:{MARKER_COLOURS['neutral']}'>■</span> neutral "
            f"<span style='color:{MARKER_COLOURS['development']}'>■</span> development "
            "(bar length: number of notes)")
        self.gaps_only = QCheckBox("Show gaps only", self)
        self.gaps_only.setAccessibleName("Show only criteria with little or no evidence")
        self.gaps_only.setToolTip("Hide the criteria that already have enough evidence (Alt+G)")
        self.gaps_only.setShortcut("Alt+G")
        self.gaps_only.toggled.connect(self._apply_filter)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Evidence per criterion")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setItemDelegateForColumn(BALANCE, BalanceDelegate(self.table))
        head = self.table.horizontalHeader()
        head.setHighlightSections(False)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(CRITERION, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(BALANCE, QHeaderView.ResizeMode.Fixed)
        head.setSectionResizeMode(ACTIVITIES_COL, QHeaderView.ResizeMode.Stretch)
        head.resizeSection(BALANCE, 120)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.table.doubleClicked.connect(self._activate)
        self.table.activated.connect(self._activate)

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.headline)
        words.addWidget(self.summary)
        top.addLayout(words, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.legend, 1)
        bar.addWidget(self.gaps_only)

        page = QWidget(self)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(8)
        lay.addLayout(top)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        self.page = page
        self.empty = EmptyState("Open a review to see which criteria still need evidence.", self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

    # -- review ----------------------------------------------------------------------------------------------------
    def set_review(self, review_id: str | None) -> None:
        self.review_id = review_id
        self.model.set_review(review_id)
        self.table.clearSpans()
        for row in range(self.model.rowCount()):
            if self.model.kind(row) == "area":
                self.table.setSpan(row, 0, 1, len(COLUMNS))
        self.pages.setCurrentWidget(self.page if review_id else self.empty)
        self._update_headline()
        self._apply_filter()

    def _on_changed(self, ch: Changes) -> None:
        if self.review_id and (ch.notes or ch.judgements or ch.review):
            self._update_headline()  # the model has refreshed itself (it connected first)
            self._apply_filter()

    def _update_headline(self) -> None:
        text = self.model.headline()
        none, little = self.model.gaps()
        self.headline.setText(text)
        self.headline.setAccessibleName(text)
        pm = QStyle.StandardPixmap.SP_MessageBoxWarning if (none or little) else QStyle.StandardPixmap.SP_DialogApplyButton
        size = self.headline.fontMetrics().height() + 6
        self.icon.setPixmap(self.style().standardIcon(pm).pixmap(size, size))
        items = self.model.items
        tags = sum(c.notes for c in items)
        authors = {a for c in items for a in c.authors}
        kinds = {a for c in items for a in c.activities}
        judged = sum(1 for c in items if c.judged and c.judged != "not-judged")
        if tags == 0:
            self.summary.setText("No note is tagged with a criterion yet. Tag notes as you capture them "
                                 "(type a code or a word in the note's criteria field) and this table fills in.")
        else:
            notes = reviews.summary(self.ctx.store, self.review_id).notes
            self.summary.setText(
                f"{notes} note{'s' if notes != 1 else ''} tagged {tags} times, from {len(authors)} "
                f"reviewer{'s' if len(authors) != 1 else ''} and {len(kinds)} kind{'s' if len(kinds) != 1 else ''} "
                f"of activity. {judged} of {len(items)} criteria judged.")

    def _apply_filter(self) -> None:
        only = self.gaps_only.isChecked()
        area_has_gap: dict[str, bool] = {}
        for c in self.model.items:
            area_has_gap[c.area_code] = area_has_gap.get(c.area_code, False) or c.gap
        for row in range(self.model.rowCount()):
            idx = self.model.index(row, 0)
            if idx.data(KIND_ROLE) == "area":
                hide = only and not area_has_gap.get(self.model.code(row), False)
            else:
                hide = only and not idx.data(COVERAGE_ROLE).gap
            self.table.setRowHidden(row, hide)

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid() and index.data(KIND_ROLE) == "criterion":
            self.criterion_activated.emit(self.model.code(index.row()))

    def select_criterion(self, code: str) -> None:
        row = self.model.row_of(code)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(1000, 640)

