"""The reviewer profile of this copy of the app, and who is acting (for the audit trail)."""

from __future__ import annotations

from sqlmodel import Session, select

from .errors import InvalidInput
from .models import Profile, Setting

ROLES = ("reviewer", "lead reviewer", "lead", "partnership lead", "headteacher", "host headteacher", "observer")


def get(session: Session) -> Profile | None:
    return session.exec(select(Profile)).first()


def actor_for(store):  # noqa: ANN001, ANN201
    from .store import Actor

    with store.read() as s:
        host = s.get(Setting, "host_mode")
        if host is not None and host.value:
            return Actor(name=host.value, role="host")
        p = get(s)
    return Actor(name=p.name, role=p.role) if p else Actor()


def save(session: Session, name: str, school: str, role: str) -> Profile:
    name, school, role = name.strip(), school.strip(), role.strip().lower()
    if not name:
        raise InvalidInput("A profile needs your name.")
    p = get(session) or Profile(name=name)
    p.name, p.school, p.role = name, school, role or "reviewer"
    session.add(p)
    session.flush()
    return p
