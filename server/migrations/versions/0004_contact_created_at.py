"""The time a contact was recorded, on the contacts table: it orders the contacts of one day
in the lists. Filled in from the newest revision of every contact already stored; the
list indexes gain it after the contact date.

Revision ID: 0004_contact_created_at
Revises: 0003_review_details
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from server.models import UTCDateTime

revision = "0004_contact_created_at"
down_revision = "0003_review_details"
branch_labels = None
depends_on = None

BATCH = 2000
# The list indexes: (name, the filter's column); the list's order follows each.
INDEXES = (("list", None), ("review_state", "review_state"), ("municipality", "municipality"),
           ("worker", "worker_id"), ("nationality", "nationality"), ("indication", "indication"))
_contacts = sa.table("contacts", sa.column("id", sa.String), sa.column("rev", sa.Integer),
                     sa.column("created_at", UTCDateTime))
_revisions = sa.table("contact_revisions", sa.column("contact_id", sa.String),
                      sa.column("rev", sa.Integer), sa.column("content", sa.Text))


def upgrade() -> None:
    op.add_column("contacts", sa.Column("created_at", UTCDateTime, nullable=True))
    _fill_in()
    with op.batch_alter_table("contacts") as batch:
        batch.alter_column("created_at", existing_type=UTCDateTime, nullable=False)
    _index(["contact_date", "created_at", "id"])


def _fill_in() -> None:
    """Copy `created_at` from each contact's newest revision, a batch at a time (by id)."""
    connection = op.get_bind()
    update = (sa.update(_contacts).where(_contacts.c.id == sa.bindparam("b_id"))
              .values(created_at=sa.bindparam("b_created_at")))
    last = ""
    while True:
        rows = connection.execute(
            sa.select(_contacts.c.id, _revisions.c.content)
            .join(_revisions, sa.and_(_revisions.c.contact_id == _contacts.c.id,
                                      _revisions.c.rev == _contacts.c.rev))
            .where(_contacts.c.id > last).order_by(_contacts.c.id).limit(BATCH)).all()
        if not rows:
            return
        connection.execute(update, [{"b_id": contact_id, "b_created_at": _created(content)}
                                    for contact_id, content in rows])
        last = rows[-1][0]


def _created(content: str) -> datetime:
    # Stored content is what the server wrote: valid wire JSON with an ISO time.
    moment = datetime.fromisoformat(json.loads(content)["created_at"].replace("Z", "+00:00"))
    return moment.astimezone(UTC)


def _index(order: list[str]) -> None:
    """Make the list indexes over `order` (replacing those of the same names)."""
    existing = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("contacts")}
    for name, column in INDEXES:
        if f"ix_contacts_{name}" in existing:
            op.drop_index(f"ix_contacts_{name}", table_name="contacts")
        op.create_index(f"ix_contacts_{name}", "contacts",
                        ["org_id", *([column] if column else []), *order])


def downgrade() -> None:
    _index(["contact_date", "id"])
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("created_at")
