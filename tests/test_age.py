"""age encryption: the stock `age` tool opens what we encrypt and we open what it encrypts; damage is refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrage import x25519

from peerreview_desktop.core import age_crypto
from peerreview_desktop.core.errors import InvalidInput, KeyError_, NotFound, PackageRefused, PeerReviewError

needs_age = pytest.mark.skipif(
    (shutil.which("age") is None or shutil.which("age-keygen") is None) and not os.environ.get("CI"),
    reason="the stock age tools are not installed",
)
PAYLOAD = b"PK\x03\x04 pretend this is a review package zip\n" * 500


@pytest.fixture(scope="module")
def lead() -> tuple[str, str]:
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


@pytest.fixture(scope="module")
def stranger() -> tuple[str, str]:
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, stdin=subprocess.DEVNULL, timeout=60)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# ---------------------------------------------------------------------------------------------------- in memory


def test_encrypt_writes_binary_age_that_decrypts(lead):
    sealed = age_crypto.encrypt(PAYLOAD, [lead[1]])
    assert sealed.startswith(b"age-encryption.org/v1\n-> X25519 ")
    assert PAYLOAD not in sealed
    assert age_crypto.decrypt(sealed, lead[0]) == PAYLOAD


def test_every_recipient_can_decrypt(lead, stranger):
    sealed = age_crypto.encrypt(PAYLOAD, [lead[1], stranger[1]])
    assert age_crypto.decrypt(sealed, lead[0]) == age_crypto.decrypt(sealed, stranger[0]) == PAYLOAD


def test_someone_else_cannot_decrypt(lead, stranger):
    sealed = age_crypto.encrypt(PAYLOAD, [lead[1]])
    with pytest.raises(PackageRefused) as err:
        age_crypto.decrypt(sealed, stranger[0])
    assert err.value.reason == "wrong-recipient"
    assert str(err.value) == "This package is encrypted to someone else; it cannot be opened with your key."


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b"",
        lambda b: b"PK\x03\x04 a plain zip",
        lambda b: b[: len(b) // 2],
        lambda b: b[:-1],
        lambda b: b[:-30] + bytes([b[-30] ^ 0x40]) + b[-29:],
        lambda b: b"age-encryption.org/v1\n",
    ],
)
def test_damaged_ciphertext_is_malformed(lead, damage):
    sealed = age_crypto.encrypt(PAYLOAD, [lead[1]])
    with pytest.raises(PackageRefused) as err:
        age_crypto.decrypt(damage(sealed), lead[0])
    assert err.value.reason == "malformed"


def test_a_stanza_of_an_unknown_kind_reads_as_encrypted_to_someone_else(lead):
    sealed = age_crypto.encrypt(PAYLOAD, [lead[1]]).replace(b"X25519 ", b"X25518 ", 1)
    with pytest.raises(PackageRefused) as err:
        age_crypto.decrypt(sealed, lead[0])
    assert err.value.reason == "wrong-recipient"


def test_recipients_are_checked(lead):
    assert age_crypto.valid_recipient(lead[1])
    for bad in [
        "",
        "age1",
        "age1qqqq",
        lead[1][:-1] + ("q" if lead[1][-1] != "q" else "p"),
        " " + lead[1],
        lead[1].upper(),
        lead[0],
        None,
        42,
    ]:
        assert not age_crypto.valid_recipient(bad), bad
    with pytest.raises(InvalidInput):
        age_crypto.encrypt(PAYLOAD, ["age1notarecipient"])
    with pytest.raises(InvalidInput):
        age_crypto.encrypt(PAYLOAD, [])


def test_a_bad_identity_is_a_key_error(lead):
    sealed = age_crypto.encrypt(PAYLOAD, [lead[1]])
    with pytest.raises(KeyError_):
        age_crypto.decrypt(sealed, "AGE-SECRET-KEY-1NOTAKEY")


def test_is_age_recognises_binary_and_armoured_files(tmp_path, lead):
    sealed = age_crypto.encrypt(PAYLOAD, [lead[1]])
    assert age_crypto.is_age(sealed)
    assert not age_crypto.is_age(PAYLOAD)
    assert age_crypto.is_age(b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n")
    (tmp_path / "p.age").write_bytes(sealed)
    (tmp_path / "p.zip").write_bytes(PAYLOAD)
    assert age_crypto.is_age(tmp_path / "p.age") and age_crypto.is_age(str(tmp_path / "p.age"))
    assert not age_crypto.is_age(tmp_path / "p.zip")
    assert not age_crypto.is_age(tmp_path / "missing.age")


# ---------------------------------------------------------------------------------------------------- files


def test_files_round_trip_without_reading_them_whole(tmp_path, lead):
    src, sealed, out = tmp_path / "package.zip", tmp_path / "package.zip.age", tmp_path / "opened.zip"
    src.write_bytes(os.urandom(8 * 1024 * 1024))
    tracemalloc.start()
    try:
        age_crypto.encrypt_file(src, sealed, [lead[1]])
        age_crypto.decrypt_file(sealed, out, lead[0])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024  # Python never held the 8 MB file
    assert age_crypto.is_age(sealed)
    assert out.read_bytes() == src.read_bytes()
    assert leftovers(tmp_path) == []


def test_a_damaged_file_leaves_no_partial_plaintext(tmp_path, lead):
    src, sealed, out = tmp_path / "package.zip", tmp_path / "package.age", tmp_path / "opened.zip"
    src.write_bytes(os.urandom(300 * 1024))
    age_crypto.encrypt_file(src, sealed, [lead[1]])
    data = bytearray(sealed.read_bytes())
    data[-1000] ^= 0x01  # in the last chunk: every earlier chunk authenticates and would be written
    sealed.write_bytes(bytes(data))
    with pytest.raises(PackageRefused) as err:
        age_crypto.decrypt_file(sealed, out, lead[0])
    assert err.value.reason == "malformed"
    assert not out.exists() and leftovers(tmp_path) == []


def test_a_truncated_file_is_refused_and_an_existing_output_is_kept(tmp_path, lead):
    src, sealed, out = tmp_path / "package.zip", tmp_path / "package.age", tmp_path / "opened.zip"
    src.write_bytes(os.urandom(200 * 1024))
    age_crypto.encrypt_file(src, sealed, [lead[1]])
    sealed.write_bytes(sealed.read_bytes()[:-70000])
    out.write_bytes(b"earlier file")
    with pytest.raises(PackageRefused):
        age_crypto.decrypt_file(sealed, out, lead[0])
    assert out.read_bytes() == b"earlier file" and leftovers(tmp_path) == []


def test_a_file_for_someone_else_is_refused(tmp_path, lead, stranger):
    (tmp_path / "p.zip").write_bytes(PAYLOAD)
    age_crypto.encrypt_file(tmp_path / "p.zip", tmp_path / "p.age", [lead[1]])
    with pytest.raises(PackageRefused) as err:
        age_crypto.decrypt_file(tmp_path / "p.age", tmp_path / "out.zip", stranger[0])
    assert err.value.reason == "wrong-recipient"
    assert not (tmp_path / "out.zip").exists()


def test_missing_files_and_folders_are_not_found(tmp_path, lead):
    with pytest.raises(NotFound):
        age_crypto.encrypt_file(tmp_path / "nope.zip", tmp_path / "x.age", [lead[1]])
    (tmp_path / "p.zip").write_bytes(PAYLOAD)
    with pytest.raises(NotFound):
        age_crypto.encrypt_file(tmp_path / "p.zip", tmp_path / "no-folder" / "x.age", [lead[1]])
    with pytest.raises(NotFound):
        age_crypto.decrypt_file(tmp_path / "nope.age", tmp_path / "x.zip", lead[0])


# ---------------------------------------------------------------------------------------------------- stock tool


@pytest.fixture(scope="module")
def keygen_identity(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("agekey")
    done = run("age-keygen", "-o", "key.txt", cwd=folder)
    assert done.returncode == 0, done.stderr
    text = (folder / "key.txt").read_text()
    recipient = next(ln.split(": ", 1)[1] for ln in text.splitlines() if ln.startswith("# public key: "))
    return folder / "key.txt", recipient


@needs_age
def test_stock_age_decrypts_what_we_encrypt(tmp_path, keygen_identity):
    key_file, recipient = keygen_identity
    (tmp_path / "p.zip").write_bytes(PAYLOAD)
    age_crypto.encrypt_file(tmp_path / "p.zip", tmp_path / "p.age", [recipient])
    done = run("age", "-d", "-i", str(key_file), "-o", "out.zip", "p.age", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.zip").read_bytes() == PAYLOAD
    (tmp_path / "mem.age").write_bytes(age_crypto.encrypt(b"small", [recipient]))
    assert run("age", "-d", "-i", str(key_file), "mem.age", cwd=tmp_path).stdout == b"small"


@needs_age
@pytest.mark.parametrize("armor", [False, True])
def test_we_decrypt_what_stock_age_encrypts(tmp_path, lead, armor):
    (tmp_path / "p.zip").write_bytes(PAYLOAD)
    done = run("age", "-r", lead[1], *(["--armor"] if armor else []), "-o", "p.age", "p.zip", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert age_crypto.is_age(tmp_path / "p.age")
    assert age_crypto.decrypt((tmp_path / "p.age").read_bytes(), lead[0]) == PAYLOAD
    age_crypto.decrypt_file(tmp_path / "p.age", tmp_path / "out.zip", lead[0])
    assert (tmp_path / "out.zip").read_bytes() == PAYLOAD


@needs_age
def test_we_decrypt_with_an_identity_made_by_age_keygen(tmp_path, keygen_identity):
    key_file, recipient = keygen_identity
    identity = next(ln for ln in key_file.read_text().splitlines() if ln.startswith("AGE-SECRET-KEY-"))
    (tmp_path / "p.zip").write_bytes(PAYLOAD)
    assert run("age", "-r", recipient, "-o", "p.age", "p.zip", cwd=tmp_path).returncode == 0
    assert age_crypto.decrypt((tmp_path / "p.age").read_bytes(), identity) == PAYLOAD


@needs_age
def test_stock_age_cannot_open_a_package_encrypted_to_someone_else(tmp_path, keygen_identity, lead):
    key_file, _ = keygen_identity
    (tmp_path / "p.age").write_bytes(age_crypto.encrypt(PAYLOAD, [lead[1]]))
    assert run("age", "-d", "-i", str(key_file), "p.age", cwd=tmp_path).returncode != 0


# ---------------------------------------------------------------------------------------------------- hostile input


@settings(max_examples=200, deadline=None)
@given(junk=st.binary(max_size=600), header=st.booleans())
def test_random_bytes_only_raise_peer_review_errors(lead, junk, header):
    data = (age_crypto.MAGIC + junk) if header else junk
    with pytest.raises(PeerReviewError):
        age_crypto.decrypt(data, lead[0])


@settings(max_examples=100, deadline=None)
@given(cut=st.integers(0, 400), flip=st.integers(0, 400))
def test_mangled_genuine_ciphertext_only_raises_package_refused(lead, cut, flip):
    sealed = bytearray(age_crypto.encrypt(b"short package", [lead[1]]))
    sealed[flip % len(sealed)] ^= 0x04
    with pytest.raises(PackageRefused):
        age_crypto.decrypt(bytes(sealed[: len(sealed) - cut % 8]), lead[0])
