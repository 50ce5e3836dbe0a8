"""The profile's own keys and the colleagues' keys this user trusts, as kept in the store.

Own keys: one `OwnKey` row (public parts in clear, private parts sealed by the passphrase, see core/keys.py) and the
`Profile` that names it. Nothing here ever writes a private key unencrypted, to the store or to a file.
Trusted keys: contact cards (core/cards.py) the user chose to trust, each with the role they trust it for
(`lead`, `reviewer` or `host`); a revoked key stays listed with its revocation date."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from . import age_crypto, audit, cards, keys, minisign, profile
from .changes import Changes
from .errors import InvalidInput, KeyError_, NotFound
from .fileio import write_atomic
from .keys import PrivateKeys
from .models import OwnKey, Profile, TrustedKey, utcnow

TRUST_ROLES = ("lead", "reviewer", "host")
NO_PROFILE = "There is no profile with keys yet; create one with `peerreview init --name N --school S --role R`."


def long_date(dt: datetime | None) -> str:
    return f"{dt.day} {dt:%B %Y}" if dt else ""


def is_host_role(role: str | None) -> bool:
    """A headteacher or host: someone who checks a draft rather than writing one."""
    r = (role or "").lower()
    return "head" in r or "host" in r


# ---------------------------------------------------------------------------------------------------- own keys


def own_key(session: Session) -> OwnKey | None:
    p = profile.get(session)
    if p is not None and p.key_id:
        row = session.get(OwnKey, p.key_id)
        if row is not None:
            return row
    return session.exec(select(OwnKey).order_by(OwnKey.created_at.desc())).first()


def _require_own(session: Session) -> tuple[Profile, OwnKey]:
    p = profile.get(session)
    k = own_key(session)
    if p is None or k is None:
        raise KeyError_(NO_PROFILE)
    return p, k


def init(store, name: str, school: str, role: str, passphrase: str, *, force: bool = False) -> str:  # noqa: ANN001
    """Create the profile and a new key pair sealed by `passphrase`; returns the fingerprint. Refuses when this
    store already has keys, unless `force` (the old keys are then kept only in the backup taken first)."""
    if not (name or "").strip():
        raise InvalidInput("A profile needs your name (--name).")
    with store.read() as s:
        mine = own_key(s)
        existing = mine.key_id if mine is not None else None
    if existing is not None and not force:
        raise KeyError_("This data folder already has a profile with keys; use --force to replace them "
                        "(packages signed with the old key can then no longer be made).")
    bundle = keys.generate(name.strip(), passphrase)  # scrypt: before the write transaction
    if existing is not None:
        store.backup(reason="before-new-key")
    with store.write() as s:
        for old in s.exec(select(OwnKey)):
            s.delete(old)
        s.flush()
        p = profile.save(s, name, school, role)
        s.add(OwnKey(key_id=bundle.key_id, signing_public=bundle.signing_public, age_recipient=bundle.age_recipient,
                     sealed=bundle.sealed))
        p.key_id = bundle.key_id
        s.flush()
        actor = store.actor if existing is not None else profile_actor(p)
        audit.record(s, actor, None, "keys.init", "key", bundle.key_id,
                     {"fingerprint": bundle.fingerprint, "replaced": existing})
    store.refresh_actor()
    return bundle.fingerprint


def profile_actor(p: Profile):  # noqa: ANN201
    from .store import Actor

    return Actor(name=p.name, role=p.role)


def show(store) -> dict:  # noqa: ANN001
    with store.read() as s:
        p, k = _require_own(s)
        return {
            "key_id": k.key_id,
            "fingerprint": keys.fingerprint(k.signing_public),
            "minisign_public_key": keys.minisign_public_line(k.key_id, k.signing_public),
            "age_recipient": k.age_recipient,
            "name": p.name,
            "school": p.school,
            "role": p.role,
            "created": k.created_at.isoformat(),
        }


def unlock(store, passphrase: str) -> PrivateKeys:  # noqa: ANN001
    """The private keys, unsealed; KeyError_ (one sentence) on a wrong passphrase."""
    with store.read() as s:
        _, k = _require_own(s)
        sealed = bytes(k.sealed)
    return keys.unseal(keys.bundle_from_sealed(sealed), passphrase)


def write_file(path: str | os.PathLike, data: bytes) -> Path:
    """Write `data` to `path` atomically (a temporary file beside it, then renamed)."""
    return write_atomic(path, data)


def export_public(store, path: str | os.PathLike) -> Path:  # noqa: ANN001
    """The signing key as a standard minisign public key file (no passphrase needed)."""
    with store.read() as s:
        _, k = _require_own(s)
        text = minisign.public_key_file(k.key_id, k.signing_public)
    return write_file(path, text.encode("ascii"))


def card_bytes(store, passphrase: str) -> bytes:  # noqa: ANN001
    with store.read() as s:
        p, k = _require_own(s)
        details = (p.name, p.school, p.role, k.key_id, bytes(k.signing_public), k.age_recipient)
    private = unlock(store, passphrase)
    return cards.make_card(*details, private.signing)


def export_card(store, path: str | os.PathLike, passphrase: str) -> Path:  # noqa: ANN001
    """A self-signed contact card (name, school, role, both public keys) for colleagues to trust."""
    return write_file(path, card_bytes(store, passphrase))


# ---------------------------------------------------------------------------------------------------- trusted keys


@dataclass
class TrustedView:
    key_id: str
    name: str
    school: str
    role: str
    fingerprint: str
    age_recipient: str
    minisign_public_key: str
    trusted_at: str
    revoked_at: str | None

    @classmethod
    def of(cls, t: TrustedKey) -> TrustedView:
        return cls(t.key_id, t.name, t.school, t.role, keys.fingerprint(t.signing_public), t.age_recipient,
                   keys.minisign_public_line(t.key_id, t.signing_public), t.trusted_at.isoformat(),
                   t.revoked_at.isoformat() if t.revoked_at else None)

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _role(role: str | None) -> str:
    r = (role or "reviewer").strip().lower()
    if r not in TRUST_ROLES:
        raise InvalidInput(f"'{role}' is not a role to trust a key for; use lead, reviewer or host.")
    return r


def trust(store, data: bytes, role: str | None = "reviewer") -> Changes:  # noqa: ANN001
    """Trust the contact card `data` for `role`; `value` is the TrustedView (show its fingerprint). Refuses an
    altered card, your own key, a revoked key, and a card that reuses a trusted key's ID with another key."""
    card = cards.read_card(data)
    role = _role(role)
    with store.write() as s:
        mine = own_key(s)
        if mine is not None and mine.key_id == card.key_id:
            if bytes(mine.signing_public) == card.signing_public:
                raise InvalidInput("This is your own contact card; give it to colleagues to trust.")
            raise InvalidInput(f"This card copies your own key ID {card.key_id} with a different key; "
                               "it is not genuine and was not trusted.")
        row = s.get(TrustedKey, card.key_id)
        if row is not None and (bytes(row.signing_public) != card.signing_public
                                or row.age_recipient != card.age_recipient):
            raise InvalidInput(f"This card copies the key ID {card.key_id} of {row.name}'s trusted key with a "
                               "different key; it is not genuine and was not trusted.")
        if row is not None and row.revoked_at is not None:
            raise InvalidInput(f"You revoked {row.name}'s key {card.key_id} on {long_date(row.revoked_at)}; "
                               "a revoked key cannot be trusted again.")
        if row is None:
            row = TrustedKey(key_id=card.key_id, name=card.name, signing_public=card.signing_public)
        row.name, row.school, row.role = card.name, card.school, role
        row.age_recipient, row.card = card.age_recipient, bytes(data).decode("utf-8-sig")
        s.add(row)
        s.flush()
        audit.record(s, store.actor, None, "keys.trust", "key", card.key_id,
                     {"name": card.name, "school": card.school, "role": role, "fingerprint": card.fingerprint})
        return Changes(keys=True, ids=[card.key_id], value=TrustedView.of(row))


