"""Command-line front end (see ../shared/CLI.md and `peerreview --help`). Non-GUI commands never import Qt.

Each module in peerreview_desktop.commands adds its sub-commands with `register(subparsers)`; a handler takes
`(args, ctx)` and returns an exit code (or None for 0). Errors a user can cause (PeerReviewError) print one
sentence on stderr and exit 1; usage errors exit 2; anything else is a bug: one sentence, details in the log."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .core.errors import PeerReviewError

COMMAND_MODULES = ("frameworks", "reviews", "notes", "care", "report", "lifecycle", "gui", "keys", "packages", "partnership")
log = logging.getLogger("peerreview")


class Context:
    """What a handler needs: the data folder and (opened on first use) the store."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._store = None

    @property
    def data_dir(self) -> Path:
        from .core.paths import data_dir

        return data_dir(self.args.data_dir)

    @property
    def store(self):  # noqa: ANN201
        if self._store is None:
            from .core.store import Store

            self._store = Store.open(self.data_dir)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def out_json(data) -> None:  # noqa: ANN001
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def say(text: str = "") -> None:
    print(text)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="peerreview",
        description="Peer Review Desktop: offline school peer review visits. With no command, opens the app.",
        epilog="Data folder: --data-dir, else $PEERREVIEW_DATA_DIR, else your user data folder. "
               "Passphrase: $PEERREVIEW_PASSPHRASE or --passphrase-file. Exit codes: 0 done, 1 refused or "
               "failed (one sentence on stderr), 2 usage error.",
    )
    p.add_argument("--version", action="version", version=f"peerreview {__version__}")
    p.add_argument("--data-dir", metavar="DIR", help="use this data folder (the store is DIR/peerreview.db)")
    p.add_argument("--passphrase-file", metavar="FILE", help="read the key passphrase from FILE")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command:
            parser.parse_args([args.command, "--help"])
        from .commands.gui import run_gui

        return run_gui(args, None) or 0
    ctx = Context(args)
    try:
        return args.func(args, ctx) or 0
    except PeerReviewError as exc:
        print(str(exc), file=sys.stderr)
        for problem in getattr(exc, "problems", None) or []:  # e.g. every problem of a framework or CSV file
            if problem not in str(exc):
                print(f"  {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one sentence for the user, the traceback for the log
        if os.environ.get("PEERREVIEW_DEBUG"):
            raise
        logfile = _log_traceback(ctx)
        print(f"Unexpected error ({type(exc).__name__}: {exc}); details are in {logfile}.", file=sys.stderr)
        return 1
    finally:
        ctx.close()


def _log_traceback(ctx: Context) -> str:
    import tempfile
    import traceback

    for folder in (ctx.data_dir if ctx.args.data_dir or os.environ.get("PEERREVIEW_DATA_DIR") else None,
                   Path(tempfile.gettempdir())):
        if folder is None:
            continue
        try:
            path = Path(folder) / "peerreview-error.log"
            with open(path, "a", encoding="utf-8") as f:
                f.write(traceback.format_exc() + "\n")
            return str(path)
        except OSError:
            continue
    return "nowhere (no writable folder)"
