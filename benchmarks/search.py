"""Full-text search over 100,000 notes, the top 50 ranked with snippets (`core.search.search`, as the search bar
and `peerreview search` use it), against the raw FTS5 query `MATCH … ORDER BY rank LIMIT 50` with `snippet()`
on the same index and the same match expression. Goal ≤ 2×. Time = the sum over a set of everyday queries."""

from __future__ import annotations

import sqlite3

from . import alternate, row

GOAL = 2
QUERIES = ["reading", "phonics interventions", "behaviour policy", "disadvantaged pupils", "fractions", "oracy",
           "SENCo", "working wall", "retrieval quiz", "misconception", "attendance", "pupils", "safeguarding",
           "Year 4 science", "EHCP", "handwriting presentation"]
FLOOR_SQL = ("SELECT note_id, review_id, snippet(note_fts, 2, '[', ']', '…', 12) FROM note_fts "
             "WHERE note_fts MATCH ? ORDER BY rank LIMIT 50")


def measure(bench) -> dict:  # noqa: ANN001
    from peerreview_desktop.core.search import search
    from peerreview_desktop.core.store import Store
    from peerreview_desktop.core.store.sqlite import fts_query

    data, _ids = bench.store(100_000)
    store = Store.open(data)
    raw = sqlite3.connect(data / "peerreview.db")
    try:
        def ours() -> None:
            for q in QUERIES:
                search(store, q, None, 50)

        def floor() -> None:
            for q in QUERIES:
                raw.execute(FLOOR_SQL, (fts_query(q),)).fetchall()

        a, b = alternate(ours, floor, bench.repeats(5), warm=1)
    finally:
        raw.close()
        store.close()
    return row(f"full-text search, {bench.notes_in(data):,} notes (top 50 with snippets)", a, b, GOAL, queries=len(QUERIES))
