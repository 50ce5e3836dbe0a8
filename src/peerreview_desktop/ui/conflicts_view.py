"""Note conflicts from the team merge: a note changed both here and on a team member's laptop. Both versions side by
side, the differences marked; the lead keeps one. Nothing was overwritten while it waited here."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core import merge
from ..core.changes import Changes
from ..core.vocabulary import ACTIVITIES, MARKERS
from .context import AppContext
from .review_views import ReviewPanel, title_row
from .widgets import EmptyState, heading_font, uk_datetime

FIELDS = (("text", "Text"), ("marker", "Marker"), ("criteria", "Criteria"), ("activity", "Activity"),
          ("occurred_at", "Time"), ("place", "Place"), ("year_group", "Year group"), ("subject", "Subject"),
          ("confidential", "Confidential"), ("attachments", "Attachments"), ("author", "Author"))
DIFF_STYLE = "background: rgba(255, 196, 0, 70);"


def _shown(field: str, n: dict) -> str:
    v = n.get(field)
    if field == "marker":
        return MARKERS.get(v, v or "")
    if field == "activity":
        return ACTIVITIES.get(v, v or "")
    if field == "criteria":
        return ", ".join(v or []) or "none"
    if field == "occurred_at":
        return uk_datetime(v)
    if field == "confidential":
        return "yes" if v else "no"
    if field == "attachments":
        return ", ".join(a.get("filename") or "file" for a in v or []) or "none"
    return str(v or "")


def _first_words(text: str, n: int = 60) -> str:
    text = " ".join((text or "").split())
    return f"“{text[:n - 1]}…”" if len(text) > n else f"“{text}”"


def marked_difference(text: str, other: str) -> str:
    """`text` as HTML with the part that differs from `other` highlighted (common start and end left plain)."""
    p = 0
    while p < min(len(text), len(other)) and text[p] == other[p]:
        p += 1
    q = 0
    while q < min(len(text), len(other)) - p and text[-1 - q] == other[-1 - q]:
        q += 1
    head, mid, tail = text[:p], text[p:len(text) - q], text[len(text) - q:]

    def h(t: str) -> str:
        return escape(t).replace("\n", "<br>")

    mark = f"<span style='{DIFF_STYLE}'>{h(mid)}</span>" if mid else "<span style='color:#b4441c'>‸</span>"
    return h(head) + mark + h(tail)


class VersionPanel(QFrame):
    """One version of the note, the fields that differ marked."""

    def __init__(self, title: str, button: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("versionPanel")
        self.setStyleSheet("QFrame#versionPanel { border: 1px solid palette(mid); border-radius: 8px; "
                           "background: palette(base); }")
        self.title = QLabel(title, self)
        self.title.setFont(heading_font(self.font(), 1.1))
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.keep = QPushButton(button, self)
        self.keep.setAccessibleName(button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        lay.addWidget(self.title)
        lay.addWidget(self.body, 1)
        lay.addWidget(self.keep, 0, Qt.AlignmentFlag.AlignRight)

    def show_note(self, note: dict, differs: list[str], other: dict | None = None) -> None:
        rows = []
        for key, label in FIELDS:
            if key == "text" and key in differs and other is not None:
                value = marked_difference(note.get("text") or "", other.get("text") or "")
                style = ""
            else:
                value = escape(_shown(key, note)).replace("\n", "<br>")
                style = DIFF_STYLE if key in differs else ""
            if not value and key not in differs:
                continue
            weight = "font-weight:bold;" if key in differs else ""
            rows.append(f"<tr><td style='padding:3px 10px 3px 0; {weight}' valign='top'>{label}</td>"
                        f"<td style='padding:3px; {style}'>{value or '—'}</td></tr>")
        self.body.setText("<table width='100%'>" + "".join(rows) + "</table>")


class ConflictsView(ReviewPanel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.conflicts: list[merge.ConflictView] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Notes changed on two laptops")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.currentRowChanged.connect(self._show)
        self.ours = VersionPanel("Your version", "Keep your version", self)
        self.theirs = VersionPanel("Their version", "Keep their version", self)
        self.ours.keep.clicked.connect(lambda: self.keep("ours"))
        self.theirs.keep.clicked.connect(lambda: self.keep("theirs"))
        pair = QWidget(self)
        pl = QHBoxLayout(pair)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.ours, 1)
        pl.addWidget(self.theirs, 1)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.list)
        self.split.addWidget(pair)
        self.split.setStretchFactor(1, 3)
        self.split.setSizes([300, 900])
        self.empty = EmptyState("No conflicting notes. When a team member's copy of a note differs from yours, both "
                                "versions appear here for you to choose; nothing is overwritten meanwhile.", self)
        self.lay_out(title_row(self, "Note conflicts"), self.summary, (self.split, 1), (self.empty, 1))

    def reload(self) -> None:
        if not self.review_id:
            return
        current = self.conflicts[self.list.currentRow()].id if 0 <= self.list.currentRow() < len(self.conflicts) \
            else None
        self.conflicts = merge.list_conflicts(self.ctx.store, self.review_id)
        n = len(self.conflicts)
        self.summary.setText(
            f"{n} note{'s were' if n != 1 else ' was'} changed both here and on a team member's laptop. Choose the "
            "version to keep; importing the same package again will not ask again." if n else "")
        self.split.setVisible(bool(n))
        self.empty.setVisible(not n)
        self.list.blockSignals(True)
        self.list.clear()
        for c in self.conflicts:
            what = ", ".join(label.lower() for key, label in FIELDS if key in c.fields)
            item = QListWidgetItem(f"{_first_words(c.ours.get('text') or c.theirs.get('text'), 48)}\n"
                                   f"from {c.source_name} · differs in {what}")
            item.setToolTip(f"From {c.source_name}, imported {uk_datetime(c.created_at)}")
            self.list.addItem(item)
        self.list.blockSignals(False)
        row = next((i for i, c in enumerate(self.conflicts) if c.id == current), 0)
        if n:
            self.list.setCurrentRow(row)
            self._show(row)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        c = self.conflicts[row]
        self.theirs.title.setText(f"{c.source_name}'s version")
        self.theirs.keep.setText(f"Keep {c.source_name}'s version")
        self.ours.show_note(c.ours, c.fields, c.theirs)
        self.theirs.show_note(c.theirs, c.fields, c.ours)

    def keep(self, which: str) -> bool:
        row = self.list.currentRow()
        if not 0 <= row < len(self.conflicts):
            return False
        return self.ctx.call(merge.resolve_conflict, self.conflicts[row].id, which) is not None

    def _on_changed(self, ch: Changes) -> None:
        if self.review_id and (ch.notes or ch.review or ch.reviews):
            self.reload()
