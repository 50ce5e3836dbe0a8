"""Finding records by UUID or by a unique prefix (at least 6 characters), as the CLI contract promises."""

from __future__ import annotations

from sqlmodel import Session, select

from .errors import NotFound

MIN_PREFIX = 6


def resolve(session: Session, model, ident: str, what: str) -> str:  # noqa: ANN001
    ident = (ident or "").strip().lower()
    pk = model.__table__.primary_key.columns.values()[0]
    if len(ident) == 36 and session.get(model, ident) is not None:
        return ident
    if len(ident) < MIN_PREFIX:
        raise NotFound(f"There is no {what} '{ident}' (give at least {MIN_PREFIX} characters of its ID).")
    hits = list(session.exec(select(pk).where(pk.like(ident.replace("%", "").replace("_", "\\_") + "%", escape="\\")).limit(2)))
    if not hits:
        raise NotFound(f"There is no {what} with ID '{ident}'.")
    if len(hits) > 1:
        raise NotFound(f"'{ident}' matches more than one {what}; give more of the ID.")
    return hits[0]
