"""What every screen is given: the store, the undo stack, and one `changed` signal carrying the core's `Changes`
so each view redraws only what a change names. Screens call services through `ctx.call` (quick, on the main
thread, one transaction each) or `ctx.submit` (slow work, off the main thread)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.changes import Changes
from ..core.errors import Cancelled, PeerReviewError
from .ops import NoteEditCommand, ServiceCommand, Worker  # noqa: F401  (re-exported: screens import them from here)

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """The one way the UI shows a failure: a user's error as its sentence; a bug as a short apology (logged)."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, PeerReviewError):
        QMessageBox.warning(parent, "Peer Review Desktop", str(exc))
        return
    log.exception("unexpected error", exc_info=exc)
    QMessageBox.critical(parent, "Peer Review Desktop",
                         f"Something went wrong that should not have ({type(exc).__name__}: {exc}). "
                         "Your saved work is safe in the store.")


class AppContext(QObject):
    changed = Signal(object)  # Changes
    review_opened = Signal(str)
    saved = Signal(str)  # a short status text such as "Saved 14:02"
    dirty = Signal()  # an edit is waiting for autosave ("Saving…")

    def __init__(self, store, parent: QObject | None = None, *, inline: bool = False):  # noqa: ANN001
        super().__init__(parent)
        self.store = store
        self.undo = QUndoStack(self)
        self.worker = Worker(self)
        self.inline = inline
        self.error_parent: QWidget | None = None
        self.show_error: Callable[[QWidget | None, BaseException], None] = show_error
        self._flushers: list[Callable[[], None]] = []

    # -- autosave --------------------------------------------------------------------------------------------------
    def add_flusher(self, fn: Callable[[], None]) -> None:
        """`fn` writes whatever a screen holds unsaved; `flush()` (undo, switching, close, quit) calls them all."""
        self._flushers.append(fn)

    def remove_flusher(self, fn: Callable[[], None]) -> None:
        if fn in self._flushers:
            self._flushers.remove(fn)

    def flush(self) -> None:
        for fn in list(self._flushers):
            fn()

    def mark_saved(self) -> None:
        self.saved.emit(f"Saved {datetime.now():%H:%M}")

    def push(self, cmd: ServiceCommand) -> bool:
        """Run an undoable action now and keep it on the stack; False (and nothing kept) if it failed."""
        self.undo.push(cmd)
        return not cmd.failed

    def undo_last(self) -> None:
        self.flush()
        self.undo.undo()

    def redo_next(self) -> None:
        self.flush()
        self.undo.redo()

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a quick service call now; emit `changed`; show a user's error in a dialog and return None."""
        try:
            result = fn(self.store, *args, **kwargs)
        except BaseException as exc:  # noqa: BLE001
            self.show_error(self.error_parent, exc)
            return None
        if isinstance(result, Changes):
            self.changed.emit(result)
        return result

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None, *,
               store_work: bool = True) -> None:
        """Run slow work off the main thread; `on_done(result)` on the main thread; errors shown."""

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.show_error(self.error_parent, error)
                return
            if isinstance(result, Changes):
                self.changed.emit(result)
            if on_done:
                on_done(result)

        if self.inline:
            try:
                done(fn(), None)
            except BaseException as exc:  # noqa: BLE001
                done(None, exc)
            return
        self.worker.submit(fn, done, store_work=store_work)
