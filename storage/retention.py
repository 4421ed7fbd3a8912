"""How long the phone keeps a contact: until the server has it, approved, and a while more;
and a colleague's person card: until its `keep_until` day.

Pending, sending, failed and quarantined contacts are never removed, nor one
whose follow-up date is still ahead: only contacts the server holds *and* a
supervisor approved, unchanged for `RETENTION_DAYS` days. A card says itself
how long it may stay (the person's last contact plus the organisation's
sharing period); it goes the day after.
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


def expired_cards(cards: Committed, *, now: datetime) -> list[int]:
    """The document ids of the person cards whose last day (`keep_until`) is before `now`'s day.

    Raises:
        ValueError: `now` has no time zone.
    """
    if now.tzinfo is None:
        raise ValueError("a time zone is required")
    today = now.astimezone(UTC).date().isoformat()
    return [int(key) for key, d in cards.items() if d["keep_until"] < today]
