"""Small shared pieces of the UI: UK date formats, the app icon, marker colours, an empty-state label, the banner
(painted from the palette), a flow layout, and the event filter that sends Ctrl+Z to the app's undo stack instead of
a text field's own."""

from __future__ import annotations

import functools
from datetime import date, datetime

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QPoint, QRect, QRectF, QSize, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QKeySequence, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QTableView,
    QWidget,
)

# Strength / development / neutral: readable on light and dark backgrounds alike.
MARKER_COLOURS = {"strength": "#2e8b57", "development": "#d07a12", "neutral": "#8a8f98"}


def _parse(value: str | date | datetime | None) -> datetime | date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value
    v = str(value).strip().replace(" ", "T")
    try:
        return datetime.fromisoformat(v) if "T" in v else date.fromisoformat(v)
    except ValueError:
        return None


def uk_datetime(value: str | datetime | None, short: bool = False) -> str:
    """"Thu 12 Nov 2026, 09:05" ("Thu 12 Nov, 09:05" when `short`, for lists within one visit)."""
    dt = _parse(value)
    if dt is None:
        return ""
    if not isinstance(dt, datetime):
        return uk_date(dt)
    return f"{dt:%a} {dt.day} {dt:%b}, {dt:%H:%M}" if short else f"{dt:%a} {dt.day} {dt:%b %Y, %H:%M}"


def uk_date(value: str | date | None, *, weekday: bool = False) -> str:
    """"12 November 2026" (or "Thursday 12 November 2026")."""
    d = _parse(value)
    if d is None:
        return ""
    return (f"{d:%A} " if weekday else "") + f"{d.day} {d:%B %Y}"


def uk_date_range(start: str | date | None, end: str | date | None) -> str:
    """"12–13 November 2026", "30 November – 1 December 2026", or one date."""
    s, e = _parse(start), _parse(end)
    if s is None:
        return ""
    if e is None or e == s:
        return uk_date(s)
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{e.day} {e:%B %Y}"
    if s.year == e.year:
        return f"{s.day} {s:%B} – {e.day} {e:%B %Y}"
    return f"{uk_date(s)} – {uk_date(e)}"


@functools.cache
def app_icon() -> QIcon:
    """The app icon, drawn once at several sizes (no image file to lose in a bundle); every window shows the
    application's icon, set once by `app.make_app`."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(0, 0, size, size).adjusted(size * 0.04, size * 0.04, -size * 0.04, -size * 0.04)
        path = QPainterPath()
        path.addRoundedRect(r, size * 0.2, size * 0.2)
        p.fillPath(path, QColor("#1f5f8b"))
        pen = p.pen()
        pen.setColor(QColor("white"))
        pen.setWidthF(max(1.5, size * 0.09))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        tick = QPainterPath()
        tick.moveTo(size * 0.28, size * 0.52)
        tick.lineTo(size * 0.44, size * 0.68)
        tick.lineTo(size * 0.74, size * 0.34)
        p.drawPath(tick)
        p.end()
        icon.addPixmap(pm)
    return icon


def marker_icon(marker: str, size: int = 12) -> QIcon:
    """Colour and shape, so the marker reads without colour too: ▲ strength, ▼ development, ● neutral."""
    pm = QPixmap(size * 2, size * 2)
    pm.setDevicePixelRatio(2)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(MARKER_COLOURS.get(marker, MARKER_COLOURS["neutral"])))
    s = float(size)
    if marker in ("strength", "development"):
        path = QPainterPath()
        top, bottom = (s * 0.12, s * 0.9) if marker == "strength" else (s * 0.9, s * 0.12)
        path.moveTo(s / 2, top)
        path.lineTo(s * 0.94, bottom)
        path.lineTo(s * 0.06, bottom)
        path.closeSubpath()
        p.drawPath(path)
    else:
        p.drawEllipse(QRectF(s * 0.18, s * 0.18, s * 0.64, s * 0.64))
    p.end()
    return QIcon(pm)


def glyph_icon(kind: str, colour: str = "#6b7280", size: int = 14) -> QIcon:
    """Small line icons drawn in code: "lock" (confidential) and "clip" (attachments)."""
    pm = QPixmap(size * 2, size * 2)
    pm.setDevicePixelRatio(2)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = p.pen()
    pen.setColor(QColor(colour))
    pen.setWidthF(1.4)
    p.setPen(pen)
    s = float(size)
    if kind == "lock":
        p.setBrush(QColor(colour))
        p.drawRoundedRect(QRectF(s * 0.2, s * 0.45, s * 0.6, s * 0.45), 1.5, 1.5)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(s * 0.32, s * 0.12, s * 0.36, s * 0.55), 0, 180 * 16)
    else:
        path = QPainterPath()
        path.moveTo(s * 0.62, s * 0.3)
        path.lineTo(s * 0.62, s * 0.72)
        path.arcTo(QRectF(s * 0.34, s * 0.6, s * 0.28, s * 0.28), 0, -180)
        path.lineTo(s * 0.34, s * 0.2)
        path.arcTo(QRectF(s * 0.34, s * 0.06, s * 0.4, s * 0.28), 180, -180)
        path.lineTo(s * 0.74, s * 0.7)
        p.drawPath(path)
    p.end()
    return QIcon(pm)


def muted(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)


class EmptyState(QLabel):
    """A calm, centred sentence saying what to do next ("No notes yet — press Ctrl+N to capture one")."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMargin(24)
        self.setAccessibleName(text)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        f = self.font()
        f.setPointSizeF(f.pointSizeF() * 1.1)
        self.setFont(f)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        super().setText(text)
        self.setAccessibleName(text)


