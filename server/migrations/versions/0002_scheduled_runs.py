"""When the work the server does by itself last started: one row per kind of work.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from server.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    runs = op.create_table(
        "scheduled_runs",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("last_started_at", UTCDateTime, nullable=True),
    )
    op.bulk_insert(runs, [{"name": "purge", "last_started_at": None}])


def downgrade() -> None:
    op.drop_table("scheduled_runs")
