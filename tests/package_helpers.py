"""Helpers for the package tests: the data folders' people, making a reviewer's, a lead's and a stranger's data
folders (keys made, cards exchanged), and taking a package apart, changing it, re-signing it, and fingerprinting a
data folder byte for byte. The fixtures built on these are in package_fixtures.py (a pytest plugin)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from peerreview_desktop.core import identity, minisign, notes
from peerreview_desktop.core.demo import DEMO_ID, ensure_demo
from peerreview_desktop.core.keys import PrivateKeys
from peerreview_desktop.core.packages import bag
from peerreview_desktop.core.packages.format import TAGMANIFEST
from peerreview_desktop.core.store import Store

PASSPHRASE = "correct horse battery staple"
REVIEWER = ("Alys Brennan-Ford", "Quillfield Primary", "reviewer")
LEAD = ("Tobias Ekwueme", "Harrowmere Partnership", "lead")
STRANGER = ("Mallory Quince", "Nowhere Academy", "reviewer")
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40  # a small 'JPEG'


@dataclass
class Pair:
    root: Path
    reviewer: Store
    lead: Store
    review_id: str
    reviewer_keys: PrivateKeys
    reviewer_key_id: str

    def close(self) -> None:
        self.reviewer.close()
        self.lead.close()

    def open_other(self, name: str) -> Store:
        return Store.open(self.root / name)


def make_folders(root: Path) -> None:
    reviewer, lead, stranger = (Store.open(root / n) for n in ("reviewer", "lead", "stranger"))
    identity.init(reviewer, *REVIEWER, PASSPHRASE)
    identity.init(lead, *LEAD, PASSPHRASE)
    identity.init(stranger, *STRANGER, PASSPHRASE)
    identity.trust(lead, identity.card_bytes(reviewer, PASSPHRASE), "reviewer")
    identity.trust(reviewer, identity.card_bytes(lead, PASSPHRASE), "lead")
    identity.trust(stranger, identity.card_bytes(lead, PASSPHRASE), "lead")
    (root / "cards").mkdir()
    for name, s in (("reviewer", reviewer), ("lead", lead), ("stranger", stranger)):
        (root / "cards" / f"{name}.card").write_bytes(identity.card_bytes(s, PASSPHRASE))
    ensure_demo(reviewer)
    ensure_demo(stranger)
    photo = root / "corridor display.jpg"
    photo.write_bytes(PHOTO)
    notes.add(reviewer, DEMO_ID, "Year 5 corridor display of persuasive writing", attach=[photo],
              criteria="CT4", marker="strength")
    notes.add(reviewer, DEMO_ID, "CONFIDENTIAL-XY12 staffing concern raised privately", confidential=True)
    for s in (reviewer, lead, stranger):
        s.close()


def export(pair: Pair, out: Path, **kw) -> Path:
    from peerreview_desktop.core.packages import export_package

    kw.setdefault("private_keys", pair.reviewer_keys)
    export_package(pair.reviewer, pair.review_id, out, **kw)
    return out


# ---------------------------------------------------------------------------------------------------- a data folder


def fingerprint(data_dir: Path, *, backups: bool = True) -> dict[str, str]:
    """SHA-256 of every file in a data folder (the SQLite shared-memory index aside, which readers touch; and,
    unless `backups`, the backups folder)."""
    out = {}
    for p in sorted(Path(data_dir).rglob("*")):
        if not backups and p.relative_to(data_dir).parts[0] == "backups":
            continue
        if p.is_file() and not p.name.endswith("-shm"):
            out[str(p.relative_to(data_dir))] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_dir():
            out[str(p.relative_to(data_dir)) + "/"] = "dir"
    return out


# ---------------------------------------------------------------------------------------------------- package surgery


def entries(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i)) for i in z.infolist() if not i.filename.endswith("/")]


def top(items: list[tuple[str, bytes]]) -> str:
    return items[0][0].split("/", 1)[0]


def write_zip(path: Path, items: list[tuple[str, bytes]], *, infos: dict[str, zipfile.ZipInfo] | None = None) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            z.writestr((infos or {}).get(name) or name, data)
    path.write_bytes(buf.getvalue())
    return path


def rel_items(items: list[tuple[str, bytes]]) -> dict[str, bytes]:
    t = top(items)
    return {n[len(t) + 1:]: d for n, d in items}


def rezip(path: Path, files: dict[str, bytes], folder: str) -> Path:
    return write_zip(path, [(f"{folder}/{rel}", data) for rel, data in files.items()])


def resign(files: dict[str, bytes], signing, key_id: str, comment: str | None = None) -> dict[str, bytes]:
    """Recompute both manifests and the signature over `files` (what a trusted but careless or hostile signer
    could produce): the result is a validly signed package whatever its content."""
    payload = {rel: bag.sha256(d) for rel, d in files.items() if rel.startswith("data/")}
    octets = sum(len(d) for rel, d in files.items() if rel.startswith("data/"))
    files = set_bag_info(files, "Payload-Oxum", f"{octets}.{len(payload)}")
    files["manifest-sha256.txt"] = bag.manifest_text(payload)
    tags = {k: bag.sha256(files[k]) for k in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")}
    files[TAGMANIFEST] = bag.manifest_text(tags)
    old = minisign.parse_signature(files[TAGMANIFEST + ".minisig"])
    files[TAGMANIFEST + ".minisig"] = minisign.sign(files[TAGMANIFEST], signing, key_id,
                                                    comment or old.trusted_comment).encode()
    return files


def set_bag_info(files: dict[str, bytes], label: str, value: str) -> dict[str, bytes]:
    lines = files["bag-info.txt"].decode().splitlines()
    files = dict(files)
    files["bag-info.txt"] = ("\n".join(f"{label}: {value}" if ln.startswith(label + ":") else ln
                                       for ln in lines) + "\n").encode()
    return files


def flip(data: bytes, index: int | None = None) -> bytes:
    b = bytearray(data)
    i = len(b) // 2 if index is None else index
    b[i] ^= 0x01
    return bytes(b)
