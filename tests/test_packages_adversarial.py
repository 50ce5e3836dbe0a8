"""Hostile and damaged packages: each is refused with its exact reason, and the lead's data folder is byte for byte
what it was before (database, its write-ahead log, attachments, everything)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyrage import x25519

from package_helpers import (
    PASSPHRASE,
    Pair,
    entries,
    export,
    fingerprint,
    flip,
    rel_items,
    resign,
    rezip,
    set_bag_info,
    top,
)
from peerreview_desktop.core import age_crypto, attachments, identity
from peerreview_desktop.core.packages import import_paths, verify_path
from peerreview_desktop.core.packages.format import ATTACHMENT_NAME

pytest_plugins = ["package_fixtures"]


def refused(pair: Pair, path: Path, reason: str, *, intact: bool = False, backed_up: bool = False) -> None:
    """Import refuses `path` for `reason` and the lead's data folder does not change at all; verify refuses it for
    the same reason, or (`intact`: a refusal by the ledger or the store, not of the package) finds it intact.
    `backed_up`: the import got as far as its backup (taken before writing), which is then the only new file."""
    lead_dir = pair.root / "lead"
    before = fingerprint(lead_dir, backups=not backed_up)
    (res,) = import_paths(pair.lead, [path], PASSPHRASE)
    assert (res.status, res.reason) == ("refused", reason), res.message
    assert res.message and "\n" not in res.message and "Traceback" not in res.message
    v = verify_path(pair.lead, path, PASSPHRASE)
    assert (v.ok, v.reason) == ((True, None) if intact else (False, reason)), v.message
    assert fingerprint(lead_dir, backups=not backed_up) == before
    if backed_up:
        assert [p.name for p in (lead_dir / "backups").iterdir()][0].endswith("before-import.db")


@pytest.fixture
def genuine(pair: Pair, tmp_path) -> Path:
    return export(pair, tmp_path / "genuine.zip")


def parts(path: Path) -> tuple[dict[str, bytes], str]:
    items = entries(path)
    return rel_items(items), top(items)


def attachment_of(files: dict[str, bytes]) -> str:
    return next(k for k in files if ATTACHMENT_NAME.fullmatch(k))


def test_the_genuine_package_is_imported(pair: Pair, genuine):
    (res,) = import_paths(pair.lead, [genuine])
    assert res.status == "imported"


# ---------------------------------------------------------------------------------------------------- altered bytes


def test_one_flipped_byte_in_review_json(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["data/review.json"] = files["data/review.json"].replace(b'"draft"', b'"final"', 1)
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "checksum-mismatch")


def test_one_flipped_byte_in_an_attachment(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    name = attachment_of(files)
    files[name] = flip(files[name])
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "checksum-mismatch")


def test_one_flipped_byte_in_the_report(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["data/report.pdf"] = flip(files["data/report.pdf"])
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "checksum-mismatch")


def test_one_flipped_byte_in_the_manifest(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["manifest-sha256.txt"] = flip(files["manifest-sha256.txt"], 3)
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "checksum-mismatch")


def test_manifest_and_data_changed_together(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["data/review.json"] = files["data/review.json"].replace(b'"draft"', b'"final"', 1)
    forged = resign(files, Ed25519PrivateKey.generate(), "0000000000000001")
    files.update({k: v for k, v in forged.items() if k == "manifest-sha256.txt"})
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "checksum-mismatch")


def test_one_flipped_byte_in_the_tag_manifest(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["tagmanifest-sha256.txt"] = flip(files["tagmanifest-sha256.txt"], 5)
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "bad-signature")


def test_one_flipped_bit_in_the_signature(pair: Pair, genuine, tmp_path):
    import base64

    files, folder = parts(genuine)
    lines = files["tagmanifest-sha256.txt.minisig"].decode().split("\n")
    raw = bytearray(base64.b64decode(lines[1]))
    raw[-1] ^= 1
    lines[1] = base64.b64encode(bytes(raw)).decode()
    files["tagmanifest-sha256.txt.minisig"] = "\n".join(lines).encode()
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "bad-signature")


def test_an_edited_trusted_comment(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["tagmanifest-sha256.txt.minisig"] = files["tagmanifest-sha256.txt.minisig"].replace(
        b"revision=1", b"revision=9")
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "bad-signature")


def test_a_garbled_signature_file(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["tagmanifest-sha256.txt.minisig"] = b"this is not a signature\n"
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "malformed-signature")


# ---------------------------------------------------------------------------------------------------- files


def test_a_file_added_outside_the_format(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["data/notes.txt"] = b"extra"
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "unexpected-file")


def test_an_attachment_added_but_not_in_the_manifest(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["data/attachments/" + "ab" * 32 + ".jpg"] = b"smuggled"
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "unexpected-file")


def test_a_file_removed(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    del files[attachment_of(files)]
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "missing-file")


def test_a_required_file_removed(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    del files["bagit.txt"]
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "missing-file")


def test_a_file_renamed(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    name = attachment_of(files)
    files[name.replace(".jpg", ".png")] = files.pop(name)
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "unexpected-file")


def test_a_signature_swapped_from_another_package(pair: Pair, genuine, tmp_path):
    other = export(pair, tmp_path / "other.zip")
    files, folder = parts(genuine)
    files["tagmanifest-sha256.txt.minisig"] = parts(other)[0]["tagmanifest-sha256.txt.minisig"]
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "bad-signature")


def test_tag_files_swapped_from_another_package(pair: Pair, genuine, tmp_path):
    other = export(pair, tmp_path / "other.zip")
    files, folder = parts(genuine)
    o = parts(other)[0]
    for k in ("tagmanifest-sha256.txt", "tagmanifest-sha256.txt.minisig", "bag-info.txt"):
        files[k] = o[k]
    refused(pair, rezip(tmp_path / "t.zip", files, folder), "checksum-mismatch")


# ---------------------------------------------------------------------------------------------------- signers


def test_an_unknown_signer(pair: Pair, tmp_path):
    from peerreview_desktop.core.packages import export_package

    stranger = pair.open_other("stranger")
    try:
        export_package(stranger, pair.review_id, tmp_path / "s.zip", passphrase=PASSPHRASE)
    finally:
        stranger.close()
    refused(pair, tmp_path / "s.zip", "unknown-signer")


def test_a_revoked_signer(pair: Pair, genuine):
    identity.revoke(pair.lead, pair.reviewer_key_id)
    refused(pair, genuine, "revoked-signer")


def test_a_key_that_copies_a_trusted_key_id(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    forged = resign(files, Ed25519PrivateKey.generate(), pair.reviewer_key_id)
    refused(pair, rezip(tmp_path / "t.zip", forged, folder), "bad-signature")


def test_a_signed_comment_that_does_not_match_bag_info(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    forged = resign(set_bag_info(files, "Revision", "7"), pair.reviewer_keys.signing, pair.reviewer_key_id)
    refused(pair, rezip(tmp_path / "t.zip", forged, folder), "comment-mismatch")


# ---------------------------------------------------------------------------------------------------- recipients


def test_a_package_encrypted_to_someone_else(pair: Pair, tmp_path):
    stock = x25519.Identity.generate()
    refused(pair, export(pair, tmp_path / "p.age", encrypt_to=str(stock.to_public())), "wrong-recipient")


def test_a_decrypted_package_made_for_someone_else(pair: Pair, tmp_path):
    stock = x25519.Identity.generate()
    enc = export(pair, tmp_path / "p.age", encrypt_to=str(stock.to_public()))
    age_crypto.decrypt_file(enc, tmp_path / "p.zip", str(stock))
    refused(pair, tmp_path / "p.zip", "wrong-recipient")


def test_a_damaged_encrypted_package(pair: Pair, tmp_path):
    enc = export(pair, tmp_path / "p.age", encrypt_to="Tobias Ekwueme")
    data = enc.read_bytes()
    enc.write_bytes(data[:-40] + bytes(40))
    refused(pair, enc, "malformed")


# ---------------------------------------------------------------------------------------------------- ledger


def test_a_replayed_older_revision(pair: Pair, tmp_path):
    old = export(pair, tmp_path / "r1.zip")
    new = export(pair, tmp_path / "r2.zip")
    assert [r.status for r in import_paths(pair.lead, [new])] == ["imported"]
    refused(pair, old, "older-revision", intact=True)


def test_a_reused_package_id_with_other_content(pair: Pair, genuine, tmp_path):
    import_paths(pair.lead, [genuine])
    files, folder = parts(genuine)
    doc = json.loads(files["data/review.json"])
    doc["review"]["context"] = "Rewritten after signing."
    files["data/review.json"] = json.dumps(doc).encode()
    forged = resign(files, pair.reviewer_keys.signing, pair.reviewer_key_id)
    refused(pair, rezip(tmp_path / "t.zip", forged, folder), "package-id-reused", intact=True)


def test_a_final_package_cannot_replace_the_leads_own_review(pair: Pair, genuine):
    from peerreview_desktop.core.demo import ensure_demo

    ensure_demo(pair.lead)  # the lead has their own copy of the same review ID
    refused(pair, genuine, "own-review", intact=True)


def test_two_revisions_from_the_same_base_are_a_conflict_both_kept(pair: Pair, tmp_path):
    base = export(pair, tmp_path / "base.zip")
    pair.reviewer.close()
    shutil.copytree(pair.root / "reviewer", pair.root / "reviewer-copy")
    from peerreview_desktop.core.store import Store

    pair.reviewer = Store.open(pair.root / "reviewer")
    a = export(pair, tmp_path / "a.zip")
    copy = Store.open(pair.root / "reviewer-copy")
    try:
        from peerreview_desktop.core import notes
        from peerreview_desktop.core.packages import export_package

        notes.add(copy, pair.review_id, "BRANCH-B note written on the other laptop")
        export_package(copy, pair.review_id, tmp_path / "b.zip", private_keys=pair.reviewer_keys)
    finally:
        copy.close()
    results = import_paths(pair.lead, [base, a, tmp_path / "b.zip"])
    assert [r.status for r in results] == ["imported", "superseded", "conflict"]
    from peerreview_desktop.core import notes as lead_notes
    from peerreview_desktop.core.packages import ledger
    from peerreview_desktop.core.packages.apply import choose_conflict

    states = [(e.revision, e.state) for e in ledger.entries(pair.lead, pair.review_id)]
    assert sorted(states) == [(1, "superseded"), (2, "conflict"), (2, "current")]
    texts = lambda: [n.text for n in lead_notes.list_notes(pair.lead, pair.review_id)]  # noqa: E731
    assert "BRANCH-B note written on the other laptop" not in texts()  # the review is not changed by a conflict
    choose_conflict(pair.lead, results[2].package_id[:8])
    assert "BRANCH-B note written on the other laptop" in texts()
    states = {e.package_id: e.state for e in ledger.entries(pair.lead, pair.review_id)}
    assert states[results[2].package_id] == "current" and states[results[1].package_id] == "superseded"


# ---------------------------------------------------------------------------------------------------- ZIP tricks


def _with_entry(genuine: Path, out: Path, name: str | zipfile.ZipInfo, data: bytes) -> Path:
    items = entries(genuine)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, d in items:
            z.writestr(n, d)
        z.writestr(name, data)
    out.write_bytes(buf.getvalue())
    return out


def test_zip_slip(pair: Pair, genuine, tmp_path):
    folder = top(entries(genuine))
    refused(pair, _with_entry(genuine, tmp_path / "t.zip", f"{folder}/../../evil.txt", b"x"), "unsafe-name")


def test_absolute_names(pair: Pair, genuine, tmp_path):
    refused(pair, _with_entry(genuine, tmp_path / "t.zip", "/etc/evil.txt", b"x"), "unsafe-name")
    refused(pair, _with_entry(genuine, tmp_path / "u.zip", "C:/evil.txt", b"x"), "unsafe-name")


def test_a_symlink_entry(pair: Pair, genuine, tmp_path):
    folder = top(entries(genuine))
    info = zipfile.ZipInfo(f"{folder}/data/report.pdf.link")
    info.create_system = 3
    info.external_attr = 0o120777 << 16
    refused(pair, _with_entry(genuine, tmp_path / "t.zip", info, b"/etc/passwd"), "link")


def test_a_duplicate_entry(pair: Pair, genuine, tmp_path):
    folder = top(entries(genuine))
    with pytest.warns(UserWarning, match="Duplicate name"):
        path = _with_entry(genuine, tmp_path / "t.zip", f"{folder}/data/review.json", b"{}")
    refused(pair, path, "duplicate-entry")


def test_names_that_differ_only_in_case(pair: Pair, genuine, tmp_path):
    folder = top(entries(genuine))
    refused(pair, _with_entry(genuine, tmp_path / "t.zip", f"{folder}/data/Review.json", b"{}"), "duplicate-entry")


def test_two_top_folders(pair: Pair, genuine, tmp_path):
    refused(pair, _with_entry(genuine, tmp_path / "t.zip", "other/bagit.txt", b"x"), "not-one-folder")


def test_a_zip_bomb_is_refused_unopened(pair: Pair, genuine, tmp_path):
    folder = top(entries(genuine))
    info = zipfile.ZipInfo(f"{folder}/data/attachments/{'cd' * 32}.bin")
    info.compress_type = zipfile.ZIP_DEFLATED
    refused(pair, _with_entry(genuine, tmp_path / "t.zip", info, bytes(64 << 20)), "too-large")


def test_a_truncated_file(pair: Pair, genuine, tmp_path):
    data = genuine.read_bytes()
    (tmp_path / "t.zip").write_bytes(data[: len(data) // 2])
    refused(pair, tmp_path / "t.zip", "not-a-package")


def test_not_a_zip_at_all(pair: Pair, tmp_path):
    (tmp_path / "t.zip").write_bytes(b"%PDF-1.7 not a package")
    refused(pair, tmp_path / "t.zip", "not-a-package")


def test_malformed_json_signed_by_a_trusted_key(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    files["data/review.json"] = b'{"format": "peerreview.package-review", '
    forged = resign(files, pair.reviewer_keys.signing, pair.reviewer_key_id)
    refused(pair, rezip(tmp_path / "t.zip", forged, folder), "malformed")


def test_valid_json_with_a_wrong_field_type(pair: Pair, genuine, tmp_path):
    files, folder = parts(genuine)
    doc = json.loads(files["data/review.json"])
    doc["review"]["notes"][0]["text"] = {"not": "text"}
    files["data/review.json"] = json.dumps(doc).encode()
    forged = resign(files, pair.reviewer_keys.signing, pair.reviewer_key_id)
    refused(pair, rezip(tmp_path / "t.zip", forged, folder), "malformed")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_corruption_never_gets_in(pair: Pair, genuine, tmp_path, data):
    genuine_id = verify_path(pair.lead, genuine).package_id
    raw = bytearray(genuine.read_bytes())
    for _ in range(data.draw(st.integers(1, 8), label="flips")):
        i = data.draw(st.integers(0, len(raw) - 1), label="at")
        raw[i] = data.draw(st.integers(0, 255).filter(lambda b, i=i: b != raw[i]), label="to")
    cut = data.draw(st.one_of(st.none(), st.integers(0, len(raw))), label="cut")
    bad = tmp_path / "corrupt.zip"
    bad.write_bytes(bytes(raw[:cut] if cut is not None else raw))
    before = fingerprint(pair.root / "lead")
    (res,) = import_paths(pair.lead, [bad])
    if res.status == "refused":
        assert res.reason and res.message and fingerprint(pair.root / "lead") == before
    else:  # only bytes no check covers were hit (e.g. a local header's timestamp): the content is the genuine one
        assert res.status in ("imported", "duplicate") and res.package_id == genuine_id


# ---------------------------------------------------------------------------------------------------- failures


def test_a_failure_mid_import_leaves_nothing_behind(pair: Pair, genuine):
    files, _ = parts(genuine)
    sha = ATTACHMENT_NAME.fullmatch(attachment_of(files)).group(1)
    blocker = attachments.path_for(pair.lead.attachments_dir, sha)
    blocker.mkdir(parents=True)  # a folder where the attachment's file must go: the move into place fails
    refused(pair, genuine, "write-failed", intact=True, backed_up=True)
    assert blocker.is_dir() and not any(blocker.iterdir())


def test_refusals_from_a_folder_do_not_stop_the_good_ones(pair: Pair, genuine, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    shutil.copy(genuine, folder / "a-good.zip")
    (folder / "b-bad.zip").write_bytes(b"PK\x03\x04 broken")
    (folder / "readme.txt").write_text("not a package")
    results = import_paths(pair.lead, [folder])
    assert sorted((Path(r.path).name, r.status) for r in results) == [("a-good.zip", "imported"),
                                                                      ("b-bad.zip", "refused")]
