"""Autosave, shared by every editor that saves as you type (the note editor, the judgement panel, the findings
editor and its cards): a short pause in typing writes, and so do leaving the editor, switching review, closing and
quitting (the context's flushers). There is no save button anywhere."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

AUTOSAVE_MS = 600  # the pause in typing after which an edit is written


def autosave_timer(owner: QObject, flush: Callable[[], None]) -> QTimer:
    """A single-shot timer that calls `flush` a short pause after it was last (re)started."""
    timer = QTimer(owner)
    timer.setSingleShot(True)
    timer.setInterval(AUTOSAVE_MS)
    timer.timeout.connect(flush)
    return timer


class Autosaving:
    """Hooks an editor's `flush` into the context (switching, closing, quitting) and its `_focus_changed(old, new)`
    into the application's focus changes; `unhook` (from the editor's `shutdown`) writes once more and lets go."""

    def __init__(self, editor: QWidget, ctx) -> None:  # noqa: ANN001
        self.editor, self.ctx = editor, ctx
        ctx.add_flusher(editor.flush)
        QApplication.instance().focusChanged.connect(editor._focus_changed)

    def unhook(self) -> None:
        self.editor.flush()
        self.ctx.remove_flusher(self.editor.flush)
        try:
            QApplication.instance().focusChanged.disconnect(self.editor._focus_changed)
        except (RuntimeError, TypeError):
            pass
