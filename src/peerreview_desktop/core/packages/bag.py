"""Writing a BagIt 1.0 bag (RFC 8493) as the one top folder of a ZIP, streaming: each payload file is read once,
hashed while it is written, and deflated only when that helps (text); photos, PDFs and other already-compressed files
are stored as they are."""

from __future__ import annotations

import errno
import hashlib
import os
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from ..errors import PeerReviewError

CHUNK = 1 << 20
Progress = Callable[[int, int], None]


class AttachmentDamaged(PeerReviewError):
    """An attachment in the store no longer matches its checksum, so it cannot be packaged."""


def damaged(sha: str) -> AttachmentDamaged:
    return AttachmentDamaged(f"The attachment {sha[:12]}… in the store is damaged (its content no longer matches its "
                             "checksum), so it cannot be packaged; run `peerreview check`.")


def manifest_text(entries: dict[str, str]) -> bytes:
    """A manifest: `<sha256>  <path>` per line (two spaces, as `sha256sum -c` reads it), sorted by path. Our paths
    never need BagIt's percent-encoding (no CR, LF or %)."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries.items())).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Flusher:
    """Writes the package to disk while it is still being made (fdatasync on a background thread every 32 MB), so
    that the fsync before the rename has little left to do and the disk works while the CPU hashes."""

    STEP = 32 << 20

    def __init__(self, fd: int):
        self.fd, self.since, self.pending = fd, 0, None
        self.pool = ThreadPoolExecutor(1)

    def wrote(self, n: int) -> None:
        self.since += n
        if self.since >= self.STEP and (self.pending is None or self.pending.done()):
            self.pending, self.since = self.pool.submit(getattr(os, "fdatasync", os.fsync), self.fd), 0

    def finish(self) -> None:
        self.pool.shutdown(wait=True)
        if self.pending is not None:
            self.pending.result()
        os.fsync(self.fd)


def _kernel_copy(source: BinaryIO, out: BinaryIO, size: int) -> bool:
    """Append `size` bytes of `source` to `out` inside the kernel; False (nothing written) where it cannot."""
    out.flush()
    start, done = out.tell(), 0
    try:
        while done < size:
            n = os.copy_file_range(source.fileno(), out.fileno(), size - done, done, start + done)
            if n <= 0:
                raise OSError(errno.EIO, "the attachment is shorter than the store says")
            done += n
    except OSError as exc:
        if done == 0 and exc.errno in (errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
            return False
        raise
    out.seek(start + size)
    return True


def digests(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and CRC-32 of a file, read once."""
    h, crc = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            crc = zlib.crc32(chunk, crc)
    return h.hexdigest(), crc


class BagZip:
    """One bag written into a ZIP under `top/`, entries in the order they are added (the caller adds them in a
    fixed order, so that packages are laid out the same way every time)."""

    def __init__(self, out: BinaryIO, top: str, when: datetime, *, progress: Progress | None = None, total: int = 0,
                 flusher: Flusher | None = None):
        self.flusher = flusher
        self.zip = zipfile.ZipFile(out, "w", allowZip64=True)
        self.top = top.strip("/")
        self.date_time = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
        self.progress = progress
        self.total = total
        self.done = 0

    def _info(self, rel: str, compress: bool, size: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(f"{self.top}/{rel}", date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.create_system = 3  # Unix: regular file, rw-r--r--
        info.external_attr = (0o100644 << 16)
        info.file_size = size
        return info

    def _advance(self, n: int) -> None:
        self.done += n
        if self.flusher is not None:
            self.flusher.wrote(n)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def write_bytes(self, rel: str, data: bytes, *, compress: bool = True) -> str:
        info = self._info(rel, compress, len(data))
        with self.zip.open(info, "w") as f:
            f.write(data)
        self._advance(len(data))
        return sha256(data)

    def write_file(self, rel: str, src: Path, expected_sha256: str | None, *, compress: bool = False) -> int:
        """Stream `src` into the bag; with `expected_sha256`, check on the way that it still has that content (the
        caller may instead check it in parallel, as export does)."""
        h = hashlib.sha256() if expected_sha256 else None
        size = 0
        try:
            fh = open(src, "rb")
        except OSError as exc:
            raise AttachmentDamaged(f"The attachment {src.name[:12]}… cannot be read from the store "
                                    f"({exc.strerror or exc}); run `peerreview check`.") from None
        with fh, self.zip.open(self._info(rel, compress, src.stat().st_size), "w", force_zip64=False) as out:
            while chunk := fh.read(CHUNK):
                if h is not None:
                    h.update(chunk)
                out.write(chunk)
                size += len(chunk)
                self._advance(len(chunk))
        if h is not None and h.hexdigest() != expected_sha256:
            raise damaged(expected_sha256)
        return size

    def copy_stored(self, rel: str, src: Path, digests: Callable[[], tuple[str, int]]) -> str:
        """Put `src` into the bag uncompressed, copied by the kernel (os.copy_file_range) rather than through Python,
        while another thread reads it once for its SHA-256 and CRC-32: `digests()` waits for and returns them.
        Returns the SHA-256. Where the kernel cannot copy (another system, another file system), the bytes are
        streamed through `write` as usual."""
        size = src.stat().st_size
        fh = self.zip.fp
        with open(src, "rb") as source, self.zip.open(self._info(rel, False, size), "w") as entry:
            internals = all(hasattr(entry, a) for a in ("_file_size", "_compress_size", "_crc"))
            if not (internals and hasattr(os, "copy_file_range") and _kernel_copy(source, fh, size)):
                while chunk := source.read(CHUNK):
                    entry.write(chunk)
                    self._advance(len(chunk))
                return digests()[0]
            digest, crc = digests()
            # what ZipFile's own writer would have counted had the bytes gone through it
            entry._file_size = entry._compress_size = size
            entry._crc = crc
        self._advance(size)
        return digest

    def close(self) -> None:
        self.zip.close()

    def abort(self) -> None:
        """Give up on a half-written ZIP without finishing it (the caller deletes the file)."""
        self.zip.fp = None
