"""Verifying a package before anything of it is stored, in this order (cheapest and most telling first):

1. an age-encrypted package is decrypted with this profile's key into a private temporary file;
2. the ZIP directory: limits (ZIP bombs), safe names, no links, no duplicates, one top folder, the closed set of files;
3. the signature: a minisign signature of the tag manifest by a trusted, unrevoked key (the full public key
   recorded when the card was trusted, not merely its ID), whose trusted comment matches bag-info.txt;
4. every tag file against the signed tag manifest, then every payload file against the manifest (nothing unlisted,
   nothing missing, the Payload-Oxum right), streaming; review.json against its schema; attachments against both
   their names and the notes that use them.

Attachment files are hashed once, on the way into a staging folder when the import will need them."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import age_crypto, attachments, identity, minisign
from ..errors import NotFound, PackageRefused
from . import schema
from .format import (
    ATTACHMENT_NAME,
    BAG_INFO,
    BAGIT_CONTENT,
    BAGIT_TXT,
    MANIFEST,
    MAX_PACKAGE,
    MAX_SIGNATURE,
    MAX_TAG_FILE,
    REPORT_PDF,
    REVIEW_JSON,
    SIGNATURE,
    TAG_FILES,
    TAGMANIFEST,
    PackageInfo,
    comment_matches,
    parse_bag_info,
    parse_trusted_comment,
    refuse,
)
from .reader import PackageZip
from .staging import Staging

_LINE = re.compile(r"([0-9a-f]{64}) [ *](\S.*)")


@dataclass
class Verified:
    info: PackageInfo
    signer: identity.Signer
    doc: dict
    content_sha256: str  # SHA-256 of the signed tag manifest: the package's identity in the ledger
    encrypted: bool
    has_report: bool
    staging: Staging | None = None

    def signer_json(self) -> dict:
        return {"name": self.signer.name, "key_id": self.signer.key_id, "fingerprint": self.signer.fingerprint}


class Keyring:
    """Unlocks this profile's private keys once, on first need (only an encrypted package needs them)."""

    def __init__(self, store, passphrase: Callable[[], str] | str | None):  # noqa: ANN001
        self.store, self._passphrase, self._identity = store, passphrase, None

    def age_identity(self) -> str:
        if self._identity is None:
            secret = self._passphrase() if callable(self._passphrase) else self._passphrase
            self._identity = identity.unlock(self.store, secret or "").age_identity
        return self._identity


