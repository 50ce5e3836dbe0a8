"""The review's framework as a tree: "All notes", then areas → criteria, each with its evidence count and a small
strength / neutral / development bar (drawn by `EvidenceBarDelegate`). Counts come from one `coverage` call and
are refreshed in place (`dataChanged`) when notes change, so the selection and expansion never jump."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..core import coverage, reviews
from ..core.changes import Changes
from ..core.coverage import CriterionCoverage
from ..core.frameworks import FrameworkDef
from .widgets import MARKER_COLOURS

CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # criterion code; "" for All notes; area code for an area
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "all", "area" or "criterion"
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 3  # (strength, neutral, development, notes)
CODES_ROLE = Qt.ItemDataRole.UserRole + 4  # the criterion codes the item stands for (empty: all)

COLUMNS = ("Framework", "Evidence")
TOP = 0  # internalId of top-level items; a criterion's internalId is its area's top-level row + 1


class FrameworkTreeModel(QAbstractItemModel):
    def __init__(self, ctx, parent: QObject | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.fw: FrameworkDef | None = None
        self.cov: dict[str, CriterionCoverage] = {}
        self.total_notes = 0
        ctx.changed.connect(self.on_changed)

    def set_review(self, review_id: str | None) -> None:
        self.beginResetModel()
        self.review_id = review_id
        self.fw = None
        if review_id:
            with self.ctx.store.read() as s:
                self.fw = reviews.framework_of(s, reviews.get(s, review_id))
        self._load_counts()
        self.endResetModel()

    def _load_counts(self) -> None:
        self.cov = {c.code: c for c in coverage.coverage(self.ctx.store, self.review_id)} if self.review_id else {}

    def set_total(self, total: int) -> None:
        self.total_notes = total
        self.dataChanged.emit(self.index(0, 0), self.index(0, 1))

    def on_changed(self, ch: Changes) -> None:
        if not self.review_id or not (ch.notes or ch.judgements or ch.reviews):
            return
        self._load_counts()
        last = self.rowCount() - 1
        if last < 0:
            return
        self.dataChanged.emit(self.index(0, 0), self.index(last, 1))
        for row in range(1, last + 1):
            parent = self.index(row, 0)
            n = self.rowCount(parent)
            if n:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(n - 1, 1, parent))

    # -- lookup ----------------------------------------------------------------------------------------------------
    def index_of(self, code: str) -> QModelIndex:
        """The index of a criterion (or area) code; invalid if the framework has none."""
        if not self.fw:
            return QModelIndex()
        for arow, area in enumerate(self.fw.areas, start=1):
            if area.code == code:
                return self.index(arow, 0)
            for crow, c in enumerate(area.criteria):
                if c.code == code:
                    return self.index(crow, 0, self.index(arow, 0))
        return QModelIndex()

    # -- Qt model --------------------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP)
        if parent.internalId() == TOP and parent.row() >= 1:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if not self.fw:
            return 0
        if not parent.isValid():
            return 1 + len(self.fw.areas)
        if parent.internalId() == TOP and parent.column() == 0 and parent.row() >= 1:
            return len(self.fw.areas[parent.row() - 1].criteria)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN201
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _item(self, index: QModelIndex | QPersistentModelIndex):  # noqa: ANN202
        """("all", None) | ("area", Area) | ("criterion", Criterion)."""
        assert self.fw is not None
        if index.internalId() == TOP:
            return ("all", None) if index.row() == 0 else ("area", self.fw.areas[index.row() - 1])
        return "criterion", self.fw.areas[index.internalId() - 2].criteria[index.row()]

    def _counts(self, codes: list[str]) -> tuple[int, int, int, int]:
        s = n = d = total = 0
        for code in codes:
            c = self.cov.get(code)
            if c:
                s, n, d, total = s + c.strength, n + c.neutral, d + c.development, total + c.notes
        return s, n, d, total

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201, C901
        if not index.isValid() or self.fw is None:
            return None
        kind, item = self._item(index)
        col = index.column()
        codes = [] if kind == "all" else [c.code for c in item.criteria] if kind == "area" else [item.code]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return "All notes" if kind == "all" else item.title if kind == "area" else f"{item.code}  {item.title}"
            if kind == "all":
                return str(self.total_notes)
            return str(self._counts(codes)[3])
        if role == Qt.ItemDataRole.ToolTipRole:
            if kind == "all":
                return "Show every note in this review"
            s, n, d, total = self._counts(codes)
            if kind == "area":
                gaps = sum(1 for c in codes if self.cov.get(c) and self.cov[c].gap)
                return (f"{item.title}: {total} evidence links ({s} strength, {d} development, {n} neutral)"
                        + (f"; {gaps} criteria with little or no evidence" if gaps else ""))
            gap = " — little or no evidence yet" if self.cov.get(item.code) and self.cov[item.code].gap else ""
            return f"{item.code} {item.title}\n{item.descriptor}\n\n{total} notes: {s} strength, {d} development, " \
                   f"{n} neutral{gap}"
        if role == Qt.ItemDataRole.FontRole and col == 0 and kind != "criterion":
            f = QFont(QApplication.font())
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            base = "All notes" if kind == "all" else item.title if kind == "area" else f"{item.code} {item.title}"
            if kind == "all":
                return f"{base}, {self.total_notes} notes"
            s, _n, d, total = self._counts(codes)
            return f"{base}, {total} notes, {s} strength, {d} development"
        if role == CODE_ROLE:
            return "" if kind == "all" else item.code
        if role == KIND_ROLE:
            return kind
        if role == CODES_ROLE:
            return codes
        if role == COUNTS_ROLE:
            return None if kind == "all" else self._counts(codes)
        return None


class EvidenceBarDelegate(QStyledItemDelegate):
    """The count, and beside it a small bar: strength (green), neutral (grey), development (amber)."""

    BAR_W, BAR_H = 40, 8

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        base = super().sizeHint(option, index)
        return QSize(max(base.width(), self.BAR_W + 40), base.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        counts = index.data(COUNTS_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        r = opt.rect.adjusted(4, 0, -6, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        fg = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if counts is not None:
            s, n, d, total = counts
            bar = QRectF(r.left(), r.center().y() - self.BAR_H / 2 + 1, self.BAR_W, self.BAR_H)
            track = QColor(pal.color(QPalette.ColorRole.Mid))
            track.setAlpha(90)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 3, 3)
            if total:
                x = bar.left()
                for count, colour in ((s, MARKER_COLOURS["strength"]), (n, MARKER_COLOURS["neutral"]),
                                      (d, MARKER_COLOURS["development"])):
                    if not count:
                        continue
                    w = bar.width() * count / max(1, s + n + d)
                    painter.setBrush(QColor(colour))
                    painter.setClipRect(QRectF(x, bar.top(), w, bar.height()))
                    painter.drawRoundedRect(bar, 3, 3)
                    x += w
                painter.setClipping(False)
            if total < 2 and not selected:  # a gap: the count in amber so it catches the eye
                fg = QColor(MARKER_COLOURS["development"])
        painter.setPen(fg)
        painter.setFont(opt.font)
        painter.drawText(r, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
        painter.restore()
