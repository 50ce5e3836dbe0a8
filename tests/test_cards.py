"""Contact cards: self-signed, checked on reading, and any alteration is caught."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrage import x25519

from peerreview_desktop.core import cards, keys, minisign
from peerreview_desktop.core.errors import InvalidInput, PeerReviewError

KEY_ID = "0A1B2C3D4E5F6071"


@pytest.fixture(scope="module")
def signer() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def recipient() -> str:
    return str(x25519.Identity.generate().to_public())


@pytest.fixture(scope="module")
def card_bytes(signer, recipient) -> bytes:
    return cards.make_card(
        "Tomasz Achebe-Lund",
        "Willowbrook Primary",
        "lead reviewer",
        KEY_ID,
        signer.public_key().public_bytes_raw(),
        recipient,
        signer,
    )


def edited(data: bytes, **changes) -> bytes:
    card = json.loads(data)
    card.update(changes)
    return json.dumps(card).encode()


def resigned(data: bytes, signer: Ed25519PrivateKey, **changes) -> bytes:
    """The card with changes, validly signed again by `signer` (what a careless or hostile maker could do)."""
    card = json.loads(data)
    card.update(changes)
    card.pop("signature")
    canonical = json.dumps(card, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    card["signature"] = base64.b64encode(signer.sign(canonical)).decode()
    return json.dumps(card).encode()


def test_a_card_reads_back_with_its_details(card_bytes, signer, recipient):
    card = cards.read_card(card_bytes)
    assert (card.name, card.school, card.role) == ("Tomasz Achebe-Lund", "Willowbrook Primary", "lead reviewer")
    assert card.key_id == KEY_ID
    assert card.signing_public == signer.public_key().public_bytes_raw()
    assert card.age_recipient == recipient
    assert card.fingerprint == keys.fingerprint(card.signing_public)
    assert minisign.parse_public_key(card.public_key_file()) == (KEY_ID, card.signing_public)


def test_a_card_is_json_with_the_documented_fields(card_bytes):
    card = json.loads(card_bytes)
    assert set(card) == {
        "format",
        "name",
        "school",
        "role",
        "key_id",
        "minisign_public_key",
        "age_recipient",
        "created",
        "signature",
    }
    assert card["format"] == "peerreview.card/1"
    assert card["minisign_public_key"] == minisign.public_key_line(KEY_ID, cards.read_card(card_bytes).signing_public)


def test_the_signature_covers_the_canonical_json_of_the_other_fields(card_bytes, signer):
    card = json.loads(card_bytes)
    signature = base64.b64decode(card.pop("signature"))
    canonical = json.dumps(card, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    signer.public_key().verify(signature, canonical)  # raises if not


def test_a_card_from_a_generated_bundle_reads_back():
    bundle = keys.generate("Aoife Marchetti", "spring term visit")
    private = keys.unseal(bundle, "spring term visit")
    data = cards.make_card(
        bundle.name,
        "Hollins Vale Academy",
        "partnership lead",
        bundle.key_id,
        bundle.signing_public,
        bundle.age_recipient,
        private.signing,
    )
    card = cards.read_card(data)
    assert card.fingerprint == bundle.fingerprint and card.age_recipient == bundle.age_recipient


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Someone Else"},
        {"school": "Another School"},
        {"role": "partnership lead"},
        {"created": "2020-01-01T00:00:00+00:00"},
        {"extra": "smuggled field"},
    ],
)
def test_an_altered_card_is_refused(card_bytes, change):
    with pytest.raises(InvalidInput) as err:
        cards.read_card(edited(card_bytes, **change))
    assert str(err.value) == "This contact card has been altered since it was made."


def test_a_swapped_encryption_key_is_caught(card_bytes):
    other = str(x25519.Identity.generate().to_public())
    with pytest.raises(InvalidInput, match="altered"):
        cards.read_card(edited(card_bytes, age_recipient=other))


def test_a_swapped_signing_key_is_caught(card_bytes):
    mallory = Ed25519PrivateKey.generate()
    line = minisign.public_key_line(KEY_ID, mallory.public_key().public_bytes_raw())
    with pytest.raises(InvalidInput, match="altered"):
        cards.read_card(edited(card_bytes, minisign_public_key=line))


def test_a_key_id_that_differs_from_the_signing_key_is_refused(card_bytes, signer):
    with pytest.raises(InvalidInput, match="key ID"):
        cards.read_card(resigned(card_bytes, signer, key_id="FFFFFFFFFFFFFFFF"))


def test_an_invalid_encryption_key_is_refused_even_if_signed(card_bytes, signer):
    with pytest.raises(InvalidInput, match="age recipient"):
        cards.read_card(resigned(card_bytes, signer, age_recipient="age1notvalid"))


def test_a_name_with_control_characters_is_refused_even_if_signed(card_bytes, signer):
    with pytest.raises(InvalidInput):
        cards.read_card(resigned(card_bytes, signer, name="Tomasz\nAchebe"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a Peer Review contact card"),
        (b"\xff\xfe", "not a Peer Review contact card"),
        (b"[]", "not a Peer Review contact card"),
        (b'{"format": "vcard"}', "not a Peer Review contact card"),
        (b'{"format": "peerreview.card/2"}', "newer version"),
        (b'{"format": "peerreview.card/1", "name": "X"}', "incomplete"),
        (b" " * (64 * 1024 + 1), "too large"),
    ],
)
def test_things_that_are_not_cards_are_refused_in_one_sentence(data, message):
    with pytest.raises(InvalidInput, match=message):
        cards.read_card(data)


def test_make_card_refuses_a_private_key_that_does_not_match(signer, recipient):
    with pytest.raises(InvalidInput):
        cards.make_card(
            "A", "B", "C", KEY_ID, signer.public_key().public_bytes_raw(), recipient, Ed25519PrivateKey.generate()
        )


def test_make_card_refuses_a_bad_recipient_or_empty_name(signer):
    public = signer.public_key().public_bytes_raw()
    with pytest.raises(InvalidInput):
        cards.make_card("A", "B", "C", KEY_ID, public, "age1nope", signer)
    with pytest.raises(InvalidInput):
        cards.make_card("  ", "B", "C", KEY_ID, public, str(x25519.Identity.generate().to_public()), signer)


def test_non_ascii_names_survive(signer, recipient):
    data = cards.make_card(
        "Siobhán Ní Bhraonáin",
        "Ysgol Maes-y-Ffynnon",
        "reviewer",
        KEY_ID,
        signer.public_key().public_bytes_raw(),
        recipient,
        signer,
    )
    assert cards.read_card(data).name == "Siobhán Ní Bhraonáin"


@settings(max_examples=200, deadline=None)
@given(junk=st.binary(max_size=500))
def test_random_bytes_only_raise_invalid_input(junk):
    with pytest.raises(InvalidInput):
        cards.read_card(junk)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=200, deadline=None)
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "format",
                "name",
                "school",
                "role",
                "key_id",
                "minisign_public_key",
                "age_recipient",
                "created",
                "signature",
            ]
        ),
        json_values,
    )
)
def test_card_shaped_junk_only_raises_peer_review_errors(card_bytes, fields):
    data = edited(card_bytes, **fields) if fields.get("format") is None else json.dumps(fields).encode()
    try:
        cards.read_card(data)
    except PeerReviewError:
        return
    assert json.loads(data) == json.loads(card_bytes)  # only an untouched card may pass
