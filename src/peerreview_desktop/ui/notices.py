"""The box that says why a judgement may be doubted (`WarningBox`), and the warning red for text. Painted from the
current palette, tinted red, so it reads as well in dark mode as in light (like `widgets.Banner`, the one banner that
says why a pane is read-only)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

from .widgets import LOCKED, is_dark, paint_tinted  # noqa: F401  (LOCKED, is_dark: re-exported)

WARNING = QColor("#c0392b")  # doubt about a judgement, a code that is not a criterion


def warning_text(pal: QPalette) -> QColor:
    """The warning red, lightened on a dark palette so that it keeps its contrast as text."""
    return WARNING.lighter(155) if is_dark(pal) else WARNING


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

