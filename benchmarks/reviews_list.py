"""`peerreview reviews list` as a process, against a process that imports sqlmodel and runs the same query with
sqlite3 (goal ≤ 1.3×: nothing heavy on that path, no Qt, reportlab, cryptography, nor Alembic at the head schema)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import alternate, row

GOAL = 1.3
FLOOR = ("import sqlite3, sys\nimport sqlmodel\n"
         "con = sqlite3.connect(sys.argv[1])\n"
         "for r in con.execute(sys.argv[2]).fetchall():\n    print(*r)\n")


def query() -> str:
    from peerreview_desktop.core.review_index import _LIST

    return " ".join(_LIST.text.split())


def command() -> list[str]:
    """The console script, as a user runs it (else the module)."""
    script = Path(sys.executable).with_name("peerreview")
    return [str(script)] if script.exists() else [sys.executable, "-m", "peerreview_desktop"]


def _run(args: list[str]) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def measure(bench) -> dict:  # noqa: ANN001
    data, _ids = bench.store(50_000)
    ours = [*command(), "--data-dir", str(data), "reviews", "list"]
    floor = [sys.executable, "-c", FLOOR, str(data / "peerreview.db"), query()]
    a, b = alternate(lambda: _run(ours), lambda: _run(floor), bench.repeats(9), warm=2)
    return row(f"reviews list process ({bench.notes_in(data):,} notes)", a, b, GOAL)
