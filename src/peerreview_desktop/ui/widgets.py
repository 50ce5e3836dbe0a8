"""Small shared pieces of the UI: UK date formats, the app icon, marker colours, an empty-state label, a banner,
and the event filter that sends Ctrl+Z to the app's undo stack instead of a text field's own."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QKeySequence, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

# Strength / development / neutral: readable on light and dark backgrounds alike.
MARKER_COLOURS = {"strength": "#2e8b57", "development": "#d07a12", "neutral": "#8a8f98"}
MARKER_SYMBOLS = {"strength": "▲", "development": "▼", "neutral": "●"}


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


def uk_datetime(value: str | datetime | None) -> str:
    """"Thu 12 Nov 2026, 09:05"."""
    dt = _parse(value)
    if dt is None:
        return ""
    if not isinstance(dt, datetime):
        return uk_date(dt)
    return f"{dt:%a} {dt.day} {dt:%b %Y, %H:%M}"


def uk_time(value: str | datetime | None) -> str:
    dt = _parse(value)
    return f"{dt:%H:%M}" if isinstance(dt, datetime) else ""


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


def app_icon() -> QIcon:
    """The app icon, drawn once at several sizes (no image file to lose in a bundle)."""
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
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(MARKER_COLOURS.get(marker, MARKER_COLOURS["neutral"])))
    p.drawEllipse(QRectF(1, 1, size - 2, size - 2))
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


class Banner(QFrame):
    """A one-line notice across the top of a pane (why a review is read-only, say)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.addWidget(self.label)
        self.setStyleSheet("QFrame#banner { background: #fff4d6; border: 1px solid #e0c27a; border-radius: 6px; }"
                           "QFrame#banner QLabel { color: #4a3b12; }")
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))


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


def vbox(widget: QWidget, margins: int = 0, spacing: int = 6) -> QVBoxLayout:
    lay = QVBoxLayout(widget)
    lay.setContentsMargins(margins, margins, margins, margins)
    lay.setSpacing(spacing)
    return lay


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
