"""`python -m benchmarks [--json FILE] [--quick] [--only WORD…]`: every measure against its floor, as a table.

--quick: fewer repetitions and smaller stores (a smoke test of the measures; its ratios are indicative only)."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PEERREVIEW_PASSPHRASE", "correct horse battery staple")

MEASURES = ["cold_start", "reviews_list", "autosave", "open_review", "search", "report", "packages", "rss"]


class Bench:
    """What each measure gets: the work folder, cached stores, and how many repetitions to make."""

    def __init__(self, work: Path, quick: bool):
        self.work, self.quick = work, quick
        self._stores: dict[int, tuple[Path, list[str]]] = {}

    def store(self, n_notes: int) -> tuple[Path, list[str]]:
        from .data import store_with

        n = n_notes if not self.quick else max(n_notes // 10, 2000)
        if n not in self._stores:
            self._stores[n] = store_with(n, self.work)
        return self._stores[n]

    @staticmethod
    def notes_in(data: Path) -> int:
        import sqlite3

        con = sqlite3.connect(f"file:{data / 'peerreview.db'}?mode=ro", uri=True)
        try:
            return con.execute("SELECT count(*) FROM note").fetchone()[0]
        finally:
            con.close()

    def repeats(self, n: int) -> int:
        return n if not self.quick else max(1, n // 3)


def _cell(v, width: int) -> str:  # noqa: ANN001
    if v is None:
        return "—".rjust(width)
    return f"{v:.3f}".rjust(width) if isinstance(v, float) else str(v).rjust(width)


def table(rows: list[dict]) -> str:
    lines = [f"{'measure':58} {'ours (s)':>9} {'floor (s)':>9} {'ratio':>7} {'goal':>6}  verdict"]
    for r in rows:
        if "error" in r:
            lines.append(f"{r['name'][:58]:58} {'error: ' + r['error']}"[:160])
            continue
        if "ours_mb" in r:
            ok = r["ours_mb"] <= r["goal"]
            lines.append(f"{r['name'][:58]:58} {r['ours_mb']:>7.1f}MB {'':>9} {'':>7} {r['goal']:>4}MB  "
                         f"{'within goal' if ok else 'MISSED'} (floor process {r.get('floor_mb', 0):.0f} MB)")
            continue
        ok = r["ratio"] is not None and 0 < r["ratio"] <= r["goal"]
        lines.append(f"{r['name'][:58]:58} {_cell(r['ours_s'], 9)} {_cell(r['floor_s'], 9)} {_cell(r['ratio'], 7)} "
                     f"{r['goal']:>5}×  {'within goal' if ok else 'MISSED'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON (one object per measure)")
    p.add_argument("--quick", action="store_true", help="fewer repetitions, smaller stores")
    p.add_argument("--only", nargs="+", metavar="WORD", help="only the measures whose module name has WORD")
    p.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = p.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="peerreview-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, args.quick)
    names = [m for m in MEASURES if not args.only or any(w in m for w in args.only)]
    rows: list[dict] = []
    started = time.perf_counter()
    print(f"Benchmarks on {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs"
          f"{' (quick)' if args.quick else ''}; work folder {work}", flush=True)
    try:
        for name in names:
            t0 = time.perf_counter()
            try:
                r = importlib.import_module(f".{name}", __package__).measure(bench)
            except Exception as exc:  # one broken measure must not hide the others
                traceback.print_exc()
                r = {"name": name.replace("_", " "), "ours_s": None, "floor_s": None, "ratio": None, "goal": None,
                     "error": f"{type(exc).__name__}: {exc}"}
            rows.append(r)
            print(f"  {r['name']}: done in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows))
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if all("error" not in r for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
