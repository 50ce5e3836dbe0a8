"""What every screen is given: the store, the undo stack, and one `changed` signal carrying the core's `Changes`
so each view redraws only what a change names. Screens call services through `ctx.call` (quick, on the main
thread, one transaction each) or `ctx.submit` (slow work, off the main thread)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.changes import Changes
from ..core.errors import Cancelled, PeerReviewError
from .ops import Worker

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


class ServiceCommand(QUndoCommand):
    """An undoable user action: `do` and `undo` are service calls (undo is a core concern: each direction is an
    ordinary, audited service operation)."""

    def __init__(self, ctx: AppContext, text: str, do: Callable[[], Changes | None],
                 undo: Callable[[], Changes | None]):
        super().__init__(text)
        self.ctx, self._do, self._undo = ctx, do, undo
        self.failed = False
        self.result: Changes | None = None  # what the last run returned (e.g. a deleted note's snapshot)

    def _run(self, fn: Callable[[], Changes | None]) -> None:
        try:
            ch = fn()
        except BaseException as exc:  # noqa: BLE001
            self.failed = True
            self.setObsolete(True)  # the stack drops a command whose action failed
            self.ctx.show_error(self.ctx.error_parent, exc)
            return
        self.failed = False
        if isinstance(ch, Changes):
            self.result = ch
            self.ctx.changed.emit(ch)

    def redo(self) -> None:
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)


class NoteEditCommand(ServiceCommand):
    """Changing fields of one note: `before` and `after` are field dicts for `notes.update`. Typing (text, place,
    year group, subject) in the same note merges into one undo step; tags, markers and the rest stay separate."""

    TYPING = frozenset({"text", "place", "year_group", "subject"})
    MERGE_ID = 0x6E6F7465

    def __init__(self, ctx: AppContext, note_id: str, before: dict, after: dict, update: Callable[..., Changes]):
        self.note_id, self.before, self.after, self._update = note_id, dict(before), dict(after), update
        super().__init__(ctx, self._describe(), self._apply_after, self._apply_before)

    def _describe(self) -> str:
        keys = set(self.after)
        if keys <= self.TYPING:
            return "Typing"
        names = {"criteria": "Tag criteria", "marker": "Change marker", "activity": "Change activity",
                 "confidential": "Confidential", "occurred_at": "Change time"}
        return next((names[k] for k in keys if k in names), "Edit note")

    def _apply_after(self) -> Changes:
        return self._update(self.ctx.store, self.note_id, **self.after)

    def _apply_before(self) -> Changes:
        return self._update(self.ctx.store, self.note_id, **self.before)

    def id(self) -> int:  # noqa: A003 - Qt naming
        return self.MERGE_ID if set(self.after) <= self.TYPING else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt naming
        if not isinstance(other, NoteEditCommand) or other.note_id != self.note_id or other.failed:
            return False
        for key, value in other.before.items():
            self.before.setdefault(key, value)
        self.after.update(other.after)
        return True


# -- undoable note actions (each direction is an ordinary service call) ------------------------------------------
def _relink(store, note_id: str, files: list[dict]) -> Changes:  # noqa: ANN001
    """Link stored attachments (content-addressed, never deleted) to a note again under their own file names."""
    import tempfile
    from pathlib import Path

    from ..core import attachments, notes

    ch = Changes(notes=True, ids=[note_id])
    with tempfile.TemporaryDirectory(prefix="peerreview-relink-") as tmp:
        for i, a in enumerate(files):
            folder = Path(tmp) / str(i)
            folder.mkdir()
            dest = folder / (Path(a["filename"]).name or "attachment")
            attachments.copy_out(store.attachments_dir, a["sha256"], dest)
            ch.merge(notes.attach(store, note_id, [dest]))
    return ch


def add_note_command(ctx: AppContext, review_id: str, **fields: Any) -> ServiceCommand:
    """New note with a fixed ID, so that redo brings back the same note."""
    from ..core import notes
    from ..core.models import new_id

    note_id = new_id()
    text = fields.pop("text", "")
    return ServiceCommand(ctx, "New note",
                          lambda: notes.add(ctx.store, review_id, text, note_id=note_id, **fields),
                          lambda: notes.delete(ctx.store, note_id))


def delete_note_command(ctx: AppContext, note_id: str) -> ServiceCommand:
    from ..core import notes

    cmd: ServiceCommand

    def undo() -> Changes:
        snap = cmd.result.value  # the snapshot `delete` returned
        ch = notes.restore(ctx.store, snap)
        if snap.attachments:
            ch.merge(_relink(ctx.store, snap.id, snap.attachments))
        return ch

    cmd = ServiceCommand(ctx, "Delete note", lambda: notes.delete(ctx.store, note_id), undo)
    return cmd


def attach_command(ctx: AppContext, note_id: str, paths: list[str]) -> ServiceCommand:
    """Attach files; undo unlinks them; redo links the stored copies again (the dropped files may be gone)."""
    from ..core import notes

    linked: list[dict] = []

    def do() -> Changes:
        if linked:
            return _relink(ctx.store, note_id, linked)
        before = {a["sha256"] for a in notes.get(ctx.store, note_id).attachments}
        ch = notes.attach(ctx.store, note_id, paths)
        now = notes.get(ctx.store, note_id).attachments
        linked.extend(a for a in now if a["sha256"] not in before)
        return ch

    def undo() -> Changes:
        ch = Changes(notes=True, ids=[note_id])
        for a in linked:
            ch.merge(notes.detach(ctx.store, note_id, a["sha256"]))
        return ch

    n = len(paths)
    return ServiceCommand(ctx, f"Attach {n} file{'s' if n != 1 else ''}", do, undo)


def detach_command(ctx: AppContext, note_id: str, attachment: dict) -> ServiceCommand:
    from ..core import notes

    return ServiceCommand(ctx, "Remove attachment", lambda: notes.detach(ctx.store, note_id, attachment["sha256"]),
                          lambda: _relink(ctx.store, note_id, [attachment]))
