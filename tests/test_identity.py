"""The profile's keys in the store, the passphrase's sources, trusted cards, revocation and encryption targets."""

from __future__ import annotations

import base64
import json
import sqlite3
import subprocess

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyrage import x25519

from clirun import cli
from package_helpers import PASSPHRASE, Pair
from peerreview_desktop.core import cards, identity, keys, minisign, passphrase
from peerreview_desktop.core.errors import InvalidInput, KeyError_, NotFound

pytest_plugins = ["package_fixtures"]


def test_init_stores_sealed_keys_and_returns_readable_fingerprint(store):
    fp = identity.init(store, "Rhiannon Dale", "Copperbeech Primary", "Reviewer", PASSPHRASE)
    shown = identity.show(store)
    assert fp == shown["fingerprint"] and len(fp.split()) == 8
    assert shown["minisign_public_key"].startswith("RW") and shown["age_recipient"].startswith("age1")
    assert (shown["name"], shown["school"], shown["role"]) == ("Rhiannon Dale", "Copperbeech Primary", "reviewer")
    raw = b"".join(row[0] for row in sqlite3.connect(store.path).execute("SELECT sealed FROM own_key"))
    assert b"AGE-SECRET-KEY" not in raw and b"signing_seed" not in raw  # sealed, never in clear


def test_a_second_init_is_refused_unless_forced(store):
    first = identity.init(store, "Rhiannon Dale", "", "reviewer", PASSPHRASE)
    with pytest.raises(KeyError_, match="already has a profile"):
        identity.init(store, "Rhiannon Dale", "", "reviewer", PASSPHRASE)
    second = identity.init(store, "Rhiannon Dale", "", "reviewer", PASSPHRASE, force=True)
    assert second != first and identity.show(store)["fingerprint"] == second
    assert any("before-new-key" in p.name for p in store.backups_dir.iterdir())


def test_unlock_refuses_a_wrong_passphrase_with_one_sentence(pair: Pair):
    with pytest.raises(KeyError_, match="passphrase is not right"):
        identity.unlock(pair.reviewer, "not the passphrase")


def test_export_public_is_a_minisign_key_file_needing_no_passphrase(pair: Pair, tmp_path, monkeypatch):
    monkeypatch.delenv("PEERREVIEW_PASSPHRASE", raising=False)
    path = identity.export_public(pair.reviewer, tmp_path / "me.pub")
    key_id, raw = minisign.parse_public_key(path.read_text())
    assert key_id == pair.reviewer_key_id
    assert path.read_text().startswith(f"untrusted comment: minisign public key {key_id}\n")
    msg = tmp_path / "m.txt"
    msg.write_bytes(b"hello")
    (tmp_path / "m.txt.minisig").write_text(minisign.sign(b"hello", pair.reviewer_keys.signing, key_id, "t"))
    assert subprocess.run(["minisign", "-Vq", "-p", str(path), "-m", str(msg)]).returncode == 0


def test_export_card_is_a_self_signed_card_with_both_public_keys(pair: Pair, tmp_path):
    path = identity.export_card(pair.reviewer, tmp_path / "me.card", PASSPHRASE)
    card = cards.read_card(path.read_bytes())
    shown = identity.show(pair.reviewer)
    assert card.key_id == shown["key_id"] and card.age_recipient == shown["age_recipient"]
    assert card.fingerprint == shown["fingerprint"] and card.name == "Alys Brennan-Ford"


def test_trust_lists_the_card_with_its_role_and_fingerprint(pair: Pair):
    rows = identity.list_trusted(pair.lead)
    assert [(r.name, r.role) for r in rows] == [("Alys Brennan-Ford", "reviewer")]
    assert rows[0].fingerprint == identity.show(pair.reviewer)["fingerprint"] and rows[0].revoked_at is None


def test_trust_refuses_a_card_copying_a_trusted_key_id_with_another_key(pair: Pair):
    other = Ed25519PrivateKey.generate()
    forged = cards.make_card("Alys Brennan-Ford", "Quillfield Primary", "reviewer", pair.reviewer_key_id,
                             other.public_key().public_bytes_raw(), str(x25519.Identity.generate().to_public()), other)
    before = [r.as_json() for r in identity.list_trusted(pair.lead)]
    with pytest.raises(InvalidInput, match="copies the key ID"):
        identity.trust(pair.lead, forged, "lead")
    assert [r.as_json() for r in identity.list_trusted(pair.lead)] == before


def test_trust_refuses_your_own_card_and_an_altered_card(pair: Pair):
    own = (pair.root / "cards" / "lead.card").read_bytes()
    with pytest.raises(InvalidInput, match="your own contact card"):
        identity.trust(pair.lead, own, "lead")
    card = json.loads((pair.root / "cards" / "stranger.card").read_bytes())
    card["name"] = "Someone Else"
    with pytest.raises(InvalidInput, match="altered"):
        identity.trust(pair.lead, json.dumps(card).encode(), "reviewer")


def test_trust_refuses_an_unknown_role(pair: Pair):
    with pytest.raises(InvalidInput, match="not a role"):
        identity.trust(pair.lead, (pair.root / "cards" / "stranger.card").read_bytes(), "overlord")


