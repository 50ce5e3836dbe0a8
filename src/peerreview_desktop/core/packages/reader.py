"""Opening a package ZIP without trusting it: the central directory is checked (sizes, counts, compression ratios,
names, file types, duplicates, the closed set of files) before a single entry is unpacked, and entries are then read
as streams with their sizes enforced. Nothing is ever extracted under a name taken from the archive."""

from __future__ import annotations

import os
import stat
import struct
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .format import (
    ATTACHMENT_NAME,
    DIRECTORIES,
    MAX_ENTRIES,
    MAX_ENTRY,
    MAX_NAME,
    MAX_RATIO,
    MAX_REVIEW_JSON,
    MAX_TOTAL,
    RATIO_FLOOR,
    REPORT_PDF,
    REQUIRED,
    REVIEW_JSON,
    refuse,
)

CHUNK = 1 << 20
NOT_A_PACKAGE = "This file is damaged or is not a review package (it is not a readable ZIP file)."


def _unsafe(name: str) -> str | None:
    """Why an entry name is unsafe, or None."""
    if not name or len(name) > MAX_NAME:
        return "an empty or overlong name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return f"an absolute path ({name[:60]})"
    if "\\" in name or ":" in name:
        return f"a name with a backslash or colon ({name[:60]})"
    if any(ord(c) < 32 or ord(c) == 127 or unicodedata.category(c) in ("Cf", "Zl", "Zp") for c in name):
        return "a name with control characters"
    parts = name.rstrip("/").split("/")
    if any(p in ("", ".", "..") for p in parts):
        return f"a path that climbs out of its folder ({name[:60]})"
    return None


def _kind(info: zipfile.ZipInfo) -> str:
    """'dir', 'file', or what else the entry claims to be (a link, a device…)."""
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_IFMT(mode):
        if stat.S_ISLNK(mode):
            return "link"
        if stat.S_ISDIR(mode):
            return "dir"
        if not stat.S_ISREG(mode):
            return "special"
    return "dir" if info.filename.endswith("/") else "file"


def _allowed(rel: str) -> bool:
    return rel in REQUIRED or rel == REPORT_PDF or ATTACHMENT_NAME.fullmatch(rel) is not None


