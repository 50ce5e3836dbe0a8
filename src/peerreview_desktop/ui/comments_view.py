"""Host comments and their resolution: each comment beside the finding or judgement it is about; the reviewer
resolves it as accepted (with a change), noted, or declined (with a reason). Also the small pieces the host's view
shares: a card for a finding or judgement, a comment line, stance labels."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core import comments
from ..core.changes import Changes
from .context import AppContext
from .review_views import ReviewPanel, card_column, title_row
from .widgets import EmptyState, heading_font, uk_date, uk_datetime

STANCE_LABELS = {"challenge": "Challenge: not accurate", "comment": "Comment", "accept": "Accept as accurate"}
STANCE_SHORT = {"challenge": "Challenge", "comment": "Comment", "accept": "Accepts"}
STANCE_COLOURS = {"challenge": "#b4441c", "comment": "#5a6b7d", "accept": "#2e7d4f"}
RESOLUTION_LABELS = {"accepted": "Accepted, with a change", "noted": "Noted", "declined": "Declined"}
RESOLUTION_COLOURS = {"accepted": "#2e7d4f", "noted": "#1f6f9f", "declined": "#8a5a00"}


def pill(text: str, colour: str) -> str:
    return (f"<span style='background:{colour}; color:white; font-weight:bold;'>&nbsp;{escape(text)}&nbsp;</span>")


def comment_line(c: comments.CommentView) -> str:
    """One comment as rich text: stance, who, when, what; and its resolution when there is one."""
    out = (f"{pill(STANCE_SHORT.get(c.stance, c.stance), STANCE_COLOURS.get(c.stance, '#5a6b7d'))} "
           f"<b>{escape(c.author)}</b>, {uk_datetime(c.created_at)}: {escape(c.text)}")
    if c.resolution:
        out += f"<br>&nbsp;&nbsp;→ {escape(RESOLUTION_LABELS.get(c.resolution, c.resolution))}"
        out += f": {escape(c.reason)}" if c.reason else ""
    return out


def heading_label(text: str, parent: QWidget | None = None, scale: float = 1.1) -> QLabel:
    lab = QLabel(text, parent)
    lab.setFont(heading_font(lab.font(), scale))
    lab.setContentsMargins(0, 10, 0, 2)
    return lab


class TargetCard(QFrame):
    """A finding or a judgement as a card: heading, grade, text, and the comments on it. Clicking selects it."""

    clicked = Signal(object)  # (target, target_id)

    def __init__(self, t: comments.Target, parent: QWidget | None = None, *, interactive: bool = True,
                 show_heading: bool = True):
        super().__init__(parent)
        self.key = t.key
        self.setObjectName("targetCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if interactive else Qt.FocusPolicy.NoFocus)
        self.interactive = interactive
        head = QLabel(f"<b>{escape(t.heading)}</b>" + (f"&nbsp;&nbsp;{pill(t.grade, t.grade_colour or '#5a6b7d')}"
                                                        if t.grade else ""), self)
        head.setTextFormat(Qt.TextFormat.RichText)
        head.setVisible(show_heading)
        body = QLabel(t.text or ("(no longer in the review)" if not t.exists else "(no rationale written)"), self)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.setSpacing(4)
        lay.addWidget(head)
        lay.addWidget(body)
        lay.addWidget(self.notes)
        self.setAccessibleName(f"{t.heading}{', ' + t.grade if t.grade else ''}: {t.text[:120]}")
        self.set_selected(False)

    def set_comments(self, items: list[comments.CommentView]) -> None:
        self.notes.setText("<br>".join(comment_line(c) for c in items))
        self.notes.setVisible(bool(items))

    def set_selected(self, on: bool) -> None:
        border = "2px solid #2a6fb0" if on else "1px solid palette(mid)"
        self.setStyleSheet(f"QFrame#targetCard {{ border: {border}; border-radius: 8px; background: palette(base); }}")

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt naming
        if self.interactive:
            self.clicked.emit(self.key)
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt naming
        if self.interactive and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.key)
            return
        super().keyPressEvent(event)


class ResolutionCard(QFrame):
    """One host comment beside its finding or judgement, with the reviewer's resolution."""

    resolve = Signal(str, str, str)  # comment ID, resolution, reason
    open_target = Signal(str, str)  # "finding" | "criterion", finding ID | criterion code

    def __init__(self, c: comments.CommentView, t: comments.Target, parent: QWidget | None = None):
        super().__init__(parent)
        self.comment = c
        self.setObjectName("resolutionCard")
        self.setStyleSheet("QFrame#resolutionCard { border: 1px solid palette(mid); border-radius: 8px; }")
        about = TargetCard(t, self, interactive=False)
        said = QLabel(comment_line(comments.CommentView(**{**c.to_doc(), "resolution": None})), self)
        said.setWordWrap(True)
        said.setTextFormat(Qt.TextFormat.RichText)
        said.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Reason or the change made (needed to decline)")
        self.reason.setAccessibleName("Reason")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        for key, label in (("accepted", "Accept with change"), ("noted", "Note"), ("declined", "Decline")):
            b = QPushButton(label, self)
            b.setAccessibleName(f"Resolve as {RESOLUTION_LABELS[key].lower()}")
            b.clicked.connect(lambda _=False, k=key: self.resolve.emit(c.id, k, self.reason.text()))
            self.buttons[key] = b
            row.addWidget(b)
        self.go = QPushButton("Open the finding" if c.target == "finding" else "Open the judgement", self)
        self.go.setFlat(True)
        self.go.setToolTip("Change the finding or judgement in the review, then resolve the comment")
        self.go.clicked.connect(lambda: self.open_target.emit(c.target, c.target_id))
        self.go.setVisible(t.exists)
        self.change = QPushButton("Change resolution", self)
        self.change.setFlat(True)
        self.change.clicked.connect(lambda: self._editing(True))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addWidget(about)
        lay.addWidget(said)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.go)
        status_row.addWidget(self.change)
        lay.addLayout(status_row)
        lay.addLayout(row)
        self._row = row
        if c.resolution:
            by = f" by {escape(c.resolved_by)}" if c.resolved_by else ""
            on = f" on {uk_date(c.resolved_at[:10])}" if c.resolved_at else ""
            why = f": {escape(c.reason)}" if c.reason else ""
            tag = pill(RESOLUTION_LABELS.get(c.resolution, c.resolution), RESOLUTION_COLOURS.get(c.resolution, "#5a6b7d"))
            self.status.setText(f"{tag}{by}{on}{why}")
            self.reason.setText(c.reason or "")
        else:
            self.status.setText("<i>Waiting for your resolution</i>")
        self._editing(not c.resolution)

    def _editing(self, on: bool) -> None:
        self.reason.setVisible(on)
        for b in self.buttons.values():
            b.setVisible(on)
        self.change.setVisible(not on)


