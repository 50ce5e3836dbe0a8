"""The audit trail: append-only, each entry chained to the previous one by SHA-256, so that an edited or deleted
entry is found by `peerreview check`. Every service that changes a review records here in the same transaction."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from .models import AuditEntry, Setting

HEAD_KEY = "audit_head"  # seq:hash of the newest entry, so that deleting the newest entries is detected too

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    body = [entry.at, entry.actor, entry.actor_role, entry.review_id or "", entry.action, entry.entity,
            entry.entity_id, entry.detail, entry.prev_hash]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def record(session: Session, actor, review_id: str | None, action: str, entity: str = "", entity_id: str = "",  # noqa: ANN001
           detail: dict[str, Any] | None = None) -> AuditEntry:
    last = session.exec(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    entry = AuditEntry(
        at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        actor=actor.name, actor_role=actor.role, review_id=review_id, action=action, entity=entity,
        entity_id=entity_id, detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str),
        prev_hash=last or GENESIS,
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    session.flush()
    session.merge(Setting(key=HEAD_KEY, value=f"{entry.seq}:{entry.hash}"))
    return entry


def verify_chain(session: Session) -> list[str]:
    """Every break in the chain, as sentences; [] when intact."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = None
    last = None
    for e in session.exec(select(AuditEntry).order_by(AuditEntry.seq)):
        if expected_seq is not None and e.seq != expected_seq:
            problems.append(f"audit trail: entries {expected_seq}–{e.seq - 1} are missing")
        if e.prev_hash != prev:
            problems.append(f"audit trail: entry {e.seq} does not follow the entry before it")
        if entry_hash(e) != e.hash:
            problems.append(f"audit trail: entry {e.seq} was altered after it was written")
        prev = e.hash
        expected_seq = (e.seq or 0) + 1
        last = e
    head = session.get(Setting, HEAD_KEY)
    if head is not None and head.value:
        if last is None or head.value != f"{last.seq}:{last.hash}":
            problems.append("audit trail: its newest entries were removed")
    elif last is not None:
        problems.append("audit trail: the record of its newest entry is missing")
    return problems


def as_dict(e: AuditEntry) -> dict[str, Any]:
    return {"seq": e.seq, "at": e.at, "actor": e.actor, "actor_role": e.actor_role, "action": e.action,
            "entity": e.entity, "entity_id": e.entity_id, "detail": json.loads(e.detail or "{}"), "hash": e.hash}


def history(session: Session, review_id: str) -> list[dict[str, Any]]:
    rows = session.exec(select(AuditEntry).where(AuditEntry.review_id == review_id).order_by(AuditEntry.seq))
    return [as_dict(e) for e in rows]
