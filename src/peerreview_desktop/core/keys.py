"""A reviewer's key material: an Ed25519 signing key (minisign-compatible) and an X25519 age identity.

Both private keys only ever leave this module sealed: encrypted with ChaCha20-Poly1305 under a key derived from the
passphrase by scrypt. The sealed blob is versioned JSON (UTF-8); its public fields (key ID, public keys, KDF
parameters, nonce) are bound to the ciphertext as associated data, so none of them can be swapped unnoticed:

    {"format": "peerreview.sealed-keys/1", "key_id": "…", "signing_public": "<b64>", "age_recipient": "age1…",
     "name": "…", "created": "…", "kdf": {"alg": "scrypt", "log_n": 17, "r": 8, "p": 1, "salt": "<b64>"},
     "aead": "chacha20poly1305", "nonce": "<b64>", "ciphertext": "<b64>"}

The plaintext is JSON {"signing_seed": "<b64 of the 32-byte Ed25519 seed>", "age_identity": "AGE-SECRET-KEY-1…"}.
Nothing here writes a file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources

import pyrage
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pyrage import x25519

from . import minisign
from .errors import InvalidInput, KeyError_

SEALED_FORMAT = "peerreview.sealed-keys/1"
SCRYPT_LOG_N = 17  # n = 2**17, r = 8: 128 MiB and roughly a third of a second per unseal
SCRYPT_R = 8
SCRYPT_P = 1
_LOG_N_MIN, _LOG_N_MAX = 15, 20  # accepted when unsealing: no weaker than 2**15, at most 1 GiB of memory
FINGERPRINT_WORDS = 8

WRONG_PASSPHRASE = "The passphrase is not right for this key."
DAMAGED = "The stored key is damaged and cannot be opened."


@dataclass(frozen=True)
class KeyBundle:
    """Public parts of a reviewer's keys plus the sealed private parts; safe to store as is."""

    key_id: str  # 16 upper-case hex digits, as minisign prints it
    signing_public: bytes  # 32 raw bytes of the Ed25519 public key
    age_recipient: str  # "age1…"
    sealed: bytes  # the sealed blob (see module docstring)
    created: str  # ISO 8601, UTC
    name: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.signing_public)

    @property
    def minisign_public_key(self) -> str:
        return minisign_public_line(self.key_id, self.signing_public)


@dataclass(frozen=True)
class PrivateKeys:
    """Unsealed private keys; keep only as long as needed. Never printed by repr."""

    signing: Ed25519PrivateKey = field(repr=False)
    age_identity: str = field(repr=False)  # "AGE-SECRET-KEY-1…"


# ---------------------------------------------------------------------------------------------------- helpers