def list_trusted(store) -> list[TrustedView]:  # noqa: ANN001
    with store.read() as s:
        rows = s.exec(select(TrustedKey).order_by(TrustedKey.name, TrustedKey.key_id))
        return [TrustedView.of(t) for t in rows]


def _find_trusted(s: Session, key_id: str) -> TrustedKey:
    text = (key_id or "").strip().upper()
    row = s.get(TrustedKey, text)
    if row is not None:
        return row
    if len(text) < 6:
        raise NotFound(f"There is no trusted key '{key_id}' (give at least 6 characters of its ID).")
    hits = [t for t in s.exec(select(TrustedKey)) if t.key_id.startswith(text)]
    if len(hits) != 1:
        raise NotFound(f"There is no trusted key '{key_id}'." if not hits
                       else f"'{key_id}' matches more than one trusted key; give more of the ID.")
    return hits[0]


def revoke(store, key_id: str) -> Changes:  # noqa: ANN001
    """Revoke a trusted key: its packages are refused from now on."""
    with store.write() as s:
        row = _find_trusted(s, key_id)
        if row.revoked_at is not None:
            return Changes(value=TrustedView.of(row))
        row.revoked_at = utcnow()
        s.add(row)
        s.flush()
        audit.record(s, store.actor, None, "keys.revoke", "key", row.key_id, {"name": row.name})
        return Changes(keys=True, ids=[row.key_id], value=TrustedView.of(row))


