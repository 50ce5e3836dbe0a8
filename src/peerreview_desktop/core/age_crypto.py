"""age encryption (https://age-encryption.org/v1) to X25519 recipients, through pyrage (a binding of rage).

Output is the binary age format, which the stock tool opens: `age -d -i key.txt package.age > package.zip`.
Armoured (PEM-like) input is accepted when decrypting. File functions stream through rage (64 KiB chunks), so a
200 MB package is never held in memory; a decrypted file appears under its name only once it was fully authenticated.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pyrage
from pyrage import x25519

from .errors import InvalidInput, KeyError_, NotFound, PackageRefused, PeerReviewError

MAGIC = b"age-encryption.org/v1\n"
ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"

WRONG_RECIPIENT = "This package is encrypted to someone else; it cannot be opened with your key."
MALFORMED = "This package is damaged or is not an age-encrypted file."


def valid_recipient(s: object) -> bool:
    """True for an X25519 age recipient ("age1…", lower case, valid Bech32)."""
    if not isinstance(s, str) or s != s.strip() or not s.startswith("age1"):
        return False
    try:
        x25519.Recipient.from_str(s)
    except (pyrage.RecipientError, ValueError, TypeError):
        return False
    return True


def _recipients(recipients: list[str]) -> list[x25519.Recipient]:
    if isinstance(recipients, str):
        recipients = [recipients]
    if not recipients:
        raise InvalidInput("Choose at least one recipient to encrypt to.")
    parsed = []
    for r in recipients:
        text = r.strip() if isinstance(r, str) else ""
        if not valid_recipient(text):
            shown = text if len(text) <= 70 else text[:67] + "..."
            raise InvalidInput(f"“{shown}” is not an age recipient (one starts with age1).")
        parsed.append(x25519.Recipient.from_str(text))
    return parsed


def _identity(identity: str) -> x25519.Identity:
    text = identity.strip() if isinstance(identity, str) else ""
    try:
        return x25519.Identity.from_str(text)
    except (pyrage.IdentityError, ValueError, TypeError):
        raise KeyError_("The encryption key is not a valid age identity.") from None


def _is_panic(exc: BaseException) -> bool:
    # a Rust panic surfaces as pyo3_runtime.PanicException, a BaseException
    return type(exc).__name__ == "PanicException"


def _refusal(exc: BaseException) -> PackageRefused:
    if "no matching keys" in str(exc).lower():
        return PackageRefused(WRONG_RECIPIENT, reason="wrong-recipient")
    return PackageRefused(MALFORMED, reason="malformed")


def encrypt(data: bytes, recipients: list[str]) -> bytes:
    """`data` encrypted to every recipient ("age1…"), in the binary age format."""
    parsed = _recipients(recipients)
    return pyrage.encrypt(bytes(data), parsed)


def decrypt(data: bytes, identity: str) -> bytes:
    """The plaintext of an age file (binary or armoured) for `identity` ("AGE-SECRET-KEY-1…")."""
    ident = _identity(identity)
    try:
        return pyrage.decrypt(bytes(data), [ident])
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: B036 - hostile input must never escape as a traceback
        if isinstance(exc, pyrage.DecryptError | ValueError | TypeError | OSError) or _is_panic(exc):
            raise _refusal(exc) from None
        raise


def is_age(data_or_path: bytes | str | os.PathLike) -> bool:
    """True if the bytes (or the file's first bytes) start like an age file (binary or armoured)."""
    if isinstance(data_or_path, bytes | bytearray | memoryview):
        head = bytes(data_or_path[:64])
    else:
        try:
            with open(data_or_path, "rb") as handle:
                head = handle.read(64)
        except OSError:
            return False
    return head.startswith(MAGIC) or head.lstrip().startswith(ARMOR_BEGIN)


@contextlib.contextmanager
def _output(dst: str | os.PathLike):
    """A temporary file beside `dst`, moved onto `dst` only if the body succeeds; removed otherwise."""
    dst = Path(dst)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".part", dir=dst.parent)
    except FileNotFoundError:
        raise NotFound(f"The folder {dst.parent} does not exist.") from None
    except OSError as exc:
        raise PeerReviewError(f"{dst.name} cannot be written: {exc.strerror or exc}.") from None
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, dst)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _source(src: str | os.PathLike) -> str:
    path = Path(src)
    if not path.is_file():
        raise NotFound(f"{path.name} does not exist.")
    return str(path)


def encrypt_file(src: str | os.PathLike, dst: str | os.PathLike, recipients: list[str]) -> None:
    """Encrypt the file `src` to `dst`, streaming (the file is never read whole into memory)."""
    parsed = _recipients(recipients)
    source = _source(src)
    with _output(dst) as tmp:
        try:
            pyrage.encrypt_file(source, tmp, parsed)
        except (OSError, pyrage.EncryptError) as exc:
            raise PeerReviewError(f"{Path(dst).name} could not be written: {exc}.") from None


def decrypt_file(src: str | os.PathLike, dst: str | os.PathLike, identity: str) -> None:
    """Decrypt the age file `src` to `dst`, streaming. `dst` is only created when the whole file authenticated, so a
    damaged or truncated package never leaves partial plaintext behind."""
    ident = _identity(identity)
    source = _source(src)
    with _output(dst) as tmp:
        try:
            pyrage.decrypt_file(source, tmp, [ident])
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: B036 - hostile input must never escape as a traceback
            if isinstance(exc, OSError) and "os error" in str(exc):
                # a genuine I/O failure (disk full, permission), not a damaged package
                raise PeerReviewError(f"{Path(dst).name} could not be written: {exc}.") from None
            if isinstance(exc, pyrage.DecryptError | ValueError | TypeError | OSError) or _is_panic(exc):
                raise _refusal(exc) from None
            raise
