"""Verifying and importing packages: one file, many files, or folders of them.

Each package is verified completely before one row is written (verify.py); then the ledger decides what it is
(ledger.py), the store is backed up (once per import run, and only if something will be written), and the package is
applied in ONE transaction together with its ledger row, its audit entry and its attachment files (moved into place
inside the transaction and taken back out if it fails). A refused package changes nothing."""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import age_crypto, audit
from ..errors import KeyError_, NotFound, PackageRefused, PeerReviewError
from . import apply as applying
from . import ledger
from .format import BAG_INFO, parse_bag_info
from .verify import Keyring, Verified, check, opened

PACKAGE_SUFFIXES = (".zip", ".age")
KEEP_DECRYPTED = 2 * 1024**3  # decrypted packages kept between opening a batch and importing it
Progress = Callable[[int, int, str], None]


@dataclass
class PackageResult:
    """What happened to one package (import), or what was found (verify)."""

    path: str
    status: str  # imported | duplicate | superseded | conflict | refused  (verify: verified | refused)
    reason: str | None = None
    message: str = ""
    package_id: str | None = None
    review_id: str | None = None
    revision: int | None = None
    kind: str | None = None
    signer: dict | None = None
    encrypted: bool = False
    detail: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def as_json(self) -> dict:
        return {"status": self.status, "path": self.path, "reason": self.reason, "message": self.message,
                "package_id": self.package_id, "review_id": self.review_id, "revision": self.revision,
                "kind": self.kind, "signer": self.signer, "encrypted": self.encrypted, "detail": self.detail}

    def verify_json(self) -> dict:
        return {"ok": self.ok, "reason": self.reason, "message": self.message, "package_id": self.package_id,
                "review_id": self.review_id, "revision": self.revision, "kind": self.kind, "signer": self.signer,
                "encrypted": self.encrypted, "path": self.path}


def _fill(result: PackageResult, v: Verified) -> PackageResult:
    i = v.info
    result.package_id, result.review_id, result.revision, result.kind = i.package_id, i.review_id, i.revision, i.kind
    result.signer, result.encrypted = v.signer_json(), v.encrypted
    return result


def _refused(path: Path, exc: PeerReviewError) -> PackageResult:
    reason = exc.reason if isinstance(exc, PackageRefused) else ("not-found" if isinstance(exc, NotFound)
                                                                 else "error")
    return PackageResult(str(path), "refused", reason, str(exc))


def verify_path(store, path: str | Path, passphrase: Callable[[], str] | str | None = None,  # noqa: ANN001
                keyring: Keyring | None = None) -> PackageResult:
    """Verify one package without storing anything. Only an encrypted package needs the passphrase."""
    path = Path(path)
    keyring = keyring or Keyring(store, passphrase)
    try:
        with opened(store, path, keyring) as (zip_path, encrypted):
            v = check(store, zip_path, encrypted=encrypted)
    except KeyError_:
        raise
    except PeerReviewError as exc:
        return _refused(path, exc)
    res = _fill(PackageResult(str(path), "verified"), v)
    res.message = (f"Intact and signed by {v.signer.name} ({v.signer.key_id}): {v.info.kind} package, revision "
                   f"{v.info.revision} of review {v.info.review_id}.")
    return res


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders as the package files in them (and below), by name."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = [f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                     and (f.suffix.lower() in PACKAGE_SUFFIXES or _looks_like_package(f))]
            out += sorted(found)
        else:
            out.append(p)
    return out


def _looks_like_package(f: Path) -> bool:
    try:
        with open(f, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    return head == b"PK\x03\x04" or age_crypto.is_age(f)


def _revision_hint(path: Path) -> int:
    """The revision bag-info.txt claims (unverified; only to import older revisions of a folder first)."""
    try:
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith("/" + BAG_INFO))
            info = z.getinfo(name)
            if info.file_size > 64 * 1024:
                return 0
            return parse_bag_info(z.read(info)).revision
    except Exception:  # noqa: BLE001 - only a hint; the real checks come later
        return 0


