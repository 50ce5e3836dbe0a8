"""Attachment files of a package being imported: written to a private staging folder beside the attachment store
while they are verified, moved to their content-addressed places only inside the import's transaction, and taken
back out again if that transaction fails, so that a refused or failed import leaves nothing behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from .. import attachments


class Staging:
    def __init__(self, root: Path):
        self.root = Path(root)
        self._made_root = False
        self.dir: Path | None = None
        self.files: dict[str, Path] = {}
        self.placed: list[Path] = []
        self._made_dirs: list[Path] = []

    def needed(self, sha256: str) -> bool:
        """False when the store already holds this file (it is then only checked, not written)."""
        return not attachments.path_for(self.root, sha256).is_file()

    def target(self, sha256: str) -> Path:
        """Where to write this file while it is checked (call from one thread; writing may then be parallel)."""
        if self.dir is None:
            if not self.root.exists():
                self.root.mkdir(parents=True)
                self._made_root = True
            self.dir = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.root))
        path = self.dir / sha256
        self.files[sha256] = path
        return path

    def place(self) -> list[Path]:
        """Move every staged file to its place in the store (call inside the import transaction)."""
        for sha, src in sorted(self.files.items()):
            dest = attachments.path_for(self.root, sha)
            if dest.is_file():
                continue
            if not dest.parent.is_dir():
                dest.parent.mkdir()
                self._made_dirs.append(dest.parent)
            os.replace(src, dest)
            self.placed.append(dest)
        return self.placed

    def undo(self) -> None:
        """Take back what `place` put in the store (the transaction did not commit)."""
        for p in self.placed:
            with contextlib.suppress(OSError):
                os.unlink(p)
        for d in reversed(self._made_dirs):
            with contextlib.suppress(OSError):
                d.rmdir()
        self.placed, self._made_dirs = [], []

    def discard(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        if self._made_root and not self.placed:
            with contextlib.suppress(OSError):
                self.root.rmdir()
        self.files = {}
