"""Structured corrections: the fields a supervisor flags and the reasons, on the contact's
current review and on the feed's review changes.

Revision ID: 0003_review_details
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_review_details"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (("contacts", "review_fields"), ("contacts", "review_reasons"),
           ("changes", "fields"), ("changes", "reasons"))


def upgrade() -> None:
    # Nullable, no default: every review given so far has none (a comment only).
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, sa.Text, nullable=True))


def downgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