class CommentsView(ReviewPanel):
    """The reviewer's list of host comments, each beside its finding or judgement, to resolve. `open_target` asks
    the window to show a finding or a criterion's judgement for editing."""

    open_target = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.cards: dict[str, ResolutionCard] = {}
        self.summary = QLabel(self)
        self.show_resolved = QCheckBox("Show resolved comments", self)
        self.show_resolved.setChecked(True)
        self.show_resolved.toggled.connect(lambda _on: self.reload())
        scroll, self.body, self.body_lay = card_column(self, 10)
        self.lay_out(title_row(self, "Host comments", self.show_resolved), self.summary, (scroll, 1))

    def reload(self) -> None:
        if not self.review_id:
            return
        with self.ctx.store.read() as s:
            rows = comments.list_for(s, self.review_id)
            known = {t.key: t for t in comments.targets_in(s, self.review_id)}
            targets = {c.id: comments.target_for(s, self.review_id, c.target, c.target_id, known) for c in rows}
        open_ = sum(1 for c in rows if not c.resolution)
        self.summary.setText(f"{len(rows)} comment{'s' if len(rows) != 1 else ''} from the host · "
                             f"{open_} waiting for a resolution" if rows else "")
        while self.body_lay.count():
            w = self.body_lay.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.cards.clear()
        shown = [c for c in rows if self.show_resolved.isChecked() or not c.resolution]
        shown.sort(key=lambda c: (bool(c.resolution), c.created_at))
        if not shown:
            self.body_lay.addWidget(EmptyState(
                "No host comments yet. Use “Show to host…” to let the host headteacher read the draft and comment, "
                "or import their response package." if not rows else "Every host comment is resolved.", self.body))
        for c in shown:
            card = ResolutionCard(c, targets[c.id], self.body)
            card.resolve.connect(self.resolve)
            card.open_target.connect(self.open_target)
            self.cards[c.id] = card
            self.body_lay.addWidget(card)
        self.body_lay.addStretch(1)

    def resolve(self, comment_id: str, resolution: str, reason: str) -> bool:
        return self.ctx.call(comments.resolve, comment_id, resolution, reason) is not None

    def _on_changed(self, ch: Changes) -> None:
        if ch.comments or ch.findings or ch.judgements or ch.reviews:
            self.reload()