class Importer:
    def __init__(self, store, passphrase: Callable[[], str] | str | None = None):  # noqa: ANN001
        self.store = store
        self.keyring = Keyring(store, passphrase)
        self.backed_up = False

    def _backup(self) -> None:
        if self.backed_up:
            return
        try:
            from .. import backups
        except ImportError:
            self.store.backup(reason="before-import")
        else:
            backups.backup_before(self.store, "import")
        self.backed_up = True

    def one(self, path: Path) -> PackageResult:
        path = Path(path)
        try:
            with opened(self.store, path, self.keyring) as (zip_path, encrypted):
                return self._import_zip(path, zip_path, encrypted)
        except KeyError_:
            raise
        except PeerReviewError as exc:
            return _refused(path, exc)

    def _one_opened(self, path: Path, zip_path: Path, encrypted: bool) -> PackageResult:
        try:
            return self._import_zip(path, zip_path, encrypted)
        except KeyError_:
            raise
        except PeerReviewError as exc:
            return _refused(path, exc)

    def _wants_files(self, info, content_sha) -> bool:  # noqa: ANN001
        with self.store.read() as s:
            seen = s.get(ledger.PackageRecord, info.package_id)
        return seen is None

    def _import_zip(self, path: Path, zip_path: Path, encrypted: bool) -> PackageResult:
        v = check(self.store, zip_path, encrypted=encrypted, stage=self._wants_files)
        try:
            result = _fill(PackageResult(str(path), "imported"), v)
            with self.store.read() as s:
                decision = ledger.decide(s, v.info, v.content_sha256, v.signer.name)
            if decision.status == "duplicate":
                result.status, result.message = "duplicate", "Already imported; nothing changed."
                return result
            self._backup()
            try:
                with self.store.write() as s:
                    decision = ledger.decide(s, v.info, v.content_sha256, v.signer.name)
                    if decision.status == "duplicate":
                        result.status, result.message = "duplicate", "Already imported; nothing changed."
                        return result
                    result.detail = applying.apply(s, v, decision)
                    ledger.record_import(s, v.info, v.content_sha256, v.signer.name, decision, v.doc["review"])
                    audit.record(s, self.store.actor, v.info.review_id, "package.import", "package",
                                 v.info.package_id, {"kind": v.info.kind, "revision": v.info.revision,
                                                     "signer": v.signer.name, "signer_key_id": v.signer.key_id,
                                                     "status": decision.status})
                    if v.staging is not None:
                        v.staging.place()
            except OSError as exc:
                if v.staging is not None:
                    v.staging.undo()
                raise PackageRefused(f"The package could not be stored in the data folder "
                                     f"({exc.strerror or exc}); nothing was changed.", reason="write-failed") from None
            except BaseException:
                if v.staging is not None:
                    v.staging.undo()
                raise
            result.status = decision.status
            result.message = _message(result, v)
            return result
        finally:
            if v.staging is not None:
                v.staging.discard()

    def run(self, paths: Iterable[str | Path], progress: Progress | None = None) -> list[PackageResult]:
        """Import every package in `paths` (files, or folders of them). Packages are opened (decrypted) first, then
        imported oldest revision first, so that a folder holding several revisions of a review imports them all;
        the results come in that order, after those refused before they could be opened."""
        files = expand(paths)
        results: list[PackageResult] = []
        kept = 0
        with contextlib.ExitStack() as stack:
            ready = []
            for i, f in enumerate(files):
                if not f.exists():
                    results.append(PackageResult(str(f), "refused", "not-found", f"There is no file or folder at {f}."))
                    continue
                one = contextlib.ExitStack()
                try:
                    zip_path, encrypted = one.enter_context(opened(self.store, f, self.keyring))
                except KeyError_:
                    raise
                except PeerReviewError as exc:
                    results.append(_refused(f, exc))
                    continue
                ready.append((_revision_hint(zip_path), i, f, zip_path, encrypted))
                size = zip_path.stat().st_size if encrypted else 0
                if kept + size <= KEEP_DECRYPTED:  # keep it decrypted for its turn, within a disk budget
                    kept += size
                    stack.enter_context(one.pop_all())
                else:  # decrypted again when its turn comes
                    one.close()
                    ready[-1] = ready[-1][:3] + (None, True)
            ready.sort(key=lambda r: r[:2])
            for n, (_hint, _i, f, zip_path, encrypted) in enumerate(ready):
                if progress is not None:
                    progress(n, len(ready), f.name)
                results.append(self.one(f) if zip_path is None else self._one_opened(f, zip_path, encrypted))
        if progress is not None:
            progress(len(ready), len(ready), "")
        return results


def _message(r: PackageResult, v: Verified) -> str:
    who = v.signer.name
    if r.status == "conflict":
        return (f"Revision {r.revision} from {who} conflicts with the one already here (both come from the same "
                "earlier version); both are kept for you to choose.")
    if v.info.kind == "notes" and "added" in r.detail:
        d = r.detail
        return (f"Notes from {who} merged: {d.get('added', 0)} added, {d.get('updated', 0)} updated, "
                f"{d.get('unchanged', 0)} unchanged, {d.get('conflicts', 0)} in conflict.")
    if v.info.kind == "response":
        return f"{r.detail.get('comments_added', 0)} host comment(s) from {who} added."
    verb = "replaces the earlier one" if r.status == "superseded" else "imported"
    return f"{v.info.kind.capitalize()} package, revision {r.revision}, from {who}: {verb}."


def import_paths(store, paths: Iterable[str | Path], passphrase: Callable[[], str] | str | None = None,  # noqa: ANN001
                 progress: Progress | None = None) -> list[PackageResult]:
    return Importer(store, passphrase).run(paths, progress)
