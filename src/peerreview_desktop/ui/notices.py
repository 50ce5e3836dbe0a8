"""Boxes that tell the user something about a pane: why it is read-only (`LockBanner`) and why a judgement may be
doubted (`WarningBox`). Both are painted from the current palette, tinted with an amber or red, so they read as well
in dark mode as in light and follow a change of colour scheme without being restyled."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

from .coverage_model import mix
from .widgets import Banner

WARNING = QColor("#c0392b")  # doubt about a judgement, a code that is not a criterion
LOCKED = QColor("#d9a21b")  # a pane that cannot be changed


def is_dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def warning_text(pal: QPalette) -> QColor:
    """The warning red, lightened on a dark palette so that it keeps its contrast as text."""
    return WARNING.lighter(155) if is_dark(pal) else WARNING


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


class LockBanner(Banner):
    """The shared one-line banner (why a review is read-only), in colours taken from the palette."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet("")  # the shared banner's fixed light colours glare in dark mode

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        paint_tinted(self, LOCKED, 0.45 if is_dark(self.palette()) else 0.22)


class WarningBox(QFrame):
    """Why a reader might doubt the judgement, in a box that cannot be missed (hidden when there is nothing)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("warnings")
        self.setAccessibleName("Warnings about this judgement")
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(14, 8, 10, 8)
        lay.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        lay.addWidget(self.text, 1)
        self.items: list[str] = []
        self.hide()

    def set_warnings(self, items: list[str]) -> None:
        self.items = list(items)
        self.setVisible(bool(items))
        if not items:
            return
        size = self.fontMetrics().height() + 4
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        lines = [escape(w, quote=False) for w in items]
        self.text.setText("<br>".join([f"<b>{lines[0]}</b>", *lines[1:]]))
        self.setAccessibleDescription(" ".join(items))

    def paintEvent(self, event) -> None:  # noqa: N802, ANN001
        paint_tinted(self, WARNING, 0.22 if is_dark(self.palette()) else 0.1, stripe=5)

