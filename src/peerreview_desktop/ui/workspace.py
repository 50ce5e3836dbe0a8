"""The review workspace: a header (school, dates, type, status), the framework tree on the left, and tabs for
Capture (notes list + note editor), Coverage, Judgements and Findings. Selecting a criterion narrows the notes and
shows its judgement; Ctrl+N starts a note tagged with it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..core import reviews
from ..core.changes import Changes
from ..core.errors import ReviewLocked
from ..core.vocabulary import ACTIVITIES
from .coverage_view import CoverageView
from .findings_editor import FindingsEditor
from .framework_tree import CODE_ROLE, CODES_ROLE, KIND_ROLE, EvidenceBarDelegate, FrameworkTreeModel
from .judgement_panel import JudgementPanel
from .note_editor import NoteEditor
from .ops import add_note_command, attach_command, delete_note_command
from .search_bar import NotesPane
from .widgets import Banner, heading_font, uk_date_range

CAPTURE, COVERAGE, JUDGEMENTS, FINDINGS = range(4)
PANES = ("Framework", "Notes", "Note editor", "Coverage", "Judgements", "Findings")


def _first_focusable(panel: QWidget) -> QWidget | None:
    """The first control in `panel` that Tab would reach."""
    w = panel.nextInFocusChain()
    while w is not None and w is not panel:
        if panel.isAncestorOf(w) and w.isVisible() and w.isEnabled() and \
                w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None:
            return w
        w = w.nextInFocusChain()
    return None


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
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 10, 8, 4)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.school)
        text.addWidget(self.details)
        lay.addLayout(text, 1)
        lay.addWidget(self.status, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_summary(self, s: reviews.ReviewSummary, framework_title: str) -> None:
        self.school.setText(s.school)
        parts = [uk_date_range(s.start_date, s.end_date), s.type_label, framework_title]
        if s.version > 1:
            parts.append(f"version {s.version}")
        self.details.setText("  ·  ".join(p for p in parts if p))
        self.status.setText(s.status_label)
        colour = {"planned": "#5a6b7d", "in_progress": "#1f6f9f", "draft_shared": "#8a5a00", "final": "#2e7d4f"}
        self.status.setStyleSheet(f"QLabel#statusPill {{ color: white; background: {colour.get(s.status, '#5a6b7d')};"
                                  " border-radius: 10px; padding: 3px 12px; font-weight: 600; }")
        self.setAccessibleName(f"{s.school}, {self.details.text()}, {s.status_label}")


class Workspace(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.fw = None
        self.locked = ""
        self.last_activity = "other"
        self._loaded: set = set()  # the panels now following the review (the visible tab's)

        self.header = ReviewHeader(self)
        self.banner = Banner(self)
        self.notes = NotesPane(ctx, self)
        self.tree_model = FrameworkTreeModel(ctx, self, notes_model=self.notes.model)
        self.tree = QTreeView(self)
        self.tree.setObjectName("frameworkTree")
        self.tree.setAccessibleName("Framework: areas and criteria with evidence counts")
        self.tree.setModel(self.tree_model)
        self.tree.setItemDelegateForColumn(1, EvidenceBarDelegate(self.tree))
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setMinimumWidth(220)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.tree.header().resizeSection(1, 74)
        self.tree.selectionModel().currentChanged.connect(self._tree_current)

        self.notes.current_note_changed.connect(self._note_selected)
        self.notes.files_dropped.connect(self._files_on_list)
        self.notes.open_note.connect(lambda: self.editor.focus_text())
        self.notes.model.rowsInserted.connect(lambda *_: self._update_total())
        self.notes.model.rowsRemoved.connect(lambda *_: self._update_total())
        self.notes.model.modelReset.connect(self._update_total)
        self.notes.model.loaded.connect(self._notes_loaded)
        self.editor = NoteEditor(ctx, self)
        self.editor.new_note_for_files = lambda paths: self._files_on_list("", paths)

        self.capture = QSplitter(Qt.Orientation.Horizontal, self)
        self.capture.addWidget(self.notes)
        self.capture.addWidget(self.editor)
        self.capture.setStretchFactor(0, 3)
        self.capture.setStretchFactor(1, 2)
        self.capture.setSizes([600, 480])
        self.capture.setChildrenCollapsible(False)
        self.coverage = CoverageView(ctx, self)
        self.coverage.criterion_activated.connect(self._coverage_activated)
        self.judgements = JudgementPanel(ctx, self)
        self.judgements.note_activated.connect(self.open_note)
        self.judging = QSplitter(Qt.Orientation.Horizontal, self)  # the notes list moves here: drag notes to link
        self.judging.addWidget(self.judgements)
        self.judging.setChildrenCollapsible(False)
        self.findings = FindingsEditor(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Workspace views")
        for widget, label in ((self.capture, "Capture"), (self.coverage, "Coverage"),
                              (self.judging, "Judgements"), (self.findings, "Findings")):
            self.tabs.addTab(widget, label)
        self.tabs.currentChanged.connect(self._tab_changed)

        self.body = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.addWidget(self.tree)
        self.body.addWidget(self.tabs)
        self.body.setStretchFactor(0, 0)
        self.body.setStretchFactor(1, 1)
        self.body.setSizes([310, 1090])
        self.body.setChildrenCollapsible(False)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 0, 8, 4)
        lay.setSpacing(6)
        lay.addWidget(self.header)
        lay.addWidget(self.banner)
        lay.addWidget(self.body, 1)
        ctx.changed.connect(self._on_changed)

    def _tab_changed(self, index: int) -> None:
        """Only the visible tab's panel follows the review: a panel on a hidden tab would redo its work on every
        autosave of every keystroke pause (with thousands of notes, a quarter of a second each)."""
        self.ctx.flush()
        # Coverage and findings are whole-review views with their own criterion columns: they get the full width
        self.tree.setVisible(index in (CAPTURE, JUDGEMENTS))
        # Judging: the notes on the chosen criterion beside its judgement, to drag onto its evidence
        home = self.judging if index == JUDGEMENTS else self.capture
        if self.notes.parentWidget() is not home:
            home.insertWidget(0, self.notes)
            home.setSizes([600, 480] if home is self.capture else [430, 660])
        for tab, panel in ((COVERAGE, self.coverage), (JUDGEMENTS, self.judgements), (FINDINGS, self.findings)):
            if tab == index and panel not in self._loaded and self.review_id:
                panel.set_review(self.review_id)
                self._loaded.add(panel)
            elif tab != index and panel in self._loaded:
                panel.set_review(None)
                self._loaded.discard(panel)
        code = self.selected_criterion()
        if index == JUDGEMENTS and code:
            self.judgements.show_criterion(code)
        elif index == COVERAGE and code:
            self.coverage.select_criterion(code)

    # -- opening ---------------------------------------------------------------------------------------------------
    def set_review(self, review_id: str) -> None:
        self.ctx.flush()
        if review_id != self.review_id:
            self.ctx.undo.clear()  # undo is per open review: never undo what is not on screen
        with self.ctx.store.read() as s:
            r = reviews.get(s, review_id)
            self.review_id = r.id
            self.fw = reviews.framework_of(s, r)
            try:
                reviews.editable(s, r.id, "change notes in", notes_only=True)
                self.locked = ""
            except ReviewLocked as exc:
                self.locked = str(exc)
        self._show_header()
        self.banner.show_text(self.locked)
        for panel in self._loaded:  # panels follow the visible tab only; start again from the capture tab
            panel.set_review(None)
        self._loaded = set()
        self.editor.set_review(self.review_id, self.fw, self.locked)
        self.tree_model.set_review(self.review_id)
        self.tree.expandAll()
        self.tree.setCurrentIndex(self.tree_model.index(0, 0))
        self.notes.set_locked(bool(self.locked))
        self.notes.clear_filters()
        self.notes.model.set_review(self.review_id)  # the notes arrive from a worker; `_notes_loaded` picks one
        if self.tabs.currentIndex() == CAPTURE:
            self._tab_changed(CAPTURE)
        self.tabs.setCurrentIndex(CAPTURE)

    def _notes_loaded(self) -> None:
        if self.notes.proxy.rowCount() and not self.notes.current_note() and not self.editor.note_id:
            self.notes.select_row(0)

    def _show_header(self) -> None:
        s = reviews.summary(self.ctx.store, self.review_id)
        self.header.show_summary(s, self.fw.title if self.fw else s.framework_name)
        self.window().setWindowTitle(f"{s.school} — Peer Review Desktop")

    def _on_changed(self, ch: Changes) -> None:
        if self.review_id and ch.review:
            self._show_header()

    def _update_total(self) -> None:
        self.tree_model.set_total(self.notes.model.rowCount())

    # -- tree → notes and judgement --------------------------------------------------------------------------------
    def _tree_current(self, current, _previous) -> None:  # noqa: ANN001
        if not current.isValid():
            return
        kind, code = current.data(KIND_ROLE), current.data(CODE_ROLE)
        codes = current.data(CODES_ROLE) or []
        label = current.siblingAtColumn(0).data(Qt.ItemDataRole.DisplayRole) or ""
        self.notes.set_scope(codes, label.replace("  ", " "))
        if kind == "criterion" and self.judgements in self._loaded:
            self.judgements.show_criterion(code)

    def _coverage_activated(self, code: str) -> None:
        """A criterion chosen in the coverage view: its notes, ready for more evidence."""
        self.show_criterion(code)
        self.tabs.setCurrentIndex(CAPTURE)
        self.notes.view.setFocus()

    def selected_criterion(self) -> str:
        idx = self.tree.currentIndex()
        return idx.data(CODE_ROLE) if idx.isValid() and idx.data(KIND_ROLE) == "criterion" else ""

    def show_criterion(self, code: str) -> None:
        idx = self.tree_model.index_of(code)
        if idx.isValid():
            self.tree.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.tree.scrollTo(idx)

    # -- notes -----------------------------------------------------------------------------------------------------
    def _note_selected(self, note_id: str) -> None:
        self.editor.set_note(note_id or None)

    def new_note(self, files: list[str] | None = None) -> str | None:
        """Ctrl+N: a note timed now, with the activity last used and the selected criterion; cursor in the text."""
        if not self.review_id:
            return None
        if self.locked:
            self.status_message.emit(self.locked)
            return None
        self.ctx.flush()
        if self.editor.note_id:
            self.last_activity = self.editor.current_values()["activity"] or self.last_activity
        code = self.selected_criterion()
        cmd = add_note_command(self.ctx, self.review_id, activity=self.last_activity, criteria=[code] if code else [])
        if files:
            self.ctx.undo.beginMacro("New note with attachments")
        try:
            if not self.ctx.push(cmd):
                return None
            note_id = cmd.result.value
            if files:
                self.ctx.push(attach_command(self.ctx, note_id, files))
        finally:
            if files:
                self.ctx.undo.endMacro()
        self.tabs.setCurrentIndex(CAPTURE)
        self.notes.proxy.pin(note_id)
        self.notes.select_note(note_id)
        self.editor.set_note(note_id)
        self.editor.focus_text()
        self.status_message.emit(f"New note started ({ACTIVITIES.get(self.last_activity, 'Other')})")
        return note_id

    def delete_note(self) -> None:
        note_id = self.editor.note_id or self.notes.current_note()
        if not note_id or self.locked:
            return
        self.ctx.flush()
        row = self.notes.view.currentIndex().row()
        if self.ctx.push(delete_note_command(self.ctx, note_id)):
            self.notes.select_row(row)
            if not self.notes.proxy.rowCount():
                self.editor.set_note(None)
            self.status_message.emit("Note deleted — Ctrl+Z brings it back.")

    def _files_on_list(self, note_id: str, paths: list[str]) -> None:
        if self.locked or not paths:
            return
        if note_id:
            self.ctx.flush()
            if self.ctx.push(attach_command(self.ctx, note_id, paths)):
                self.notes.select_note(note_id)
        else:
            self.new_note(files=paths)

    # -- panes -----------------------------------------------------------------------------------------------------
    def focus_pane(self, n: int) -> None:
        """Ctrl+1…6: framework, notes, note editor, coverage, judgements, findings."""
        if n == 0:
            if not self.tree.isVisible():
                self.tabs.setCurrentIndex(CAPTURE)
            self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif n == 1:
            if self.tabs.currentIndex() not in (CAPTURE, JUDGEMENTS):
                self.tabs.setCurrentIndex(CAPTURE)
            self.notes.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif n == 2:
            self.tabs.setCurrentIndex(CAPTURE)
            if self.editor.note_id:
                self.editor.focus_text(at_end=False)
            else:
                self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif n in (3, 4, 5):
            self.tabs.setCurrentIndex(n - 2)
            target = _first_focusable({3: self.coverage, 4: self.judgements, 5: self.findings}[n])
            if target is None:  # e.g. no criterion chosen to judge yet: the tree is where to choose one
                target = self.tree if self.tree.isVisible() else self.tabs.tabBar()
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(CAPTURE)
        self.notes.focus_search()

    def open_note(self, note_id: str) -> None:
        """Show a note in the capture view (from a judgement's evidence, say)."""
        self.tabs.setCurrentIndex(CAPTURE)
        if not self.notes.select_note(note_id):
            self.notes.proxy.pin(note_id)
            self.notes.select_note(note_id)
        self.editor.set_note(note_id)
        self.editor.focus_text(at_end=False)

    def shutdown(self) -> None:
        self.editor.shutdown()
        for panel in (self.judgements, self.findings, self.coverage):
            if hasattr(panel, "shutdown"):
                panel.shutdown()
