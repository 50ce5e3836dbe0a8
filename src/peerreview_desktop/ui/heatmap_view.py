"""The heat map: schools × areas (or criteria) in the framework's grade colours, with readable labels on top (white
or near-black, whichever contrasts more), a legend, a choice of framework version, and Enter / double-click to open
a school's review. Also the grade delegate other partnership tables use."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.partnership import HeatMap, Overview
from .partnership_models import GRADE_ROLE, ID_ROLE, SORT_ROLE, heatmap_columns, heatmap_model
from .widgets import EmptyState, FlowLayout


def text_on(fill: QColor) -> QColor:
    """White or near-black on `fill`, whichever has the higher contrast (WCAG relative luminance)."""
    def ch(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * ch(fill.redF()) + 0.7152 * ch(fill.greenF()) + 0.0722 * ch(fill.blueF())
    return QColor("#ffffff") if 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.055 else QColor("#111111")


def short_label(label: str) -> str:
    words = [w for w in label.replace("-", " ").split() if w.lower() not in ("and", "for", "of", "the", "a")]
    return "".join(w[0].upper() for w in words)[:3] or label[:2]


class GradeDelegate(QStyledItemDelegate):
    """Paints a grade cell as a rounded block of the grade's colour with its label — every cell abbreviated when the
    longest label of the scale (`longest`, when set) does not fit, so a column never mixes the two."""

    longest: str = ""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        cell = index.data(GRADE_ROLE)
        if cell is None:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5)
        fill = QColor(cell.colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(r, 3, 3)
        if option.state & QStyle.StateFlag.State_Selected:
            pen = painter.pen()
            pen.setStyle(Qt.PenStyle.SolidLine)
            pen.setColor(option.palette.color(QPalette.ColorRole.Highlight))
            pen.setWidthF(2.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(r.adjusted(1, 1, -1, -1), 3, 3)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_on(fill))
        fm = painter.fontMetrics()
        widest = max(fm.horizontalAdvance(self.longest), fm.horizontalAdvance(cell.label))
        text = cell.label if widest <= r.width() - 8 else short_label(cell.label)
        painter.drawText(r, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


def legend_widget(scale: list[dict], parent: QWidget | None = None) -> QWidget:
    w = QWidget(parent)
    lay = FlowLayout(w, spacing=12)
    for g in scale:
        chip = QLabel(w)
        colour = QColor(g["colour"])
        chip.setText(f"<span style='background:{colour.name()}; color:{text_on(colour).name()};'>"
                     f"&nbsp;{short_label(g['label'])}&nbsp;</span>&nbsp;{g['label']}")
        chip.setAccessibleName(f"{g['label']} ({short_label(g['label'])})")
        lay.addWidget(chip)
    return w


class HeatmapView(QWidget):
    open_review = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._maps: list[HeatMap] = []
        self._ov: Overview | None = None
        self.model = heatmap_model(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.framework = QComboBox(self)
        self.framework.setAccessibleName("Framework version of the heat map")
        self.framework.currentIndexChanged.connect(self._show)
        self.by_area = QRadioButton("Areas", self)
        self.by_criterion = QRadioButton("Criteria", self)
        self.by_area.setChecked(True)
        group = QButtonGroup(self)
        for b in (self.by_area, self.by_criterion):
            group.addButton(b)
            b.toggled.connect(lambda on: on and self._show())
        self.by_area.setToolTip("One column per area: the middle grade of the criteria judged in it")
        self.by_criterion.setToolTip("One column per criterion")
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.key = QLabel(self)
        self.key.setWordWrap(True)
        self.key.setAccessibleName("Area codes")
        self.legend_box = QHBoxLayout()
        self.table = QTableView(self)
        self.table.setObjectName("heatmapTable")
        self.table.setAccessibleName("Heat map of schools by area")
        self.table.setModel(self.proxy)
        self.delegate = GradeDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # core's order: by cluster
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.horizontalHeader().setResizeContentsPrecision(40)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.empty = EmptyState("No graded reviews yet: once final reviews are imported, each school's grades "
                                "appear here by area.", self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Framework:", self))
        top.addWidget(self.framework, 1)
        top.addSpacing(16)
        top.addWidget(QLabel("Columns:", self))
        top.addWidget(self.by_area)
        top.addWidget(self.by_criterion)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addLayout(top)
        lay.addLayout(self.legend_box)
        lay.addWidget(self.key)
        lay.addWidget(self.caption)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty, 1)

    def set_overview(self, ov: Overview) -> None:
        self._ov = ov
        current = self.framework.currentData()
        self._maps = ov.heatmaps
        self.framework.blockSignals(True)
        self.framework.clear()
        for m in self._maps:
            self.framework.addItem(f"{m.framework} ({len(m.rows)} schools)", m.framework_id)
        i = self.framework.findData(current)
        self.framework.setCurrentIndex(i if i >= 0 else 0)
        self.framework.blockSignals(False)
        self.framework.setEnabled(len(self._maps) > 1)
        self._show()

    def current_map(self) -> HeatMap | None:
        i = self.framework.currentIndex()
        return self._maps[i] if 0 <= i < len(self._maps) else None

    def _show(self) -> None:
        m = self.current_map()
        has = m is not None and bool(m.rows)
        self.table.setVisible(has)
        self.empty.setVisible(not has)
        while self.legend_box.count():
            item = self.legend_box.takeAt(0)
            if item.widget():
                item.widget().hide()
                item.widget().deleteLater()
        if not has:
            self.model.set_rows([], heatmap_columns(None))
            self.caption.setText("")
            self.key.setText("")
            return
        fw = self._ov.catalogue.frameworks.get(m.framework_id) if self._ov else None
        criteria = self.by_criterion.isChecked()
        self.model.set_rows(m.rows, heatmap_columns(m, fw, criteria))
        self.delegate.longest = max((g["label"] for g in m.scale), key=len)
        self.legend_box.addWidget(legend_widget(m.scale, self), 1)
        self.key.setText("" if criteria else " · ".join(f"<b>{escape(a['code'])}</b> {escape(a['title'])}"
                                                          for a in m.areas))
        n = len(m.rows)
        self.caption.setText(f"{n} school{'s' if n != 1 else ''}, each by its latest final review. "
                             + ("Each area shows the middle grade of the criteria judged in it. " if not criteria else "")
                             + "Hover over a cell for its full title; press Enter or double-click to open the review.")
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(2)
        hh.setStretchLastSection(False)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Grade columns share the room the school, cluster and date leave: full labels when they all fit (with
        the school's name at least 220 pixels), else abbreviations in narrower columns."""
        n = self.model.columnCount() - 3
        if n <= 0:
            return
        bold = QFont(self.font())
        bold.setBold(True)
        full = QFontMetrics(bold).horizontalAdvance(self.delegate.longest or "M") + 24
        room = self.table.viewport().width() - self.table.columnWidth(1) - self.table.columnWidth(2) - 220
        width = full if room >= full * n else max(52, min(full, room // n))
        for c in range(3, 3 + n):
            self.table.setColumnWidth(c, width)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        super().resizeEvent(event)
        self._fit_columns()

    def _activated(self, index: QModelIndex) -> None:
        rid = index.data(ID_ROLE)
        if rid:
            self.open_review.emit(rid)
