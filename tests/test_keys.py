"""Key material: generated, sealed under a passphrase, unsealed only with it, and shown as fingerprint words."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrage import x25519

from peerreview_desktop.core import age_crypto, keys, minisign
from peerreview_desktop.core.errors import InvalidInput, KeyError_, PeerReviewError

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def bundle() -> keys.KeyBundle:
    return keys.generate("Priya Okonjo-Hart", PASSPHRASE)


@pytest.fixture(scope="module")
def other() -> keys.KeyBundle:
    return keys.generate("Mallory Vance", PASSPHRASE)


def reblob(sealed: bytes, **changes) -> bytes:
    blob = json.loads(sealed)
    blob.update(changes)
    return json.dumps(blob).encode()


# ---------------------------------------------------------------------------------------------------- generate


def test_generate_makes_minisign_and_age_keys(bundle):
    assert re.fullmatch(r"[0-9A-F]{16}", bundle.key_id)
    assert len(bundle.signing_public) == 32
    assert age_crypto.valid_recipient(bundle.age_recipient)
    assert datetime.fromisoformat(bundle.created).tzinfo is not None
    assert bundle.name == "Priya Okonjo-Hart"


def test_two_generated_keys_differ(bundle, other):
    a, b = bundle, other
    assert a.key_id != b.key_id and a.signing_public != b.signing_public and a.age_recipient != b.age_recipient


def test_sealed_blob_never_holds_a_private_key_in_clear(bundle):
    private = keys.unseal(bundle, PASSPHRASE)
    seed = private.signing.private_bytes_raw()
    sealed = bundle.sealed
    assert private.age_identity.encode() not in sealed
    assert private.age_identity.lower().encode() not in sealed
    assert seed not in sealed and base64.b64encode(seed) not in sealed and seed.hex().encode() not in sealed


def test_sealed_blob_records_scrypt_and_chacha(bundle):
    blob = json.loads(bundle.sealed)
    assert blob["format"] == "peerreview.sealed-keys/1"
    assert blob["kdf"]["alg"] == "scrypt" and blob["kdf"]["log_n"] >= 15 and blob["kdf"]["r"] == 8
    assert len(base64.b64decode(blob["kdf"]["salt"])) == 16
    assert blob["aead"] == "chacha20poly1305"


def test_an_empty_passphrase_is_refused():
    with pytest.raises(InvalidInput):
        keys.generate("Nobody", "")


def test_private_keys_are_not_shown_by_repr(bundle):
    private = keys.unseal(bundle, PASSPHRASE)
    assert "AGE-SECRET-KEY" not in repr(private)


# ---------------------------------------------------------------------------------------------------- unseal


def test_unseal_with_the_passphrase_gives_matching_private_keys(bundle):
    private = keys.unseal(bundle, PASSPHRASE)
    assert private.signing.public_key().public_bytes_raw() == bundle.signing_public
    assert str(x25519.Identity.from_str(private.age_identity).to_public()) == bundle.age_recipient
    assert keys.unseal(bundle.sealed, PASSPHRASE).age_identity == private.age_identity


def test_unseal_with_a_wrong_passphrase_says_so(bundle):
    with pytest.raises(KeyError_) as err:
        keys.unseal(bundle, "correct horse battery stapler")
    assert str(err.value) == "The passphrase is not right for this key."
    with pytest.raises(KeyError_):
        keys.unseal(bundle.sealed, "")


def test_passphrase_typed_in_another_unicode_form_still_unseals():
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    bundle = keys.generate("Elodie", composed)
    assert keys.unseal(bundle, decomposed).signing.public_key().public_bytes_raw() == bundle.signing_public


@pytest.mark.parametrize(
    "field",
    ["key_id", "age_recipient", "signing_public", "name", "created", "nonce"],
)
def test_swapping_a_public_field_of_the_sealed_blob_is_detected(bundle, other, field):
    replacement = "2001-09-01T08:00:00+00:00" if field == "created" else json.loads(other.sealed)[field]
    forged = reblob(bundle.sealed, **{field: replacement})
    with pytest.raises(KeyError_):
        keys.unseal(forged, PASSPHRASE)


def test_bundle_whose_public_keys_do_not_match_its_sealed_blob_is_refused(bundle, other):
    mixed = keys.KeyBundle(bundle.key_id, other.signing_public, bundle.age_recipient, bundle.sealed, bundle.created)
    with pytest.raises(KeyError_):
        keys.unseal(mixed, PASSPHRASE)


@pytest.mark.parametrize(
    "damage",
    [
        lambda s: b"",
        lambda s: b"not json",
        lambda s: b"[1, 2, 3]",
        lambda s: s[:-20],
        lambda s: reblob(s, kdf={"alg": "scrypt", "log_n": 30, "r": 8, "p": 1, "salt": "AAAA"}),
        lambda s: reblob(s, kdf={"alg": "scrypt", "log_n": 17.0, "r": 8, "p": 1, "salt": "AAAA"}),
        lambda s: reblob(s, kdf={"alg": "argon2id"}),
        lambda s: reblob(s, aead="none"),
        lambda s: reblob(s, ciphertext="%%%"),
    ],
)
def test_a_damaged_sealed_blob_raises_a_key_error(bundle, damage):
    with pytest.raises(KeyError_):
        keys.unseal(damage(bundle.sealed), PASSPHRASE)


def test_a_blob_from_a_newer_version_says_so(bundle):
    with pytest.raises(KeyError_, match="newer version"):
        keys.unseal(reblob(bundle.sealed, format="peerreview.sealed-keys/2"), PASSPHRASE)


@settings(max_examples=100, deadline=None)
@given(junk=st.binary(max_size=300))
def test_random_bytes_as_a_sealed_blob_only_raise_key_errors(junk):
    with pytest.raises(PeerReviewError):
        keys.unseal(junk, PASSPHRASE)


def test_bundle_from_sealed_recovers_the_public_parts(bundle):
    again = keys.bundle_from_sealed(bundle.sealed)
    assert again == bundle


# ---------------------------------------------------------------------------------------------------- reseal


def test_reseal_changes_the_passphrase_but_not_the_keys(bundle):
    resealed = keys.reseal(bundle.sealed, PASSPHRASE, "a new passphrase for spring term")
    assert resealed != bundle.sealed
    with pytest.raises(KeyError_):
        keys.unseal(resealed, PASSPHRASE)
    old, new = keys.unseal(bundle, PASSPHRASE), keys.unseal(resealed, "a new passphrase for spring term")
    assert new.signing.private_bytes_raw() == old.signing.private_bytes_raw()
    assert new.age_identity == old.age_identity
    assert keys.bundle_from_sealed(resealed).key_id == bundle.key_id


def test_reseal_with_a_wrong_old_passphrase_is_refused(bundle):
    with pytest.raises(KeyError_):
        keys.reseal(bundle.sealed, "guess", "whatever next")


def test_reseal_to_an_empty_passphrase_is_refused(bundle):
    with pytest.raises(InvalidInput):
        keys.reseal(bundle.sealed, PASSPHRASE, "")


# ---------------------------------------------------------------------------------------------------- public views


def test_minisign_public_line_embeds_the_key_id_and_key(bundle):
    line = keys.minisign_public_line(bundle.key_id, bundle.signing_public)
    raw = base64.b64decode(line)
    assert raw[:2] == b"Ed" and raw[10:] == bundle.signing_public
    assert minisign.parse_public_key(line) == (bundle.key_id, bundle.signing_public)
    assert bundle.minisign_public_key == line


def test_wordlist_has_256_distinct_words_with_distinct_beginnings():
    words = keys.wordlist()
    assert len(words) == 256 and len(set(words)) == 256
    assert all(re.fullmatch(r"[a-z]{3,8}", w) for w in words)
    assert len({w[:3] for w in words}) == 256


def test_fingerprint_is_eight_words_from_the_sha256_of_the_key(bundle):
    words = keys.fingerprint(bundle.signing_public).split(" ")
    assert len(words) == 8 and all(w in keys.wordlist() for w in words)
    assert keys.fingerprint(bundle.signing_public) == bundle.fingerprint
    # pinned: every copy of the app, old and new, must show the same words for the same key
    assert keys.fingerprint(bytes(32)) == "hilltop hotel kayak penguin winter hazel rabbit judo"


def test_different_keys_have_different_fingerprints():
    prints = {keys.fingerprint(os.urandom(32)) for _ in range(200)}
    assert len(prints) == 200


@pytest.mark.skipif(shutil.which("minisign") is None and not os.environ.get("CI"), reason="minisign not installed")
def test_an_unsealed_key_signs_what_stock_minisign_accepts(tmp_path: Path, bundle):
    private = keys.unseal(bundle, PASSPHRASE)
    (tmp_path / "m.txt").write_bytes(b"final review\n")
    (tmp_path / "m.txt.minisig").write_text(minisign.sign(b"final review\n", private.signing, bundle.key_id, "ok"))
    (tmp_path / "me.pub").write_text(minisign.public_key_file(bundle.key_id, bundle.signing_public))
    done = subprocess.run(
        ["minisign", "-Vm", "m.txt", "-p", "me.pub"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
