"""Peak resident memory of the GUI with 50,000 notes in the store: the app opened (offscreen) on a 2,000-note
review, each of its tabs shown, two searches over every note, then closed. Goal ≤ 250 MB (the key is `ours_mb`).
For scale, the same figure for the start-up floor (an empty QMainWindow + sqlmodel + the review list query) is
given as `floor_mb`."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from .cold_start import PROBE
from .reviews_list import query

GOAL_MB = 250


def _peak_mb(args: list[str]) -> float:
    """The child's own high-water mark of resident memory (it prints VmHWM as it exits)."""
    env = {**os.environ, "PEERREVIEW_BENCH_QUERY": query(), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, str(PROBE), *args], env=env, capture_output=True, text=True, timeout=300,
                         check=True).stdout
    kb = re.search(r"VmHWM:\s*(\d+)\s*kB", out)
    if kb is None:
        raise RuntimeError(f"the GUI probe ({args[0]}) did not report its peak memory")
    return int(kb.group(1)) / 1024


def measure(bench) -> dict:  # noqa: ANN001
    data, ids = bench.store(50_000)
    ours = max(_peak_mb(["tour", str(data), ids[0]]) for _ in range(2))
    floor = _peak_mb(["floor", str(data)])
    return {"name": f"peak RSS GUI, {bench.notes_in(data):,} notes", "ours_mb": round(ours, 1), "floor_mb": round(floor, 1),
            "ours_s": None, "floor_s": None, "ratio": None, "goal": GOAL_MB, "unit": "MB"}
