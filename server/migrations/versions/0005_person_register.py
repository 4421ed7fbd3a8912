"""The organisation's person register: sharing settings, the card of each person, merges,
org-wide entries in the change feed (longer kinds, a JSON payload), counts in the audit log.

Revision ID: 0005_person_register
Revises: 0004_contact_created_at
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.models import UTCDateTime

revision = "0005_person_register"
down_revision = "0004_contact_created_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs (SQLite has them too): no table is copied.
    op.add_column("organisations", sa.Column("share_months", sa.Integer, nullable=False,
                                             server_default="6"))
    op.add_column("organisations", sa.Column("sharing", sa.Boolean, nullable=False,
                                             server_default=sa.true()))
    _kind_length(16)
    op.add_column("changes", sa.Column("data", sa.Text, nullable=True))
    op.create_index("ix_changes_person", "changes", ["org_id", "person_id"])
    op.add_column("audit_log", sa.Column("count", sa.Integer, nullable=True))
    op.create_table(
        "person_cards",
        sa.Column("org_id", sa.String(36), sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("person_id", sa.String(36), primary_key=True),
        sa.Column("card", sa.Text, nullable=False),
        sa.Column("keep_until", sa.Date, nullable=False),
    )
    op.create_table(
        "person_merges",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("org_id", sa.String(36), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("from_person", sa.String(36), nullable=False),
        sa.Column("into_person", sa.String(36), nullable=False),
        sa.Column("contact_ids", sa.Text, nullable=False),
        sa.Column("merged_at", UTCDateTime, nullable=False),
        sa.Column("merged_by", sa.String(36), nullable=False),
        sa.Column("undone_at", UTCDateTime, nullable=True),
        sa.Column("final", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_person_merges_from", "person_merges", ["org_id", "from_person"])


def downgrade() -> None:
    op.drop_index("ix_person_merges_from", table_name="person_merges")
    op.drop_table("person_merges")
    op.drop_table("person_cards")
    op.drop_column("audit_log", "count")
    op.drop_index("ix_changes_person", table_name="changes")
    op.execute(sa.text("DELETE FROM changes WHERE length(kind) > 8"))
    op.drop_column("changes", "data")
    _kind_length(8)
    op.drop_column("organisations", "sharing")
    op.drop_column("organisations", "share_months")


def _kind_length(length: int) -> None:
    """`person_gone` is longer than the kinds so far (SQLite copies the table, which no
    other table refers to)."""
    with op.batch_alter_table("changes") as batch:
        batch.alter_column("kind", type_=sa.String(length), existing_type=sa.String(24 - length),
                           existing_nullable=False)
