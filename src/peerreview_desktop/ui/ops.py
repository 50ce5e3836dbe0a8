"""Running core work from the UI (Anki's CollectionOp / Picard's run_task): store writes go through one
single-thread worker so they never overlap; results and errors come back on the main thread by signal; tasks
never touch widgets. `AppContext.inline = True` (tests) runs everything synchronously."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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
