""""Show to host": the draft's findings and judgements, read-only, for the host headteacher on the reviewer's laptop.

The host picks any finding or judgement and adds a factual-accuracy comment (accept, challenge or comment); there is
nothing else to press. A banner says host mode is on and whose comments they are; handing back asks the reviewer for
their passphrase (or, without keys, their name). The store enforces the same rules (core/host_mode.py), so nothing
here is the only guard. `enter_host_mode` starts it; `HostModeView.left` fires when the reviewer is back."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import select

from ..core import comments, host_mode, identity, review_document
from ..core.changes import Changes
from ..core.models import TeamMember
from .comments_view import STANCE_LABELS, TargetCard, comment_line, heading_label
from .context import AppContext
from .review_views import card_column
from .widgets import EmptyState, heading_font, uk_date_range

HOST_BANNER_STYLE = ("QFrame#hostBanner { background: #20476b; border-radius: 8px; }"
                     "QFrame#hostBanner QLabel { color: white; }"
                     "QFrame#hostBanner QPushButton { color: #20476b; background: white; border: none;"
                     " border-radius: 5px; padding: 6px 14px; font-weight: bold; }"
                     "QFrame#hostBanner QPushButton:focus { outline: 2px solid #ffd36b; }")


def ask_host_name(parent: QWidget | None, suggested: str) -> str | None:
    name, ok = QInputDialog.getText(parent, "Show to host", "The host headteacher's name (their comments are "
                                    "recorded under it):", QLineEdit.EchoMode.Normal, suggested)
    return name if ok and name.strip() else None


def enter_host_mode(ctx: AppContext, parent: QWidget | None, review_id: str,
                    ask: Callable[[QWidget | None, str], str | None] = ask_host_name) -> bool:
    """Ask for the host's name and turn host mode on for `review_id`; False if cancelled or refused."""
    ctx.flush()
    with ctx.store.read() as s:
        suggested = s.exec(select(TeamMember.name).where(TeamMember.review_id == review_id,
                                                         TeamMember.role.like("%host%"))).first()
    name = ask(parent, suggested or "")
    if not name:
        return False
    return ctx.call(host_mode.enter, review_id, name) is not None


class LeaveDialog(QDialog):
    """The reviewer proves they are back: passphrase (keys) or their profile name (no keys)."""

    def __init__(self, parent: QWidget | None, reviewer: str, has_keys: bool):
        super().__init__(parent)
        self.setWindowTitle("Hand back to the reviewer")
        lay = QVBoxLayout(self)
        what = "your passphrase" if has_keys else "your name as it is in your profile"
        intro = QLabel(f"Only the reviewer can end host mode.<br><b>{reviewer}</b>, type {what} to continue.", self)
        intro.setWordWrap(True)
        self.secret = QLineEdit(self)
        self.secret.setAccessibleName("Reviewer's passphrase" if has_keys else "Reviewer's name")
        if has_keys:
            self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("End host mode")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(intro)
        lay.addWidget(self.secret)
        lay.addWidget(buttons)


def ask_reviewer(parent: QWidget | None, reviewer: str, has_keys: bool) -> str | None:
    dlg = LeaveDialog(parent, reviewer, has_keys)
    return dlg.secret.text() if dlg.exec() == QDialog.DialogCode.Accepted else None


class BannerBase(QFrame):
    """The dark banner above a draft being checked: who is checking what, what to do, and buttons on the right."""

    def __init__(self, parent: QWidget | None, detail: str):
        super().__init__(parent)
        self.setObjectName("hostBanner")
        self.setStyleSheet(HOST_BANNER_STYLE)
        self.title = QLabel(self)
        self.title.setFont(heading_font(self.font(), 1.25))
        self.title.setWordWrap(True)
        self.detail = QLabel(detail, self)
        self.detail.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.detail)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(18, 12, 18, 12)
        self.row.addLayout(text, 1)

    def add_button(self, text: str, name: str, signal: Signal) -> QPushButton:
        b = QPushButton(text, self)
        b.setAccessibleName(name)
        b.setToolTip(name)
        b.clicked.connect(signal)
        self.row.addWidget(b, 0, Qt.AlignmentFlag.AlignVCenter)
        return b

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self.setAccessibleName(text)


