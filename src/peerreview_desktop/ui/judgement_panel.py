"""The judgement panel: for one criterion, its descriptor and prompts, the grade (buttons in the scale's colours,
keys 1..n), the rationale (autosaved, no save button), the evidence it rests on (drop notes from the notes list or
pick them), warnings where it rests on nothing or the evidence leans the other way, and the roll-up per area.

Every change is an undoable `JudgementCommand` through the app's undo stack. Typing restarts a 600 ms timer; when it
fires, on leaving the editor, switching criterion, closing or quitting, the rationale is written."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import notes
from ..core.changes import Changes
from ..core.errors import PeerReviewError
from ..core.notes import NoteView
from .autosave import Autosaving, autosave_timer
from .evidence_list import EvidencePicker, EvidenceSection, note_ids_from
from .grade_buttons import GradeButtons, RollupStrip
from .judgement_model import CriterionState, JudgementCommand, read_state, review_notes
from .notices import WarningBox
from .widgets import Banner, EmptyState, heading_font, route_undo_to_app, section_label


class JudgementPanel(QWidget):
    note_activated = Signal(str)  # a linked note's ID, to open it in the note editor

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.code: str | None = None
        self.state: CriterionState | None = None
        self.locked = ""
        self._saved: dict | None = None
        self._notes: dict[str, NoteView] | None = None
        self._loading = False
        # swappable in tests: (parent, notes, linked IDs, criterion code, title) -> chosen IDs or None (cancelled)
        self.choose_evidence: Callable[..., list[str] | None] = EvidencePicker.choose
        self.setMinimumSize(420, 480)
        self.setAcceptDrops(True)
        self.timer = autosave_timer(self, self.flush)
        self._build()
        ctx.changed.connect(self._on_changed)
        self.autosaving = Autosaving(self, ctx)

    # -- layout ----------------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = Banner(self)
        self.rollup = RollupStrip(self)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setFont(heading_font(self.font(), 1.3))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.area = QLabel(self)
        self.area.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.descriptor = QLabel(self)
        self.descriptor.setWordWrap(True)
        self.descriptor.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompts_toggle = QToolButton(self)
        self.prompts_toggle.setCheckable(True)
        self.prompts_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.prompts_toggle.setAutoRaise(True)
        self.prompts_toggle.setAccessibleName("Show the prompts for this criterion")
        self.prompts_toggle.toggled.connect(self._show_prompts)
        self.prompts = QLabel(self)
        self.prompts.setWordWrap(True)
        self.prompts.setTextFormat(Qt.TextFormat.RichText)
        self.prompts.hide()
        self._show_prompts(False)

        self.grade_label = section_label("Grade", self)
        self.grades = GradeButtons(self, self)
        self.grades.chosen.connect(self.set_grade)
        self.clear_button = QPushButton("Clear judgement", self)
        self.clear_button.setAccessibleName("Clear the judgement of this criterion")
        self.clear_button.clicked.connect(self.clear_judgement)
        self.warnings = WarningBox(self)

        self.rationale_label = section_label("Rationale", self)
        self.rationale = QPlainTextEdit(self)
        self.rationale.setAccessibleName("Rationale for the judgement")
        self.rationale.setPlaceholderText("Why this grade? Say what the linked evidence shows. Everything saves as "
                                          "you type.")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setUndoRedoEnabled(False)  # the app's undo stack undoes typing
        self.rationale.setMinimumHeight(110)
        self.rationale.textChanged.connect(self._typed)
        route_undo_to_app(self.rationale)

        self.evidence_section = ev = EvidenceSection(self)
        self.evidence_label, self.evidence, self.evidence_model = ev.label, ev.view, ev.model
        self.link_button, self.unlink_button = ev.link_button, ev.unlink_button
        ev.pick_requested.connect(self.pick_evidence)
        ev.unlink_requested.connect(self.unlink_note)
        ev.notes_dropped.connect(self.link_notes)
        ev.note_opened.connect(self.note_activated)
        link_key = QShortcut(QKeySequence("Ctrl+L"), self, self.pick_evidence)
        link_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        form = QWidget(self)
        lay = QVBoxLayout(form)
        lay.setContentsMargins(0, 0, 6, 0)
        lay.setSpacing(8)
        for w in (self.title, self.area, self.descriptor):
            lay.addWidget(w)
        lay.addWidget(self.prompts_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.prompts)
        head = QHBoxLayout()
        head.addWidget(self.grade_label)
        head.addStretch(1)
        head.addWidget(self.clear_button)
        lay.addLayout(head)
        for w in (self.grades, self.warnings, self.rationale_label):
            lay.addWidget(w)
        lay.addWidget(self.rationale, 2)
        lay.addWidget(ev, 3)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        self.form = scroll

        self.empty = EmptyState("Open a review to judge its criteria.", self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 8, 10, 8)
        outer.setSpacing(8)
        outer.addWidget(self.banner)
        outer.addWidget(self.rollup)
        outer.addWidget(self.pages, 1)

    @property
    def grade_buttons(self) -> dict[str, QPushButton]:
        return self.grades.buttons

    # -- review and criterion --------------------------------------------------------------------------------------
    def set_review(self, review_id: str | None) -> None:
        self.flush()
        self.review_id, self.code, self.state, self._saved, self._notes = review_id, None, None, None, None
        if review_id:
            self._notes = review_notes(self.ctx.store, review_id)
            self.state = read_state(self.ctx.store, review_id, None, self._markers())
            self.grades.set_scale(self.state.fw)
            graded = bool(self.grades.scale)
            self.grade_label.setVisible(graded)
            self.rationale_label.setText("Rationale" if graded else "Narrative (this framework is ungraded)")
        self.empty.setText("Pick a criterion in the framework tree to judge it." if review_id else
                           "Open a review to judge its criteria.")
        self._show()

    def show_criterion(self, code: str | None) -> None:
        self.flush()
        if not self.review_id:
            return
        codes = {c.code for c in self.state.fw.criteria}
        self.code = str(code).strip().upper() if code and str(code).strip().upper() in codes else None  # an area: none
        self._show()

    def _markers(self) -> dict[str, str]:
        return {i: n.marker for i, n in (self._notes or {}).items()}

    def _show(self, keep_text: bool = False) -> None:
        self.timer.stop()
        if self.review_id:
            self.state = read_state(self.ctx.store, self.review_id, self.code, self._markers())
        st = self.state
        self.locked = st.locked if st else ""
        self.banner.show_text(self.locked)
        self._fill_rollup()
        if st is None or self.code is None:
            self.pages.setCurrentWidget(self.empty)
            return
        self._loading = True
        try:
            c = st.fw.criterion(self.code)
            area = st.fw.area(c.area_code)
            self.title.setText(f"{c.code}  {c.title}")
            self.area.setText(f"{area.title} ({area.code})")
            self.descriptor.setText(c.descriptor)
            self.prompts_toggle.setText(f"Prompts for the team ({len(c.prompts)})")
            self.prompts_toggle.setVisible(bool(c.prompts))
            self.prompts.setText("<ul style='margin-left:-20px'>"
                                 + "".join(f"<li>{escape(p, quote=False)}</li>" for p in c.prompts) + "</ul>")
            self._saved = st.saved()
            self.grades.show_grade(self._saved["grade"] if self._saved else None)
            if not keep_text or self.rationale.toPlainText() != (self._saved or {}).get("rationale", ""):
                self.rationale.setPlainText(self._saved["rationale"] if self._saved else "")
            self.evidence_section.set_notes([self._notes[i] for i in (self._saved or {}).get("evidence", [])
                                             if i in self._notes])
            self.warnings.set_warnings(st.warnings)
            self._apply_lock()
        finally:
            self._loading = False
        self.pages.setCurrentWidget(self.form)

    def _apply_lock(self) -> None:
        ro = bool(self.locked)
        self.rationale.setReadOnly(ro)
        self.grades.set_locked(ro)
        self.clear_button.setVisible(not ro and self._saved is not None)
        self.evidence_section.set_locked(ro)

    # -- grades ----------------------------------------------------------------------------------------------------
    def set_grade(self, key: str) -> None:
        if not self.code or self.locked:
            return
        self.flush()
        before = self._saved
        if before is not None and before["grade"] == key:
            self._show(keep_text=True)
            return
        after = {**(before or self._blank()), "grade": key}
        label = self.state.fw.grade(key).label
        self._commit(before, after, f"Grade {self.code} {label}")

    def clear_judgement(self) -> None:
        if self.code and not self.locked and self._saved is not None:
            self.timer.stop()
            self._commit(self._saved, None, f"Clear judgement of {self.code}")

    def _blank(self) -> dict:
        return {"grade": "not-judged", "rationale": "", "evidence": []}

    # -- rationale -------------------------------------------------------------------------------------------------
    def _typed(self) -> None:
        if self._loading or not self.code or self.locked:
            return
        self.ctx.dirty.emit()
        self.timer.start()

    @property
    def pending(self) -> bool:
        return self.timer.isActive()

    def flush(self) -> None:
        """Write the rationale if it differs from what is stored."""
        self.timer.stop()
        if not self.code or self.locked or self.state is None:
            return
        text = self.rationale.toPlainText()
        before = self._saved
        if text.strip() == (before or {}).get("rationale", "").strip():
            return
        after = {**(before or self._blank()), "rationale": text}
        self._commit(before, after, f"Rationale for {self.code}", typing=True)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is self.rationale and new is not self.rationale:
            self.flush()

    # -- evidence --------------------------------------------------------------------------------------------------
    def link_notes(self, ids: list[str]) -> None:
        if not self.code or self.locked:
            return
        self.flush()
        current = (self._saved or {}).get("evidence", [])
        mine = [i for i in ids if self._notes and i in self._notes and i not in current]
        if not mine:
            return
        before = self._saved
        after = {**(before or self._blank()), "evidence": [*current, *mine]}
        self._commit(before, after, f"Link {len(mine)} note{'s' if len(mine) != 1 else ''} to {self.code}")

    def set_evidence(self, ids: list[str]) -> None:
        if not self.code or self.locked:
            return
        self.flush()
        before = self._saved
        if sorted(ids) == sorted((before or {}).get("evidence", [])):
            return
        after = {**(before or self._blank()), "evidence": list(ids)}
        self._commit(before, after, f"Change the evidence for {self.code}")

    def unlink_note(self, note_id: str) -> None:
        if self._saved:
            self.set_evidence([i for i in self._saved["evidence"] if i != note_id])

    def pick_evidence(self) -> None:
        if not self.code or self.locked:
            return
        c = self.state.fw.criterion(self.code)
        chosen = self.choose_evidence(self, list(self._notes.values()), set((self._saved or {}).get("evidence", [])),
                                      c.code, c.title)
        if chosen is not None:
            self.set_evidence(chosen)

    # -- saving and refreshing -------------------------------------------------------------------------------------
    def _commit(self, before: dict | None, after: dict | None, text: str, typing: bool = False) -> None:
        cmd = JudgementCommand(self.ctx, self.review_id, self.code, before, after, text, typing)
        if self.ctx.push(cmd):
            self._saved = after
            self.ctx.mark_saved()
        if not typing:
            self._show(keep_text=True)

    def _on_changed(self, ch: Changes) -> None:
        if not self.review_id:
            return
        if ch.notes:
            self._refresh_notes(ch.ids)
        if ch.notes or ch.judgements or ch.review:
            self._show(keep_text=True)

    def _refresh_notes(self, ids: list[str]) -> None:
        """Re-read only the notes a change names (typing in a note must stay instant with thousands of notes)."""
        if self._notes is None or not ids or len(ids) > 50:
            self._notes = review_notes(self.ctx.store, self.review_id)
            return
        for nid in ids:
            try:
                view = notes.get(self.ctx.store, nid)
            except PeerReviewError:
                self._notes.pop(nid, None)  # deleted (or not a note at all)
                continue
            if view.review_id == self.review_id:
                self._notes[view.id] = view

    def _fill_rollup(self) -> None:
        st = self.state
        self.rollup.show_rollup(st.fw if st else None, st.rollup if st else {}, st.judged_count if st else {},
                                st.fw.criterion(self.code).area_code if st and self.code else None)

    def _show_prompts(self, on: bool) -> None:
        self.prompts.setVisible(on)
        self.prompts_toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    # -- notes dropped anywhere on the panel (the evidence list takes them too) ------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802, ANN001
        if self.code and not self.locked and note_ids_from(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802, ANN001
        self.link_notes(note_ids_from(event.mimeData()))
        event.acceptProposedAction()

    def shutdown(self) -> None:
        self.autosaving.unhook()
