"""Self-signed contact cards: how reviewers and partnership leads hand each other their public keys.

A card is UTF-8 JSON:

    {"format": "peerreview.card/1", "name": "…", "school": "…", "role": "…", "key_id": "<16 hex>",
     "minisign_public_key": "<base64 line>", "age_recipient": "age1…", "created": "<ISO 8601>",
     "signature": "<base64 Ed25519 signature>"}

The signature is made with the card's own signing key over the canonical JSON of every other field (keys sorted,
separators "," and ":", non-ASCII kept as UTF-8). It proves the card is unaltered and that its maker holds the key;
it does not prove who the maker is: that is what comparing the fingerprint words (in person or by phone) is for.
"""

from __future__ import annotations

import base64
import binascii
import json
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import age_crypto, keys, minisign
from .errors import InvalidInput

CARD_FORMAT = "peerreview.card/1"
MAX_CARD_BYTES = 64 * 1024
MAX_TEXT = 200
_TEXT_FIELDS = ("name", "school", "role")
_FIELDS = ("format", *_TEXT_FIELDS, "key_id", "minisign_public_key", "age_recipient", "created", "signature")

NOT_A_CARD = "This file is not a Peer Review contact card."
ALTERED = "This contact card has been altered since it was made."


@dataclass(frozen=True)
class Card:
    """A contact card whose self-signature, key ID and encryption key have been checked."""

    name: str
    school: str
    role: str
    key_id: str
    signing_public: bytes
    age_recipient: str
    created: str

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signing_public)

    @property
    def minisign_public_key(self) -> str:
        return minisign.public_key_line(self.key_id, self.signing_public)

    def public_key_file(self) -> str:
        """The signer's key as a minisign public key file, for `minisign -V -p`."""
        return minisign.public_key_file(self.key_id, self.signing_public)


def _canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _clean_text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"The {what} on a contact card must be text.")
    text = unicodedata.normalize("NFC", value.strip())
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"The {what} on a contact card is longer than {MAX_TEXT} characters.")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise InvalidInput(f"The {what} on a contact card must be one line of plain text.")
    return text


def make_card(
    name: str,
    school: str,
    role: str,
    key_id: str,
    signing_public: bytes,
    age_recipient: str,
    private: Ed25519PrivateKey,
) -> bytes:
    """A signed contact card (UTF-8 JSON bytes) for these public keys, signed by `private`."""
    fields = {
        "format": CARD_FORMAT,
        "name": _clean_text(name, "name"),
        "school": _clean_text(school, "school"),
        "role": _clean_text(role, "role"),
        "key_id": key_id.strip().upper(),
        "minisign_public_key": minisign.public_key_line(key_id, signing_public),
        "age_recipient": age_recipient.strip(),
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
    }
    if not fields["name"]:
        raise InvalidInput("A contact card needs a name.")
    if not age_crypto.valid_recipient(fields["age_recipient"]):
        raise InvalidInput("The encryption key for the contact card is not an age recipient.")
    if private.public_key().public_bytes_raw() != bytes(signing_public):
        raise InvalidInput("The private key does not belong to the public key on the contact card.")
    signature = private.sign(_canonical(fields))
    card = {**fields, "signature": base64.b64encode(signature).decode("ascii")}
    return (json.dumps(card, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_card(data: bytes) -> Card:
    """The checked contact card in `data`; InvalidInput (one sentence) if it is not a card, or was altered."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidInput(NOT_A_CARD)
    if len(data) > MAX_CARD_BYTES:
        raise InvalidInput("This file is too large to be a contact card.")
    try:
        card = json.loads(bytes(data).decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidInput(NOT_A_CARD) from None
    if not isinstance(card, dict) or not isinstance(card.get("format"), str):
        raise InvalidInput(NOT_A_CARD)
    if card["format"] != CARD_FORMAT:
        if card["format"].startswith("peerreview.card/"):
            raise InvalidInput("This contact card was made by a newer version of Peer Review Desktop.")
        raise InvalidInput(NOT_A_CARD)
    missing = [f for f in _FIELDS if not isinstance(card.get(f), str)]
    if missing:
        raise InvalidInput(f"This contact card is incomplete: it has no {missing[0].replace('_', ' ')}.")

    try:
        embedded_id, signing_public = minisign.parse_public_key(card["minisign_public_key"])
        public = Ed25519PublicKey.from_public_bytes(signing_public)
    except (InvalidInput, ValueError):
        raise InvalidInput("The signing key on this contact card is not a valid minisign public key.") from None
    try:
        signature = base64.b64decode(card["signature"].encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise InvalidInput(ALTERED) from None
    signed = {k: v for k, v in card.items() if k != "signature"}
    try:
        public.verify(signature, _canonical(signed))
    except InvalidSignature:
        raise InvalidInput(ALTERED) from None

    # authentic from here on; still check that the card is coherent
    if card["key_id"].upper() != embedded_id:
        raise InvalidInput("The key ID on this contact card does not match its signing key.")
    if not age_crypto.valid_recipient(card["age_recipient"]):
        raise InvalidInput("The encryption key on this contact card is not a valid age recipient.")
    text = {f: _clean_text(card[f], f) for f in _TEXT_FIELDS}
    if not text["name"]:
        raise InvalidInput("This contact card has no name.")
    try:
        datetime.fromisoformat(card["created"])
    except ValueError:
        raise InvalidInput("The date on this contact card is not a valid date.") from None
    return Card(
        name=text["name"],
        school=text["school"],
        role=text["role"],
        key_id=embedded_id,
        signing_public=signing_public,
        age_recipient=card["age_recipient"],
        created=card["created"],
    )
