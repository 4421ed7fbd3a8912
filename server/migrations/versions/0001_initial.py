"""The first schema: organisations, users, devices, sessions, contacts, changes, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", ID, primary_key=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("retention_months", sa.Integer, nullable=False),
        sa.Column("change_seq", sa.BigInteger, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    _accounts()
    _contacts()
    _changes_and_counts()
    _audit_log()


def _accounts() -> None:
    op.create_table(
        "users",
        sa.Column("id", ID, primary_key=True),
        sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), nullable=False, index=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "devices",
        sa.Column("id", ID, primary_key=True),
        sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), nullable=False, index=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_sync_at", UTCDateTime, nullable=True),
        sa.Column("revoked_at", UTCDateTime, nullable=True),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", ID, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("last_seen_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("window_start", sa.BigInteger, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )


def _contacts() -> None:
    op.create_table(
        "contact_revisions",
        sa.Column("contact_id", ID, primary_key=True),
        sa.Column("rev", sa.Integer, primary_key=True),
        sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), nullable=False, index=True),
        sa.Column("worker_id", ID, nullable=False),
        sa.Column("device_id", ID, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("received_at", UTCDateTime, nullable=False),
    )
    _current_contacts()


def _current_contacts() -> None:
    op.create_table(
        "contacts",
        sa.Column("id", ID, primary_key=True),
        sa.Column("rev", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("worker_id", ID, nullable=False),
        sa.Column("person_id", ID, nullable=False),
        sa.Column("contact_date", sa.Date, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
        sa.Column("municipality", sa.String(16), nullable=False),
        sa.Column("nationality", sa.String(8), nullable=False),
        sa.Column("age_band", sa.String(8), nullable=False),
        sa.Column("sleeping_situation", sa.String(24), nullable=False),
        sa.Column("indication", sa.String(4), nullable=False),
        sa.Column("entitlement", sa.Text, nullable=False),
        sa.Column("referrals", sa.Text, nullable=False),
        sa.Column("outcome", sa.String(24), nullable=True),
        sa.Column("review_state", sa.String(12), nullable=False),
        sa.Column("review_comment", sa.Text, nullable=True),
        sa.Column("reviewed_at", UTCDateTime, nullable=True),
        sa.Column("reviewer", sa.String(64), nullable=True),
    )
    for name, column in (("review_state", "review_state"), ("municipality", "municipality"),
                         ("worker", "worker_id"), ("nationality", "nationality"),
                         ("indication", "indication")):
        op.create_index(f"ix_contacts_{name}", "contacts",
                        ["org_id", column, "contact_date", "id"])
    op.create_index("ix_contacts_list", "contacts", ["org_id", "contact_date", "id"])
    op.create_index("ix_contacts_person", "contacts", ["org_id", "person_id", "contact_date"])


def _changes_and_counts() -> None:
    op.create_table(
        "changes",
        sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("worker_id", ID, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("contact_id", ID, nullable=True),
        sa.Column("person_id", ID, nullable=True),
        sa.Column("state", sa.String(12), nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("reviewed_at", UTCDateTime, nullable=True),
    )
    op.create_index("ix_changes_worker", "changes", ["org_id", "worker_id", "seq"])
    op.create_index("ix_changes_contact", "changes", ["contact_id"])
    op.create_table(
        "erased_persons",
        sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("person_id", ID, primary_key=True),
        sa.Column("erased_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "purged_counts",
        sa.Column("org_id", ID, sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("municipality", sa.String(16), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("contacts", sa.Integer, nullable=False),
    )


def _audit_log() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
                  autoincrement=True),
        sa.Column("at", UTCDateTime, nullable=False),
        sa.Column("org_id", ID, nullable=True),
        sa.Column("actor_kind", sa.String(8), nullable=False),
        sa.Column("actor_id", ID, nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("object_id", ID, nullable=True),
    )
    op.create_index("ix_audit_org", "audit_log", ["org_id", "id"])
    # Append-only, enforced by the database itself and not just by the code.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    for table in ("audit_log", "purged_counts", "erased_persons", "changes", "contacts",
                  "contact_revisions", "rate_counters", "sessions", "devices", "users",
                  "organisations"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
