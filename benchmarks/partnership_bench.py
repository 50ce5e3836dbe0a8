"""Benchmark: the partnership lead's overview at scale — 300 schools × 3 years of final reviews (900 reviews,
25,200 judgements, 2,700 findings, each review with a confidential note), plus three yearly self-evaluations.

    .venv/bin/python benchmarks/partnership_bench.py [--schools 300] [--years 3] [--json out.json] [--no-ui]

Times (best of `--repeat`): reading the catalogue; building the overview (heat map, themes, matches, trend);
`partnership summary --json` serialisation; the spreadsheet (.xlsx and .csv); the board paper (PDF); and, unless
--no-ui, the lead workspace (PartnershipView) refreshing with all of it, offscreen. The fictional data comes from
tests/partnership_fixtures.py."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def best(fn, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--schools", type=int, default=300)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", metavar="FILE")
    ap.add_argument("--no-ui", action="store_true")
    ap.add_argument("--data", metavar="DIR", help="keep the generated store here and reuse it on later runs")
    args = ap.parse_args()

    from partnership_fixtures import bulk_partnership
    from peerreview_desktop.core import partnership
    from peerreview_desktop.core.partnership_data import load_catalogue
    from peerreview_desktop.core.partnership_export import export
    from peerreview_desktop.core.partnership_report import render_board_paper
    from peerreview_desktop.core.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="partnership-bench-"))
    data = Path(args.data) if args.data else tmp / "data"
    reuse = (data / "peerreview.db").exists()
    store = Store.open(data)
    t = time.perf_counter()
    if reuse:
        with store.engine.connect() as conn:
            from sqlalchemy import text

            n = conn.execute(text("SELECT count(*) FROM review")).scalar()
    else:
        n = bulk_partnership(store, args.schools, args.years)
    setup = time.perf_counter() - t
    rows: list[dict] = []

    def add(name: str, seconds: float, goal: str) -> None:
        rows.append({"name": name, "ours_s": round(seconds, 4), "goal": goal})

    add("catalogue (every review version, light rows)", best(lambda: load_catalogue(store), args.repeat), "< 0.2 s")
    ov = partnership.build(store)
    add("overview: latest per school, heat map, themes, matches, trend",
        best(lambda: partnership.build(store), args.repeat), "< 0.5 s (instant)")
    add("summary JSON (build + serialise)",
        best(lambda: json.dumps(partnership.as_json(partnership.build(store)), default=str), args.repeat), "< 1 s")
    add("spreadsheet .xlsx (all sheets)", best(lambda: export(ov, tmp / "p.xlsx"), args.repeat), "< 10 s")
    add("spreadsheet .csv (one file)", best(lambda: export(ov, tmp / "p.csv"), args.repeat), "< 5 s")
    pages = {}

    def board() -> None:
        pages["n"] = render_board_paper(ov, tmp / "board.pdf").pages

    add("board paper PDF", best(board, args.repeat), "< 10 s")
    if not args.no_ui:
        from PySide6.QtWidgets import QApplication

        from peerreview_desktop.ui.context import AppContext
        from peerreview_desktop.ui.partnership_view import PartnershipView

        app = QApplication.instance() or QApplication([])
        ctx = AppContext(store, inline=True)
        t = time.perf_counter()
        view = PartnershipView(ctx)
        view.resize(1400, 900)
        view.refresh()
        view.show()
        app.processEvents()
        add("lead workspace: first refresh and paint", time.perf_counter() - t, "< 1 s")
        add("lead workspace: refresh", best(lambda: (view.refresh(), app.processEvents()), args.repeat), "< 0.5 s")

        def filter_cluster() -> None:
            view.filters.cluster.setCurrentIndex(2)
            app.processEvents()
            view.filters.cluster.setCurrentIndex(0)
            app.processEvents()

        add("lead workspace: filter by cluster and back", best(filter_cluster, args.repeat), "< 1 s")
        view.close()
    print(f"Data: {args.schools} schools × {args.years} years = {n} reviews "
          f"({len(ov.latest)} latest counted; set up in {setup:.1f} s); board paper {pages.get('n')} pages; "
          f"xlsx {os.path.getsize(tmp / 'p.xlsx') / 1e6:.1f} MB.")
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        print(f"  {r['name']:{width}}  {r['ours_s']:8.3f} s   goal {r['goal']}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
