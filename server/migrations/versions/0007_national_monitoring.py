"""National monitoring: organisations take part in the pilot or not, count the writes that
change their figures (the national figures' cache key), and one organisation row holds the
monitors' accounts (it never has contacts, devices or phones); the national grid's
cells, counted from the contacts already stored.

Revision ID: 0007_national_monitoring
Revises: 0006_org_municipalities
Create Date: 2026-12-07
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from server.models import UTCDateTime
from server.services import national_cells
from server.services.principals import MONITORS_ORG_ID, MONITORS_ORG_NAME

revision = "0007_national_monitoring"
down_revision = "0006_org_municipalities"
branch_labels = None
depends_on = None

_orgs = sa.table("organisations", sa.column("id", sa.String), sa.column("name", sa.String),
                 sa.column("retention_months", sa.Integer), sa.column("change_seq", sa.BigInteger),
                 sa.column("created_at", UTCDateTime), sa.column("in_pilot", sa.Boolean),
                 sa.column("figures_seq", sa.BigInteger))


def upgrade() -> None:
    # Plain ADD COLUMN (with a default, so NOT NULL holds for the rows there): on SQLite a
    # batch copy of the table would break the foreign keys of users, devices and contacts.
    op.add_column("organisations", sa.Column("in_pilot", sa.Boolean, nullable=False,
                                             server_default=sa.false()))
    op.add_column("organisations", sa.Column("figures_seq", sa.BigInteger, nullable=False,
                                             server_default="0"))
    op.create_table(
        "national_cells",
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("slice", sa.String(48), primary_key=True),
        sa.Column("metric", sa.String(40), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )
    with Session(bind=op.get_bind()) as db:  # the contacts already stored, counted once
        national_cells.rebuild(db)
        db.flush()
    op.bulk_insert(_orgs, [{"id": MONITORS_ORG_ID, "name": MONITORS_ORG_NAME,
                            "retention_months": 24, "change_seq": 0,
                            "created_at": datetime.now(UTC), "in_pilot": False,
                            "figures_seq": 0}])


def downgrade() -> None:
    op.execute(sa.delete(sa.table("users", sa.column("org_id", sa.String)))
               .where(sa.column("org_id") == MONITORS_ORG_ID))
    op.execute(sa.delete(_orgs).where(_orgs.c.id == MONITORS_ORG_ID))
    op.drop_table("national_cells")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("figures_seq")
        batch.drop_column("in_pilot")
