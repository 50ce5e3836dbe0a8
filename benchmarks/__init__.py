"""Benchmarks against the floor (`python -m benchmarks [--json FILE] [--quick]`, or `make bench`): each measure
times our code and the plainest program that does the same work (raw sqlite3, plain reportlab, zip + sha256) in the
same run on the same data, and reports the ratio against its goal. Never part of the test run.

One module per measure, each with `measure(bench) -> dict` (keys: name, ours_s, floor_s, ratio, goal, and
optional details); `benchmarks.data` builds the stores (generated fictional notes, cached between runs)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median_of(fn: Callable[[], object], n: int) -> float:
    return statistics.median(timed(fn) for _ in range(n))


def p95(samples: list[float]) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]


def alternate(ours: Callable[[], object], floor: Callable[[], object], n: int, warm: int = 1,
              stat: Callable[[list[float]], float] = statistics.median) -> tuple[float, float]:
    """Run both `n` times, interleaved (so drift in the machine's load hits both alike); `stat` of each."""
    for _ in range(warm):
        ours()
        floor()
    a, b = [], []
    for _ in range(n):
        a.append(timed(ours))
        b.append(timed(floor))
    return stat(a), stat(b)


def row(name: str, ours: float, floor: float, goal: float, **extra) -> dict:  # noqa: ANN003
    return {"name": name, "ours_s": round(ours, 5), "floor_s": round(floor, 5),
            "ratio": round(ours / floor, 3) if floor > 0 else None, "goal": goal, **extra}
