"""Open a 2,000-note review into the UI's notes model (`ui/notes_model.py` `NotesModel.set_review`: one service
call, rows kept for the table), against a raw SELECT of those rows with sqlite3. Goal ≤ 5×."""

from __future__ import annotations

import sqlite3

from . import alternate, row

GOAL = 5


def measure(bench) -> dict:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    from peerreview_desktop.core.store import Store
    from peerreview_desktop.ui.context import AppContext
    from peerreview_desktop.ui.notes_model import NotesModel

    app = QApplication.instance() or QApplication(["benchmarks"])  # noqa: F841 (icons need one)
    data, ids = bench.store(50_000)
    rid = ids[0]
    store = Store.open(data)
    raw = sqlite3.connect(data / "peerreview.db")
    try:
        ctx = AppContext(store, inline=True)
        model = NotesModel(ctx)

        def ours() -> None:
            model.set_review(rid)
            assert model.rowCount() == 2000

        def floor() -> None:
            rows = raw.execute("SELECT * FROM note WHERE review_id = ? ORDER BY occurred_at, created_at",
                               (rid,)).fetchall()
            assert len(rows) == 2000

        a, b = alternate(ours, floor, bench.repeats(9), warm=2)
    finally:
        raw.close()
        store.close()
    return row("open 2,000-note review into UI models", a, b, GOAL)
