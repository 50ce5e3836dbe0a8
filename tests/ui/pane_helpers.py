"""Helpers for the tests of the review panes: show a pane on a review, and read a value straight from the database
file through a separate sqlite3 connection, as another process (or a crash investigator) would."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def on_disk(data_dir: Path, sql: str, *params: object) -> object | None:
    """The first column of the first row `sql` selects from the store's file, or None when there is no row."""
    con = sqlite3.connect(f"file:{data_dir / 'peerreview.db'}?mode=ro", uri=True)
    try:
        row = con.execute(sql, params).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def show_pane(qtbot, pane, review_id: str, width: int, height: int):  # noqa: ANN001, ANN201
    """`pane` shown at the given size, on screen, with `review_id` open in it."""
    qtbot.addWidget(pane)
    pane.resize(width, height)
    pane.show()
    qtbot.waitExposed(pane)
    pane.set_review(review_id)
    return pane
