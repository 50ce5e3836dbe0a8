"""Writing a user's file safely: a temporary file beside it, synced, then renamed over it, so a crash, a full disk
or a bad folder never leaves half a report, card or package under the real name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import InvalidInput, NotFound, PeerReviewError


def write_atomic(path: str | os.PathLike, data: bytes, *, what: str = "The file",
                 error: type[PeerReviewError] = PeerReviewError) -> Path:
    """Write `data` to `path` atomically; every failure is one sentence (`error`), the target left as it was."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder; give a file name.")
    if not path.parent.is_dir():
        raise NotFound(f"The folder {path.parent} does not exist, so {what.lower()} cannot be saved there.")
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        reason = (exc.strerror or "it could not be written").lower()
        raise error(f"{what} could not be saved to {path}: {reason}.") from None
    return path
