"""Each organisation's municipalities (CBS code and name). Organisations there are already
get the first pilot's six, so their phones offer what they offered before. The contacts
table (and the purged counts) name a municipality by its code from now on: their schema 1
names become codes. The revisions are left as they were received.

Revision ID: 0006_org_municipalities
Revises: 0005_person_register
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from model.municipalities import LEGACY_CODES, PILOT_NAMES

revision = "0006_org_municipalities"
down_revision = "0005_person_register"
branch_labels = None
depends_on = None

_organisations = sa.table("organisations", sa.column("id", sa.String))
_TABLES = ("contacts", "purged_counts")


def upgrade() -> None:
    listed = op.create_table(
        "org_municipalities",
        sa.Column("org_id", sa.String(36), sa.ForeignKey("organisations.id"), primary_key=True),
        sa.Column("code", sa.String(6), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
    )
    orgs = op.get_bind().execute(sa.select(_organisations.c.id)).scalars().all()
    op.bulk_insert(listed, [{"org_id": org, "code": code, "name": name}
                            for org in orgs for code, name in PILOT_NAMES.items()])
    for name in _TABLES:
        _rename(name, LEGACY_CODES)


def downgrade() -> None:
    for name in _TABLES:
        _rename(name, {code: legacy for legacy, code in LEGACY_CODES.items()})
    op.drop_table("org_municipalities")


def _rename(name: str, mapping: dict[str, str]) -> None:
    table = sa.table(name, sa.column("municipality", sa.String))
    for old, new in mapping.items():
        op.execute(sa.update(table).where(table.c.municipality == old).values(municipality=new))
