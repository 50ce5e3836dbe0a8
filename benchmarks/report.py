"""The PDF report of a 500-note review against plain reportlab writing the same paragraphs: the measure written
with the report (`benchmarks/report_bench.py`). Goal ≤ 1.3×."""

from __future__ import annotations


def measure(bench) -> dict:  # noqa: ANN001
    from .report_bench import measure as report_measure

    return report_measure(500, repeats=bench.repeats(3))
