"""The review's framework in the workspace: the tree ("All notes", then areas → criteria, each with its evidence
count and a small strength / neutral / development bar drawn by `EvidenceBarDelegate`; counts come from one
`coverage` call and are refreshed in place, so the selection and expansion never jump), and `CriteriaTagger`, which
turns a typed code or word into a criterion of the same framework (`FrameworkDef.match_criteria`)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import coverage, reviews
from ..core.changes import Changes
from ..core.coverage import CriterionCoverage
from ..core.frameworks import FrameworkDef
from .widgets import MARKER_COLOURS, FlowLayout

CODE_ROLE = Qt.ItemDataRole.UserRole + 1  # criterion code; "" for All notes; area code for an area
KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # "all", "area" or "criterion"
COUNTS_ROLE = Qt.ItemDataRole.UserRole + 3  # (strength, neutral, development, notes)
CODES_ROLE = Qt.ItemDataRole.UserRole + 4  # the criterion codes the item stands for (empty: all)

COLUMNS = ("Framework", "Evidence")
TOP = 0  # internalId of top-level items; a criterion's internalId is its area's top-level row + 1


class FrameworkTreeModel(QAbstractItemModel):
    def __init__(self, ctx, parent: QObject | None = None, notes_model=None):  # noqa: ANN001
        """With `notes_model` (the workspace's), counts are redone only when it says tags, markers or the set of
        notes changed — not on every autosave of typing; without one, on every change of notes."""
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.fw: FrameworkDef | None = None
        self.cov: dict[str, CriterionCoverage] = {}
        self.total_notes = 0
        if notes_model is not None:
            notes_model.evidence_changed.connect(self.refresh_counts)
        else:
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
        if self.review_id and (ch.notes or ch.reviews):
            self.refresh_counts()

    def refresh_counts(self) -> None:
        """Counts again from one `coverage` call, shown in place (dataChanged): selection and expansion stay."""
        if not self.review_id:
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

    BAR_W, BAR_H = 36, 8

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


class CriteriaTagger(QWidget):
    """The note's criteria as removable chips, and a field that completes a code or a word to a criterion
    (`FrameworkDef.match_criteria`): type "CT2" or "phonics", Enter tags the highlighted (or best) match;
    Backspace in the empty field removes the last tag."""

    changed = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fw: FrameworkDef | None = None
        self._codes: list[str] = []
        self.chips = QWidget(self)
        self.flow = FlowLayout(self.chips, spacing=4)
        self.field = QLineEdit(self)
        self.field.setAccessibleName("Tag a criterion")
        self.field.setPlaceholderText("Tag a criterion: type a code or a word, then Enter (Ctrl+T)")
        self.matches = QStringListModel(self)
        self.completer = QCompleter(self.matches, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(8)
        self.completer.popup().setAccessibleName("Matching criteria")
        self.field.setCompleter(self.completer)
        # after setCompleter: QLineEdit's own setText(completion) runs first, then ours clears the field
        self.completer.activated[str].connect(self._picked)
        self.field.textEdited.connect(self._refresh)
        self.field.returnPressed.connect(self._enter)
        self.field.installEventFilter(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.chips)
        lay.addWidget(self.field)

    def set_framework(self, fw: FrameworkDef | None) -> None:
        self.fw = fw
        self.set_codes([])

    def codes(self) -> list[str]:
        return list(self._codes)

    def set_codes(self, codes: list[str]) -> None:
        if codes == self._codes and self.flow.count() == len(codes):
            return
        self._codes = list(codes)
        while self.flow.count():
            item = self.flow.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for code in self._codes:
            title = self._title(code)
            chip = QToolButton(self.chips)
            short = title if len(title) <= 30 else title[:29].rstrip() + "…"
            chip.setText(f"{code} {short}  ×" if short else f"{code}  ×")
            chip.setToolTip(f"{code} {title} — click (or Space) to remove")
            chip.setAccessibleName(f"Remove criterion {code} {title}")
            chip.setAutoRaise(False)
            chip.clicked.connect(lambda _c=False, c=code: self.remove(c))
            self.flow.addWidget(chip)
        self.chips.setVisible(bool(self._codes))
        self.chips.updateGeometry()

    def _title(self, code: str) -> str:
        try:
            return self.fw.criterion(code).title if self.fw else ""
        except Exception:  # noqa: BLE001 - a code from an older framework version still shows
            return ""

    def add(self, code: str) -> None:
        if code and code not in self._codes:
            self.set_codes([*self._codes, code])
            self.changed.emit(self.codes())

    def remove(self, code: str) -> None:
        if code in self._codes:
            self.set_codes([c for c in self._codes if c != code])
            self.changed.emit(self.codes())
            self.field.setFocus()

    def _refresh(self, text: str) -> None:
        if not self.fw:
            return
        found = self.fw.match_criteria(text, 8) if text.strip() else []
        self.matches.setStringList([f"{c.code} — {c.title}" for c in found])
        if found:
            self.completer.setCompletionPrefix(text)
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def _picked(self, completion: str) -> None:
        self.add(completion.split(" — ")[0].strip())
        self.field.clear()
        QTimer.singleShot(0, self.field.clear)  # the line edit puts the completion back after this signal

    def _enter(self) -> None:
        """Enter tags the highlighted match, else the best one. (With the popup open the completer passes Enter to
        the field first; hiding the popup here stops it completing a second time.)"""
        popup = self.completer.popup()
        text = self.field.text().strip()
        current = popup.currentIndex() if popup.isVisible() else None
        if current is not None and current.isValid():
            code = str(current.data()).split(" — ")[0].strip()
        else:
            found = self.fw.match_criteria(text, 1) if (self.fw and text) else []
            code = found[0].code if found else ""
        popup.hide()
        if code:
            self.add(code)
            self.field.clear()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001
        if obj is self.field and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Backspace \
                and not self.field.text() and self._codes:
            self.remove(self._codes[-1])
            return True
        return False
