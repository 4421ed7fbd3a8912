"""The feed of what devices must learn: review changes and erasures per worker, and the
organisation-wide entries every device of it pulls (cards, merges, splits: the worker
`server.services.persons.ALL`).

Sequence numbers come from a counter on the organisation's row, taken under
that row's lock in the writing transaction, so within an organisation they
are handed out in commit order and a device's cursor never skips a change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from server.models import Change, Organisation
from server.services import cursors

# The worker id of a feed entry for every device of the organisation (cards, merges,
# the municipality list), beside the entries for one worker's devices.
EVERY_WORKER = "*"


def append(db: Session, *, org_id: str, entries: list[dict[str, Any]]) -> None:
    """Add `entries` (Change columns without org_id and seq) to the organisation's feed."""
    if not entries:
        return
    db.execute(update(Organisation).where(Organisation.id == org_id)
               .values(change_seq=Organisation.change_seq + len(entries)))
    last = int(db.scalar(select(Organisation.change_seq).where(Organisation.id == org_id)) or 0)
    first = last - len(entries) + 1
    db.execute(insert(Change), [{"kind": "review", "contact_id": None, "person_id": None,
                                 "state": None, "comment": None, "reviewed_at": None,
                                 "fields": None, "reasons": None, "data": None,
                                 **entry, "org_id": org_id, "seq": first + i}
                                for i, entry in enumerate(entries)])


def joined(values: tuple[str, ...]) -> str | None:
    """A review's flagged fields or reasons as one column value (None when there are none)."""
    return " ".join(values) or None


def split(value: str | None) -> list[str]:
    """A column value of `joined` back as a list."""
    return value.split() if value else []


def encode_cursor(seq: int) -> str:
    """The opaque cursor a device keeps."""
    return cursors.encode_number(cursors.PULL, seq)


def decode_cursor(cursor: str | None) -> int:
    """The sequence number in a cursor; no cursor means from the beginning.

    Raises:
        InvalidInput: not a cursor this server made.
    """
    return cursors.decode_number(cursor, tag=cursors.PULL, name="since") if cursor else 0