LOCKED = QColor("#d9a21b")  # the amber of a notice: a pane that cannot be changed, something to know first


def is_dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def mix(base: QColor, tint: QColor, amount: float) -> QColor:
    """`tint` laid over `base` at `amount` (0..1): a tint that stays readable on light and dark palettes."""
    a = max(0.0, min(1.0, amount))
    return QColor(round(base.red() * (1 - a) + tint.red() * a), round(base.green() * (1 - a) + tint.green() * a),
                  round(base.blue() * (1 - a) + tint.blue() * a))


def notice_colour(pal: QPalette, tint: QColor = LOCKED) -> QColor:
    """The fill of a notice in this palette: `tint` over the window colour, stronger on a dark palette."""
    return mix(pal.color(QPalette.ColorRole.Window), tint, 0.45 if is_dark(pal) else 0.22)


def paint_tinted(widget: QWidget, tint: QColor, amount: float, stripe: int = 0) -> None:
    """Fill `widget` with `tint` laid over its palette's window colour, a border in the tint, and a `stripe`-wide
    bar of it down the left edge."""
    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    window = widget.palette().color(QPalette.ColorRole.Window)
    r = QRectF(widget.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
    path = QPainterPath()
    path.addRoundedRect(r, 5, 5)
    p.fillPath(path, mix(window, tint, amount))
    if stripe:
        p.save()
        p.setClipPath(path)
        p.fillRect(QRectF(r.left(), r.top(), stripe, r.height()), tint)
        p.restore()
    pen = p.pen()
    pen.setColor(mix(window, tint, 0.75))
    p.setPen(pen)
    p.drawPath(path)
    p.end()


class Banner(QFrame):
    """A notice across the top of a pane (why a review is read-only, say): painted from the current palette with an
    amber tint, so it reads as well in dark mode as in light and follows a change of colour scheme. The one banner
    of the app (`notices.WarningBox` is the red box beside a judgement)."""

    def __init__(self, parent: QWidget | None = None, tint: QColor = LOCKED):
        super().__init__(parent)
        self.setObjectName("banner")
        self.tint = QColor(tint)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.addWidget(self.label)
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        paint_tinted(self, self.tint, 0.45 if is_dark(self.palette()) else 0.22)


def heading_font(base: QFont, scale: float = 1.5, bold: bool = True) -> QFont:
    f = QFont(base)
    f.setPointSizeF(base.pointSizeF() * scale)
    f.setBold(bold)
    return f


def section_label(text: str, parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    f = lab.font()
    f.setBold(True)
    lab.setFont(f)
    return lab


class AppUndoKeys(QObject):
    """Text fields handle Ctrl+Z themselves; with this filter installed the key reaches the window's Undo action,
    so one stack undoes text edits, tags, markers, notes added and deleted, in order."""

    _KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.ShortcutOverride and any(event.matches(k) for k in self._KEYS):
            event.ignore()
            return True
        if event.type() == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Z and \
                event.modifiers() == (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            event.ignore()
            return True
        return False


_undo_keys: AppUndoKeys | None = None


def route_undo_to_app(*widgets: QWidget) -> None:
    global _undo_keys
    if _undo_keys is None:
        _undo_keys = AppUndoKeys(QApplication.instance())
    for w in widgets:
        w.installEventFilter(_undo_keys)


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping onto new lines (Qt's flow layout example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:  # noqa: N802, ANN001
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, i: int):  # noqa: N802, ANN201
        return self._items[i] if 0 <= i < len(self._items) else None

    def takeAt(self, i: int):  # noqa: N802, ANN201
        return self._items.pop(i) if 0 <= i < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.widget() is not None and not item.widget().isVisibleTo(item.widget().parentWidget()):
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line > 0:
                x, y, line = rect.x(), y + line + self._spacing, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y()


def sorted_table(model: QAbstractItemModel, name: str, parent: QWidget,
                 sort_role: int) -> tuple[QTableView, QSortFilterProxyModel]:
    """A read-only table of whole rows, one selected at a time, sortable by a header click (by `sort_role`) and in
    the model's own order until then; the first column stretches. Returns the table and its sorting proxy."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(sort_role)
    t = QTableView(parent)
    t.setModel(proxy)
    t.setAccessibleName(name)
    t.setSortingEnabled(True)
    t.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the model's order until a header click
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(True)
    t.setShowGrid(False)
    t.setWordWrap(False)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 12)
    t.horizontalHeader().setResizeContentsPrecision(40)  # size columns from the first rows, not all 1,000
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return t, proxy
