"""The domain model as SQLModel tables. Plain SQLAlchemy types only (no SQLite-specific DDL here), so the same
models can later run on PostgreSQL; SQLite-only pieces (FTS5, pragmas) live in store.py.

Identities are UUID strings so that notes from several laptops merge by identity. Criterion codes are stored as
text and checked against the review's pinned framework by the services."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str = ""


class Profile(SQLModel, table=True):
    """The reviewer using this copy of the app (one row)."""

    __tablename__ = "profile"
    id: str = Field(default_factory=new_id, primary_key=True)
    name: str
    school: str = ""
    role: str = "reviewer"
    key_id: str | None = None
    created_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)


class OwnKey(SQLModel, table=True):
    """This profile's key pair: public parts in clear, private parts sealed by the passphrase."""

    __tablename__ = "own_key"
    key_id: str = Field(primary_key=True)
    signing_public: bytes
    age_recipient: str
    sealed: bytes
    created_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)


class TrustedKey(SQLModel, table=True):
    """A colleague's contact card that this user trusts (reviewer, lead or host)."""

    __tablename__ = "trusted_key"
    key_id: str = Field(primary_key=True)
    name: str
    school: str = ""
    role: str = "reviewer"
    signing_public: bytes
    age_recipient: str = ""
    card: str = ""
    trusted_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime)


class Partnership(SQLModel, table=True):
    __tablename__ = "partnership"
    id: str = Field(default_factory=new_id, primary_key=True)
    name: str


class Cluster(SQLModel, table=True):
    __tablename__ = "cluster"
    id: str = Field(default_factory=new_id, primary_key=True)
    partnership_id: str | None = Field(default=None, foreign_key="partnership.id")
    name: str = Field(index=True)


class School(SQLModel, table=True):
    __tablename__ = "school"
    id: str = Field(default_factory=new_id, primary_key=True)
    name: str = Field(index=True)
    urn: str | None = Field(default=None, index=True)
    cluster_id: str | None = Field(default=None, foreign_key="cluster.id")
    phase: str = ""


class Framework(SQLModel, table=True):
    """A framework version. `document` is the validated JSON (see docs/framework-format.md)."""

    __tablename__ = "framework"
    id: str = Field(primary_key=True)  # key@version
    key: str = Field(index=True)
    name: str
    version: str
    graded: bool = True
    builtin: bool = False
    document: str
    imported_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)


class Review(SQLModel, table=True):
    __tablename__ = "review"
    id: str = Field(default_factory=new_id, primary_key=True)
    school_id: str = Field(foreign_key="school.id", index=True)
    framework_id: str = Field(foreign_key="framework.id")
    type: str = "full"
    start_date: date
    end_date: date | None = None
    status: str = "planned"
    version: int = 1
    mode: str = "author"
    context: str = ""
    focus_areas: str = "[]"  # JSON list
    lines_of_enquiry: str = "[]"  # JSON list
    finalised_at: datetime | None = Field(default=None, sa_type=DateTime)
    report_sha256: str | None = None
    author_key_id: str | None = None
    created_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)
    updated_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    id: str = Field(default_factory=new_id, primary_key=True)
    review_id: str = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    name: str
    role: str = "reviewer"
    school: str = ""
    position: int = 0


class TimetableSlot(SQLModel, table=True):
    __tablename__ = "timetable_slot"
    id: str = Field(default_factory=new_id, primary_key=True)
    review_id: str = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    day: date
    start: str = ""
    end: str = ""
    title: str = ""
    activity: str = "other"
    location: str = ""
    with_whom: str = ""


class Note(SQLModel, table=True):
    __tablename__ = "note"
    id: str = Field(default_factory=new_id, primary_key=True)
    review_id: str = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    activity: str = "other"
    occurred_at: datetime = Field(sa_type=DateTime, default_factory=lambda: datetime.now().replace(second=0, microsecond=0))
    place: str = ""
    year_group: str = ""
    subject: str = ""
    author: str = ""
    text: str = ""
    marker: str = "neutral"
    confidential: bool = False
    remote: bool = False
    rev: int = 1
    created_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)
    updated_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)


class NoteCriterion(SQLModel, table=True):
    __tablename__ = "note_criterion"
    note_id: str = Field(foreign_key="note.id", primary_key=True, ondelete="CASCADE")
    code: str = Field(primary_key=True, index=True)


