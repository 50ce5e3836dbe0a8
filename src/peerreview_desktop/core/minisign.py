"""Minisign-compatible public keys and signatures, so that anyone can check a package with the stock `minisign` tool.

Formats (as written and read by jedisct1/minisign):

* public key: ``untrusted comment: minisign public key <KEYID>\\n`` then base64 of ``b"Ed" + keynum(8) + pk(32)``;
* signature: four lines,
  ``untrusted comment: <text>``, base64 of ``alg(2) + keynum(8) + sig(64)``, ``trusted comment: <text>``, and
  base64 of the global signature ``Ed25519(sig + trusted_comment)``.
  ``alg`` is ``b"ED"`` (prehashed: ``sig`` signs BLAKE2b-512 of the message; what we write) or ``b"Ed"`` (legacy:
  ``sig`` signs the message itself; still accepted when verifying).

The key ID is 8 bytes; minisign prints it as the little-endian 64-bit number in 16 upper-case hex digits, so the
printed text is the bytes reversed. Pure functions: no files are written here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import InvalidInput, NotFound, PackageRefused, PeerReviewError

ALG_LEGACY = b"Ed"
ALG_PREHASHED = b"ED"
KEY_ID_BYTES = 8
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
UNTRUSTED_PREFIX = "untrusted comment: "
TRUSTED_PREFIX = "trusted comment: "
DEFAULT_UNTRUSTED_COMMENT = "signature from minisign secret key"
TRUSTED_COMMENT_MAX = 8192 - len(TRUSTED_PREFIX) - 1  # minisign's TRUSTEDCOMMENTMAXBYTES, less prefix and NUL
UNTRUSTED_COMMENT_MAX = 1024 - len(UNTRUSTED_PREFIX) - 1
_CHUNK = 1 << 20

MALFORMED = "The signature file is damaged or is not a minisign signature."
ALTERED = "The signature does not match: the signed file or its signature has been altered."
COMMENT_ALTERED = "The signature's trusted comment has been altered."


# ---------------------------------------------------------------------------------------------------- key IDs


def key_id_from_bytes(raw: bytes) -> str:
    """The 8-byte key number as minisign prints it (little-endian, 16 upper-case hex digits)."""
    if len(raw) != KEY_ID_BYTES:
        raise ValueError("a minisign key number is 8 bytes")
    return raw[::-1].hex().upper()


def key_id_to_bytes(key_id: str) -> bytes:
    """The 8 bytes stored in keys and signatures for a printed key ID."""
    text = key_id.strip() if isinstance(key_id, str) else ""
    if len(text) != 2 * KEY_ID_BYTES:
        raise InvalidInput("A key ID is 16 hexadecimal characters.")
    try:
        return bytes.fromhex(text)[::-1]
    except ValueError:
        raise InvalidInput("A key ID is 16 hexadecimal characters.") from None


# ---------------------------------------------------------------------------------------------------- public keys


def public_key_line(key_id: str, signing_public: bytes) -> str:
    """The base64 line of a minisign public key (what `minisign -P` takes)."""
    if len(signing_public) != PUBLIC_KEY_BYTES:
        raise ValueError("an Ed25519 public key is 32 bytes")
    return base64.b64encode(ALG_LEGACY + key_id_to_bytes(key_id) + signing_public).decode("ascii")


def public_key_file(key_id: str, signing_public: bytes) -> str:
    """A complete minisign public key file, byte for byte as `minisign -G` writes it."""
    line = public_key_line(key_id, signing_public)
    return f"{UNTRUSTED_PREFIX}minisign public key {key_id.strip().upper()}\n{line}\n"


def parse_public_key(public: str | bytes) -> tuple[str, bytes]:
    """(key ID, 32-byte Ed25519 key) from a public key file's text, its base64 line, or the raw 42-byte struct."""
    if isinstance(public, bytes | bytearray) and len(public) == 2 + KEY_ID_BYTES + PUBLIC_KEY_BYTES:
        raw = bytes(public)
        if raw.startswith(ALG_LEGACY):
            return key_id_from_bytes(raw[2:10]), raw[10:]
    bad = InvalidInput("This is not a minisign public key.")
    try:
        text = public.decode("utf-8") if isinstance(public, bytes | bytearray) else str(public)
    except UnicodeDecodeError:
        raise bad from None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if lines and lines[0].startswith(UNTRUSTED_PREFIX.strip()):
        lines = lines[1:]
    if not lines:
        raise bad
    raw = _b64(lines[0], 2 + KEY_ID_BYTES + PUBLIC_KEY_BYTES)
    if raw is None or not raw.startswith(ALG_LEGACY):
        raise bad
    return key_id_from_bytes(raw[2:10]), raw[10:]


