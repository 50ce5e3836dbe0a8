"""GUI cold start, offscreen, until the review list is painted with its rows, against a process that opens an
empty PySide6 QMainWindow, imports sqlmodel and runs the same review list query with sqlite3 (goal ≤ 1.3×)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import alternate, row
from .reviews_list import query

GOAL = 1.3
PROBE = Path(__file__).with_name("gui_probe.py")


def _run(mode: str, data: Path) -> None:
    env = {**os.environ, "PEERREVIEW_BENCH_QUERY": query(), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(PROBE), mode, str(data)], check=True, env=env, timeout=120,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(bench) -> dict:  # noqa: ANN001
    data, _ids = bench.store(50_000)
    a, b = alternate(lambda: _run("app", data), lambda: _run("floor", data), bench.repeats(7), warm=2)
    return row(f"GUI cold start (review list painted, {bench.notes_in(data):,} notes)", a, b, GOAL)
