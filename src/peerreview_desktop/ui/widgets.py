"""Small shared pieces of the UI: UK date formats, the app icon, marker colours, an empty-state label, a banner,
and the event filter that sends Ctrl+Z to the app's undo stack instead of a text field's own."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QIcon,
    QImage,
    QImageReader,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
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


def has_files(mime) -> bool:  # noqa: ANN001
    return (mime.hasUrls() and any(u.isLocalFile() for u in mime.urls())) or mime.hasImage()


@contextlib.contextmanager
def dropped_files(mime):  # noqa: ANN001, ANN201
    """The local files in a drop or paste; image data without a file (a photo dragged from another app, a
    screenshot on the clipboard) is written to a temporary PNG first, removed afterwards."""
    paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()] \
        if mime.hasUrls() else []
    tmp = None
    if not paths and mime.hasImage():
        image = QImage(mime.imageData())
        if not image.isNull():
            tmp = tempfile.mkdtemp(prefix="peerreview-drop-")
            path = Path(tmp) / f"Photo {datetime.now():%Y-%m-%d %H.%M.%S}.png"
            image.save(str(path), "PNG")
            paths = [str(path)]
    try:
        yield paths
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


class AttachmentsView(QListWidget):
    """A note's attachments as thumbnails (images) or file icons; drop files here; Enter or a double-click opens a
    copy with the system's viewer; Delete removes the link (undoable; the stored file stays)."""

    files_dropped = Signal(list)
    remove_requested = Signal(dict)
    THUMB = 88

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.note_id: str | None = None
        self._thumbs: dict[str, QIcon] = {}
        self.setAccessibleName("Attachments")
        self.setToolTip("Drop files or photos here. Enter opens one; Delete removes it from the note.")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(self.THUMB, self.THUMB))
        self.setGridSize(QSize(self.THUMB + 36, self.THUMB + 34))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setFixedHeight(self.THUMB + 40)
        self.itemActivated.connect(self._open)

    def set_note(self, note_id: str | None, files: list[dict]) -> None:
        self.note_id = note_id
        self.clear()
        for a in files:
            item = QListWidgetItem(self._icon(a), a["filename"], self)
            item.setData(Qt.ItemDataRole.UserRole, a)
            item.setToolTip(f"{a['filename']} ({_size(a['size'])})")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Attachment {a['filename']}")
        self.viewport().update()

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        super().paintEvent(event)
        if self.count() == 0:
            p = QPainter(self.viewport())
            p.setPen(muted(self))
            p.drawText(self.viewport().rect(), int(Qt.AlignmentFlag.AlignCenter),
                       "Drop photos or files here to attach them")
            p.end()

    def _icon(self, a: dict) -> QIcon:
        if a["sha256"] in self._thumbs:
            return self._thumbs[a["sha256"]]
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        if str(a.get("mime", "")).startswith("image/"):
            from ..core.attachments import path_for

            reader = QImageReader(str(path_for(self.ctx.store.attachments_dir, a["sha256"])))
            reader.setAutoTransform(True)
            size = reader.size()
            if size.isValid() and size.width() > 0 and size.height() > 0:
                size.scale(self.THUMB * 2, self.THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio)
                reader.setScaledSize(size)
            image = reader.read()
            if not image.isNull():
                icon = QIcon(QPixmap.fromImage(image))
        self._thumbs[a["sha256"]] = icon
        return icon

    def _open(self, item: QListWidgetItem) -> None:
        from ..core.attachments import copy_out

        a = item.data(Qt.ItemDataRole.UserRole)
        folder = Path(tempfile.mkdtemp(prefix="peerreview-open-"))
        dest = folder / (Path(a["filename"]).name or "attachment")
        copy_out(self.ctx.store.attachments_dir, a["sha256"], dest)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(dest)))

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001
        item = self.currentItem()
        if item is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.isEnabled():
            self.remove_requested.emit(item.data(Qt.ItemDataRole.UserRole))
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001
        if has_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        if has_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001
        with dropped_files(event.mimeData()) as paths:
            self.files_dropped.emit(paths)
        event.acceptProposedAction()


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)
