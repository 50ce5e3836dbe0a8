"""Running core work from the UI (Anki's CollectionOp / Picard's run_task): store writes go through one
single-thread worker so they never overlap; results and errors come back on the main thread by signal; tasks
never touch widgets. `AppContext.inline = True` (tests) runs everything synchronously.

Undoable user actions are `ServiceCommand`s: both directions are ordinary service calls (Anki's operations/note.py:
one-liners over the core). The note operations the capture screen needs are at the end."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QUndoCommand

from ..core.changes import Changes

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object, object)  # result, error


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.fn, self.relay = fn, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except BaseException as exc:  # noqa: BLE001 - every failure is reported back, never lost in a thread
            result, error = None, exc
        self.relay.done.emit(result, error)


class Worker(QObject):
    """One pool with one thread for store work (serialised), one pool for everything else."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.store_pool = QThreadPool(self)
        self.store_pool.setMaxThreadCount(1)
        self.other_pool = QThreadPool(self)
        self._relays: set[_Relay] = set()

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any, BaseException | None], None],
               *, store_work: bool = True) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finish(result: Any, error: BaseException | None) -> None:
            self._relays.discard(relay)
            on_done(result, error)

        relay.done.connect(finish)
        (self.store_pool if store_work else self.other_pool).start(_Task(fn, relay))

    def wait(self, msecs: int = 30_000) -> bool:
        """Quit waits for running work (never kill a write half way)."""
        return self.store_pool.waitForDone(msecs) and self.other_pool.waitForDone(msecs)


class ServiceCommand(QUndoCommand):
    """An undoable user action: `do` and `undo` are service calls (undo is a core concern: each direction is an
    ordinary, audited service operation)."""

    def __init__(self, ctx, text: str, do: Callable[[], Changes | None],
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

    def __init__(self, ctx, note_id: str, before: dict, after: dict, update: Callable[..., Changes]):
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
def add_note_command(ctx, review_id: str, **fields: Any) -> ServiceCommand:
    """New note with a fixed ID, so that redo brings back the same note."""
    from ..core import notes
    from ..core.models import new_id

    note_id = new_id()
    text = fields.pop("text", "")
    return ServiceCommand(ctx, "New note",
                          lambda: notes.add(ctx.store, review_id, text, note_id=note_id, **fields),
                          lambda: notes.delete(ctx.store, note_id))


def delete_note_command(ctx, note_id: str) -> ServiceCommand:
    from ..core import notes

    cmd: ServiceCommand

    def undo() -> Changes:
        return notes.restore(ctx.store, cmd.result.value)  # the snapshot `delete` returned, links and all

    cmd = ServiceCommand(ctx, "Delete note", lambda: notes.delete(ctx.store, note_id), undo)
    return cmd


def attach_command(ctx, note_id: str, paths: list[str]) -> ServiceCommand:
    """Attach files; undo unlinks them; redo links the stored copies again (the dropped files may be gone)."""
    from ..core import notes

    linked: list[dict] = []

    def do() -> Changes:
        if linked:
            return notes.relink(ctx.store, note_id, linked)
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


def detach_command(ctx, note_id: str, attachment: dict) -> ServiceCommand:
    from ..core import notes

    return ServiceCommand(ctx, "Remove attachment", lambda: notes.detach(ctx.store, note_id, attachment["sha256"]),
                          lambda: notes.relink(ctx.store, note_id, [attachment]))