# ---------------------------------------------------------------------------------------------------- signatures


@dataclass(frozen=True)
class Signature:
    """A parsed minisign signature file."""

    algorithm: bytes  # b"ED" prehashed or b"Ed" legacy
    key_id: str
    signature: bytes
    trusted_comment: str
    global_signature: bytes
    untrusted_comment: str

    @property
    def prehashed(self) -> bool:
        return self.algorithm == ALG_PREHASHED


def _check_comment(text: str, limit: int, what: str) -> bytes:
    if not isinstance(text, str) or any(ch in text for ch in "\r\n\x00"):
        raise InvalidInput(f"The {what} must be a single line of text.")
    encoded = text.encode("utf-8")
    if len(encoded) > limit:
        raise InvalidInput(f"The {what} is too long for a minisign signature.")
    return encoded


def _prehash(message: bytes) -> bytes:
    return hashlib.blake2b(message, digest_size=64).digest()


def _prehash_file(path: str | os.PathLike) -> bytes:
    digest = hashlib.blake2b(digest_size=64)
    with _reading(path) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.digest()


def _reading(path: str | os.PathLike):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise NotFound(f"{Path(path).name} does not exist.") from None
    except OSError as exc:
        raise PeerReviewError(f"{Path(path).name} cannot be read: {exc.strerror or exc}.") from None


def sign_prehashed(
    digest: bytes,
    private: Ed25519PrivateKey,
    key_id: str,
    trusted_comment: str,
    untrusted_comment: str = DEFAULT_UNTRUSTED_COMMENT,
) -> str:
    """A prehashed ("ED") signature file for a message whose BLAKE2b-512 digest is `digest`."""
    if len(digest) != 64:
        raise ValueError("a minisign prehash is a 64-byte BLAKE2b digest")
    trusted = _check_comment(trusted_comment, TRUSTED_COMMENT_MAX, "trusted comment")
    _check_comment(untrusted_comment, UNTRUSTED_COMMENT_MAX, "untrusted comment")
    signature = private.sign(digest)
    global_signature = private.sign(signature + trusted)
    struct = ALG_PREHASHED + key_id_to_bytes(key_id) + signature
    return (
        f"{UNTRUSTED_PREFIX}{untrusted_comment}\n"
        f"{base64.b64encode(struct).decode('ascii')}\n"
        f"{TRUSTED_PREFIX}{trusted_comment}\n"
        f"{base64.b64encode(global_signature).decode('ascii')}\n"
    )


def sign(
    message: bytes,
    private: Ed25519PrivateKey,
    key_id: str,
    trusted_comment: str,
    untrusted_comment: str = DEFAULT_UNTRUSTED_COMMENT,
) -> str:
    """The text of a `.minisig` file: a prehashed Ed25519 signature of `message`, as `minisign -S` makes."""
    return sign_prehashed(_prehash(bytes(message)), private, key_id, trusted_comment, untrusted_comment)


