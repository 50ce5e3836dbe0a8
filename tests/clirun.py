"""Run the CLI in-process (fast) and capture what a shell would see."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):  # noqa: ANN201
        return json.loads(self.out)


def cli(capsys, data_dir, *args: str) -> Result:  # noqa: ANN001
    from peerreview_desktop.cli import main

    capsys.readouterr()
    try:
        code = main(["--data-dir", str(data_dir), *args])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    cap = capsys.readouterr()
    return Result(code, cap.out, cap.err)
