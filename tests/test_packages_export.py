"""Exporting a review as a package: layout, bag-info, signature comment, kinds, confidentiality, atomicity."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from pyrage import x25519

from clirun import cli
from package_helpers import (
    PASSPHRASE,
    Pair,
    entries,
    export,
    fingerprint,
    rel_items,
)
from peerreview_desktop.core import age_crypto, identity, minisign
from peerreview_desktop.core.errors import Cancelled, InvalidInput, ReviewLocked
from peerreview_desktop.core.packages import bag, export_package, ledger
from peerreview_desktop.core.packages.format import parse_bag_info, parse_trusted_comment

pytest_plugins = ["package_fixtures"]

ORDER = ["data/review.json", "data/report.pdf", "bagit.txt", "bag-info.txt", "manifest-sha256.txt",
         "tagmanifest-sha256.txt", "tagmanifest-sha256.txt.minisig"]


def test_a_package_is_one_bag_folder_in_a_fixed_order(pair: Pair, tmp_path):
    items = entries(export(pair, tmp_path / "p.zip"))
    names = [n for n, _ in items]
    folder = names[0].split("/")[0]
    assert all(n.startswith(folder + "/") for n in names)
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}-draft-r1", folder)
    rel = [n[len(folder) + 1:] for n in names]
    assert rel[1:] == ORDER  # the payload first (attachments by checksum), the tag files and signature last
    assert len(rel) == 8 and re.fullmatch(r"data/attachments/[0-9a-f]{64}\.jpg", rel[0])


def test_bag_info_and_trusted_comment_name_the_package(pair: Pair, tmp_path):
    files = rel_items(entries(export(pair, tmp_path / "p.zip")))
    info = parse_bag_info(files["bag-info.txt"])
    assert (info.review_id, info.revision, info.kind, info.supersedes, info.recipient) == (
        pair.review_id, 1, "draft", None, None)
    assert info.signer_key_id == pair.reviewer_key_id
    assert files["bagit.txt"] == b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    sig = minisign.parse_signature(files["tagmanifest-sha256.txt.minisig"])
    assert sig.prehashed and sig.key_id == pair.reviewer_key_id
    fields = parse_trusted_comment(sig.trusted_comment)
    assert fields["package"] == info.package_id and fields["review"] == pair.review_id
    assert fields["revision"] == "1" and fields["kind"] == "draft" and fields["recipient"] == "none"
    payload = {k: v for k, v in files.items() if k.startswith("data/")}
    oxum = f"{sum(map(len, payload.values()))}.{len(payload)}"
    assert f"Payload-Oxum: {oxum}\n" in files["bag-info.txt"].decode()


def test_manifests_list_every_file_with_its_checksum(pair: Pair, tmp_path):
    files = rel_items(entries(export(pair, tmp_path / "p.zip")))
    manifest = dict(reversed(line.split("  ")) for line in files["manifest-sha256.txt"].decode().splitlines())
    assert set(manifest) == {k for k in files if k.startswith("data/")}
    assert all(bag.sha256(files[k]) == v for k, v in manifest.items())
    tags = dict(reversed(line.split("  ")) for line in files["tagmanifest-sha256.txt"].decode().splitlines())
    assert set(tags) == {"bagit.txt", "bag-info.txt", "manifest-sha256.txt"}


def test_photos_are_stored_and_text_is_deflated(pair: Pair, tmp_path):
    with zipfile.ZipFile(export(pair, tmp_path / "p.zip")) as z:
        kinds = {i.filename.split("/", 1)[1]: i.compress_type for i in z.infolist()}
    assert kinds["data/review.json"] == zipfile.ZIP_DEFLATED and kinds["data/report.pdf"] == zipfile.ZIP_STORED
    assert [v for k, v in kinds.items() if k.endswith(".jpg")] == [zipfile.ZIP_STORED]


def test_review_json_has_the_documented_envelope(pair: Pair, tmp_path):
    doc = json.loads(rel_items(entries(export(pair, tmp_path / "p.zip")))["data/review.json"])
    assert doc["format"] == "peerreview.package-review" and doc["format_version"] == 1
    assert doc["kind"] == "draft" and doc["review_id"] == pair.review_id and doc["revision"] == 1
    assert doc["signer"]["key_id"] == pair.reviewer_key_id and doc["includes_confidential"] is False
    assert doc["review"]["schema"] == "peerreview.review/1" and doc["review"]["id"] == pair.review_id


def test_a_plain_package_carries_no_confidential_note_anywhere(pair: Pair, tmp_path):
    files = rel_items(entries(export(pair, tmp_path / "p.zip")))
    for name, data in files.items():
        assert b"CONFIDENTIAL-XY12" not in data, name
        assert not re.search(rb'"confidential":\s*true', data), name
    assert b"Lead concern" not in files["data/review.json"]  # the demo's own confidential note neither


def test_a_package_encrypted_to_a_trusted_lead_carries_confidential_notes(pair: Pair, tmp_path):
    out = export(pair, tmp_path / "p.age", encrypt_to="Tobias Ekwueme")
    assert age_crypto.is_age(out)
    lead_keys = identity.unlock(pair.lead, PASSPHRASE)
    plain = tmp_path / "p.zip"
    age_crypto.decrypt_file(out, plain, lead_keys.age_identity)
    files = rel_items(entries(plain))
    doc = json.loads(files["data/review.json"])
    assert doc["includes_confidential"] is True
    assert any("CONFIDENTIAL-XY12" in n["text"] for n in doc["review"]["notes"])
    assert b"CONFIDENTIAL-XY12" not in files["data/report.pdf"]
    assert parse_bag_info(files["bag-info.txt"]).recipient == identity.show(pair.lead)["age_recipient"]


def test_a_package_encrypted_to_anyone_else_leaves_confidential_notes_out(pair: Pair, tmp_path):
    stock = x25519.Identity.generate()
    out = export(pair, tmp_path / "p.age", encrypt_to=str(stock.to_public()))
    plain = tmp_path / "p.zip"
    age_crypto.decrypt_file(out, plain, str(stock))
    doc = json.loads(rel_items(entries(plain))["data/review.json"])
    assert doc["includes_confidential"] is False
    assert not any(n["confidential"] for n in doc["review"]["notes"])


def test_each_export_is_the_next_revision_and_supersedes_the_last(pair: Pair, tmp_path):
    a = parse_bag_info(rel_items(entries(export(pair, tmp_path / "a.zip")))["bag-info.txt"])
    b = parse_bag_info(rel_items(entries(export(pair, tmp_path / "b.zip")))["bag-info.txt"])
    assert (a.revision, b.revision, b.supersedes) == (1, 2, a.package_id)
    rows = ledger.entries(pair.reviewer, pair.review_id)
    assert [(r.revision, r.direction, r.state) for r in rows] == [(1, "out", "superseded"), (2, "out", "current")]


def test_notes_package_holds_the_plan_and_only_the_exporters_notes(pair: Pair, tmp_path):
    doc = json.loads(rel_items(entries(export(pair, tmp_path / "n.zip", kind="notes")))["data/review.json"])
    review = doc["review"]
    assert {n["author"] for n in review["notes"]} == {"Alys Brennan-Ford"}
    assert len(review["notes"]) == 1  # the confidential one stays home
    assert review["judgements"] == [] and review["findings"] == [] and review["host_comments"] == []
    assert review["team"] and review["framework"]["id"]


def test_kinds_are_checked_against_the_review(pair: Pair, tmp_path):
    with pytest.raises(InvalidInput, match="not final yet"):
        export(pair, tmp_path / "f.zip", kind="final")
    with pytest.raises(InvalidInput, match="made by the host"):
        export(pair, tmp_path / "r.zip", kind="response")
    with pytest.raises(InvalidInput, match="not a kind"):
        export(pair, tmp_path / "x.zip", kind="everything")
    assert not list(tmp_path.glob("*.zip"))


def test_a_received_review_cannot_be_exported(pair: Pair, tmp_path):
    from peerreview_desktop.core.packages import import_paths

    import_paths(pair.lead, [export(pair, tmp_path / "p.zip")])
    with pytest.raises(ReviewLocked, match="read-only"):
        export_package(pair.lead, pair.review_id, tmp_path / "again.zip", passphrase=PASSPHRASE)


def test_an_interrupted_export_leaves_no_partial_file_and_no_ledger_row(pair: Pair, tmp_path):
    out_dir = tmp_path / "usb"
    out_dir.mkdir()
    before = fingerprint(pair.root / "reviewer")

    def stop(done: int, total: int) -> None:
        if done > 1000:
            raise Cancelled()

    with pytest.raises(Cancelled):
        export(pair, out_dir / "p.zip", progress=stop)
    assert list(out_dir.iterdir()) == []
    assert fingerprint(pair.root / "reviewer") == before
    assert ledger.entries(pair.reviewer, pair.review_id) == []


def test_a_damaged_attachment_in_the_store_stops_the_export(pair: Pair, tmp_path):
    (path,) = [p for p in pair.reviewer.attachments_dir.rglob("*") if p.is_file()]
    path.write_bytes(path.read_bytes()[:-1] + b"!")
    with pytest.raises(Exception, match="damaged"):
        export(pair, tmp_path / "p.zip")
    assert not (tmp_path / "p.zip").exists() and list(tmp_path.glob(".p.zip*")) == []


def test_a_wrong_passphrase_writes_nothing(pair: Pair, tmp_path):
    out = tmp_path / "usb"
    out.mkdir()
    with pytest.raises(Exception, match="passphrase is not right"):
        export_package(pair.reviewer, pair.review_id, out / "p.zip", passphrase="wrong")
    assert list(out.iterdir()) == []


def test_cli_export_verify_import_json(capsys, pair: Pair, tmp_path):
    pair.close()
    r_dir, l_dir = pair.root / "reviewer", pair.root / "lead"
    r = cli(capsys, r_dir, "export", pair.review_id[:8], "-o", str(tmp_path / "p.zip"), "--json")
    assert r.code == 0, r.err
    assert r.json()["kind"] == "draft" and r.json()["revision"] == 1
    v = cli(capsys, l_dir, "verify", str(tmp_path / "p.zip"), "--json").json()
    assert v["ok"] is True and v["reason"] is None and v["kind"] == "draft" and v["revision"] == 1
    assert v["signer"] == {"name": "Alys Brennan-Ford", "key_id": pair.reviewer_key_id,
                           "fingerprint": v["signer"]["fingerprint"]}
    i = cli(capsys, l_dir, "import", str(tmp_path / "p.zip"), "--json")
    assert i.code == 0 and [x["status"] for x in i.json()] == ["imported"]
    listed = cli(capsys, l_dir, "reviews", "list", "--json").json()
    assert [x["mode"] for x in listed if x["id"] == pair.review_id] == ["received"]