def sign_file(
    path: str | os.PathLike,
    private: Ed25519PrivateKey,
    key_id: str,
    trusted_comment: str,
    untrusted_comment: str = DEFAULT_UNTRUSTED_COMMENT,
) -> str:
    """Like `sign`, reading the file in chunks (never whole into memory)."""
    return sign_prehashed(_prehash_file(path), private, key_id, trusted_comment, untrusted_comment)


def _b64(text: str, length: int) -> bytes | None:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw if len(raw) == length else None


def parse_signature(sig_text: str | bytes) -> Signature:
    """Parse a `.minisig` file; PackageRefused(reason="malformed-signature") if it is not one."""
    bad = PackageRefused(MALFORMED, reason="malformed-signature")
    if isinstance(sig_text, bytes | bytearray):
        try:
            sig_text = bytes(sig_text).decode("utf-8")
        except UnicodeDecodeError:
            raise bad from None
    if not isinstance(sig_text, str) or "\x00" in sig_text:
        raise bad
    lines = [ln.rstrip("\r") for ln in sig_text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) != 4:
        raise bad
    untrusted, struct_line, trusted, global_line = lines
    if not untrusted.startswith(UNTRUSTED_PREFIX) or not trusted.startswith(TRUSTED_PREFIX):
        raise bad
    struct = _b64(struct_line.strip(), 2 + KEY_ID_BYTES + SIGNATURE_BYTES)
    global_signature = _b64(global_line.strip(), SIGNATURE_BYTES)
    if struct is None or global_signature is None or struct[:2] not in (ALG_PREHASHED, ALG_LEGACY):
        raise bad
    trusted_comment = trusted[len(TRUSTED_PREFIX) :]
    if len(trusted_comment.encode("utf-8")) > TRUSTED_COMMENT_MAX:
        raise bad
    return Signature(
        algorithm=struct[:2],
        key_id=key_id_from_bytes(struct[2:10]),
        signature=struct[10:],
        trusted_comment=trusted_comment,
        global_signature=global_signature,
        untrusted_comment=untrusted[len(UNTRUSTED_PREFIX) :],
    )


def _public_key(public: str | bytes) -> tuple[str, Ed25519PublicKey]:
    key_id, raw = parse_public_key(public)
    try:
        return key_id, Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise InvalidInput("This is not a minisign public key.") from None


def _check(sig: Signature, key_id: str, key: Ed25519PublicKey, signed: bytes) -> str:
    if sig.key_id != key_id:
        raise PackageRefused(
            f"The signature was made with key {sig.key_id}, not with the expected key {key_id}.",
            reason="key-mismatch",
        )
    try:
        key.verify(sig.signature, signed)
    except InvalidSignature:
        raise PackageRefused(ALTERED, reason="bad-signature") from None
    try:
        key.verify(sig.global_signature, sig.signature + sig.trusted_comment.encode("utf-8"))
    except InvalidSignature:
        raise PackageRefused(COMMENT_ALTERED, reason="bad-signature") from None
    return sig.trusted_comment


def verify(message: bytes, sig_text: str | bytes, public: str | bytes) -> str:
    """Check a minisign signature of `message` against `public` (a public key file, its base64 line, or the raw
    42-byte struct); returns the trusted comment. Raises PackageRefused with reason "malformed-signature",
    "key-mismatch" or "bad-signature"; InvalidInput if `public` is not a minisign public key."""
    key_id, key = _public_key(public)
    sig = parse_signature(sig_text)
    signed = _prehash(bytes(message)) if sig.prehashed else bytes(message)
    return _check(sig, key_id, key, signed)


def verify_file(path: str | os.PathLike, sig_text: str | bytes, public: str | bytes) -> str:
    """Like `verify` for a file; a prehashed signature is checked without reading the file whole into memory."""
    key_id, key = _public_key(public)
    sig = parse_signature(sig_text)
    if sig.prehashed:
        signed = _prehash_file(path)
    else:
        with _reading(path) as handle:
            signed = handle.read()
    return _check(sig, key_id, key, signed)
