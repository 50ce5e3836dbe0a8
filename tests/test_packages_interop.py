"""Stock tools accept a genuine package: sha256sum, bagit.py (the pip bagit package), minisign and age."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from package_helpers import PASSPHRASE, Pair, export
from peerreview_desktop.core import identity

pytest_plugins = ["package_fixtures"]

pytestmark = pytest.mark.skipif(not all(shutil.which(t) for t in ("minisign", "age", "age-keygen", "sha256sum"))
                                and not os.environ.get("CI"),  # CI installs them: never skip there
                                reason="the stock minisign, age and sha256sum tools are not installed")


def unpack(zip_path: Path, dest: Path) -> Path:
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(dest)
    (bag,) = list(dest.iterdir())
    return bag


def run(*cmd: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def unpacked(pair: Pair, tmp_path) -> Path:
    return unpack(export(pair, tmp_path / "p.zip"), tmp_path / "x")


def test_sha256sum_checks_both_manifests(unpacked):
    assert run("sha256sum", "-c", "--strict", "manifest-sha256.txt", cwd=unpacked).returncode == 0
    assert run("sha256sum", "-c", "--strict", "tagmanifest-sha256.txt", cwd=unpacked).returncode == 0


def test_bagit_validates_the_bag(unpacked):
    import bagit

    bag = bagit.Bag(str(unpacked))
    bag.validate()
    assert bag.version_info == (1, 0) and bag.info["Kind"] == "draft"
    script = Path(sys.executable).with_name("bagit.py")
    if script.exists():
        assert run(sys.executable, str(script), "--validate", str(unpacked)).returncode == 0


def test_bagit_notices_a_changed_payload(unpacked):
    import bagit

    (unpacked / "data" / "review.json").write_bytes(b"{}")
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(unpacked)).validate()


def test_minisign_verifies_the_tag_manifest_with_the_exported_public_key(pair: Pair, unpacked, tmp_path):
    pub = identity.export_public(pair.reviewer, tmp_path / "signer.pub")
    r = run("minisign", "-V", "-p", str(pub), "-m", str(unpacked / "tagmanifest-sha256.txt"))
    assert r.returncode == 0, r.stderr
    assert "peerreview-package" in r.stdout and pair.review_id in r.stdout
    # and with the base64 line that `keys show` prints
    line = identity.show(pair.reviewer)["minisign_public_key"]
    assert run("minisign", "-Vq", "-P", line, "-m", str(unpacked / "tagmanifest-sha256.txt")).returncode == 0


def test_minisign_rejects_an_altered_tag_manifest(pair: Pair, unpacked, tmp_path):
    pub = identity.export_public(pair.reviewer, tmp_path / "signer.pub")
    tm = unpacked / "tagmanifest-sha256.txt"
    tm.write_bytes(tm.read_bytes().replace(b"bagit.txt", b"bagit.TXT"))
    assert run("minisign", "-Vq", "-p", str(pub), "-m", str(tm)).returncode != 0


def test_stock_age_decrypts_a_package_to_the_signed_zip(pair: Pair, tmp_path):
    run("age-keygen", "-o", str(tmp_path / "key.txt"))
    recipient = next(w for w in (tmp_path / "key.txt").read_text().split() if w.startswith("age1"))
    enc = export(pair, tmp_path / "p.age", encrypt_to=recipient)
    r = run("age", "-d", "-i", str(tmp_path / "key.txt"), "-o", str(tmp_path / "p.zip"), str(enc))
    assert r.returncode == 0, r.stderr
    bag = unpack(tmp_path / "p.zip", tmp_path / "x")
    assert run("sha256sum", "-c", "manifest-sha256.txt", cwd=bag).returncode == 0


def test_a_package_made_by_stock_age_for_the_lead_imports(pair: Pair, tmp_path):
    """Sign-then-encrypt is plain age: re-encrypting the ZIP with the stock tool to the lead gives the same result."""
    from peerreview_desktop.core.packages import import_paths

    plain = export(pair, tmp_path / "p.zip")
    lead_recipient = identity.show(pair.lead)["age_recipient"]
    # a plain package bound to no recipient may travel encrypted too
    r = run("age", "-r", lead_recipient, "-o", str(tmp_path / "p.age"), str(plain))
    assert r.returncode == 0, r.stderr
    (res,) = import_paths(pair.lead, [tmp_path / "p.age"], PASSPHRASE)
    assert res.status == "imported" and res.encrypted