class HostBanner(BannerBase):
    hand_back = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, "Choose a finding or judgement and add a comment wherever something is not "
                         "accurate. Nothing in the review can be changed while host mode is on.")
        self.button = self.add_button("Hand back to the reviewer…", "Hand back to the reviewer", self.hand_back)

    def show_host(self, host: str, school: str) -> None:
        self.set_title(f"Host mode · {host} is checking the draft review of {school}")


class Composer(QFrame):
    """The host's comment on the chosen finding or judgement: stance, text, Add."""

    submitted = Signal(str, str)  # text, stance

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("composer")
        self.setStyleSheet("QFrame#composer { border: 1px solid palette(mid); border-radius: 8px; }")
        self.about = QLabel("Choose a finding or a judgement on the left to comment on it.", self)
        self.about.setWordWrap(True)
        self.about.setFont(heading_font(self.font(), 1.05))
        self.stances = QButtonGroup(self)
        row = QHBoxLayout()
        for key in ("challenge", "comment", "accept"):
            b = QRadioButton(STANCE_LABELS[key], self)
            b.setProperty("stance", key)
            self.stances.addButton(b)
            row.addWidget(b)
        row.addStretch(1)
        self.stances.buttons()[1].setChecked(True)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("What is not accurate, and what is right? (e.g. \"The library reopened in "
                                     "March, not May.\")")
        self.text.setAccessibleName("Comment")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(150)
        self.quote = QLabel(self)
        self.quote.setWordWrap(True)
        self.quote.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.add = QPushButton("Add comment", self)
        self.add.setToolTip("Add the comment (Ctrl+Enter)")
        self.add.setDefault(True)
        self.add.clicked.connect(self._submit)
        QShortcut(QKeySequence("Ctrl+Return"), self.text, activated=self._submit)
        self.made = QLabel(self)
        self.made.setWordWrap(True)
        self.made.setTextFormat(Qt.TextFormat.RichText)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        self.made_title = QLabel("Comments on this so far", self)
        self.made_title.setFont(heading_font(self.font(), 1.0))
        lay.addWidget(self.about)
        lay.addWidget(self.quote)
        lay.addSpacing(6)
        lay.addLayout(row)
        lay.addWidget(self.text)
        lay.addWidget(self.add, 0, Qt.AlignmentFlag.AlignRight)
        lay.addSpacing(6)
        lay.addWidget(self.made_title)
        lay.addWidget(self.made)
        lay.addStretch(1)
        self.set_target(None, [])

    def stance(self) -> str:
        b = self.stances.checkedButton()
        return b.property("stance") if b else "comment"

    def set_stance(self, stance: str) -> None:
        for b in self.stances.buttons():
            b.setChecked(b.property("stance") == stance)

    def set_target(self, target: comments.Target | None, made: list[comments.CommentView]) -> None:
        on = target is not None
        for w in (self.text, self.add, *self.stances.buttons()):
            w.setEnabled(on)
        if on:
            self.about.setText(f"Your comment on: <b>{escape(target.heading)}</b>" +
                               (f" — {escape(target.grade)}" if target.grade else ""))
            text = target.text if len(target.text) <= 220 else target.text[:219].rstrip() + "…"
            self.quote.setText(f"“{text}”" if text else "")
        else:
            self.about.setText("Choose a finding or a judgement on the left to comment on it.")
            self.quote.setText("")
        self.quote.setVisible(on and bool(target.text))
        self.made.setText("<br><br>".join(comment_line(c) for c in made) if made else "")
        self.made.setVisible(bool(made))
        self.made_title.setVisible(bool(made))

    def _submit(self) -> None:
        text = self.text.toPlainText().strip()
        if text and self.add.isEnabled():
            self.submitted.emit(text, self.stance())


