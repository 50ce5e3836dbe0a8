"""Where the passphrase that unseals the private keys comes from, in order: $PEERREVIEW_PASSPHRASE, else the
`--passphrase-file` given, else a prompt, but only when a person is at a terminal; else one clear sentence.

The passphrase is never written anywhere, never logged and never echoed."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from .errors import InvalidInput, KeyError_, NotFound

ENV = "PEERREVIEW_PASSPHRASE"
MAX_FILE = 64 * 1024

NEEDED = ("A passphrase is needed for your key: set PEERREVIEW_PASSPHRASE, give --passphrase-file FILE, "
          "or run the command in a terminal to be asked.")


def _from_file(path: str | os.PathLike) -> str:
    p = Path(path).expanduser()
    try:
        if p.stat().st_size > MAX_FILE:
            raise InvalidInput(f"The passphrase file {p} is too large to hold a passphrase.")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"There is no passphrase file at {p}.") from None
    except OSError as exc:
        raise InvalidInput(f"The passphrase file {p} cannot be read: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"The passphrase file {p} is not UTF-8 text.") from None
    line = text.split("\n", 1)[0].rstrip("\r")  # the first line, without its line ending
    if not line:
        raise InvalidInput(f"The passphrase file {p} is empty.")
    return line


def _interactive() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def get(passphrase_file: str | os.PathLike | None = None, *, confirm: bool = False,
        prompt: str = "Passphrase for your key: ") -> str:
    """The passphrase from the environment, the file, or (on a terminal only) a prompt. `confirm` asks twice
    (for a new key)."""
    env = os.environ.get(ENV)
    if env:
        return env
    if passphrase_file:
        return _from_file(passphrase_file)
    if not _interactive():
        raise KeyError_(NEEDED)
    first = getpass.getpass(prompt)
    if not first:
        raise KeyError_("No passphrase was typed, so nothing was done.")
    if confirm and getpass.getpass("The same passphrase again: ") != first:
        raise KeyError_("The two passphrases you typed differ, so nothing was done.")
    return first


def from_args(args, *, confirm: bool = False) -> str:  # noqa: ANN001
    """`get` with the CLI's global `--passphrase-file`."""
    return get(getattr(args, "passphrase_file", None), confirm=confirm)
