"""Exporting a review as a signed (optionally encrypted) package.

The ZIP is written to a temporary file and reaches its name only after it is complete, signed (and encrypted), and
recorded in the ledger, all in one transaction: an interrupted export leaves no partial file and no ledger row.

Entries go in a fixed order: the attachments by checksum, data/review.json, data/report.pdf, then bagit.txt,
bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt and the signature. Payload first lets the work overlap:
while attachments stream into the ZIP (CRC on this thread), another thread checks each one's SHA-256 against the
name the store gives it, and a third renders the PDF report."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ... import __version__
from .. import age_crypto, attachments, audit, identity, lifecycle, merge, minisign, reviews
from ..changes import Changes
from ..errors import InvalidInput, KeyError_, NotFound, PeerReviewError, ReviewLocked
from ..identity import Recipient
from ..keys import PrivateKeys
from ..models import ReviewVersion, Setting
from . import contents, ledger, schema
from .bag import BagZip, Flusher, damaged, digests, manifest_text, sha256
from .format import (
    BAG_INFO,
    BAGIT_CONTENT,
    BAGIT_TXT,
    MANIFEST,
    REPORT_PDF,
    REVIEW_JSON,
    SIGNATURE,
    TAGMANIFEST,
    PackageInfo,
    bag_info_text,
    deflate,
    top_folder,
    trusted_comment,
    utc_stamp,
)

AGENT = f"Peer Review Desktop {__version__}"


@dataclass
class ExportResult:
    path: Path
    package_id: str
    review_id: str
    revision: int
    kind: str
    recipient: str | None
    recipient_label: str | None
    includes_confidential: bool
    size: int
    sha256: str  # of the signed tag manifest (the package's identity in ledgers)

    def as_json(self) -> dict:
        return {**self.__dict__, "path": str(self.path)}


@dataclass
class _Plan:
    """Everything read from the store for one export (in one read transaction)."""

    review_id: str
    kind: str
    doc: dict  # the review part of review.json
    public: dict  # the same without confidential notes (what the report is made from)
    school: str
    revision: int
    supersedes: str | None
    signer: dict
    signing_public: bytes
    recipient: Recipient | None
    include_confidential: bool
    files: dict[str, str]  # sha256 → extension
    paths: dict[str, Path]  # sha256 → the file in the attachment store


def _destination(out: str | os.PathLike) -> Path:
    dest = Path(out).expanduser()
    if dest.is_dir():
        raise InvalidInput(f"{dest} is a folder; give a file name for the package, such as review.zip.")
    if not dest.parent.is_dir():
        raise NotFound(f"The folder {dest.parent} does not exist.")
    return dest


def _plan(store, review_id: str, kind: str | None, encrypt_to: str | None) -> _Plan:  # noqa: ANN001
    recipient = identity.resolve_recipient(store, encrypt_to) if encrypt_to else None
    include_confidential = bool(recipient and recipient.is_lead)
    with store.read() as s:
        r = reviews.get(s, review_id)
        me, key = identity.profile.get(s), identity.own_key(s)
        if me is None or key is None:
            raise KeyError_(identity.NO_PROFILE)
        kind = (kind or contents.default_kind(r)).strip().lower()
        if kind not in contents.ALLOWED["author"] + ("response",):
            raise InvalidInput(f"'{kind}' is not a kind of package; use final, draft, notes or response.")
        contents.check_kind(r, kind)
        host_on = s.get(Setting, "host_mode")
        if host_on is not None and host_on.value:
            raise ReviewLocked("Host mode is on; the reviewer must leave host mode before exporting a package.")
        doc = contents.build(s, r, kind, include_confidential=include_confidential, author_name=me.name)
        public = doc if not include_confidential else contents.build(s, r, kind, include_confidential=False,
                                                                        author_name=me.name)
        revision, supersedes = ledger.next_revision(s, r.id)
        signer = {"key_id": key.key_id, "name": me.name, "school": me.school, "role": me.role}
        plan = _Plan(r.id, kind, doc, public, doc["school"]["name"], revision, supersedes, signer,
                     bytes(key.signing_public), recipient, include_confidential, {}, {})
    plan.files = schema.attachments_of({"review": plan.doc})
    plan.paths = {sha: attachments.path_for(store.attachments_dir, sha) for sha in plan.files}
    for sha, p in plan.paths.items():
        if not p.is_file():
            raise NotFound(f"The attachment {sha[:12]}… is missing from the store; run `peerreview check`.")
    return plan


def _report(store, plan: _Plan) -> bytes | None:  # noqa: ANN001
    """The PDF report for final and draft packages (never with confidential notes); None without the module."""
    if plan.kind not in ("final", "draft"):
        return None
    try:
        from ..report import render_report_bytes
    except ImportError:
        return None
    if plan.kind == "final":
        fixed = lifecycle.final_report(store, plan.review_id)
        if fixed is not None:
            return fixed.read_bytes()
    return render_report_bytes(plan.public)


def _write_zip(store, plan: _Plan, fh, private: PrivateKeys, created: datetime,  # noqa: ANN001
               progress: Callable[[int, int], None] | None, stack: contextlib.ExitStack) -> tuple[PackageInfo, bytes]:
    """Write the whole package into `fh`; returns its bag-info and signed tag manifest."""
    key_id = plan.signer["key_id"]
    info = PackageInfo(package_id=str(uuid.uuid4()), review_id=plan.review_id, revision=plan.revision,
                       kind=plan.kind, supersedes=plan.supersedes, signer_key_id=key_id, created=utc_stamp(created),
                       recipient=plan.recipient.age_recipient if plan.recipient else None,
                       signer_name=plan.signer["name"], review_version=plan.doc["version"])
    package_doc = {"format": schema.DOCUMENT_FORMAT, "format_version": schema.DOCUMENT_VERSION,
                   "package_id": info.package_id, "review_id": plan.review_id, "revision": plan.revision,
                   "kind": plan.kind, "created": info.created, "signer": plan.signer,
                   "includes_confidential": plan.include_confidential, "review": plan.doc}
    review_json = json.dumps(package_doc, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    sizes = {sha: p.stat().st_size for sha, p in plan.paths.items()}
    flusher = Flusher(fh.fileno())
    stack.callback(flusher.pool.shutdown)
    bag = BagZip(fh, top_folder(plan.school, plan.review_id, plan.kind, plan.revision), created, progress=progress,
                 total=sum(sizes.values()) + len(review_json), flusher=flusher)
    stack.callback(lambda: bag.zip.fp is not None and bag.abort())
    payload: dict[str, str] = {}
    pool = ThreadPoolExecutor(3)  # the report, and two files hashed at a time
    stack.callback(pool.shutdown, wait=True, cancel_futures=True)  # an interrupted export stops the helpers too
    report_job = pool.submit(_report, store, plan)
    hashed = {sha: pool.submit(digests, plan.paths[sha]) for sha in sorted(plan.files)}
    for sha, ext in sorted(plan.files.items()):
        rel = f"data/attachments/{sha}.{ext}"
        if deflate(ext, sizes[sha]):
            bag.write_file(rel, plan.paths[sha], None, compress=True)
        else:
            bag.copy_stored(rel, plan.paths[sha], hashed[sha].result)
        payload[rel] = sha
    payload[REVIEW_JSON] = bag.write_bytes(REVIEW_JSON, review_json)
    report = report_job.result()
    if report is not None:
        payload[REPORT_PDF] = bag.write_bytes(REPORT_PDF, report, compress=False)
    for sha, fut in hashed.items():
        if fut.result()[0] != sha:
            raise damaged(sha)
    octets = sum(sizes.values()) + len(review_json) + (len(report) if report is not None else 0)
    info = PackageInfo(**{**info.__dict__, "payload_octets": octets, "payload_files": len(payload)})
    tags = {BAGIT_TXT: BAGIT_CONTENT, BAG_INFO: bag_info_text(info, AGENT), MANIFEST: manifest_text(payload)}
    tagmanifest = manifest_text({k: sha256(v) for k, v in tags.items()})
    signature = minisign.sign(tagmanifest, private.signing, key_id, trusted_comment(info),
                              untrusted_comment=f"signature from Peer Review Desktop key {key_id}")
    for rel in (BAGIT_TXT, BAG_INFO, MANIFEST):
        bag.write_bytes(rel, tags[rel])
    bag.write_bytes(TAGMANIFEST, tagmanifest)
    bag.write_bytes(SIGNATURE, signature.encode("utf-8"))
    bag.close()
    fh.flush()
    flusher.finish()
    return info, tagmanifest


def _record(store, plan: _Plan, info: PackageInfo, content_sha: str, final_tmp: str, dest: Path) -> None:  # noqa: ANN001
    """Ledger row, lifecycle and audit in one transaction, the file renamed into place inside it."""
    rid = plan.review_id
    with store.write() as s:
        ledger.record_export(s, info, content_sha, plan.signer["name"])
        r = reviews.get(s, rid)
        if plan.kind == "notes" and r.mode == "author":
            merge.remember_shared(s, rid, plan.doc)
        if plan.kind == "draft":
            lifecycle.mark_draft_shared_in(s, store.actor, rid)
        if plan.kind == "final":
            v = s.get(ReviewVersion, (rid, r.version))
            if v is not None:
                v.package_sha256 = content_sha
                s.add(v)
        audit.record(s, store.actor, rid, "package.export", "package", info.package_id,
                     {"kind": plan.kind, "revision": plan.revision,
                      "recipient": plan.recipient.label if plan.recipient else None,
                      "includes_confidential": plan.include_confidential, "sha256": content_sha})
        os.replace(final_tmp, dest)


def export_package(store, review_id: str, out: str | os.PathLike, *, kind: str | None = None,  # noqa: ANN001
                   encrypt_to: str | None = None, passphrase: Callable[[], str] | str | None = None,
                   progress: Callable[[int, int], None] | None = None,
                   private_keys: PrivateKeys | None = None) -> Changes:
    """Write a signed package of the review to `out`; `value` is the ExportResult. The private key is unsealed with
    `passphrase` (a string, or a function asked only when needed), unless the caller passes `private_keys` it
    already unsealed."""
    dest = _destination(out)
    plan = _plan(store, review_id, kind, encrypt_to)
    if private_keys is not None and private_keys.signing.public_key().public_bytes_raw() == plan.signing_public:
        private = private_keys
    else:
        secret = passphrase() if callable(passphrase) else passphrase
        private = identity.unlock(store, secret or "")
    created = datetime.now(UTC).replace(microsecond=0)
    tmp_zip = tmp_out = None
    stack = contextlib.ExitStack()
    try:
        folder = store.data_dir if plan.recipient else dest.parent  # a plain ZIP bound for encryption stays private
        fd, tmp_zip = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".zip.part", dir=folder)
        with os.fdopen(fd, "w+b") as fh:
            info, tagmanifest = _write_zip(store, plan, fh, private, created, progress, stack)
        if plan.recipient:
            fd, tmp_out = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
            os.close(fd)
            age_crypto.encrypt_file(tmp_zip, tmp_out, [plan.recipient.age_recipient])
        content_sha = sha256(tagmanifest)
        _record(store, plan, info, content_sha, tmp_out or tmp_zip, dest)
        size = dest.stat().st_size
    except OSError as exc:
        raise PeerReviewError(f"The package could not be written to {dest}: {exc.strerror or exc}.") from None
    finally:
        stack.close()
        for t in (tmp_zip, tmp_out):
            if t is not None:
                with contextlib.suppress(OSError):
                    os.unlink(t)
    result = ExportResult(dest, info.package_id, plan.review_id, plan.revision, plan.kind, info.recipient,
                          plan.recipient.label if plan.recipient else None, plan.include_confidential, size,
                          content_sha)
    return Changes(review=plan.kind == "draft", reviews=plan.kind == "draft", ids=[plan.review_id], value=result)
