"""The main window: menus and toolbar (ui/actions.py), a status bar with the "Saved" indicator, and its pages — the
review list, the review workspace, the partnership overview and host mode.

Only the review list is built at start-up; the workspace, the partnership overview, host mode and every dialog are
imported and built when first used, so that the list of reviews is on screen as soon as possible. While host mode
is on, the host's view is the whole window and every action but Quit and Help is disabled; a restart goes straight
back into it (`resume_host_mode`)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from ..core.changes import Changes
from .actions import WindowActions, WindowState
from .context import AppContext
from .prompts import Prompts
from .review_commands import ReviewCommands
from .review_list import ReviewListScreen

LEAD_ROLES = ("partnership lead", "lead")


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        self.prompts = Prompts(self)  # every question the window asks; swappable in tests
        ctx.error_parent = self
        self.setWindowTitle("Peer Review Desktop")
        self.setMinimumSize(QSize(1000, 660))  # fits a 1280×720 school laptop; every pane still usable
        self._workspace = None
        self._partnership = None
        self.host_view = None
        self.host_check = None  # a host's own copy of an imported draft (ui/host_check.py)
        self.list_screen = ReviewListScreen(ctx, self)
        self.screens = QStackedWidget(self)
        self.screens.addWidget(self.list_screen)
        self.setCentralWidget(self.screens)
        self.list_screen.open_review.connect(self.open_review)
        self.list_screen.new_review.connect(self.new_review)
        self.list_screen.open_demo.connect(self.open_demo)
        self.commands = ReviewCommands(self)
        self.acts = WindowActions(self, {
            "show_list": self.show_list, "new_review": self.new_review, "open_demo": self.open_demo,
            "import_packages": self.commands.import_packages, "edit_profile": self.commands.edit_profile,
            "edit_keys": self.commands.edit_keys, "quit": self.close, "undo": ctx.undo_last, "redo": ctx.redo_next,
            "find": lambda: self.workspace.focus_search(), "new_note": lambda: self.workspace.new_note(),
            "delete_note": lambda: self.workspace.delete_note(), "show_to_host": self.commands.show_to_host,
            "show_comments": lambda: self._go_pane(6), "show_history": lambda: self._go_pane(7),
            "show_conflicts": lambda: self._go_pane(8), "report": self.commands.report,
            "export_package": self.commands.export_package, "finalise": self.commands.finalise,
            "reopen": self.commands.reopen, "go_pane": self._go_pane, "show_partnership": self.show_partnership,
            "show_shortcuts": self.show_shortcuts, "show_about": self.show_about})
        self.toolbar = self.acts.toolbar
        self._build_status()
        ctx.undo.cleanChanged.connect(self._update_actions)
        ctx.undo.indexChanged.connect(self._update_actions)
        ctx.changed.connect(self._on_changed)
        self.show_list()

    def __getattr__(self, name: str):  # noqa: ANN204
        """`window.act_new_note` and the like: the action `new_note` of `window.acts` (older callers' names)."""
        acts = self.__dict__.get("acts")
        if name.startswith("act_") and acts is not None and hasattr(acts, name[4:]):
            return getattr(acts, name[4:])
        raise AttributeError(name)

    # -- pages, built when first needed ------------------------------------------------------------------------------
    @property
    def workspace(self):  # noqa: ANN201
        if self._workspace is None:
            from .workspace import Workspace

            ws = Workspace(self.ctx, self)
            ws.status_message.connect(self.show_message)
            self.screens.addWidget(ws)
            self._workspace = ws
            editor = ws.editor
            self.acts.add_note_actions([*editor.marker_actions.values(), editor.confidential_action,
                                        editor.tag_action])
            self._update_actions()
        return self._workspace

    @property
    def partnership(self):  # noqa: ANN201
        if self._partnership is None:
            from .partnership_view import PartnershipView

            view = PartnershipView(self.ctx, self)
            view.open_review.connect(self.open_review)
            view.status_message.connect(self.show_message)
            self.screens.addWidget(view)
            self._partnership = view
        return self._partnership

    def page(self) -> str:
        current = self.screens.currentWidget()
        if current is self.host_view and current is not None:
            return "host"
        if current is self._workspace and current is not None:
            return "review"
        if current is self._partnership and current is not None:
            return "partnership"
        if current is self.host_check and current is not None:
            return "host-check"
        return "list"

    def state(self) -> WindowState:
        page, ws, undo = self.page(), self._workspace, self.ctx.undo
        s = ws.summary if page == "review" and ws is not None else None
        role = (self.ctx.store.actor.role or "").strip().lower()
        return WindowState(page=page, status=s.status if s else "", mode=s.mode if s else "",
                           locked=bool(ws.locked) if s else False, can_undo=undo.canUndo() and page != "host",
                           can_redo=undo.canRedo() and page != "host", undo_text=undo.undoText(),
                           redo_text=undo.redoText(),
                           lead=role in LEAD_ROLES or self.list_screen.model.has_received())

    # -- status bar --------------------------------------------------------------------------------------------------
    def _build_status(self) -> None:
        self.save_label = QLabel("All changes saved", self)
        self.save_label.setAccessibleName("Save status")
        self.save_label.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(self.save_label)
        self.ctx.dirty.connect(self._saving)
        self.ctx.saved.connect(self.save_label.setText)

    def _saving(self) -> None:
        self.save_label.setText("Saving…")

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _update_actions(self, *_args) -> None:  # noqa: ANN002
        self.acts.update(self.state())

    def _on_changed(self, ch: Changes) -> None:
        if ch.review or ch.reviews or ch.keys:
            self._update_actions()

    def _go_pane(self, n: int) -> None:
        if self.page() == "review":
            self.workspace.focus_pane(n)

    # -- screens -----------------------------------------------------------------------------------------------------
    def show_list(self) -> None:
        if self.page() == "host":
            return
        self.ctx.flush()
        self.list_screen.reload()
        self.screens.setCurrentWidget(self.list_screen)
        self.setWindowTitle("Peer Review Desktop")
        self.list_screen.focus_list()
        self._update_actions()

    def open_review(self, review_id: str) -> None:
        if self.page() == "host":
            return
        from ..core import reviews

        if reviews.summary(self.ctx.store, review_id).mode == "host":
            self.open_host_check(review_id)
            return
        ws = self.workspace
        ws.set_review(review_id)
        self.screens.setCurrentWidget(ws)
        self.ctx.review_opened.emit(review_id)
        self._update_actions()
        ws.notes.view.setFocus()

    def open_demo(self) -> None:
        from ..core import demo

        ch = self.ctx.call(demo.ensure_demo)
        if ch is not None:
            self.list_screen.reload()
            self.open_review(ch.value)

    def new_review(self) -> None:
        from .wizard import NewReviewWizard

        self.ctx.flush()
        wizard = NewReviewWizard(self.ctx, self)
        if self.prompts.run(wizard) and getattr(wizard, "review_id", None):
            self.open_review(wizard.review_id)

    def show_partnership(self) -> None:
        if self.page() == "host":
            return
        self.ctx.flush()
        view = self.partnership
        self.screens.setCurrentWidget(view)
        self.setWindowTitle("Partnership — Peer Review Desktop")
        view.tabs.setFocus()
        self._update_actions()

    def open_host_check(self, review_id: str) -> None:
        """A draft imported for this host to check: the host's comment screen, not the reviewer's workspace."""
        from .host_check import HostCheckView

        self.ctx.flush()
        if self.host_check is None:
            self.host_check = HostCheckView(self.ctx, self)
            self.host_check.send_response.connect(self.commands.send_response)
            self.host_check.show_report.connect(self.commands.report)
            self.host_check.back.connect(self.show_list)
            self.screens.addWidget(self.host_check)
        self.ctx.undo.clear()
        self.screens.setCurrentWidget(self.host_check)
        self.host_check.set_review(review_id)
        self.setWindowTitle(f"{self.host_check.heading.text()} — Peer Review Desktop")
        self.ctx.review_opened.emit(review_id)
        self._update_actions()
        self.host_check.banner.send.setFocus()

    # -- host mode ---------------------------------------------------------------------------------------------------
    def enter_host_page(self, review_id: str) -> None:
        """The host's view as the whole window (host mode is already on in the store)."""
        from .host_mode import HostModeView

        self.ctx.flush()
        if self.host_view is None:
            self.host_view = HostModeView(self.ctx, self)
            self.host_view.ask_secret = lambda parent, reviewer, keys: self.prompts.reviewer_secret(parent, reviewer,
                                                                                                   keys)
            self.host_view.left.connect(self._host_left)
            self.screens.addWidget(self.host_view)
        self.ctx.undo.clear()  # nothing the reviewer did may be undone by the host
        self.screens.setCurrentWidget(self.host_view)
        self.host_view.set_review(review_id)
        self.setWindowTitle("Host mode — Peer Review Desktop")
        self._update_actions()
        self.host_view.banner.button.setFocus()

    def resume_host_mode(self) -> bool:
        """At start-up: if host mode was on when the app closed, straight back into it (a restart must not be a way
        round the reviewer's passphrase). Cheap when it is off: the store already knows who is acting."""
        if self.ctx.store.actor.role != "host":
            return False
        from ..core import host_mode

        on = host_mode.active(self.ctx.store)
        if on is None:
            return False
        self.enter_host_page(on.review_id)
        return True

    def _host_left(self) -> None:
        review_id = self.host_view.review_id
        self.screens.setCurrentWidget(self.list_screen)  # out of host mode before anything else is opened
        self._update_actions()
        if review_id:
            from .workspace import COMMENTS

            self.open_review(review_id)
            self.workspace.show_tab(COMMENTS)
            self.show_message("Host mode ended. The host's comments are here to resolve.")
        else:
            self.show_list()

    # -- help --------------------------------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        rows = [("Ctrl+N", "New note, timed now"), ("Ctrl+T", "Tag a criterion (type a code or a word, Enter)"),
                ("Alt+S / Alt+D / Alt+U", "Mark as strength / development / neutral"),
                ("Alt+C", "Confidential on or off"), ("Ctrl+F", "Search and filter notes"),
                ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
                ("Ctrl+1 … Ctrl+6", "Framework, notes, note editor, coverage, judgements, findings"),
                ("Ctrl+7 / Ctrl+8 / Ctrl+9", "Host comments / history / conflicts"),
                ("Ctrl+Delete", "Delete the open note"), ("Ctrl+Shift+H", "Show the draft to the host"),
                ("Ctrl+P", "Save the report as a PDF"), ("Ctrl+E / Ctrl+I", "Export a package / import packages"),
                ("Ctrl+Shift+L", "Back to your reviews"), ("Ctrl+Shift+N", "Plan a new review"),
                ("Ctrl+Shift+P", "Partnership overview"), ("F1", "This list")]
        html = "<table cellspacing='6'>" + "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows) + \
               "</table><p>Everything saves as you type; there is no save button.</p>"
        QMessageBox.information(self, "Keyboard shortcuts", html)

    def show_about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "About Peer Review Desktop",
                          f"<b>Peer Review Desktop {__version__}</b><p>Offline evidence, judgements and reports for "
                          "school peer review visits. Works without a network; your data stays on this computer.</p>")

    # -- closing -----------------------------------------------------------------------------------------------------
    def restore_geometry(self) -> None:
        geo = self.settings.value("main/geometry") if self.settings is not None else None
        if geo is not None:
            self.restoreGeometry(geo)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.ctx.flush()
        if self._workspace is not None:
            self._workspace.shutdown()
        self.ctx.worker.wait()
        for signal, slot in ((self.ctx.undo.cleanChanged, self._update_actions),
                             (self.ctx.undo.indexChanged, self._update_actions), (self.ctx.changed, self._on_changed)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        if self.settings is not None:
            self.settings.setValue("main/geometry", self.saveGeometry())
        event.accept()
