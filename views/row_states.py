"""How a stored contact's sync and review state show to the worker."""

from __future__ import annotations

from model.values import ReviewState
from storage.records import StoredContact
from storage.sync_states import SyncState
from views.service_types import ContactSummary, RowState

NOT_SENT_STATES = frozenset({SyncState.PENDING, SyncState.SENDING, SyncState.FAILED})


def summary_of(stored: StoredContact) -> ContactSummary:
    """What the screens show about a stored contact."""
    return ContactSummary(contact=stored.contact, state=_row_state(stored),
                          revisions=stored.contact.rev, errors=stored.errors,
                          error=stored.last_error)


def _row_state(stored: StoredContact) -> RowState:
    if stored.sync_state is SyncState.QUARANTINED:
        return RowState.QUARANTINED
    if stored.sync_state in NOT_SENT_STATES:
        return RowState.NOT_SENT
    review = stored.contact.review
    if review is not None and review.state == ReviewState.HAS_ISSUES and (
            review.reviewed_at is None or review.reviewed_at >= stored.contact.updated_at):
        return RowState.NEEDS_CORRECTION
    return RowState.SENT
