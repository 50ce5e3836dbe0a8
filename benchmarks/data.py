"""Benchmark data: stores full of generated fictional notes that read like real ones (see
`peerreview_desktop.core.sample_notes`: activity-shaped sentences, reviewers' shorthand, a varied vocabulary,
lengths from one line to about a page), in reviews of 2,000 notes each, as a partnership lead's store would hold
them. Built through the same service as `peerreview demo --notes N`, cached between runs (keyed by the schema and
the generator's source), and copied for each run so that a measure that writes never changes the cache."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from peerreview_desktop.core import sample_notes
from peerreview_desktop.core.sample_notes import generate, note_text  # noqa: F401 (the generator, re-exported)
from peerreview_desktop.core.store.schema import SCHEMA_HEAD

PER_REVIEW = 2000
CACHE = Path(os.environ.get("PEERREVIEW_BENCH_CACHE") or Path(tempfile.gettempdir()) / "peerreview-bench-cache")


def _key(n_notes: int) -> str:
    src = Path(sample_notes.__file__).read_bytes()
    return f"{n_notes}-{SCHEMA_HEAD}-{hashlib.sha256(src).hexdigest()[:10]}"


def build(dest: Path, n_notes: int, per_review: int = PER_REVIEW) -> list[str]:
    """A new data folder at `dest` with `n_notes` notes in reviews of `per_review`; returns the review IDs."""
    from peerreview_desktop.core.store import Store

    store = Store.open(dest)
    try:
        ids, left, seed = [], n_notes, 1
        while left > 0:
            n = min(per_review, left)
            ids.append(sample_notes.add_generated_review(store, n, seed=seed).value)
            left -= n
            seed += 1
    finally:
        store.close()
    con = sqlite3.connect(dest / "peerreview.db")
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("ANALYZE")
    finally:
        con.close()
    return ids


def store_with(n_notes: int, work: Path) -> tuple[Path, list[str]]:
    """A fresh copy (in `work`) of a cached data folder holding `n_notes` notes; and its review IDs."""
    cached = CACHE / _key(n_notes)
    ids_file = cached / "review-ids.txt"
    if not ids_file.exists():
        shutil.rmtree(cached, ignore_errors=True)
        tmp = CACHE / (_key(n_notes) + ".building")
        shutil.rmtree(tmp, ignore_errors=True)
        ids = build(tmp, n_notes)
        (tmp / "review-ids.txt").write_text("\n".join(ids), encoding="utf-8")
        tmp.replace(cached)
    dest = work / f"store-{n_notes}"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(cached, dest, ignore=shutil.ignore_patterns("backups", "*-wal", "*-shm"))
    return dest, ids_file.read_text(encoding="utf-8").split()
