"""The main window's actions, menus and toolbar, and which of them are enabled in which state.

Every action has a mnemonic in its menu, a status tip, and (where it is used often) a shortcut; the shortcuts work
with the menu bar hidden, too (the actions are added to the window). `update(state)` enables each action from one
`WindowState`: which page is showing, and for an open review its status, version and whose copy it is. In host
mode only Quit and Help stay enabled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

PANE_NAMES = ("Framework", "Notes", "Note editor", "Coverage", "Judgements", "Findings")  # Ctrl+1…6


@dataclass
class WindowState:
    page: str = "list"  # "list" | "review" | "partnership" | "host" | "host-check" (a host's imported draft)
    status: str = ""  # the open review's status
    mode: str = ""  # whose copy: "author", "team", "host" (a draft to check), "received" (imported)
    locked: bool = False  # notes cannot be changed (final, another's copy, host mode)
    can_undo: bool = False
    can_redo: bool = False
    undo_text: str = ""
    redo_text: str = ""
    lead: bool = False  # a partnership lead, or reviews imported from others are here


class WindowActions:
    def __init__(self, window: QMainWindow, handlers: dict[str, Callable[[], None]]):
        self.window = window
        self.all: list[QAction] = []
        a = self._action
        h = handlers
        self.reviews = a("&Reviews", h["show_list"], "Ctrl+Shift+L", "Back to the list of reviews")
        self.new_review = a("&New Review…", h["new_review"], "Ctrl+Shift+N", "Plan a new review in a short wizard")
        self.demo = a("Open the &Demo Review", h["open_demo"], None, "A fictional review to explore the app with")
        self.import_packages = a("&Import Packages…", h["import_packages"], "Ctrl+I",
                                 "Import review packages from files or a folder; each is verified first")
        self.profile = a("Your &Profile…", h["edit_profile"], None, "Your name, school and role, and your signing key")
        self.keys = a("&Keys and Trusted Colleagues…", h["edit_keys"], None,
                      "Your key's fingerprint and contact card; the colleagues' keys you trust")
        self.quit = a("&Quit", h["quit"], QKeySequence.StandardKey.Quit, "Close Peer Review Desktop (everything is "
                      "saved)")
        self.undo = a("&Undo", h["undo"], "Ctrl+Z", "Undo the last change")
        self.redo = a("&Redo", h["redo"], ["Ctrl+Shift+Z", "Ctrl+Y"], "Redo what was undone")
        self.find = a("&Find in Notes", h["find"], QKeySequence.StandardKey.Find, "Search and filter the notes")
        self.new_note = a("New &Note", h["new_note"], "Ctrl+N", "Capture a new note, timed now")
        self.delete_note = a("&Delete Note", h["delete_note"], "Ctrl+Delete",
                             "Delete the open note (Ctrl+Z brings it back)")
        self.show_to_host = a("Show to &Host…", h["show_to_host"], "Ctrl+Shift+H",
                              "Let the host headteacher read the draft and comment on it, on this computer")
        self.comments = a("Host &Comments", h["show_comments"], "Ctrl+7",
                          "The host's comments on the draft, to resolve one by one")
        self.history = a("Hi&story", h["show_history"], "Ctrl+8", "Every change to the review: who, when, what")
        self.conflicts = a("Con&flicts", h["show_conflicts"], "Ctrl+9",
                           "Notes changed both here and on a team member's laptop: choose which to keep")
        self.report = a("Re&port…", h["report"], "Ctrl+P", "Save the review's report as a PDF")
        self.export = a("&Export Package…", h["export_package"], "Ctrl+E",
                        "Save a signed package of the review, optionally encrypted to the partnership lead")
        self.finalise = a("F&inalise Review…", h["finalise"], None,
                          "Lock the review and fix its final report; reopening makes a new version")
        self.reopen = a("Reopen as New &Version…", h["reopen"], None,
                        "Make a new version of a final review to change it; the final version stays as it was")
        self.panes = [a(f"Go to {name}", lambda n=i: h["go_pane"](n), f"Ctrl+{i + 1}", f"Go to {name} (Ctrl+{i + 1})")
                      for i, name in enumerate(PANE_NAMES)]
        for act, mnemonic in zip(self.panes, ("F&ramework", "N&otes", "Note &Editor", "&Coverage", "&Judgements",
                                              "F&indings"), strict=True):
            act.setText(f"Go to {mnemonic}")
        self.partnership = a("&Partnership Overview", h["show_partnership"], "Ctrl+Shift+P",
                             "Every school's latest review, the heat map, themes and who can help whom")
        self.shortcuts = a("&Keyboard Shortcuts", h["show_shortcuts"], "F1", "Every shortcut on one page")
        self.about = a("&About Peer Review Desktop", h["show_about"], None, "Version and what the app does")
        self.note_actions: list[QAction] = []  # the note editor's (markers, confidential, tag): added with it
        self._build_menus()
        self._build_toolbar()

    def _action(self, text: str, slot: Callable[[], None], shortcut=None, tip: str = "") -> QAction:  # noqa: ANN001
        act = QAction(text, self.window)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            act.setShortcuts([QKeySequence(k) for k in keys])
        plain = text.replace("&", "").replace("…", "")
        keys_text = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        act.setToolTip(f"{tip or plain} ({keys_text})" if keys_text else tip or plain)
        act.setStatusTip(tip or plain)
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)  # shortcuts work with the menu bar hidden, too
        self.all.append(act)
        return act

    def _build_menus(self) -> None:
        mb = self.window.menuBar()
        m = mb.addMenu("&File")
        m.addActions([self.reviews, self.new_review, self.demo])
        m.addSeparator()
        m.addAction(self.import_packages)
        m.addSeparator()
        m.addActions([self.profile, self.keys])
        m.addSeparator()
        m.addAction(self.quit)
        m = mb.addMenu("&Edit")
        m.addActions([self.undo, self.redo])
        m.addSeparator()
        m.addAction(self.find)
        self.note_menu: QMenu = mb.addMenu("&Note")
        self.note_menu.addActions([self.new_note, self.delete_note])
        m = mb.addMenu("&Review")
        m.addAction(self.show_to_host)
        m.addSeparator()
        m.addActions([self.comments, self.history, self.conflicts])
        m.addSeparator()
        m.addActions([self.report, self.export])
        m.addSeparator()
        m.addActions([self.finalise, self.reopen])
        m = mb.addMenu("&View")
        m.addActions(self.panes)
        m.addSeparator()
        m.addAction(self.partnership)
        m = mb.addMenu("&Help")
        m.addActions([self.shortcuts, self.about])

    def _build_toolbar(self) -> None:
        """Two toolbars: going places (always), and working on the open review (only while one is open, so the first
        screen is not a row of greyed-out buttons)."""
        self.toolbar = self._toolbar("Main toolbar", "mainToolbar")
        self.toolbar.addActions([self.reviews, self.new_review, self.import_packages])
        # the overview on the toolbar only for a partnership lead (or once others' reviews are imported); the menu
        # item and Ctrl+Shift+P are always there
        self.partnership_tool = QAction("Partnership", self.window)
        self.partnership_tool.setToolTip(self.partnership.toolTip())
        self.partnership_tool.setStatusTip(self.partnership.statusTip())
        self.partnership_tool.triggered.connect(self.partnership.trigger)
        self.partnership_tool.setVisible(False)
        self.all.append(self.partnership_tool)
        self.toolbar.addAction(self.partnership_tool)
        self.review_toolbar: QToolBar | None = None  # made when a review is first opened

    def _make_review_toolbar(self) -> QToolBar:
        tb = self._toolbar("Review toolbar", "reviewToolbar")
        tb.addActions([self.new_note, self.find])
        tb.addSeparator()
        tb.addActions([self.undo, self.redo])
        tb.addSeparator()
        tb.addActions([self.show_to_host, self.report, self.export])
        return tb

    def _toolbar(self, title: str, name: str) -> QToolBar:
        tb = QToolBar(title, self.window)
        tb.setObjectName(name)
        tb.setMovable(False)
        tb.setFloatable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.setAccessibleName(title)
        tb.toggleViewAction().setEnabled(False)  # not to be hidden by accident from the context menu
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        return tb

    def add_note_actions(self, actions: list[QAction]) -> None:
        """The note editor's own actions (markers, confidential, tag), once the workspace exists."""
        self.note_actions = list(actions)
        self.note_menu.addSeparator()
        self.note_menu.addActions(self.note_actions)
        for act in self.note_actions:
            self.window.addAction(act)
            if not act.statusTip():
                act.setStatusTip(act.text().replace("&", ""))

    def update(self, st: WindowState) -> None:
        host, review = st.page == "host", st.page == "review"
        own = review and st.mode in ("author", "")
        for act in self.all:
            act.setEnabled(not host)
        for act in (self.quit, self.shortcuts, self.about):
            act.setEnabled(True)
        self.toolbar.setVisible(not host)
        if review and self.review_toolbar is None:
            self.review_toolbar = self._make_review_toolbar()
        if self.review_toolbar is not None:
            self.review_toolbar.setVisible(review)
        if host:
            for act in self.note_actions:
                act.setEnabled(False)
            return
        self.undo.setEnabled(st.can_undo)
        self.redo.setEnabled(st.can_redo)
        self.undo.setText(f"&Undo {st.undo_text}".strip())
        self.redo.setText(f"&Redo {st.redo_text}".strip())
        for act in (self.new_note, self.delete_note, *self.note_actions):
            act.setEnabled(review and not st.locked)
        for act in (self.find, *self.panes, self.comments, self.history, self.conflicts):
            act.setEnabled(review)
        for act in (self.report, self.export):
            act.setEnabled(review or st.page == "host-check")
        self.reviews.setEnabled(st.page != "list")
        self.show_to_host.setEnabled(own and st.status != "final")
        self.finalise.setEnabled(own and st.status != "final")
        self.reopen.setEnabled(own and st.status == "final")
        self.partnership_tool.setVisible(st.lead)
