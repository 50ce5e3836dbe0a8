"""Attachments stored once by content: <data>/attachments/<first two hex>/<sha256>. Files are written to a temporary
name and renamed, so a crash never leaves a half file under a real name; they are never rewritten, so backups of
the database need not copy them."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from pathlib import Path

from .errors import InvalidInput, StoreError

MAX_ATTACHMENT = 512 * 1024 * 1024


def path_for(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def put_file(root: Path, src: Path) -> tuple[str, int, str]:
    """Copy `src` into the attachment store; returns (sha256, size, mime)."""
    src = Path(src)
    if not src.is_file():
        raise InvalidInput(f"There is no file at {src} to attach.")
    size = src.stat().st_size
    if size > MAX_ATTACHMENT:
        raise InvalidInput(f"{src.name} is larger than 512 MB; attach a smaller file.")
    tmp = None
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".incoming-")
        h = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, open(src, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        digest = h.hexdigest()
        dest = path_for(root, digest)
        if dest.exists():
            os.unlink(tmp)
        else:
            dest.parent.mkdir(exist_ok=True)
            os.replace(tmp, dest)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)  # never leave a half file behind (disk full, I/O error)
        raise StoreError(f"{src.name} could not be stored in {root}: {exc.strerror or exc}.") from exc
    mime = mimetypes.guess_type(src.name)[0] or "application/octet-stream"
    return digest, size, mime


def put_bytes(root: Path, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    dest = path_for(root, digest)
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    return digest


def copy_out(root: Path, sha256: str, dest: Path) -> None:
    shutil.copyfile(path_for(root, sha256), dest)


def problems(root: Path, wanted: list[str]) -> list[str]:
    out = []
    for sha in wanted:
        p = path_for(root, sha)
        if not p.is_file():
            out.append(f"attachment {sha[:12]}… is missing from {root}")
        elif sha256_file(p) != sha:
            out.append(f"attachment {sha[:12]}… does not match its checksum (damaged)")
    return out
