"""Autosave of one note edit (`notes.update`, what the editor calls on every pause in typing), p95, in a store
with 50,000 notes, against raw sqlite3 UPDATE + COMMIT of the same note on the same file, WAL, with the
`synchronous` setting the app uses (FULL: a power cut must not lose an acknowledged note). Goal ≤ 5×."""

from __future__ import annotations

import sqlite3
import time

from . import p95, row

GOAL = 5


def measure(bench) -> dict:  # noqa: ANN001
    from peerreview_desktop.core import notes
    from peerreview_desktop.core.store import Store
    from peerreview_desktop.core.store.sqlite import SYNCHRONOUS

    data, ids = bench.store(50_000)
    store = Store.open(data)
    raw = sqlite3.connect(data / "peerreview.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    try:
        mid = ids[len(ids) // 2]
        with store.read() as s:
            from sqlmodel import select

            from peerreview_desktop.core.models import Note

            ours_id, floor_id = list(s.exec(select(Note.id).where(Note.review_id == mid).limit(2)))
            base = s.get(Note, ours_id).text
        a, b = [], []
        n = bench.repeats(300)
        for i in range(n + 10):  # interleaved; the first ten warm both sides up
            text = f"{base} (edit {i})"
            t0 = time.perf_counter()
            notes.update(store, ours_id, text=text)
            t1 = time.perf_counter()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("UPDATE note SET text = ?, updated_at = datetime('now'), rev = rev + 1 WHERE id = ?",
                        (text, floor_id))
            raw.execute("COMMIT")
            t2 = time.perf_counter()
            if i >= 10:
                a.append(t1 - t0)
                b.append(t2 - t1)
    finally:
        raw.close()
        store.close()
    return row(f"autosave p95, {bench.notes_in(data):,} notes", p95(a), p95(b), GOAL, samples=len(a),
               ours_median_s=round(sorted(a)[len(a) // 2], 5), floor_median_s=round(sorted(b)[len(b) // 2], 5))
