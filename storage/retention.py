"""How long the phone keeps a contact: until the server has it, approved, and a while more.

Pending, sending, failed and quarantined contacts are never removed, nor one
whose follow-up date is still ahead: only contacts the server holds *and* a
supervisor approved, unchanged for `RETENTION_DAYS` days.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from model.values import ReviewState
from storage.records import Committed, sortable_time, sync_of
from storage.sync_states import SyncState

RETENTION_DAYS = 30


def expired(contacts: Committed, states: Committed, *, now: datetime,
            days: int = RETENTION_DAYS) -> list[int]:
    """The document ids of the contacts whose time on the phone is over at `now`.

    Raises:
        ValueError: `now` has no time zone.
    """
    cutoff = sortable_time(now - timedelta(days=days))
    today = now.astimezone(UTC).date().isoformat()
    return [int(key) for key, d in contacts.items()
            if d["review_state"] == ReviewState.APPROVED and d["updated_at"] < cutoff
            and (d["follow_up_on"] or "") < today
            and sync_of(d, states.get(key)) == SyncState.SYNCED]
