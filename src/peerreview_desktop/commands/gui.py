"""`peerreview gui [--review ID]` (also what `peerreview` with no command does) and `peerreview screenshots OUT_DIR`.

These two commands are the GUI: they load Qt, but only when run. The import is dynamic so that the CLI module
graph (checked by import-linter: non-GUI commands never import Qt) stays free of PySide6."""

from __future__ import annotations

import importlib
import os


def register(sub) -> None:  # noqa: ANN001
    a = sub.add_parser("gui", help="open the app (the demo review if there are no reviews yet)")
    a.add_argument("--review", metavar="ID", help="open this review (an ID or a unique ID prefix)")
    a.set_defaults(func=run_gui)
    a = sub.add_parser("screenshots", help="render the main screens to PNG files, offscreen: the demo review, host mode, "
                       "the history and a fictional partnership (those in scratch folders)")
    a.add_argument("out_dir", metavar="OUT_DIR", help="folder for the PNG files (created if missing)")
    a.add_argument("--size", default="1400x900", help="window size, WIDTHxHEIGHT (default 1400x900)")
    a.set_defaults(func=screenshots)


def _ui(name: str):  # noqa: ANN202
    return importlib.import_module(f"peerreview_desktop.ui.{name}")


def _data_dir(args):  # noqa: ANN001, ANN202
    from ..core.paths import data_dir

    return data_dir(getattr(args, "data_dir", None))


def run_gui(args, ctx) -> int:  # noqa: ANN001
    """Open the app on the data folder of `args` (`ctx`, the CLI context, is not needed: the UI opens the store
    itself so that a store it cannot open is explained in a dialog)."""
    if ctx is not None:
        ctx.close()
    return _ui("app").run(_data_dir(args), getattr(args, "review", None))


def screenshots(args, ctx) -> int:  # noqa: ANN001
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["PEERREVIEW_NO_FIRST_RUN"] = "1"
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        from ..core.errors import InvalidInput

        raise InvalidInput(f"'{args.size}' is not a size; write it as WIDTHxHEIGHT, e.g. 1400x900.") from None
    for path in _ui("screenshots").render_screenshots(ctx.store, args.out_dir, (width, height)):
        print(path)
    return 0
