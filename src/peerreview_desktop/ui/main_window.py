"""The main window: menus and toolbar, a status bar with the "Saved" indicator, and two screens — the review list
and the review workspace."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QToolBar, QWidget

from ..core import demo
from .context import AppContext
from .review_list import ReviewListScreen
from .widgets import app_icon
from .workspace import PANES, Workspace


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        ctx.error_parent = self
        self.setWindowTitle("Peer Review Desktop")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(1000, 660))  # fits a 1280×720 school laptop; every pane still usable
        self.list_screen = ReviewListScreen(ctx, self)
        self.workspace = Workspace(ctx, self)
        self.screens = QStackedWidget(self)
        self.screens.addWidget(self.list_screen)
        self.screens.addWidget(self.workspace)
        self.setCentralWidget(self.screens)
        self.list_screen.open_review.connect(self.open_review)
        self.list_screen.new_review.connect(self.new_review)
        self.list_screen.open_demo.connect(self.open_demo)
        self.workspace.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self._build_actions()
        self._build_menus()
        self._build_status()
        self.ctx.undo.cleanChanged.connect(self._update_actions)
        self.ctx.undo.indexChanged.connect(self._update_actions)
        self.show_list()

    # -- actions ---------------------------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # noqa: ANN001
        act = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(k) for k in keys])
        act.setToolTip(tip or text.replace("&", "").replace("…", ""))
        act.setStatusTip(tip or text.replace("&", "").replace("…", ""))
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)  # shortcuts work with the menu bar hidden, too
        return act

    def _build_actions(self) -> None:
        w = self.workspace
        self.act_reviews = self._action("&Reviews", self.show_list, "Ctrl+Shift+L",
                                        "Back to the list of reviews (Ctrl+Shift+L)")
        self.act_new_review = self._action("&New Review…", self.new_review, "Ctrl+Shift+N", "Plan a new review")
        self.act_profile = self._action("Your &Profile…", self.edit_profile, None, "Your name, school and role")
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self._action("&Undo", self.ctx.undo_last, "Ctrl+Z")
        self.act_redo = self._action("&Redo", self.ctx.redo_next, ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.act_new_note = self._action("New &Note", lambda: w.new_note(), "Ctrl+N",
                                         "Capture a new note, timed now (Ctrl+N)")
        self.act_delete_note = self._action("&Delete Note", w.delete_note, "Ctrl+Delete",
                                            "Delete the open note (Ctrl+Z brings it back)")
        self.act_find = self._action("&Find in Notes", w.focus_search, QKeySequence.StandardKey.Find,
                                     "Search and filter the notes (Ctrl+F)")
        self.pane_actions = [self._action(f"Go to {name}", lambda n=i: self._go_pane(n), f"Ctrl+{i + 1}")
                             for i, name in enumerate(PANES)]
        self.note_actions = [*w.editor.marker_actions.values(), w.editor.confidential_action, w.editor.tag_action]
        for act in self.note_actions:
            self.addAction(act)
        self.act_shortcuts = self._action("&Keyboard Shortcuts", self.show_shortcuts, "F1")
        self.act_about = self._action("&About Peer Review Desktop", self.show_about)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("&File")
        m.addActions([self.act_reviews, self.act_new_review])
        m.addSeparator()
        m.addAction(self.act_profile)
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu("&Edit")
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addAction(self.act_find)
        m = mb.addMenu("&Note")
        m.addActions([self.act_new_note, self.act_delete_note])
        m.addSeparator()
        m.addActions(self.note_actions)
        m = mb.addMenu("&View")
        m.addActions(self.pane_actions)
        m = mb.addMenu("&Help")
        m.addActions([self.act_shortcuts, self.act_about])
        tb = QToolBar("Main toolbar", self)
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.setAccessibleName("Main toolbar")
        tb.addActions([self.act_reviews, self.act_new_note])
        tb.addSeparator()
        tb.addActions([self.act_undo, self.act_redo])
        tb.addSeparator()
        tb.addAction(self.act_find)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self.toolbar = tb

    def _build_status(self) -> None:
        self.save_label = QLabel("All changes saved", self)
        self.save_label.setAccessibleName("Save status")
        self.save_label.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.save_label)
        self.ctx.dirty.connect(self._saving)
        self.ctx.saved.connect(self.save_label.setText)

    def _saving(self) -> None:
        self.save_label.setText("Saving…")

    def _update_actions(self, *_args) -> None:  # noqa: ANN002
        in_review = self.screens.currentWidget() is self.workspace
        locked = bool(self.workspace.locked)
        self.act_undo.setEnabled(self.ctx.undo.canUndo())
        self.act_redo.setEnabled(self.ctx.undo.canRedo())
        self.act_undo.setText(f"&Undo {self.ctx.undo.undoText()}".strip())
        self.act_redo.setText(f"&Redo {self.ctx.undo.redoText()}".strip())
        for act in (self.act_new_note, self.act_delete_note, *self.note_actions):
            act.setEnabled(in_review and not locked)
        for act in (self.act_find, self.act_reviews, *self.pane_actions):
            act.setEnabled(in_review)

    def _go_pane(self, n: int) -> None:
        if self.screens.currentWidget() is self.workspace:
            self.workspace.focus_pane(n)

    # -- screens ---------------------------------------------------------------------------------------------------
    def show_list(self) -> None:
        self.ctx.flush()
        self.list_screen.reload()
        self.screens.setCurrentWidget(self.list_screen)
        self.setWindowTitle("Peer Review Desktop")
        self.list_screen.focus_list()
        self._update_actions()

    def open_review(self, review_id: str) -> None:
        self.workspace.set_review(review_id)
        self.screens.setCurrentWidget(self.workspace)
        self.ctx.review_opened.emit(review_id)
        self._update_actions()
        self.workspace.notes.view.setFocus()

    def open_demo(self) -> None:
        ch = self.ctx.call(demo.ensure_demo)
        if ch is not None:
            self.open_review(ch.value)

    def new_review(self) -> None:
        from .wizard import NewReviewWizard

        self.ctx.flush()
        wizard = NewReviewWizard(self.ctx, self)
        if wizard.exec() and getattr(wizard, "review_id", None):
            self.open_review(wizard.review_id)

    def edit_profile(self) -> None:
        from .profile_dialog import ProfileDialog

        ProfileDialog(self.ctx, self).exec()

    # -- help ------------------------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        rows = [("Ctrl+N", "New note, timed now"), ("Ctrl+T", "Tag a criterion (type a code or a word, Enter)"),
                ("Alt+S / Alt+D / Alt+U", "Mark as strength / development / neutral"),
                ("Alt+C", "Confidential on or off"), ("Ctrl+F", "Search and filter notes"),
                ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"), ("Ctrl+1 … Ctrl+6", ", ".join(PANES)),
                ("Ctrl+Delete", "Delete the open note"), ("Ctrl+Shift+L", "Back to your reviews"),
                ("Ctrl+Shift+N", "Plan a new review")]
        html = "<table cellspacing='6'>" + "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows) + \
               "</table><p>Everything saves as you type; there is no save button.</p>"
        QMessageBox.information(self, "Keyboard shortcuts", html)

    def show_about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "About Peer Review Desktop",
                          f"<b>Peer Review Desktop {__version__}</b><p>Offline evidence, judgements and reports for "
                          "school peer review visits. Works without a network; your data stays on this computer.</p>")

    # -- closing ---------------------------------------------------------------------------------------------------
    def restore_geometry(self) -> None:
        geo = self.settings.value("main/geometry") if self.settings is not None else None
        if geo is not None:
            self.restoreGeometry(geo)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.ctx.flush()
        self.workspace.shutdown()
        self.ctx.worker.wait()
        for signal, slot in ((self.ctx.undo.cleanChanged, self._update_actions),
                             (self.ctx.undo.indexChanged, self._update_actions)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        if self.settings is not None:
            self.settings.setValue("main/geometry", self.saveGeometry())
        event.accept()
