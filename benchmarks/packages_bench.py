"""Benchmark: export + verify + import of a review with 200 MB of attachments, against the floor of zipping the same
bytes (stored, no compression) and hashing them with SHA-256 once.

Two data folders (a reviewer and a partnership lead, keys made and cards exchanged before timing). The review has
one note per 10 MB photo of random bytes (incompressible, like real photos). Timed, in the same run:

* ours: the reviewer exports a signed draft package (review.json, the PDF report, the attachments), the lead verifies
  it (`peerreview verify`: every checksum and the signature), then imports it (verified again, attachments staged
  into the lead's store, one transaction);
* floor: `zipfile` writes the same attachment files into a ZIP (ZIP_STORED), then SHA-256 of the same bytes.

The ratio is ours / floor; the goal is 1.5. Files are in the page cache for both (each side reads them once before
timing)."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

PASSPHRASE = "benchmark passphrase"
PHOTO_MB = 10


def _setup(root: Path, mb: int) -> tuple:
    from peerreview_desktop.core import identity, notes, reviews
    from peerreview_desktop.core.store import Store

    reviewer, lead = Store.open(root / "reviewer"), Store.open(root / "lead")
    identity.init(reviewer, "Dana Whitcombe", "Fernlea Primary", "reviewer", PASSPHRASE)
    identity.init(lead, "Omar Castellane", "Brackenridge Partnership", "lead", PASSPHRASE)
    identity.trust(lead, identity.card_bytes(reviewer, PASSPHRASE), "reviewer")
    identity.trust(reviewer, identity.card_bytes(lead, PASSPHRASE), "lead")
    with reviewer.read() as s:
        from peerreview_desktop.core.models import Framework

        fw = s.exec(__import__("sqlmodel").select(Framework.id)).first()
    rid = reviews.new_review(reviewer, reviews.Plan(school="Fernlea Primary", framework=fw, type="full",
                                                    start_date="2026-11-20")).value
    src = root / "photos"
    src.mkdir()
    paths = []
    for i in range(max(1, mb // PHOTO_MB)):
        p = src / f"photo-{i:03d}.jpg"
        with open(p, "wb") as f:
            for _ in range(PHOTO_MB):
                f.write(os.urandom(1 << 20))
        paths.append(p)
    for p in paths:
        notes.add(reviewer, rid, f"Display in the Year {paths.index(p) % 6 + 1} corridor", attach=[p])
    return reviewer, lead, rid, paths


def _floor(paths: list[Path], out: Path) -> float:
    t0 = time.perf_counter()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for p in paths:
            z.write(p, f"bag/data/attachments/{p.name}")
    for p in paths:
        h = hashlib.sha256()
        with open(p, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        h.hexdigest()
    return time.perf_counter() - t0


def measure(mb: int = 200) -> dict:
    from peerreview_desktop.core.packages import export_package, import_paths, verify_path

    root = Path(tempfile.mkdtemp(prefix="peerreview-bench-packages-"))
    try:
        reviewer, lead, rid, paths = _setup(root, mb)
        for p in paths:  # both sides start from the page cache
            p.read_bytes()
        floor = min(_floor(paths, root / f"floor{i}.zip") for i in range(2))
        (root / "floor0.zip").unlink()
        (root / "floor1.zip").unlink()
        pkg = root / "package.zip"
        t0 = time.perf_counter()
        export_package(reviewer, rid, pkg, kind="draft", passphrase=PASSPHRASE)
        t1 = time.perf_counter()
        verified = verify_path(lead, pkg)
        t2 = time.perf_counter()
        results = import_paths(lead, [pkg])
        t3 = time.perf_counter()
        assert verified.ok, verified.message
        assert [r.status for r in results] == ["imported"], results[0].message
        ours = t3 - t0
        reviewer.close()
        lead.close()
        return {"name": f"export + verify + import, {mb} MB", "ours_s": round(ours, 3), "floor_s": round(floor, 3),
                "ratio": round(ours / floor, 3), "goal": 1.5, "export_s": round(t1 - t0, 3),
                "verify_s": round(t2 - t1, 3), "import_s": round(t3 - t2, 3),
                "package_mb": round(pkg.stat().st_size / 1024**2, 1)}
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 200), indent=2))
