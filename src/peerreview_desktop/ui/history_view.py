"""The review's history: the audit trail as people read it — when, who, what, and before → after — with the point
where the draft was shared with the host and each new version marked."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..core import comments, judgements, lifecycle, reviews
from ..core.changes import Changes
from ..core.models import Finding, Note
from ..core.vocabulary import ACTIVITIES, FINDING_KINDS, MARKERS, STATUSES
from .comments_view import RESOLUTION_LABELS, STANCE_SHORT
from .context import AppContext
from .review_views import ReviewPanel, title_row
from .widgets import EmptyState, uk_datetime

FIELD_LABELS = {"text": "Text", "grade": "Grade", "rationale": "Rationale", "status": "Status", "marker": "Marker",
                "activity": "Activity", "criteria": "Criteria", "resolution": "Resolution", "reason": "Reason",
                "version": "Version", "kind": "Kind", "stance": "Stance", "report_sha256": "Report fingerprint",
                "context": "Context", "type": "Type", "start_date": "Start date", "end_date": "End date",
                "focus_areas": "Focus areas", "lines_of_enquiry": "Lines of enquiry", "team": "Team",
                "timetable": "Timetable", "place": "Place", "subject": "Subject", "year_group": "Year group",
                "occurred_at": "Time", "confidential": "Confidential", "position": "Position"}
SHARED_TINT = QColor(255, 196, 0, 26)  # entries made after the draft was shared: a light amber wash


def local_time(iso: str) -> str:
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return uk_datetime(dt.astimezone().replace(tzinfo=None) if dt.tzinfo else dt)


class Describer:
    """Turns audit entries into words: what they were about and each change, without raw IDs."""

    def __init__(self, s, review_id: str):  # noqa: ANN001
        r = reviews.get(s, review_id)
        self.fw = reviews.framework_of(s, r)
        self.notes = {n.id: (n.text, n.confidential) for n in s.exec(Note.__table__.select().where(
            Note.review_id == review_id))}
        self.findings = {f.id: (f.kind, f.text) for f in s.exec(Finding.__table__.select().where(
            Finding.review_id == review_id))}
        self.targets = {t.key: t for t in comments.targets_in(s, review_id)}
        self.s, self.review_id = s, review_id

    @staticmethod
    def _quote(text: str, width: int = 70) -> str:
        text = " ".join((text or "").split())
        return f"“{text[:width - 1]}…”" if len(text) > width else f"“{text}”"

    def subject(self, e: lifecycle.HistoryEntry) -> str:
        d = e.detail
        if e.entity == "note":
            if e.confidential or self.notes.get(e.entity_id, ("", False))[1]:
                return "a confidential note"
            text = ((e.after or {}).get("text") if isinstance(e.after, dict) else None) or \
                ((e.before or {}).get("text") if isinstance(e.before, dict) else None) or \
                self.notes.get(e.entity_id, ("", False))[0]
            who = f" by {d['author']}" if d.get("author") and e.action == "note.merge" else ""
            return f"note {self._quote(text)}{who}" if text else "a note deleted since"
        if e.action.startswith("comment."):
            t = comments.target_for(self.s, self.review_id, e.entity, e.entity_id, self.targets)
            return f"on {t.heading}" + (f" {self._quote(t.text, 50)}" if e.entity == "finding" and t.text else "")
        if e.entity == "criterion":
            try:
                c = self.fw.criterion(e.entity_id)
                return f"{c.code} · {c.title}"
            except Exception:  # noqa: BLE001 - a code from another framework version
                return e.entity_id
        if e.entity == "finding":
            kind, text = self.findings.get(e.entity_id, (None, None))
            after = e.after if isinstance(e.after, dict) else {}
            before = e.before if isinstance(e.before, dict) else {}
            kind = kind or after.get("kind") or before.get("kind")
            text = text or after.get("text") or before.get("text") or ""
            return f"{FINDING_KINDS.get(kind, 'finding')} {self._quote(text, 50)}"
        if e.action == "host.enter":
            return f"for {d.get('host', 'the host')}"
        if e.action == "host.leave":
            n = d.get("comments", 0)
            return f"{d.get('host', 'the host')} left {n} comment{'s' if n != 1 else ''}"
        if e.action in ("review.merge",):
            return f"from {d.get('source', 'a team member')}: {d.get('added', 0)} added, {d.get('updated', 0)} " \
                   f"updated, {d.get('conflicts', 0)} to choose"
        return ""

    def value(self, field: str, v) -> str:  # noqa: ANN001
        if v is None or v == "" or v == []:
            return "—"
        if field == "status":
            return STATUSES.get(v, v)
        if field == "grade":
            return judgements.grade_label(self.fw, v)
        if field == "marker":
            return MARKERS.get(v, v)
        if field == "activity":
            return ACTIVITIES.get(v, v)
        if field == "kind":
            return FINDING_KINDS.get(v, v)
        if field == "stance":
            return STANCE_SHORT.get(v, v)
        if field == "resolution":
            return RESOLUTION_LABELS.get(v, v)
        if field == "report_sha256":
            return str(v)[:12] + "…"
        if isinstance(v, list):
            return ", ".join(str(x) for x in v)
        return self._quote(str(v), 90) if isinstance(v, str) and field not in ("version",) else str(v)

    def changes(self, e: lifecycle.HistoryEntry) -> str:
        if e.confidential:
            return "details kept out of the trail (confidential)"
        lines = []
        first = ("text", "resolution", "grade", "status", "kind")
        for c in sorted(e.changes, key=lambda c: (first.index(c["field"]) if c["field"] in first else 9, c["field"])):
            name = FIELD_LABELS.get(c["field"], c["field"].replace("_", " ").capitalize())
            before, after = c["before"], c["after"]
            if before in (None, "", []):
                lines.append(f"{name}: {self.value(c['field'], after)}")
            elif isinstance(before, str) and isinstance(after, str) and len(before) + len(after) > 120:
                b, a = changed_parts(before, after)
                lines.append(f"{name}: “{b}” → “{a}”")
            else:
                lines.append(f"{name}: {self.value(c['field'], before)} → {self.value(c['field'], after)}")
        return "\n".join(lines)


def changed_parts(before: str, after: str, context: int = 28, width: int = 110) -> tuple[str, str]:
    """The parts of two long texts that differ, with a little context either side and "…" where cut."""
    before, after = " ".join(before.split()), " ".join(after.split())
    p = 0
    while p < min(len(before), len(after)) and before[p] == after[p]:
        p += 1
    q = 0
    while q < min(len(before), len(after)) - p and before[-1 - q] == after[-1 - q]:
        q += 1
    start = 0 if p <= context else before.rfind(" ", 0, p - context) + 1

    def cut(t: str) -> str:
        end = min(len(t), len(t) - q + context)
        part = t[start:end]
        if len(part) > width:
            part = part[:width - 1]
            end = -1
        return ("…" if start else "") + part + ("…" if end != len(t) else "")

    return cut(before), cut(after)


class HistoryView(ReviewPanel):
    COLUMNS = ("When", "Who", "What", "Before → after")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.entries: list[lifecycle.HistoryEntry] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.only_shared = QCheckBox("Only changes after the draft was shared", self)
        self.only_shared.toggled.connect(lambda _on: self._fill())
        top = title_row(self, "History", self.only_shared)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setAccessibleName("History of changes")
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(False)
        self.table.setShowGrid(False)
        self.table.setStyleSheet("QTableWidget::item { padding: 5px 6px; }")
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        h.resizeSection(2, 380)
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(40)
        self._fit.timeout.connect(self.table.resizeRowsToContents)
        h.sectionResized.connect(lambda *_: self._fit.start())
        self.empty = EmptyState("Nothing has happened to this review yet.", self)
        self.empty.hide()
        self.lay_out(top, self.summary, (self.table, 1), (self.empty, 1))

    def reload(self) -> None:
        if not self.review_id:
            return
        with self.ctx.store.read() as s:
            self.entries = lifecycle.history_in(s, self.review_id)
            self.describer = Describer(s, self.review_id)
            self.rows = [(e, self.describer.subject(e), self.describer.changes(e)) for e in self.entries]
        shared = next((e for e in self.entries if e.action in ("review.draft_shared", "host.enter")), None)
        n_after = sum(1 for e in self.entries if e.after_draft_shared)
        self.summary.setText(
            f"{len(self.entries)} recorded changes. The draft was shared with the host on "
            f"{local_time(shared.at)}; the {n_after} change{'s' if n_after != 1 else ''} since then are shaded."
            if shared else f"{len(self.entries)} recorded changes. The draft has not been shared with the host yet.")
        self._fill()

    def _fill(self) -> None:
        rows = [r for r in self.rows if r[0].after_draft_shared or not self.only_shared.isChecked()]
        self.table.setRowCount(0)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        bold = QFont(self.font())
        bold.setBold(True)
        for e, subject, change in reversed(rows):  # newest first
            row = self.table.rowCount()
            self.table.insertRow(row)
            what = e.label + (f": {subject}" if subject else "")
            who = e.who + (f" ({e.role})" if e.role and e.role.lower() not in e.who.lower() else "")
            for col, text in enumerate((local_time(e.at), who, what, change)):
                item = QTableWidgetItem(text)
                item.setToolTip(text if col != 3 else escape(text))
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                if e.after_draft_shared:
                    item.setBackground(QBrush(SHARED_TINT))
                if e.action in ("review.draft_shared", "review.finalise", "review.reopen", "host.enter"):
                    item.setFont(bold)
                self.table.setItem(row, col, item)
        self._fit.start()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt naming
        super().resizeEvent(event)
        self._fit.start()

    def _on_changed(self, ch: Changes) -> None:
        if self.review_id and (ch.review or ch.notes or ch.judgements or ch.findings or ch.comments):
            self.reload()