def _b64e(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _b64d(text: object, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise KeyError_(DAMAGED)
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise KeyError_(DAMAGED) from None
    if length is not None and len(raw) != length:
        raise KeyError_(DAMAGED)
    return raw


def _int_in(value: object, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _canonical(value: dict) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _passphrase_bytes(passphrase: str) -> bytes:
    if not isinstance(passphrase, str) or not passphrase:
        raise InvalidInput("A passphrase is needed to protect the key.")
    # NFC so that the same passphrase typed on different systems derives the same key
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, salt: bytes, log_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**log_n, r=r, p=p).derive(_passphrase_bytes(passphrase))


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _age_recipient_of(identity: str) -> str:
    return str(x25519.Identity.from_str(identity).to_public())


# ---------------------------------------------------------------------------------------------------- sealing


def _seal(
    keys: PrivateKeys,
    passphrase: str,
    *,
    key_id: str,
    name: str,
    created: str,
    log_n: int = SCRYPT_LOG_N,
) -> bytes:
    signing_public = keys.signing.public_key().public_bytes_raw()
    salt = os.urandom(16)
    nonce = os.urandom(12)
    header = {
        "format": SEALED_FORMAT,
        "key_id": key_id,
        "signing_public": _b64e(signing_public),
        "age_recipient": _age_recipient_of(keys.age_identity),
        "name": name,
        "created": created,
        "kdf": {"alg": "scrypt", "log_n": log_n, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64e(salt)},
        "aead": "chacha20poly1305",
        "nonce": _b64e(nonce),
    }
    secret = _canonical({"signing_seed": _b64e(keys.signing.private_bytes_raw()), "age_identity": keys.age_identity})
    key = _derive(passphrase, salt, log_n, SCRYPT_R, SCRYPT_P)
    ciphertext = ChaCha20Poly1305(key).encrypt(nonce, secret, _canonical(header))
    return _canonical({**header, "ciphertext": _b64e(ciphertext)})


def _header(sealed: bytes) -> dict:
    """The sealed blob's JSON, checked for shape (not yet for authenticity)."""
    if isinstance(sealed, KeyBundle):
        sealed = sealed.sealed
    if not isinstance(sealed, bytes | bytearray | memoryview):
        raise KeyError_(DAMAGED)
    try:
        blob = json.loads(bytes(sealed).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise KeyError_(DAMAGED) from None
    if not isinstance(blob, dict):
        raise KeyError_(DAMAGED)
    if blob.get("format") != SEALED_FORMAT:
        fmt = blob.get("format")
        if isinstance(fmt, str) and fmt.startswith("peerreview.sealed-keys/"):
            raise KeyError_("This key was sealed by a newer version of Peer Review Desktop.")
        raise KeyError_(DAMAGED)
    kdf = blob.get("kdf")
    strings = ("key_id", "age_recipient", "name", "created", "nonce", "ciphertext", "signing_public")
    if (
        not all(isinstance(blob.get(k), str) for k in strings)
        or blob.get("aead") != "chacha20poly1305"
        or not isinstance(kdf, dict)
        or kdf.get("alg") != "scrypt"
        or not _int_in(kdf.get("log_n"), _LOG_N_MIN, _LOG_N_MAX)
        or kdf.get("r") != SCRYPT_R
        or type(kdf.get("r")) is not int
        or not _int_in(kdf.get("p"), 1, 4)
        or not isinstance(kdf.get("salt"), str)
    ):
        raise KeyError_(DAMAGED)
    return blob


def bundle_from_sealed(sealed: bytes) -> KeyBundle:
    """The public parts recorded in a sealed blob (no passphrase needed; authenticated only by `unseal`)."""
    blob = _header(sealed)
    try:
        minisign.key_id_to_bytes(blob["key_id"])
    except InvalidInput:
        raise KeyError_(DAMAGED) from None
    return KeyBundle(
        key_id=blob["key_id"],
        signing_public=_b64d(blob["signing_public"], 32),
        age_recipient=blob["age_recipient"],
        sealed=bytes(sealed),
        created=blob["created"],
        name=blob["name"],
    )


def unseal(bundle_or_sealed: KeyBundle | bytes, passphrase: str) -> PrivateKeys:
    """The private keys; KeyError_ if the passphrase is wrong (or the blob was altered)."""
    blob = _header(bundle_or_sealed)
    header = {k: v for k, v in blob.items() if k != "ciphertext"}
    kdf = blob["kdf"]
    if not isinstance(passphrase, str) or not passphrase:
        raise KeyError_(WRONG_PASSPHRASE)
    key = _derive(passphrase, _b64d(kdf["salt"]), kdf["log_n"], kdf["r"], kdf["p"])
    try:
        secret = ChaCha20Poly1305(key).decrypt(_b64d(blob["nonce"], 12), _b64d(blob["ciphertext"]), _canonical(header))
    except InvalidTag:
        raise KeyError_(WRONG_PASSPHRASE) from None
    try:
        inner = json.loads(secret.decode("utf-8"))
        keys = PrivateKeys(
            signing=Ed25519PrivateKey.from_private_bytes(_b64d(inner["signing_seed"], 32)),
            age_identity=inner["age_identity"],
        )
        recipient = _age_recipient_of(keys.age_identity)
    except (ValueError, KeyError, TypeError, pyrage.IdentityError):
        raise KeyError_(DAMAGED) from None
    # the header is authenticated, but check the keys really belong together all the same
    if (
        keys.signing.public_key().public_bytes_raw() != _b64d(blob["signing_public"], 32)
        or recipient != blob["age_recipient"]
    ):
        raise KeyError_(DAMAGED)
    if isinstance(bundle_or_sealed, KeyBundle) and (
        bundle_or_sealed.key_id != blob["key_id"]
        or bundle_or_sealed.signing_public != _b64d(blob["signing_public"], 32)
        or bundle_or_sealed.age_recipient != recipient
    ):
        raise KeyError_(DAMAGED)
    return keys


def reseal(sealed: bytes, old: str, new: str) -> bytes:
    """The same keys sealed under a new passphrase (fresh salt and nonce); KeyError_ if `old` is wrong."""
    _passphrase_bytes(new)
    blob = _header(sealed)
    keys = unseal(sealed, old)
    log_n = max(SCRYPT_LOG_N, blob["kdf"]["log_n"])
    return _seal(keys, new, key_id=blob["key_id"], name=blob["name"], created=blob["created"], log_n=log_n)


def generate(name: str, passphrase: str) -> KeyBundle:
    """New signing and encryption keys for `name`, sealed by `passphrase`."""
    _passphrase_bytes(passphrase)
    key_id = minisign.key_id_from_bytes(os.urandom(minisign.KEY_ID_BYTES))
    keys = PrivateKeys(signing=Ed25519PrivateKey.generate(), age_identity=str(x25519.Identity.generate()))
    created = _now()
    sealed = _seal(keys, passphrase, key_id=key_id, name=name, created=created)
    return KeyBundle(
        key_id=key_id,
        signing_public=keys.signing.public_key().public_bytes_raw(),
        age_recipient=_age_recipient_of(keys.age_identity),
        sealed=sealed,
        created=created,
        name=name,
    )


# ---------------------------------------------------------------------------------------------------- public views


def minisign_public_line(key_id: str, signing_public: bytes) -> str:
    """base64 of b"Ed" + key number (8 bytes) + public key (32 bytes): the second line of a minisign .pub file."""
    return minisign.public_key_line(key_id, signing_public)


@cache
def wordlist() -> tuple[str, ...]:
    """The 256 fingerprint words (index = byte value)."""
    text = resources.files(__package__).joinpath("wordlist.txt").read_text(encoding="utf-8")
    words = tuple(w.strip() for w in text.splitlines() if w.strip())
    if len(words) != 256 or len(set(words)) != 256:
        raise RuntimeError("wordlist.txt must hold 256 distinct words")
    return words


def fingerprint(signing_public: bytes) -> str:
    """Eight words (64 bits of SHA-256 of the public key) that two people can read to each other aloud."""
    digest = hashlib.sha256(bytes(signing_public)).digest()
    words = wordlist()
    return " ".join(words[b] for b in digest[:FINGERPRINT_WORDS])