@contextlib.contextmanager
def opened(store, path: Path, keyring: Keyring) -> Iterator[tuple[Path, bool]]:  # noqa: ANN001
    """(the package's ZIP, whether it came encrypted); a decrypted ZIP lives in a private temporary folder in the
    data folder and is removed afterwards."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(f"There is no package file at {path}.")
    if path.stat().st_size > MAX_PACKAGE:
        raise refuse("This file is larger than any review package can be (8 GB); it was refused unopened.",
                     "too-large")
    if not age_crypto.is_age(path):
        yield path, False
        return
    secret = keyring.age_identity()
    store.data_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".incoming-", dir=store.data_dir))
    try:
        plain = tmp / "package.zip"
        age_crypto.decrypt_file(path, plain, secret)
        yield plain, True
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _manifest(data: bytes, what: str) -> dict[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise refuse(f"The package's {what} is not UTF-8 text.", "malformed") from None
    out: dict[str, str] = {}
    for line in text.split("\n"):
        if not line.strip():
            continue
        m = _LINE.fullmatch(line.rstrip("\r"))
        if m is None or m.group(2) in out:
            raise refuse(f"The package's {what} has a malformed or repeated line.", "malformed")
        out[m.group(2)] = m.group(1)
    return out


def _altered(rel: str) -> PackageRefused:
    return refuse(f"{rel} does not match its checksum: the package was altered or damaged after it was signed.",
                  "checksum-mismatch")


def _signer(store, sig: minisign.Signature) -> identity.Signer:  # noqa: ANN001
    with store.read() as s:
        who = identity.signer(s, sig.key_id)
    if who is None:
        raise refuse(f"This package is signed with key {sig.key_id}, which you have not trusted; trust the "
                     "signer's contact card first.", "unknown-signer")
    if who.revoked_at is not None:
        raise refuse(f"This package is signed with {who.name}'s key {who.key_id}, which you revoked on "
                     f"{identity.long_date(who.revoked_at)}.", "revoked-signer")
    return who


def _authenticate(store, pz: PackageZip) -> tuple[identity.Signer, PackageInfo, str, bytes]:  # noqa: ANN001
    sig_bytes = pz.read(SIGNATURE, MAX_SIGNATURE)
    sig = minisign.parse_signature(sig_bytes)
    who = _signer(store, sig)
    tag = pz.read(TAGMANIFEST, MAX_TAG_FILE)
    comment = minisign.verify(tag, sig_bytes, minisign.public_key_line(who.key_id, who.signing_public))
    fields = parse_trusted_comment(comment)
    listed = _manifest(tag, "tag manifest")
    if set(listed) != set(TAG_FILES):
        raise refuse("The package's tag manifest does not list exactly bagit.txt, bag-info.txt and the manifest.",
                     "malformed")
    tag_files = {}
    for rel in TAG_FILES:
        tag_files[rel] = pz.read(rel, MAX_TAG_FILE)
        if hashlib.sha256(tag_files[rel]).hexdigest() != listed[rel]:
            raise _altered(rel)
    if tag_files[BAGIT_TXT] != BAGIT_CONTENT:
        raise refuse("The package's bagit.txt is not a BagIt 1.0 declaration.", "malformed")
    info = parse_bag_info(tag_files[BAG_INFO])
    if not comment_matches(fields, info) or info.signer_key_id != sig.key_id:
        raise refuse("The package's signed comment does not match its bag-info.txt (package, review, revision, kind, "
                     "recipient or signer).", "comment-mismatch")
    return who, info, hashlib.sha256(tag).hexdigest(), tag_files[MANIFEST]


def _check_recipient(store, info: PackageInfo) -> None:  # noqa: ANN001
    if info.recipient is None:
        return
    with store.read() as s:
        mine = identity.own_recipient(s)
    if info.recipient != mine:
        raise refuse("This package was made for another recipient; it cannot be opened or imported here.",
                     "wrong-recipient")


WORKERS = max(1, min(4, os.cpu_count() or 1))


def _hash_entry(pz: PackageZip, rel: str, out: Path | None = None) -> str:
    """SHA-256 of an entry; with `out`, its bytes are also written there (the caller makes them durable)."""
    h = hashlib.sha256()
    if out is None:
        for chunk in pz.chunks(rel):
            h.update(chunk)
        return h.hexdigest()
    span = pz.data_range(rel)
    if span is not None and _kernel_copy(pz.fd, out, *span):
        return attachments.sha256_file(out)  # the bytes now in our private file are the ones that count
    with open(out, "wb") as f:
        for chunk in pz.chunks(rel):
            h.update(chunk)
            f.write(chunk)
    return h.hexdigest()


def _kernel_copy(src_fd: int, out: Path, pos: int, length: int) -> bool:
    """Copy a stored entry's bytes into `out` inside the kernel (no trip through Python); False where the system
    cannot (another file system, an older kernel), and the caller copies them itself."""
    if not hasattr(os, "copy_file_range"):
        return False
    with open(out, "wb") as f:
        try:
            while length > 0:
                n = os.copy_file_range(src_fd, f.fileno(), min(length, 1 << 30), pos)
                if n <= 0:
                    raise refuse("The package is damaged or truncated (an attachment is shorter than it should be).",
                                 "damaged")
                pos, length = pos + n, length - n
        except OSError as exc:
            if exc.errno in (errno.EXDEV, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM, errno.EBADF):
                return False
            raise
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_payload(pz: PackageZip, jobs: list[tuple[str, str, Path | None]]) -> None:
    """Hash (and stage) payload files, several at once: hashing releases the GIL, so this uses every core. Staged
    files are flushed to disk on another thread while the next files are hashed."""
    with ThreadPoolExecutor(1) as flusher:
        flushes = []

        def one(job: tuple[str, str, Path | None]) -> None:
            rel, expected, out = job
            if _hash_entry(pz, rel, out) != expected:
                raise _altered(rel)
            if out is not None:
                flushes.append(flusher.submit(_fsync, out))

        if len(jobs) < 2 or WORKERS == 1:
            for job in jobs:
                one(job)
        else:
            with ThreadPoolExecutor(WORKERS) as pool:
                for fut in [pool.submit(one, job) for job in jobs]:
                    fut.result()  # the first failure, in file order
        for fut in flushes:
            fut.result()


def check(store, zip_path: Path, *, encrypted: bool = False,  # noqa: ANN001
          stage: Callable[[PackageInfo, str], bool] | None = None) -> Verified:
    """Verify a package ZIP; raises PackageRefused (with its reason) at the first problem. With `stage` returning
    True for this package, attachments not yet in the store are kept in a staging folder for the import."""
    try:
        return _check(store, zip_path, encrypted, stage)
    except OSError as exc:  # the file vanished (a USB stick pulled out), or the disk is full
        raise refuse(f"The package could not be read or set aside for import ({exc.strerror or exc}); nothing was "
                     "changed.", "io-error") from None


def _check(store, zip_path: Path, encrypted: bool,  # noqa: ANN001
           stage: Callable[[PackageInfo, str], bool] | None) -> Verified:
    with PackageZip(zip_path) as pz:
        who, info, content_sha, manifest_bytes = _authenticate(store, pz)
        _check_recipient(store, info)
        manifest = _manifest(manifest_bytes, "manifest")
        payload = {rel for rel in pz.files if rel.startswith("data/")}
        for rel in sorted(payload - set(manifest)):
            raise refuse(f"{rel} is in the package but not in its manifest: a file was added.", "unexpected-file")
        for rel in sorted(set(manifest) - payload):
            raise refuse(f"{rel} is listed in the manifest but missing from the package: a file was removed or "
                         "renamed.", "missing-file")
        if (sum(pz.size(r) for r in payload), len(payload)) != (info.payload_octets, info.payload_files):
            raise refuse("The package's files do not add up to the size bag-info.txt gives (Payload-Oxum).",
                         "checksum-mismatch")
        shas: dict[str, str] = {}
        for rel in sorted(payload):
            m = ATTACHMENT_NAME.fullmatch(rel)
            if m is None:
                continue
            if manifest[rel] != m.group(1):
                raise _altered(rel)
            if m.group(1) in shas:
                raise refuse(f"The package holds the attachment {m.group(1)[:12]}… twice.", "duplicate-entry")
            shas[m.group(1)] = rel
        data = pz.read_review_json()
        if hashlib.sha256(data).hexdigest() != manifest[REVIEW_JSON]:
            raise _altered(REVIEW_JSON)
        doc = schema.parse(data, info)
        wanted = schema.attachments_of(doc)
        if set(wanted) != set(shas):
            gap = sorted(set(wanted) ^ set(shas))[0]
            raise refuse(f"The package's attachments do not match its notes (attachment {gap[:12]}…).",
                         "missing-file" if gap in wanted else "unexpected-file")
        has_report = REPORT_PDF in payload
        staging = Staging(store.attachments_dir) if stage is not None and stage(info, content_sha) else None
        try:
            jobs = [(REPORT_PDF, manifest[REPORT_PDF], None)] if has_report else []
            for sha, rel in sorted(shas.items(), key=lambda kv: -pz.size(kv[1])):  # largest first
                jobs.append((rel, sha, staging.target(sha) if staging is not None and staging.needed(sha) else None))
            _check_payload(pz, jobs)
        except BaseException:
            if staging is not None:
                staging.discard()
            raise
    return Verified(info, who, doc, content_sha, encrypted, has_report, staging)
