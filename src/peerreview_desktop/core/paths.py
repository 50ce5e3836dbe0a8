"""Where things live: the data folder (platformdirs, overridable) and bundled resources (dev and frozen)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_DATA_DIR = "PEERREVIEW_DATA_DIR"
DB_NAME = "peerreview.db"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: `override`, else $PEERREVIEW_DATA_DIR, else the platform's user data dir."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("peerreview", "PeerReviewDesktop"))


def resources_dir() -> Path:
    """The shipped `resources/` folder, in a source checkout, an installed wheel or a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve()
    for cand in (here.parents[3] / "resources", here.parents[1] / "resources"):
        if cand.is_dir():
            return cand
    return here.parents[3] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
