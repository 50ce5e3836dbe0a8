"""`peerreview selftest`: is this installation (a source checkout, a wheel or the PyInstaller bundle) whole?

In a temporary folder it creates a store (running the bundled Alembic migrations), loads the demo review, checks
it, searches it (FTS5), backs it up and checks the backup, renders the PDF report (reportlab and the bundled
fonts), and renders every main screen offscreen with the same code as `peerreview screenshots`. Each step prints one
line; the first failure prints what failed and exits 1. Nothing outside the temporary folder is touched."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

PNG = b"\x89PNG\r\n\x1a\n"


class _Failed(Exception):
    pass


def _need(ok: bool, what: str) -> None:
    if not ok:
        raise _Failed(what)


def _resources() -> str:
    from ..core.paths import resource
    from ..core.store.schema import KNOWN_REVISIONS

    frameworks = sorted(resource("frameworks").glob("*.json"))
    fonts = sorted(resource("fonts").glob("*.ttf"))
    _need(bool(frameworks), f"no built-in frameworks in {resource('frameworks')}")
    _need(bool(fonts), f"no fonts in {resource('fonts')}")
    _need(bool(KNOWN_REVISIONS), "no schema migrations found")
    return f"{len(frameworks)} frameworks, {len(fonts)} fonts, {len(KNOWN_REVISIONS)} migration(s)"


def run(keep: str | None = None) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a self-test never opens a window
    os.environ["PEERREVIEW_NO_FIRST_RUN"] = "1"
    with tempfile.TemporaryDirectory(prefix="peerreview-selftest-") as tmp:
        data = Path(tmp) / "data"
        screens = Path(keep) if keep else Path(tmp) / "screens"
        state: dict = {}

        def open_store() -> str:
            from ..core.store import Store

            state["store"] = Store.open(data)
            return f"new store at schema {state['store'].schema_revision()}"

        def load_demo() -> str:
            from ..core.demo import ensure_demo

            state["demo"] = ensure_demo(state["store"]).value
            from ..core.notes import list_notes

            n = len(list_notes(state["store"], state["demo"]))
            _need(n > 0, "the demo review has no notes")
            return f"demo review with {n} notes"

        def check() -> str:
            from ..core import integrity

            problems = integrity.problems(state["store"])
            _need(not problems, "; ".join(problems[:3]))
            return "store intact"

        def search() -> str:
            from ..core.search import search as run_search

            hits = run_search(state["store"], "pupils", None, 10)
            _need(bool(hits), "full-text search found nothing for 'pupils'")
            return f"{len(hits)} hits for 'pupils'"

        def backup() -> str:
            from ..core import backups

            info = backups.take(state["store"])
            backups.check_backup(info.path)
            return f"backup of {info.size // 1024} KB checked"

        def report() -> str:
            from ..core.report import render_report
            from ..core.review_document import build

            info = render_report(build(state["store"], state["demo"]), Path(tmp) / "report.pdf")
            _need(info.pages > 0, "the report has no pages")
            return f"report of {info.pages} pages"

        def screenshots() -> str:
            app = importlib.import_module("peerreview_desktop.ui.app")
            paths = app.render_screenshots(state["store"], screens)
            _need(bool(paths), "no screen was rendered")
            for p in paths:
                _need(Path(p).read_bytes()[:8] == PNG and Path(p).stat().st_size > 2000, f"{p} is not a rendered screen")
            return f"{len(paths)} screens rendered ({', '.join(Path(p).stem for p in paths)})"

        steps: list[tuple[str, Callable[[], str]]] = [
            ("resources", _resources), ("store", open_store), ("demo", load_demo), ("check", check),
            ("search", search), ("backup", backup), ("report", report), ("screens", screenshots),
        ]
        try:
            for name, step in steps:
                t0 = time.perf_counter()
                try:
                    detail = step()
                except _Failed as exc:
                    print(f"selftest failed at '{name}': {exc}.", file=sys.stderr)
                    return 1
                except Exception as exc:  # the point of a self-test: say what broke, whatever it was
                    if os.environ.get("PEERREVIEW_DEBUG"):
                        traceback.print_exc()
                    print(f"selftest failed at '{name}': {type(exc).__name__}: {exc}", file=sys.stderr)
                    return 1
                print(f"ok  {name:10} {detail} ({time.perf_counter() - t0:.2f} s)")
        finally:
            if "store" in state:
                state["store"].close()
    print("selftest passed")
    return 0
