"""Frameworks in the store: built-ins seeded at start-up, imported ones kept by version. A review pins the
framework version it was planned with (`review.framework_id` = key@version)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlmodel import Session, select

from . import frameworks
from .errors import InvalidInput, NotFound
from .frameworks import FrameworkDef
from .models import Framework, Setting
from .store import builtin_stamp


@dataclass
class FrameworkSummary:
    id: str
    key: str
    name: str
    version: str
    graded: bool
    builtin: bool
    areas: int
    criteria: int

    def as_json(self) -> dict:
        return self.__dict__.copy()


def builtin_seeded(session: Session) -> bool:
    mark = session.get(Setting, "builtin_frameworks_seeded")
    return mark is not None and mark.value == builtin_stamp()


def seed_builtin(session: Session) -> None:
    """Store the shipped frameworks once per app version and set of files (cheap on every later start)."""
    if builtin_seeded(session):
        return
    stamp = builtin_stamp()
    for fw in frameworks.builtin():
        row = session.get(Framework, fw.id)
        if row is None:
            session.add(_row(fw, builtin=True))
    session.merge(Setting(key="builtin_frameworks_seeded", value=stamp))


def _row(fw: FrameworkDef, builtin: bool) -> Framework:
    return Framework(id=fw.id, key=fw.key, name=fw.name, version=fw.version, graded=fw.graded, builtin=builtin,
                     document=json.dumps(fw.document, ensure_ascii=False))


@lru_cache(maxsize=64)
def _parse_cached(document: str) -> FrameworkDef:
    return frameworks.parse(json.loads(document))


def definition(row: Framework) -> FrameworkDef:
    return _parse_cached(row.document)


def resolve(session: Session, ident: str) -> Framework:
    """By full id (key@version), by key (newest version), by a unique prefix, or by exact name."""
    ident = (ident or "").strip()
    row = session.get(Framework, ident)
    if row:
        return row
    rows = list(session.exec(select(Framework)))
    by_key = [r for r in rows if r.key == ident] or [r for r in rows if r.name.lower() == ident.lower()]
    if not by_key and len(ident) >= 3:
        by_key = [r for r in rows if r.id.startswith(ident)]
    keys = {r.key for r in by_key}
    if len(keys) == 1:
        return max(by_key, key=lambda r: _version_key(r.version))
    if len(keys) > 1:
        raise NotFound(f"'{ident}' matches several frameworks ({', '.join(sorted(keys))}); give more of the ID.")
    raise NotFound(f"There is no framework '{ident}'; `peerreview frameworks list` shows the ones available.")


def _version_key(v: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in v.replace("-", ".").split("."))


def get(session: Session, ident: str) -> FrameworkDef:
    return definition(resolve(session, ident))


def list_all(session: Session) -> list[FrameworkSummary]:
    out = []
    for r in session.exec(select(Framework).order_by(Framework.builtin.desc(), Framework.name, Framework.version)):
        fw = definition(r)
        out.append(FrameworkSummary(r.id, r.key, r.name, r.version, r.graded, r.builtin, len(fw.areas),
                                    len(fw.criteria)))
    return out


def import_file(session: Session, path: Path) -> FrameworkDef:
    fw = frameworks.load_file(path)
    existing = session.get(Framework, fw.id)
    if existing is not None:
        if json.loads(existing.document) == fw.document:
            return fw
        raise InvalidInput(
            f"{fw.name} version {fw.version} is already in the store with different content; "
            "give the changed framework a new version number."
        )
    session.add(_row(fw, builtin=False))
    session.flush()
    return fw


def show_json(fw: FrameworkDef) -> dict:
    doc = dict(fw.document)
    doc["id"] = fw.id
    doc["graded"] = fw.graded
    return doc