class HostModeView(QWidget):
    left = Signal()  # the reviewer ended host mode

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.ask_secret: Callable[[QWidget | None, str, bool], str | None] = ask_reviewer  # swappable in tests
        self.cards: dict[tuple[str, str], TargetCard] = {}
        self.targets: dict[tuple[str, str], comments.Target] = {}
        self.selected: tuple[str, str] | None = None
        self._comments: list[comments.CommentView] = []
        self.banner = self.make_banner()
        self.heading = QLabel(self)
        self.heading.setFont(heading_font(self.font(), 1.4))
        self.subheading = QLabel(self)
        self.scroll, self.body, self.body_lay = card_column(self, 8)
        scroll = self.scroll
        self.composer = Composer(self)
        self.composer.submitted.connect(self.add_comment)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(scroll)
        split.addWidget(self.composer)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([640, 400])
        self.composer.setMinimumWidth(320)
        self.body.setMinimumWidth(360)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 12)
        lay.addWidget(self.banner)
        lay.addWidget(self.heading)
        lay.addWidget(self.subheading)
        lay.addWidget(split, 1)
        ctx.changed.connect(self._on_changed)

    def make_banner(self) -> QWidget:
        """The banner above the draft (host mode on the reviewer's laptop: hand back to the reviewer)."""
        banner = HostBanner(self)
        banner.hand_back.connect(self.request_leave)
        return banner

    def host_name(self, s) -> str:  # noqa: ANN001
        on = host_mode.current(s)
        return on.host if on else "The host"

    # -- data ------------------------------------------------------------------------------------------------------
    def set_review(self, review_id: str) -> None:
        self.review_id = review_id
        self.selected = None
        self.reload()

    def reload(self) -> None:
        if not self.review_id:
            return
        with self.ctx.store.read() as s:
            doc = review_document.build_in(s, self.review_id, include_history=False)
            targets = comments.targets_in(s, self.review_id)
            host = self.host_name(s)
        self._comments = comments.list_comments(self.ctx.store, self.review_id)
        self.banner.show_host(host, doc["school"]["name"])
        self.heading.setText(f"Draft review: {doc['school']['name']}")
        self.subheading.setText(f"{doc['type_label']}  ·  {uk_date_range(doc['start_date'], doc['end_date'])}  ·  "
                                f"{doc['framework']['name']}")
        self._build(targets)
        self._select(self.selected if self.selected in self.targets else None)

    def _build(self, targets: list[comments.Target]) -> None:
        while self.body_lay.count():
            w = self.body_lay.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.cards.clear()
        self.targets = {t.key: t for t in targets}
        if not targets:
            self.body_lay.addWidget(EmptyState("This draft has no findings or judgements yet.", self.body))
        group, judged = None, False
        for t in targets:
            if t.target == "criterion" and not judged:
                judged = True
                self.body_lay.addWidget(heading_label("Judgements", self.body, 1.3))
            elif t.target == "finding" and group is None:
                self.body_lay.addWidget(heading_label("Findings", self.body, 1.3))
            if t.group != group:
                group = t.group
                self.body_lay.addWidget(heading_label(group, self.body))
            card = TargetCard(t, self.body, show_heading=t.heading != t.group)
            card.set_comments([c for c in self._comments if (c.target, c.target_id) == t.key])
            card.clicked.connect(self._select)
            self.cards[t.key] = card
            self.body_lay.addWidget(card)
        self.body_lay.addStretch(1)

    def _select(self, key: tuple[str, str] | None) -> None:
        self.selected = key
        for k, card in self.cards.items():
            card.set_selected(k == key)
        made = [c for c in self._comments if (c.target, c.target_id) == key]
        self.composer.set_target(self.targets.get(key) if key else None, made)
        if key in self.cards:
            self.scroll.ensureWidgetVisible(self.cards[key])
            self.composer.text.setFocus()

    def select(self, target: str, target_id: str) -> None:
        self._select((target, target_id))

    def _on_changed(self, ch: Changes) -> None:
        if self.isVisible() and (ch.comments or ch.findings or ch.judgements or ch.review):
            self.reload()

    # -- actions ---------------------------------------------------------------------------------------------------
    def add_comment(self, text: str, stance: str) -> str | None:
        if self.selected is None or not self.review_id:
            return None
        target, target_id = self.selected
        kw = {"finding": target_id} if target == "finding" else {"criterion": target_id}
        ch = self.ctx.call(comments.add, self.review_id, text, stance=stance, **kw)
        if ch is None:
            return None
        self.composer.text.clear()
        self.composer.set_stance("comment")
        self.reload()
        return ch.value

    def request_leave(self) -> bool:
        """Ask for the reviewer; True when host mode ended."""
        with self.ctx.store.read() as s:
            has_keys = identity.own_key(s) is not None
            reviewer = host_mode.reviewer_name(s)
        secret = self.ask_secret(self, reviewer, has_keys)
        if secret is None:
            return False
        if self.ctx.call(host_mode.leave, secret) is None:
            return False
        self.left.emit()
        return True