class Attachment(SQLModel, table=True):
    """A file stored once by content (attachments/<aa>/<sha256>) however many notes use it."""

    __tablename__ = "attachment"
    sha256: str = Field(primary_key=True)
    size: int = 0
    mime: str = "application/octet-stream"
    created_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)


class NoteAttachment(SQLModel, table=True):
    __tablename__ = "note_attachment"
    note_id: str = Field(foreign_key="note.id", primary_key=True, ondelete="CASCADE")
    sha256: str = Field(foreign_key="attachment.sha256", primary_key=True)
    filename: str = ""


class NoteConflict(SQLModel, table=True):
    """Another laptop's version of a note that differs from ours: kept for the lead reviewer to choose."""

    __tablename__ = "note_conflict"
    id: str = Field(default_factory=new_id, primary_key=True)
    note_id: str = Field(foreign_key="note.id", index=True, ondelete="CASCADE")
    review_id: str = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    theirs: str  # JSON of the other note version
    source: str = ""
    created_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)
    resolved_at: datetime | None = Field(default=None, sa_type=DateTime)
    resolution: str | None = None


class Judgement(SQLModel, table=True):
    __tablename__ = "judgement"
    id: str = Field(default_factory=new_id, primary_key=True)
    review_id: str = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    criterion: str
    grade: str = "not-judged"
    rationale: str = ""
    author: str = ""
    updated_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)


class JudgementEvidence(SQLModel, table=True):
    __tablename__ = "judgement_evidence"
    judgement_id: str = Field(foreign_key="judgement.id", primary_key=True, ondelete="CASCADE")
    note_id: str = Field(foreign_key="note.id", primary_key=True, ondelete="CASCADE")


class Finding(SQLModel, table=True):
    __tablename__ = "finding"
    id: str = Field(default_factory=new_id, primary_key=True)
    review_id: str = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    kind: str = "strength"
    text: str = ""
    criteria: str = "[]"  # JSON list of codes
    position: int = 0
    created_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)
    updated_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)


class HostComment(SQLModel, table=True):
    __tablename__ = "host_comment"
    id: str = Field(default_factory=new_id, primary_key=True)
    review_id: str = Field(foreign_key="review.id", index=True, ondelete="CASCADE")
    target: str = "finding"  # finding | criterion
    target_id: str = ""
    text: str = ""
    author: str = ""
    stance: str = "comment"  # accept | challenge | comment
    created_at: datetime = Field(sa_type=DateTime, default_factory=utcnow)
    resolution: str | None = None  # accepted | noted | declined
    reason: str | None = None
    resolved_at: datetime | None = Field(default=None, sa_type=DateTime)
    resolved_by: str | None = None


class ReviewVersion(SQLModel, table=True):
    """A frozen earlier version of a review (the document as finalised or as superseded)."""

    __tablename__ = "review_version"
    review_id: str = Field(foreign_key="review.id", primary_key=True, ondelete="CASCADE")
    version: int = Field(primary_key=True)
    status: str = "final"
    document: str = ""
    finalised_at: datetime | None = Field(default=None, sa_type=DateTime)
    report_sha256: str | None = None
    package_sha256: str | None = None


class AuditEntry(SQLModel, table=True):
    """Append-only, hash-chained log of every change a user made."""

    __tablename__ = "audit_entry"
    seq: int | None = Field(default=None, primary_key=True)
    at: str
    actor: str = ""
    actor_role: str = ""
    review_id: str | None = Field(default=None, index=True)
    action: str = ""
    entity: str = ""
    entity_id: str = ""
    detail: str = "{}"
    prev_hash: str = ""
    hash: str = ""


class PackageRecord(SQLModel, table=True):
    """The import ledger: every package this store accepted or wrote."""

    __tablename__ = "package_record"
    package_id: str = Field(primary_key=True)
    review_id: str = Field(index=True)
    revision: int = 1
    kind: str = "final"
    direction: str = "in"  # in | out
    signer_key_id: str = ""
    signer_name: str = ""
    sha256: str = ""
    supersedes: str | None = None
    state: str = "current"  # current | superseded | conflict | duplicate
    document: str = ""  # the review document as received (for conflicts and history)
    at: datetime = Field(sa_type=DateTime, default_factory=utcnow)
