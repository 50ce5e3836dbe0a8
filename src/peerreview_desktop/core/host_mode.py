"""Host mode: "Show to host" on the reviewer's own laptop.

While it is on, the acting user is the host headteacher (`Store.refresh_actor` reads the `host_mode` setting), so
every audit entry is attributed to the host; `reviews.editable` refuses every change to notes, judgements, findings
and plans; the host may only add factual-accuracy comments, and only on the review shown.

Leaving needs the reviewer: when the profile has keys, the reviewer's passphrase (it must unseal them); when this
copy of the app has no keys, the reviewer's profile name typed back (or "Local reviewer" when there is no profile).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from . import audit, identity, lifecycle, profile, reviews
from .changes import Changes
from .errors import InvalidInput, KeyError_, ReviewLocked
from .models import HostComment, Setting, utcnow

HOST = "host_mode"  # the host's name (Store.refresh_actor reads it)
REVIEW = "host_mode_review"
SINCE = "host_mode_since"
NO_KEYS_DEFAULT = "Local reviewer"


@dataclass
class HostSession:
    host: str
    review_id: str
    since: str


def current(s: Session) -> HostSession | None:
    host = s.get(Setting, HOST)
    if host is None or not host.value:
        return None
    review, since = s.get(Setting, REVIEW), s.get(Setting, SINCE)
    return HostSession(host.value, review.value if review else "", since.value if since else "")


def active(store) -> HostSession | None:  # noqa: ANN001
    with store.read() as s:
        return current(s)


def _put(s: Session, key: str, value: str) -> None:
    row = s.get(Setting, key) or Setting(key=key)
    row.value = value
    s.add(row)


def enter(store, review_id: str, host_name: str) -> Changes:  # noqa: ANN001
    """Show a review to its host: marks the draft shared and makes the host the acting user."""
    name = " ".join((host_name or "").split())
    if not name:
        raise InvalidInput("Say who the host is (their name), so that their comments are attributed to them.")
    with store.write() as s:
        on = current(s)
        if on is not None:
            raise ReviewLocked(f"Host mode is already on for {on.host}; the reviewer must leave it first.")
        r = reviews.editable(s, review_id, "show to the host")
        lifecycle.mark_draft_shared_in(s, store.actor, r.id)
        audit.record(s, store.actor, r.id, "host.enter", "review", r.id, {"host": name})
        _put(s, HOST, name)
        _put(s, REVIEW, r.id)
        _put(s, SINCE, utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"))
    store.refresh_actor()
    return Changes(review=True, reviews=True, comments=True, ids=[r.id], value=r.id)


def reviewer_name(s: Session) -> str:
    p = profile.get(s)
    return p.name if p else NO_KEYS_DEFAULT


def reviewer_name_of(store) -> str:  # noqa: ANN001
    with store.read() as s:
        return reviewer_name(s)


def check_reviewer(store, secret: str) -> None:  # noqa: ANN001
    """Raise KeyError_ unless `secret` proves the reviewer is back: their passphrase, or (no keys) their name."""
    with store.read() as s:
        has_keys = identity.own_key(s) is not None
        name = reviewer_name(s)
    if has_keys:
        try:
            identity.unlock(store, secret or "")
        except KeyError_:
            raise KeyError_("That is not the reviewer's passphrase, so host mode stays on.") from None
        return
    if " ".join((secret or "").split()).casefold() != name.casefold():
        raise KeyError_("Type the reviewer's name as in the profile to leave host mode; host mode stays on.")


def leave(store, passphrase: str) -> Changes:  # noqa: ANN001
    """End host mode; needs the reviewer (see `check_reviewer`)."""
    on = active(store)
    if on is None:
        raise InvalidInput("Host mode is not on.")
    check_reviewer(store, passphrase)
    with store.write() as s:
        comments = s.exec(select(func.count()).select_from(HostComment).where(
            HostComment.review_id == on.review_id, HostComment.author == on.host,
            HostComment.created_at >= _since(on.since))).one()
        for key in (HOST, REVIEW, SINCE):
            row = s.get(Setting, key)
            if row is not None:
                s.delete(row)
        s.flush()
        p = profile.get(s)
        actor = identity.profile_actor(p) if p else store.actor.__class__()
        audit.record(s, actor, on.review_id or None, "host.leave", "review", on.review_id,
                     {"host": on.host, "comments": comments})
    store.refresh_actor()
    return Changes(review=True, reviews=True, comments=True, ids=[on.review_id], value=comments)


def _since(text: str):  # noqa: ANN202
    from datetime import datetime

    try:
        return datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        return datetime.min