class PackageZip:
    """A package ZIP whose directory passed every check; `files` maps bag-relative paths to their entries."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.zip = zipfile.ZipFile(self.path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
                UnicodeDecodeError):
            raise refuse(NOT_A_PACKAGE, "not-a-package") from None
        try:
            self.top, self.files = self._check(infos)
            self.length = self.path.stat().st_size
            self.fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            self._lock = threading.Lock()
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()
        os.close(self.fd)

    def __enter__(self) -> PackageZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the directory ---------------------------------------------------------------------------------------------
    def _check(self, infos: list[zipfile.ZipInfo]) -> tuple[str, dict[str, zipfile.ZipInfo]]:
        if not infos:
            raise refuse("This ZIP file is empty; it is not a review package.", "not-a-package")
        if len(infos) > MAX_ENTRIES:
            raise refuse(f"This package has more than {MAX_ENTRIES:,} entries; it was refused unopened.", "too-large")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise refuse("This package has password-protected entries; review packages never do.", "unsafe-entry")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise refuse("This package uses a compression method review packages never use.", "unsafe-entry")
            if info.file_size > MAX_ENTRY or info.compress_size > MAX_ENTRY:
                raise refuse(f"An entry of this package ({info.filename[:60]}) is too large to be a review file.",
                             "too-large")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise refuse("This package is a ZIP bomb (an entry would expand far beyond its stored size); it was "
                             "refused unopened.", "too-large")
            total += info.file_size
        if total > MAX_TOTAL:
            raise refuse("This package would unpack to more than 8 GB; it was refused unopened.", "too-large")
        ordered = sorted(infos, key=lambda i: i.header_offset)
        for a, b in zip(ordered, ordered[1:], strict=False):
            if a.header_offset + a.compress_size > b.header_offset:
                raise refuse("This package's entries overlap (a ZIP bomb or a damaged file); it was refused.",
                             "too-large")

        seen: set[str] = set()
        folded: set[str] = set()
        tops: set[str] = set()
        files: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            if info.orig_filename != name:
                raise refuse("This package has an entry name with a hidden null character.", "unsafe-name")
            why = _unsafe(name)
            if why:
                raise refuse(f"This package has an unsafe entry: {why}.", "unsafe-name")
            kind = _kind(info)
            if kind == "link":
                raise refuse(f"This package holds a link ({name[:60]}); review packages never do.", "link")
            if kind == "special":
                raise refuse(f"This package holds a special file ({name[:60]}).", "unsafe-entry")
            if name in seen:
                raise refuse(f"This package holds {name[:60]} twice.", "duplicate-entry")
            key = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
            if key in folded:
                raise refuse(f"This package holds two entries whose names differ only in case ({name[:60]}).",
                             "duplicate-entry")
            seen.add(name)
            folded.add(key)
            top, _, rel = name.partition("/")
            tops.add(top)
            if kind == "dir":
                if not name.endswith("/"):
                    name += "/"
                    rel = name.partition("/")[2]
                if rel not in DIRECTORIES:
                    raise refuse(f"This package holds a folder that is not part of the format ({name[:60]}).",
                                 "unexpected-file")
                continue
            if not rel:
                raise refuse("This package's files are not inside one top folder.", "not-one-folder")
            if not _allowed(rel):
                raise refuse(f"This package holds a file that is not part of the format ({rel[:60]}).",
                             "unexpected-file")
            files[rel] = info
        if len(tops) != 1:
            raise refuse("This package does not hold exactly one top folder.", "not-one-folder")
        missing = [r for r in REQUIRED if r not in files]
        if missing:
            raise refuse(f"This package lacks {missing[0]}; it is incomplete.", "missing-file")
        return tops.pop(), files

    # -- reading ---------------------------------------------------------------------------------------------------
    def size(self, rel: str) -> int:
        return self.files[rel].file_size

    def stream(self, rel: str) -> Iterator[bytes]:
        """The entry's bytes in chunks; refuses an entry that is longer or shorter than its directory says, or
        whose CRC fails (a damaged or truncated file)."""
        info = self.files[rel]
        left = info.file_size
        try:
            with self.zip.open(info) as f:
                while True:
                    chunk = f.read(min(CHUNK, left + 1))
                    if not chunk:
                        break
                    left -= len(chunk)
                    if left < 0:
                        raise refuse(f"{rel} is longer than the package says.", "damaged")
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise refuse(f"The package is damaged or truncated ({rel} cannot be read: {exc}).".replace("..", "."),
                         "damaged") from None
        except Exception as exc:  # zlib.error and the like: a damaged stream
            if type(exc).__module__ == "zlib" or "decompress" in str(exc).lower():
                raise refuse(f"The package is damaged or truncated ({rel} cannot be read).", "damaged") from None
            raise
        if left != 0:
            raise refuse(f"The package is damaged or truncated ({rel} is shorter than it should be).", "damaged")

    def _pread(self, n: int, pos: int) -> bytes:
        """Read at an offset; safe from several threads at once (pread, or seek + read under a lock on Windows)."""
        if hasattr(os, "pread"):
            return os.pread(self.fd, n, pos)
        with self._lock:
            os.lseek(self.fd, pos, os.SEEK_SET)
            return os.read(self.fd, n)

    def data_range(self, rel: str) -> tuple[int, int] | None:
        """(offset, length) of a stored (uncompressed) entry's bytes in the file, after checking its local header
        against the directory; None for a compressed entry (read those with `stream`)."""
        info = self.files[rel]
        if info.compress_type != zipfile.ZIP_STORED:
            return None
        head = self._pread(30, info.header_offset)
        if len(head) != 30 or head[:4] != b"PK\x03\x04":
            raise refuse(f"The package is damaged ({rel} has no valid local header).", "damaged")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        name = self._pread(name_len, info.header_offset + 30)
        if name.decode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace") != info.orig_filename:
            raise refuse(f"The package is damaged ({rel}'s local header names another file).", "damaged")
        start = info.header_offset + 30 + name_len + extra_len
        if start + info.file_size > self.length or info.compress_size != info.file_size:
            raise refuse(f"The package is damaged or truncated ({rel} runs past the end of the file).", "damaged")
        return start, info.file_size

    def chunks(self, rel: str) -> Iterator[bytes]:
        """The entry's bytes: stored entries read straight from the file (their SHA-256 is what is checked, so the
        ZIP's weaker CRC is not computed as well), compressed ones through `stream`."""
        span = self.data_range(rel)
        if span is None:
            yield from self.stream(rel)
            return
        pos, left = span
        while left > 0:
            chunk = self._pread(min(CHUNK, left), pos)
            if not chunk:
                raise refuse(f"The package is damaged or truncated ({rel} is shorter than it should be).", "damaged")
            pos, left = pos + len(chunk), left - len(chunk)
            yield chunk

    def read(self, rel: str, limit: int) -> bytes:
        if self.files[rel].file_size > limit:
            raise refuse(f"{rel} is too large for what it should hold.", "too-large")
        return b"".join(self.stream(rel))

    def read_review_json(self) -> bytes:
        return self.read(REVIEW_JSON, MAX_REVIEW_JSON)
