"""The review workspace: a header (school, dates, type, status and version), the framework tree on the left, and
tabs for Capture (notes list + note editor), Coverage, Judgements, Findings, Host comments, History and — when a team
merge left notes to choose between — Conflicts. Selecting a criterion narrows the notes and shows its judgement;
Ctrl+N starts a note tagged with it. Only the visible tab's panel follows the review."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..core import comments, merge, reviews
from ..core.changes import Changes
from ..core.errors import ReviewLocked
from ..core.vocabulary import ACTIVITIES
from .comments_view import CommentsView
from .conflicts_view import ConflictsView
from .coverage_view import CoverageView
from .findings_editor import FindingsEditor
from .framework_tree import CODE_ROLE, CODES_ROLE, KIND_ROLE, EvidenceBarDelegate, FrameworkTreeModel
from .history_view import HistoryView
from .judgement_panel import JudgementPanel
from .note_editor import NoteEditor
from .ops import add_note_command, attach_command, delete_note_command
from .review_header import ReviewHeader
from .search_bar import NotesPane
from .widgets import Banner

CAPTURE, COVERAGE, JUDGEMENTS, FINDINGS, COMMENTS, HISTORY, CONFLICTS = range(7)
PANES = ("Framework", "Notes", "Note editor", "Coverage", "Judgements", "Findings", "Host comments", "History",
         "Conflicts")
TAB_NAMES = ("Capture", "Coverage", "Judgements", "Findings", "Host comments", "History", "Conflicts")


def _first_focusable(panel: QWidget) -> QWidget | None:
    """The first control in `panel` that Tab would reach."""
    w = panel.nextInFocusChain()
    while w is not None and w is not panel:
        if panel.isAncestorOf(w) and w.isVisible() and w.isEnabled() and \
                w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None:
            return w
        w = w.nextInFocusChain()
    return None


class Workspace(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.review_id: str | None = None
        self.summary = None  # the open review's ReviewSummary (status, version, mode)
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
        self.comments = CommentsView(ctx, self)
        self.comments.open_target.connect(self.open_target)
        self.history = HistoryView(ctx, self)
        self.conflicts = ConflictsView(ctx, self)
        self.panels = {COVERAGE: self.coverage, JUDGEMENTS: self.judgements, FINDINGS: self.findings,
                       COMMENTS: self.comments, HISTORY: self.history, CONFLICTS: self.conflicts}
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Workspace views")
        for widget, label in zip((self.capture, self.coverage, self.judging, self.findings, self.comments,
                                  self.history, self.conflicts), TAB_NAMES, strict=True):
            self.tabs.addTab(widget, label)
        self.tabs.setTabVisible(CONFLICTS, False)  # shown while a team merge leaves notes to choose between
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
        for tab, panel in self.panels.items():
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
            self.locked = self._lock_reason(s, r.id)
        self._show_header()
        self._show_counts()
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

    def close_review(self) -> None:
        """No review open any more (the store was restored from a backup, say): every panel lets go of it."""
        self.ctx.flush()
        for panel in self._loaded:
            panel.set_review(None)
        self._loaded = set()
        self.review_id, self.summary, self.locked = None, None, ""
        self.editor.set_review(None, None)
        self.tree_model.set_review(None)
        self.notes.model.set_review(None)

    def _notes_loaded(self) -> None:
        if self.notes.proxy.rowCount() and not self.notes.current_note() and not self.editor.note_id:
            self.notes.select_row(0)

    @staticmethod
    def _lock_reason(s, review_id: str) -> str:  # noqa: ANN001
        try:
            reviews.editable(s, review_id, "change notes in", notes_only=True)
        except ReviewLocked as exc:
            return str(exc)
        return ""

    def _show_header(self) -> None:
        s = reviews.summary(self.ctx.store, self.review_id)
        self.summary = s
        self.header.show_summary(s, self.fw.title if self.fw else s.framework_name)
        self.window().setWindowTitle(f"{s.school} — Peer Review Desktop")

    def _show_counts(self) -> None:
        """The tabs say what waits: host comments to resolve, notes to choose between (that tab only then)."""
        with self.ctx.store.read() as s:
            waiting = sum(1 for c in comments.list_for(s, self.review_id) if not c.resolution)
            conflicts = len(merge.list_conflicts_in(s, self.review_id))
        self.tabs.setTabText(COMMENTS, f"Host comments ({waiting})" if waiting else "Host comments")
        self.tabs.setTabText(CONFLICTS, f"Conflicts ({conflicts})" if conflicts else "Conflicts")
        self.tabs.setTabVisible(CONFLICTS, bool(conflicts) or self.tabs.currentIndex() == CONFLICTS)

    def _on_changed(self, ch: Changes) -> None:
        if not self.review_id:
            return
        if ch.review or ch.reviews:
            self._show_header()
            self._refresh_lock()
        if ch.review or ch.reviews or ch.comments:
            self._show_counts()

    def _refresh_lock(self) -> None:
        """Finalised, reopened, host mode on or off: the capture panes follow (the other panels check for
        themselves)."""
        with self.ctx.store.read() as s:
            locked = self._lock_reason(s, self.review_id)
        if locked == self.locked:
            return
        self.locked = locked
        self.banner.show_text(locked)
        note = self.editor.note_id
        self.editor.set_review(self.review_id, self.fw, locked)
        self.notes.set_locked(bool(locked))
        if note:
            self.editor.set_note(note)

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
    def show_tab(self, index: int) -> None:
        self.tabs.setTabVisible(index, True)
        self.tabs.setCurrentIndex(index)

    def open_target(self, target: str, target_id: str) -> None:
        """A host comment's finding or judgement, ready to change (from the comments view)."""
        if target == "finding":
            self.show_tab(FINDINGS)
            card = self.findings.card_of.get(target_id)
            if card is not None:
                card.text.setFocus(Qt.FocusReason.OtherFocusReason)
                card.text.ensureCursorVisible()
        else:
            self.show_tab(JUDGEMENTS)
            self.show_criterion(target_id)
            self.judgements.rationale.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_pane(self, n: int) -> None:
        """Ctrl+1…9: framework, notes, note editor, coverage, judgements, findings, host comments, history,
        conflicts."""
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
        elif 3 <= n <= 8:
            self.show_tab(n - 2)
            target = _first_focusable(self.panels[n - 2])
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
        for panel in self.panels.values():
            if hasattr(panel, "shutdown"):
                panel.shutdown()