@dataclass(frozen=True)
class Recipient:
    """Whom a package is encrypted to: an age recipient, and the trusted key it belongs to (if any)."""

    age_recipient: str
    key_id: str | None = None
    name: str | None = None
    role: str | None = None

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.key_id})" if self.name else self.age_recipient


def _recipient_of(t: TrustedKey) -> Recipient:
    if t.revoked_at is not None:
        raise KeyError_(f"{t.name}'s key {t.key_id} was revoked on {long_date(t.revoked_at)}; "
                        "packages cannot be encrypted to it.")
    if not t.age_recipient:
        raise KeyError_(f"{t.name}'s trusted card has no encryption key.")
    return Recipient(t.age_recipient, t.key_id, t.name, t.role)


def resolve_recipient(store, text: str) -> Recipient:  # noqa: ANN001
    """A trusted key's ID (or a unique prefix), a trusted person's name, or an `age1…` recipient."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Say whom to encrypt to: a trusted key's ID, a name, or an age1… recipient.")
    with store.read() as s:
        trusted = list(s.exec(select(TrustedKey)))
        if text.startswith("age1"):
            if not age_crypto.valid_recipient(text):
                raise InvalidInput(f"'{text[:70]}' is not a valid age recipient.")
            match = [t for t in trusted if t.age_recipient == text]
            live = [t for t in match if t.revoked_at is None]
            if match and not live:
                return _recipient_of(match[0])
            return _recipient_of(live[0]) if live else Recipient(text)
        upper = text.upper()
        by_id = [t for t in trusted if t.key_id == upper or (len(upper) >= 6 and t.key_id.startswith(upper))]
        if len(by_id) == 1:
            return _recipient_of(by_id[0])
        by_name = [t for t in trusted if t.name.casefold() == text.casefold()]
        live = [t for t in by_name if t.revoked_at is None]
        if len(live) > 1:
            raise InvalidInput(f"More than one trusted key is named {text}; give the key ID instead.")
        if by_name:
            return _recipient_of(live[0] if live else by_name[0])
        if len(by_id) > 1:
            raise InvalidInput(f"'{text}' matches more than one trusted key; give more of the ID.")
    raise NotFound(f"There is no trusted key with the ID or name '{text}'; trust their contact card first.")


@dataclass(frozen=True)
class Signer:
    """A key whose signatures this store accepts (a trusted key, or the profile's own)."""

    key_id: str
    name: str
    signing_public: bytes
    role: str
    own: bool = False
    revoked_at: datetime | None = None

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.signing_public)


def signer(session: Session, key_id: str) -> Signer | None:
    """The trusted (or own) key with this exact ID, or None."""
    mine = own_key(session)
    if mine is not None and mine.key_id == key_id:
        p = profile.get(session)
        return Signer(key_id, p.name if p else "you", bytes(mine.signing_public), p.role if p else "", own=True)
    t = session.get(TrustedKey, key_id)
    if t is None:
        return None
    return Signer(t.key_id, t.name, bytes(t.signing_public), t.role, revoked_at=t.revoked_at)


def own_recipient(session: Session) -> str | None:
    k = own_key(session)
    return k.age_recipient if k else None