def test_revoke_marks_the_key_and_it_cannot_be_trusted_again(pair: Pair):
    identity.revoke(pair.lead, pair.reviewer_key_id[:8])
    (row,) = identity.list_trusted(pair.lead)
    assert row.revoked_at is not None
    with pytest.raises(InvalidInput, match="revoked"):
        identity.trust(pair.lead, (pair.root / "cards" / "reviewer.card").read_bytes(), "reviewer")
    with pytest.raises(NotFound):
        identity.revoke(pair.lead, "ABCDEF0123456789")


def test_resolve_recipient_by_id_name_and_age_recipient(pair: Pair):
    lead = identity.show(pair.lead)
    by_id = identity.resolve_recipient(pair.reviewer, lead["key_id"])
    by_name = identity.resolve_recipient(pair.reviewer, "tobias ekwueme")
    by_age = identity.resolve_recipient(pair.reviewer, lead["age_recipient"])
    assert by_id == by_name == by_age and by_id.is_lead and by_id.age_recipient == lead["age_recipient"]
    stock = str(x25519.Identity.generate().to_public())
    plain = identity.resolve_recipient(pair.reviewer, stock)
    assert plain.age_recipient == stock and not plain.is_lead and plain.key_id is None
    with pytest.raises(NotFound):
        identity.resolve_recipient(pair.reviewer, "Nobody Known")
    with pytest.raises(InvalidInput):
        identity.resolve_recipient(pair.reviewer, "age1notvalid")


def test_a_revoked_key_is_not_an_encryption_target(pair: Pair):
    lead_id = identity.show(pair.lead)["key_id"]
    identity.revoke(pair.reviewer, lead_id)
    with pytest.raises(KeyError_, match="revoked"):
        identity.resolve_recipient(pair.reviewer, "Tobias Ekwueme")


# ---------------------------------------------------------------------------------------------------- passphrase


def test_passphrase_comes_from_the_environment_first(monkeypatch, tmp_path):
    f = tmp_path / "pass.txt"
    f.write_text("from the file\n")
    monkeypatch.setenv("PEERREVIEW_PASSPHRASE", "from the environment")
    assert passphrase.get(f) == "from the environment"


def test_passphrase_file_gives_its_first_line_without_the_line_ending(monkeypatch, tmp_path):
    monkeypatch.delenv("PEERREVIEW_PASSPHRASE", raising=False)
    f = tmp_path / "pass.txt"
    f.write_bytes("cwtch mawr ☕ \r\nsecond line\n".encode())
    assert passphrase.get(f) == "cwtch mawr ☕ "
    (tmp_path / "empty.txt").write_text("\n")
    with pytest.raises(InvalidInput, match="empty"):
        passphrase.get(tmp_path / "empty.txt")
    with pytest.raises(NotFound):
        passphrase.get(tmp_path / "absent.txt")


def test_without_a_terminal_a_missing_passphrase_is_one_clear_sentence(monkeypatch):
    monkeypatch.delenv("PEERREVIEW_PASSPHRASE", raising=False)
    with pytest.raises(KeyError_, match="PEERREVIEW_PASSPHRASE.*--passphrase-file"):
        passphrase.get(None)


# ---------------------------------------------------------------------------------------------------- CLI


def test_cli_init_show_trust_list_revoke(capsys, tmp_path, pair: Pair):
    d = tmp_path / "cli"
    r = cli(capsys, d, "init", "--name", "Idris Penhallow", "--school", "Larchwood Infants", "--role", "lead")
    assert r.code == 0 and "fingerprint" in r.out
    shown = cli(capsys, d, "keys", "show", "--json").json()
    assert set(shown) >= {"key_id", "fingerprint", "minisign_public_key", "age_recipient"}
    assert cli(capsys, d, "init", "--name", "Again").code == 1
    r = cli(capsys, d, "keys", "trust", str(pair.root / "cards" / "reviewer.card"), "--role", "reviewer")
    assert r.code == 0 and identity.show(pair.reviewer)["fingerprint"] in r.out
    listed = cli(capsys, d, "keys", "list", "--json").json()
    assert [x["name"] for x in listed] == ["Alys Brennan-Ford"] and listed[0]["revoked_at"] is None
    assert cli(capsys, d, "keys", "revoke", listed[0]["key_id"]).code == 0
    assert cli(capsys, d, "keys", "list", "--json").json()[0]["revoked_at"] is not None


def test_cli_export_public_works_with_a_wrong_passphrase_and_card_needs_the_right_one(capsys, tmp_path, pair: Pair,
                                                                                      monkeypatch):
    d = pair.root / "reviewer"
    pair.reviewer.close()
    monkeypatch.setenv("PEERREVIEW_PASSPHRASE", "wrong")
    assert cli(capsys, d, "keys", "export-public", "-o", str(tmp_path / "r.pub")).code == 0
    r = cli(capsys, d, "keys", "export-card", "-o", str(tmp_path / "r.card"))
    assert r.code == 1 and "passphrase is not right" in r.err and "Traceback" not in r.err
    assert not (tmp_path / "r.card").exists()


def test_fingerprint_is_derived_from_the_full_public_key(pair: Pair):
    shown = identity.show(pair.reviewer)
    raw = base64.b64decode(shown["minisign_public_key"])[10:]
    assert keys.fingerprint(raw) == shown["fingerprint"]
