"""Minisign signatures: our files check with the stock `minisign` tool, its files check with ours, tampering fails."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from peerreview_desktop.core import minisign
from peerreview_desktop.core.errors import InvalidInput, PackageRefused, PeerReviewError

MINISIGN = shutil.which("minisign")
needs_minisign = pytest.mark.skipif(
    MINISIGN is None and not os.environ.get("CI"), reason="the stock minisign tool is not installed"
)

KEY_ID = "1F2E3D4C5B6A7988"
MESSAGE = b"bagit.txt a1b2\nmanifest-sha256.txt c3d4\n"
COMMENT = "package:5f0c revision:2 review:Oakfield Primary peer review"


@pytest.fixture(scope="module")
def private() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def public_file(private) -> str:
    return minisign.public_key_file(KEY_ID, private.public_key().public_bytes_raw())


def run_minisign(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MINISIGN or "minisign", *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60
    )


@pytest.fixture(scope="module")
def stock_key(tmp_path_factory) -> Path:
    """A key pair made by the stock tool, without a password (-W)."""
    folder = tmp_path_factory.mktemp("stock")
    done = run_minisign("-G", "-W", "-p", "stock.pub", "-s", "stock.key", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


def stock_sign(folder: Path, message: bytes, *extra: str) -> str:
    (folder / "msg.txt").write_bytes(message)
    done = run_minisign("-S", "-s", "stock.key", "-m", "msg.txt", "-x", "msg.txt.minisig", *extra, cwd=folder)
    assert done.returncode == 0, done.stderr
    return (folder / "msg.txt.minisig").read_text()


def with_line(sig_text: str, index: int, line: str) -> str:
    lines = sig_text.splitlines()
    lines[index] = line
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------- formats


def test_key_id_is_printed_little_endian_like_minisign():
    assert minisign.key_id_from_bytes(bytes.fromhex("88796a5b4c3d2e1f")) == KEY_ID
    assert minisign.key_id_to_bytes(KEY_ID) == bytes.fromhex("88796a5b4c3d2e1f")
    with pytest.raises(InvalidInput):
        minisign.key_id_to_bytes("not-a-key-id")


def test_public_key_file_has_the_minisign_layout(private, public_file):
    comment, line, end = public_file.split("\n")
    assert comment == f"untrusted comment: minisign public key {KEY_ID}"
    assert end == ""
    raw = base64.b64decode(line)
    assert raw == b"Ed" + bytes.fromhex("88796a5b4c3d2e1f") + private.public_key().public_bytes_raw()
    assert minisign.parse_public_key(public_file) == (KEY_ID, private.public_key().public_bytes_raw())
    assert minisign.parse_public_key(line) == minisign.parse_public_key(raw)


def test_signature_is_prehashed_with_four_lines(private):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT, "signed by Peer Review Desktop")
    lines = sig.split("\n")
    assert lines[0] == "untrusted comment: signed by Peer Review Desktop"
    assert base64.b64decode(lines[1])[:10] == b"ED" + minisign.key_id_to_bytes(KEY_ID)
    assert lines[2] == f"trusted comment: {COMMENT}"
    assert len(base64.b64decode(lines[3])) == 64
    assert lines[4:] == [""]
    assert minisign.parse_signature(sig).prehashed


def test_our_signature_verifies_with_our_verify(private, public_file):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT)
    assert minisign.verify(MESSAGE, sig, public_file) == COMMENT
    assert minisign.verify(MESSAGE, sig.encode(), public_file.encode()) == COMMENT


@pytest.mark.parametrize("comment", ["two\nlines", "carriage\rreturn", "nul\x00byte", "x" * 9000])
def test_a_comment_that_minisign_could_not_carry_is_refused(private, comment):
    with pytest.raises(InvalidInput):
        minisign.sign(MESSAGE, private, KEY_ID, comment)


# ---------------------------------------------------------------------------------------------------- stock tool


@needs_minisign
def test_stock_minisign_accepts_our_signature_and_shows_the_trusted_comment(tmp_path, private, public_file):
    (tmp_path / "tagmanifest-sha256.txt").write_bytes(MESSAGE)
    (tmp_path / "signer.pub").write_text(public_file)
    (tmp_path / "tagmanifest-sha256.txt.minisig").write_text(minisign.sign(MESSAGE, private, KEY_ID, COMMENT))
    done = run_minisign("-Vm", "tagmanifest-sha256.txt", "-p", "signer.pub", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"Trusted comment: {COMMENT}" in done.stdout
    prehashed_only = run_minisign(
        "-V", "-H", "-m", "tagmanifest-sha256.txt", "-P", public_file.split("\n")[1], cwd=tmp_path
    )
    assert prehashed_only.returncode == 0, prehashed_only.stderr


@needs_minisign
def test_stock_minisign_refuses_our_signature_on_an_altered_file(tmp_path, private, public_file):
    (tmp_path / "m.txt").write_bytes(MESSAGE + b"extra line\n")
    (tmp_path / "signer.pub").write_text(public_file)
    (tmp_path / "m.txt.minisig").write_text(minisign.sign(MESSAGE, private, KEY_ID, COMMENT))
    assert run_minisign("-Vm", "m.txt", "-p", "signer.pub", cwd=tmp_path).returncode != 0


@needs_minisign
def test_stock_signature_verifies_with_our_verify(stock_key):
    sig = stock_sign(stock_key, MESSAGE, "-t", COMMENT)
    assert minisign.parse_signature(sig).prehashed
    assert minisign.verify(MESSAGE, sig, (stock_key / "stock.pub").read_text()) == COMMENT


@needs_minisign
def test_stock_legacy_signature_verifies_with_our_verify(stock_key):
    sig = stock_sign(stock_key, MESSAGE, "-l", "-t", "legacy")
    assert not minisign.parse_signature(sig).prehashed
    assert minisign.verify(MESSAGE, sig, (stock_key / "stock.pub").read_text()) == "legacy"
    with pytest.raises(PackageRefused) as err:
        minisign.verify(MESSAGE + b"!", sig, (stock_key / "stock.pub").read_text())
    assert err.value.reason == "bad-signature"


@needs_minisign
def test_key_id_we_parse_matches_the_one_minisign_prints(stock_key):
    text = (stock_key / "stock.pub").read_text()
    printed = re.search(r"minisign public key ([0-9A-F]+)", text).group(1)
    key_id, _ = minisign.parse_public_key(text)
    assert key_id == printed.rjust(16, "0")


@needs_minisign
def test_stock_signature_of_another_message_is_refused(stock_key):
    sig = stock_sign(stock_key, MESSAGE)
    with pytest.raises(PackageRefused) as err:
        minisign.verify(b"a different manifest\n", sig, (stock_key / "stock.pub").read_text())
    assert err.value.reason == "bad-signature"


# ---------------------------------------------------------------------------------------------------- tampering


def test_altered_message_is_refused(private, public_file):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT)
    with pytest.raises(PackageRefused) as err:
        minisign.verify(MESSAGE.replace(b"a1b2", b"a1b3"), sig, public_file)
    assert err.value.reason == "bad-signature"


def test_altered_trusted_comment_is_refused(private, public_file):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT)
    forged = with_line(sig, 2, "trusted comment: " + COMMENT.replace("revision:2", "revision:3"))
    with pytest.raises(PackageRefused) as err:
        minisign.verify(MESSAGE, forged, public_file)
    assert err.value.reason == "bad-signature"
    assert "trusted comment" in str(err.value)


def test_altered_signature_bytes_are_refused(private, public_file):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT)
    raw = bytearray(base64.b64decode(sig.split("\n")[1]))
    raw[40] ^= 0x01
    with pytest.raises(PackageRefused) as err:
        minisign.verify(MESSAGE, with_line(sig, 1, base64.b64encode(bytes(raw)).decode()), public_file)
    assert err.value.reason == "bad-signature"


def test_signature_by_another_key_is_a_key_mismatch(private):
    other = Ed25519PrivateKey.generate()
    sig = minisign.sign(MESSAGE, other, "0102030405060708", COMMENT)
    public = minisign.public_key_line(KEY_ID, private.public_key().public_bytes_raw())
    with pytest.raises(PackageRefused) as err:
        minisign.verify(MESSAGE, sig, public)
    assert err.value.reason == "key-mismatch"
    assert "0102030405060708" in str(err.value)


def test_another_key_claiming_our_key_id_is_a_bad_signature(private, public_file):
    sig = minisign.sign(MESSAGE, Ed25519PrivateKey.generate(), KEY_ID, COMMENT)
    with pytest.raises(PackageRefused) as err:
        minisign.verify(MESSAGE, sig, public_file)
    assert err.value.reason == "bad-signature"


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: "",
        lambda s: "\n".join(s.split("\n")[:3]),
        lambda s: s.replace("untrusted comment: ", "comment: "),
        lambda s: with_line(s, 2, "comment: " + COMMENT),
        lambda s: with_line(s, 1, "!!!not base64!!!"),
        lambda s: with_line(s, 1, base64.b64encode(b"XX" + base64.b64decode(s.split("\n")[1])[2:]).decode()),
        lambda s: with_line(s, 3, base64.b64encode(b"short").decode()),
        lambda s: s + "trailing rubbish\n",
    ],
)
def test_damaged_signature_file_is_malformed(private, public_file, damage):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT)
    with pytest.raises(PackageRefused) as err:
        minisign.verify(MESSAGE, damage(sig), public_file)
    assert err.value.reason == "malformed-signature"


def test_windows_line_endings_still_verify(private, public_file):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT).replace("\n", "\r\n")
    assert minisign.verify(MESSAGE, sig, public_file.replace("\n", "\r\n")) == COMMENT


def test_a_public_key_that_is_not_minisign_is_invalid_input(private):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT)
    with pytest.raises(InvalidInput):
        minisign.verify(MESSAGE, sig, "untrusted comment: hello\nnot a key\n")


def test_files_are_signed_and_verified_in_chunks(tmp_path, private, public_file):
    path = tmp_path / "package.zip"
    path.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    sig = minisign.sign_file(path, private, KEY_ID, COMMENT)
    assert sig.split("\n")[1] == minisign.sign(path.read_bytes(), private, KEY_ID, COMMENT).split("\n")[1]
    assert minisign.verify_file(path, sig, public_file) == COMMENT
    with path.open("r+b") as handle:
        handle.seek(2 * 1024 * 1024)
        handle.write(b"\x00\x01")
    with pytest.raises(PackageRefused):
        minisign.verify_file(path, sig, public_file)


# ---------------------------------------------------------------------------------------------------- hostile input


@settings(max_examples=200, deadline=None)
@given(junk=st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_random_signature_input_only_raises_peer_review_errors(private, public_file, junk):
    try:
        minisign.verify(MESSAGE, junk, public_file)
    except PeerReviewError:
        pass
    else:
        pytest.fail("random input verified")


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.text(max_size=120), min_size=4, max_size=4), swap=st.integers(0, 3))
def test_signature_shaped_junk_only_raises_peer_review_errors(private, public_file, lines, swap):
    genuine = minisign.sign(MESSAGE, private, KEY_ID, COMMENT).split("\n")
    mixed = [genuine[i] if i != swap else lines[i] for i in range(4)]
    try:
        result = minisign.verify(MESSAGE, "\n".join(mixed), public_file)
    except PeerReviewError:
        return
    assert result == COMMENT and mixed[1:] == genuine[1:4]  # only the untrusted comment may differ


@settings(max_examples=100, deadline=None)
@given(junk=st.one_of(st.binary(max_size=200), st.text(max_size=200)))
def test_random_public_key_input_only_raises_peer_review_errors(private, junk):
    sig = minisign.sign(MESSAGE, private, KEY_ID, COMMENT)
    with pytest.raises(PeerReviewError):
        minisign.verify(MESSAGE, sig, junk)
