"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 12:18:03.921794
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "attachment",
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "audit_entry",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("actor_role", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_review_id"), ["review_id"], unique=False)

    op.create_table(
        "framework",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("graded", sa.Boolean(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("document", sa.String(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("framework", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_framework_key"), ["key"], unique=False)

    op.create_table(
        "own_key",
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("signing_public", sa.LargeBinary(), nullable=False),
        sa.Column("age_recipient", sa.String(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "package_record",
        sa.Column("package_id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("direction", sa.String(), nullable=False),
        sa.Column("signer_key_id", sa.String(), nullable=False),
        sa.Column("signer_name", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("supersedes", sa.String(), nullable=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("document", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("package_id"),
    )
    with op.batch_alter_table("package_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_package_record_review_id"), ["review_id"], unique=False)

    op.create_table(
        "partnership",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "profile",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("school", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("key_id", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "trusted_key",
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("school", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("signing_public", sa.LargeBinary(), nullable=False),
        sa.Column("age_recipient", sa.String(), nullable=False),
        sa.Column("card", sa.String(), nullable=False),
        sa.Column("trusted_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "cluster",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("partnership_id", sa.String(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partnership_id"],
            ["partnership.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cluster_name"), ["name"], unique=False)

    op.create_table(
        "school",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("urn", sa.String(), nullable=True),
        sa.Column("cluster_id", sa.String(), nullable=True),
        sa.Column("phase", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["cluster.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_school_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_school_urn"), ["urn"], unique=False)

    op.create_table(
        "review",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("school_id", sa.String(), nullable=False),
        sa.Column("framework_id", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("context", sa.String(), nullable=False),
        sa.Column("focus_areas", sa.String(), nullable=False),
        sa.Column("lines_of_enquiry", sa.String(), nullable=False),
        sa.Column("finalised_at", sa.DateTime(), nullable=True),
        sa.Column("report_sha256", sa.String(), nullable=True),
        sa.Column("author_key_id", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["framework.id"],
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_school_id"), ["school_id"], unique=False)

    op.create_table(
        "finding",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("criteria", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_review_id"), ["review_id"], unique=False)

    op.create_table(
        "host_comment",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("target", sa.String(), nullable=False),
        sa.Column("target_id", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("stance", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolution", sa.String(), nullable=True),
        sa.Column("reason", sa.String(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("host_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_host_comment_review_id"), ["review_id"], unique=False)

    op.create_table(
        "judgement",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("criterion", sa.String(), nullable=False),
        sa.Column("grade", sa.String(), nullable=False),
        sa.Column("rationale", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_judgement_review_id"), ["review_id"], unique=False)

    op.create_table(
        "note",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("activity", sa.String(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("year_group", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("marker", sa.String(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_version",
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("document", sa.String(), nullable=False),
        sa.Column("finalised_at", sa.DateTime(), nullable=True),
        sa.Column("report_sha256", sa.String(), nullable=True),
        sa.Column("package_sha256", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("review_id", "version"),
    )
    op.create_table(
        "team_member",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("school", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("team_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_member_review_id"), ["review_id"], unique=False)

    op.create_table(
        "timetable_slot",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start", sa.String(), nullable=False),
        sa.Column("end", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("activity", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("with_whom", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("timetable_slot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_timetable_slot_review_id"), ["review_id"], unique=False)

    op.create_table(
        "judgement_evidence",
        sa.Column("judgement_id", sa.String(), nullable=False),
        sa.Column("note_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["judgement_id"], ["judgement.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["note_id"], ["note.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("judgement_id", "note_id"),
    )
    op.create_table(
        "note_attachment",
        sa.Column("note_id", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["note.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["attachment.sha256"],
        ),
        sa.PrimaryKeyConstraint("note_id", "sha256"),
    )
    op.create_table(
        "note_conflict",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("note_id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("theirs", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["note_id"], ["note.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("note_conflict", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_conflict_note_id"), ["note_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_note_conflict_review_id"), ["review_id"], unique=False)

    op.create_table(
        "note_criterion",
        sa.Column("note_id", sa.String(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["note_id"], ["note.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("note_id", "code"),
    )
    with op.batch_alter_table("note_criterion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_criterion_code"), ["code"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("note_criterion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_criterion_code"))

    op.drop_table("note_criterion")
    with op.batch_alter_table("note_conflict", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_conflict_review_id"))
        batch_op.drop_index(batch_op.f("ix_note_conflict_note_id"))

    op.drop_table("note_conflict")
    op.drop_table("note_attachment")
    op.drop_table("judgement_evidence")
    with op.batch_alter_table("timetable_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_timetable_slot_review_id"))

    op.drop_table("timetable_slot")
    with op.batch_alter_table("team_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_member_review_id"))

    op.drop_table("team_member")
    op.drop_table("review_version")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_review_id"))

    op.drop_table("note")
    with op.batch_alter_table("judgement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_judgement_review_id"))

    op.drop_table("judgement")
    with op.batch_alter_table("host_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_host_comment_review_id"))

    op.drop_table("host_comment")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_review_id"))

    op.drop_table("finding")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_school_id"))

    op.drop_table("review")
    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_school_urn"))
        batch_op.drop_index(batch_op.f("ix_school_name"))

    op.drop_table("school")
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_name"))

    op.drop_table("cluster")
    op.drop_table("trusted_key")
    op.drop_table("setting")
    op.drop_table("profile")
    op.drop_table("partnership")
    with op.batch_alter_table("package_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_package_record_review_id"))

    op.drop_table("package_record")
    op.drop_table("own_key")
    with op.batch_alter_table("framework", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_key"))

    op.drop_table("framework")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_review_id"))

    op.drop_table("audit_entry")
    op.drop_table("attachment")
