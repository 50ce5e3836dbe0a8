"""The findings editor: What went well / Even better if / Next steps side by side. Type a finding in a column's
field and press Enter to add it; edit any finding in place (it saves as you type, no save button); cite criteria
by code (with completion); reorder with Alt+Up / Alt+Down or by dragging a finding's handle, also into another
column; every change is one step on the app's undo stack."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from ..core import findings, reviews
from ..core.changes import Changes
from ..core.errors import ReviewLocked
from ..core.findings import FindingView
from ..core.frameworks import FrameworkDef
from ..core.models import new_id
from ..core.vocabulary import FINDING_KINDS
from .autosave import Autosaving
from .context import ServiceCommand
from .finding_card import FINDING_MIME, FindingCard
from .widgets import Banner, EmptyState, heading_font, route_undo_to_app

ADD_HINTS = {"strength": "Add a strength: type it and press Enter",
             "development": "Add an area for development: type it and press Enter",
             "next-step": "Add a next step or recommendation: type it and press Enter"}


class FindingsColumn(QFrame):
    def __init__(self, editor: FindingsEditor, kind: str):
        super().__init__(editor)
        self.editor, self.kind = editor, kind
        self.setAcceptDrops(True)
        self.title = QLabel(FINDING_KINDS[kind], self)
        self.title.setFont(heading_font(self.font(), 1.2))
        self.body = QWidget()
        self.cards = QVBoxLayout(self.body)
        self.cards.setContentsMargins(0, 0, 4, 0)
        self.cards.setSpacing(8)
        self.empty = EmptyState(f"No {FINDING_KINDS[kind].lower()} findings yet. Type one below and press Enter.",
                                self.body)
        self.cards.addWidget(self.empty)
        self.cards.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)
        self.add = QLineEdit(self)
        self.add.setPlaceholderText(ADD_HINTS[kind])
        self.add.setAccessibleName(f"New {FINDING_KINDS[kind]} finding")
        self.add.returnPressed.connect(self._add)
        route_undo_to_app(self.add)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.add)

    def _add(self) -> None:
        if self.add.text().strip() and self.editor.add(self.kind, self.add.text()):
            self.add.clear()

    def set_cards(self, cards: list[FindingCard]) -> None:
        while self.cards.count():
            self.cards.takeAt(0)
        for card in cards:
            card.setParent(self.body)
            self.cards.addWidget(card)
            card.show()
        self.cards.addWidget(self.empty)
        self.empty.setVisible(not cards)
        self.cards.addStretch(1)
        n = len(cards)
        self.title.setText(f"{FINDING_KINDS[self.kind]} ({n})" if n else FINDING_KINDS[self.kind])

    def _drop_position(self, y: int) -> int:
        y = self.body.mapFrom(self, QPoint(0, y)).y()
        cards = [self.cards.itemAt(i).widget() for i in range(self.cards.count())]
        cards = [c for c in cards if isinstance(c, FindingCard)]
        return sum(1 for c in cards if c.geometry().center().y() < y)

    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001
        if event.mimeData().hasFormat(FINDING_MIME) and not self.editor.locked:
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001
        fid = bytes(event.mimeData().data(FINDING_MIME).data()).decode()
        pos = self._drop_position(event.position().toPoint().y())
        f = self.editor.views.get(fid)
        if f is not None and f.kind == self.kind:
            same = [x.id for x in self.editor.views.values() if x.kind == self.kind]
            pos -= 1 if pos > same.index(fid) else 0
        self.editor.place(fid, self.kind, pos)
        event.acceptProposedAction()


class FindingsEditor(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.fw: FrameworkDef | None = None
        self.locked = ""
        self.views: dict[str, FindingView] = {}
        self.card_of: dict[str, FindingCard] = {}
        self.setMinimumSize(720, 420)
        self.banner = Banner(self)
        self.hint = QLabel("Edit a finding in place; it saves as you type. Alt+Up / Alt+Down or drag the handle "
                           "to reorder; Ctrl+Z undoes.", self)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.columns = {k: FindingsColumn(self, k) for k in FINDING_KINDS}
        self.no_review = EmptyState("Open a review to write its findings.", self)
        row = QHBoxLayout()
        row.setSpacing(14)
        for col in self.columns.values():
            row.addWidget(col, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.addWidget(self.banner)
        lay.addWidget(self.hint)
        lay.addLayout(row, 1)
        lay.addWidget(self.no_review, 1)
        ctx.changed.connect(self._on_changed)
        self.autosaving = Autosaving(self, ctx)
        self.set_review(None)

    def set_review(self, review_id: str | None) -> None:
        self.flush()
        self.review_id, self.fw, self.locked = review_id, None, ""
        for card in self.card_of.values():
            card.deleteLater()
        self.card_of, self.views = {}, {}
        if review_id:
            with self.ctx.store.read() as s:
                self.fw = reviews.framework_of(s, reviews.get(s, review_id))
        for col in self.columns.values():
            col.setVisible(bool(review_id))
        self.hint.setVisible(bool(review_id))
        self.no_review.setVisible(not review_id)
        self.reload()

    def reload(self) -> None:
        locked, items = "", []
        if self.review_id:
            with self.ctx.store.read() as s:
                try:
                    reviews.editable(s, self.review_id, "change findings in")
                except ReviewLocked as exc:
                    locked = str(exc)
                items = findings.list_for(s, self.review_id)
        self.locked = locked
        self.banner.show_text(locked)
        self.views = {f.id: f for f in items}
        for fid in [i for i in self.card_of if i not in self.views]:
            self.card_of.pop(fid).deleteLater()
        for f in items:
            card = self.card_of.get(f.id)
            if card is None:
                self.card_of[f.id] = card = FindingCard(self, f)
            else:
                card.load(f)
            card.set_locked(bool(locked))
        for kind, col in self.columns.items():
            col.set_cards([self.card_of[f.id] for f in items if f.kind == kind])
            col.add.setVisible(not locked and bool(self.review_id))

    def _on_changed(self, ch: Changes) -> None:
        if self.review_id and (ch.findings or ch.review):
            self.reload()

    def flush(self) -> None:
        for card in list(self.card_of.values()):
            card.flush()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        for card in self.card_of.values():
            if old is card.text and new is not card.text:
                card.flush()

    # -- actions (each one undoable) -------------------------------------------------------------------------------
    def add(self, kind: str, text: str) -> bool:
        if not self.review_id or self.locked:
            return False
        fid, store, rid = new_id(), self.ctx.store, self.review_id
        return self.ctx.push(ServiceCommand(self.ctx, f"Add to {FINDING_KINDS[kind]}",
                                            lambda: findings.add(store, rid, kind, text, finding_id=fid),
                                            lambda: findings.delete(store, fid)))

    def delete(self, finding_id: str) -> None:
        self.flush()
        store, rid = self.ctx.store, self.review_id
        cmd: ServiceCommand

        def undo() -> Changes:
            snap: FindingView = cmd.result.value
            return findings.add(store, rid, snap.kind, snap.text, snap.criteria, finding_id=snap.id).merge(
                findings.move(store, snap.id, snap.position))

        cmd = ServiceCommand(self.ctx, "Delete finding", lambda: findings.delete(store, finding_id), undo)
        self.ctx.push(cmd)

    def shift(self, finding_id: str, step: int) -> None:
        f = self.views.get(finding_id)
        if f is not None:
            same = [x for x in self.views.values() if x.kind == f.kind]
            self.place(finding_id, f.kind, max(0, min(len(same) - 1, same.index(f) + step)))
            card = self.card_of.get(finding_id)
            if card is not None:
                card.text.setFocus()

    def place(self, finding_id: str, kind: str, position: int) -> None:
        """Move a finding to index `position` of the `kind` column, counted without the finding itself (another
        column changes its kind)."""
        f = self.views.get(finding_id)
        if f is None or self.locked:
            return
        old_pos = [x.id for x in self.views.values() if x.kind == f.kind].index(finding_id)
        if kind == f.kind and position == old_pos:
            return
        self.flush()
        store, old_kind = self.ctx.store, f.kind

        def go(k: str, pos: int) -> Changes:
            return findings.update(store, finding_id, kind=k).merge(findings.move(store, finding_id, pos))

        self.ctx.push(ServiceCommand(self.ctx, "Move finding", lambda: go(kind, position),
                                     lambda: go(old_kind, old_pos)))

    def shutdown(self) -> None:
        self.autosaving.unhook()

