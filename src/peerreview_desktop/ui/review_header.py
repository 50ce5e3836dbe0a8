"""The workspace's header: the school in large type; the dates, type and framework below it; and, on the right,
the review's status and version as a coloured pill (with a note when the copy is not the reviewer's own)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..core.review_index import ReviewSummary
from .widgets import heading_font, uk_date_range

STATUS_COLOURS = {"planned": "#5a6b7d", "in_progress": "#1f6f9f", "draft_shared": "#8a5a00", "final": "#2e7d4f"}
COPY_NOTES = {"team": "Your team copy: notes only", "host": "A draft shared with you to check",
              "received": "Imported from a signed package: read-only"}


class ReviewHeader(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewHeader")
        self.school = QLabel(self)
        self.school.setFont(heading_font(self.font(), 1.45))
        self.school.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel(self)
        self.status = QLabel(self)
        self.status.setObjectName("statusPill")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.copy_note = QLabel(self)
        self.copy_note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.copy_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 10, 8, 4)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.school)
        text.addWidget(self.details)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.status, 0, Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.copy_note, 0, Qt.AlignmentFlag.AlignRight)
        lay.addLayout(text, 1)
        lay.addLayout(right)

    def show_summary(self, s: ReviewSummary, framework_title: str) -> None:
        self.school.setText(s.school)
        parts = [uk_date_range(s.start_date, s.end_date), s.type_label, framework_title]
        self.details.setText("  ·  ".join(p for p in parts if p))
        self.status.setText(f"{s.status_label}  ·  version {s.version}")
        colour = STATUS_COLOURS.get(s.status, "#5a6b7d")
        self.status.setStyleSheet(f"QLabel#statusPill {{ color: white; background: {colour}; border-radius: 10px;"
                                  " padding: 3px 12px; font-weight: 600; }")
        self.status.setToolTip({"final": "Final and locked: reopen it to make a new version.",
                                "draft_shared": "The draft has been shared with the host; changes are recorded in "
                                                "the history."}.get(s.status, ""))
        self.copy_note.setText(COPY_NOTES.get(s.mode, ""))
        self.copy_note.setVisible(s.mode in COPY_NOTES)
        self.setAccessibleName(f"{s.school}, {self.details.text()}, {s.status_label}, version {s.version}")
