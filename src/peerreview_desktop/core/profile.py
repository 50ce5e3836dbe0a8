"""The reviewer profile of this copy of the app, and who is acting (for the audit trail)."""

from __future__ import annotations

from sqlmodel import Session, select

from .errors import InvalidInput
from .models import Profile

ROLES = ("reviewer", "lead reviewer", "lead", "partnership lead", "headteacher", "host headteacher", "observer")


def get(session: Session) -> Profile | None:
    return session.exec(select(Profile)).first()


def actor_for(store):  # noqa: ANN001, ANN201
    store.refresh_actor()
    return store.actor


def save(session: Session, name: str, school: str, role: str) -> Profile:
    name, school, role = name.strip(), school.strip(), role.strip().lower()
    if not name:
        raise InvalidInput("A profile needs your name.")
    p = get(session) or Profile(name=name)
    p.name, p.school, p.role = name, school, role or "reviewer"
    session.add(p)
    session.flush()
    return p
