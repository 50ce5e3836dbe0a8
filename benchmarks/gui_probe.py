"""A child process for the GUI measures (run as a script, offscreen).

    python benchmarks/gui_probe.py app DATA_DIR          the app as `peerreview` starts it; exits once the review
                                                          list has been painted with its rows
    python benchmarks/gui_probe.py floor DATA_DIR        an empty QMainWindow + sqlmodel imported + the same review
                                                          list query through sqlite3; exits once painted
    python benchmarks/gui_probe.py tour DATA_DIR REVIEW  the app opened on REVIEW; shows each of its tabs, searches
                                                          all notes, then exits (for peak RSS)

Both start-up modes install the same application-wide event filter, so its cost is on both sides."""

from __future__ import annotations

import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PEERREVIEW_NO_FIRST_RUN"] = "1"

from PySide6.QtCore import QEvent, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow  # noqa: E402


class Watch(QObject):
    """Calls `done` right after the first paint that `ready(obj)` accepts."""

    def __init__(self, ready, done):  # noqa: ANN001
        super().__init__()
        self.ready, self.done, self.fired = ready, done, False

    def eventFilter(self, obj, event):  # noqa: ANN001, ANN201, N802
        if not self.fired and event.type() == QEvent.Type.Paint and self.ready(obj):
            self.fired = True
            QTimer.singleShot(0, self.done)  # after this paint has finished
        return False


def _quit() -> None:
    """Exit at once; first say this process's peak memory (VmHWM; unlike the parent's rusage figure it is not
    inherited from the process that started us)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            print(next((line.strip() for line in f if line.startswith("VmHWM:")), ""))
    except OSError:
        pass
    sys.stdout.flush()
    os._exit(0)


def review_list_painted(obj) -> bool:  # noqa: ANN001
    view = obj.parent()
    return (isinstance(view, QAbstractItemView) and view.objectName() == "reviewTable" and view.model() is not None
            and view.model().rowCount() > 0)


def main_window_painted(obj) -> bool:  # noqa: ANN001
    return isinstance(obj, QMainWindow)


def app_mode(data_dir: str, argv_tail: list[str], ready, done) -> None:  # noqa: ANN001
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication([sys.argv[0]])
    watch = Watch(ready, done)
    app.installEventFilter(watch)
    from peerreview_desktop.cli import main

    main(["--data-dir", data_dir, *argv_tail])
    _quit()


def floor_mode(data_dir: str) -> None:
    app = QApplication([sys.argv[0]])
    watch = Watch(main_window_painted, _quit)
    app.installEventFilter(watch)
    import sqlite3

    import sqlmodel  # noqa: F401

    con = sqlite3.connect(os.path.join(data_dir, "peerreview.db"))
    rows = con.execute(os.environ["PEERREVIEW_BENCH_QUERY"]).fetchall()
    window = QMainWindow()
    window.setWindowTitle(f"{len(rows)} reviews")
    window.resize(1400, 900)
    window.show()
    app.exec()


def tour() -> None:
    from peerreview_desktop.core.search import search

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow))
    tabs = getattr(getattr(window, "workspace", None), "tabs", None)
    steps = [lambda i=i: tabs.setCurrentIndex(i) for i in range(tabs.count())] if tabs is not None else []
    steps.append(lambda: search(window.ctx.store, "pupils reading", None, 50))
    steps.append(lambda: search(window.ctx.store, "behaviour", None, 50))

    def step() -> None:
        if not steps:
            _quit()
        steps.pop(0)()
        QTimer.singleShot(150, step)

    QTimer.singleShot(150, step)


if __name__ == "__main__":
    mode, data = sys.argv[1], sys.argv[2]
    if mode == "app":
        app_mode(data, [], review_list_painted, _quit)
    elif mode == "floor":
        floor_mode(data)
    elif mode == "tour":
        app_mode(data, ["gui", "--review", sys.argv[3]], main_window_painted, tour)
    else:
        raise SystemExit(f"unknown mode {mode}")
