"""How a contact shows to the worker: its row state, and which list filter it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from model import Contact, FieldError
from model.values import ReviewState
from storage.records import StoredContact
from storage.sync_states import OUTBOX_STATES, SyncState


class RowState(StrEnum):
    """A contact's state as the worker sees it."""

    NOT_SENT = "not_sent"
    SENT = "sent"
    NEEDS_CORRECTION = "needs_correction"
    QUARANTINED = "quarantined"


class ListFilter(StrEnum):
    """The contact list's filters."""

    ALL = "all"
    NEEDS_ATTENTION = "needs_attention"
    FOLLOW_UP_DUE = "follow_up_due"
    NOT_SENT = "not_sent"


@dataclass(frozen=True)
class ContactSummary:
    """A contact with what the screens show about it besides its fields."""

    contact: Contact
    state: RowState
    revisions: int
    errors: tuple[FieldError, ...] = ()
    error: str | None = None


def summary_of(stored: StoredContact) -> ContactSummary:
    """What the screens show about a stored contact."""
    return ContactSummary(contact=stored.contact, state=_row_state(stored),
                          revisions=stored.contact.rev, errors=stored.errors,
                          error=stored.last_error)


def matches_filter(summary: ContactSummary, wanted: ListFilter, *, today: date) -> bool:
    """Whether a contact belongs in the list under `wanted`."""
    if wanted is ListFilter.NEEDS_ATTENTION:
        return summary.state in (RowState.NEEDS_CORRECTION, RowState.QUARANTINED)
    if wanted is ListFilter.FOLLOW_UP_DUE:
        due = summary.contact.follow_up_on
        return due is not None and due <= today
    if wanted is ListFilter.NOT_SENT:
        return summary.state in (RowState.NOT_SENT, RowState.QUARANTINED)
    return True


def _row_state(stored: StoredContact) -> RowState:
    if stored.sync_state is SyncState.QUARANTINED:
        return RowState.QUARANTINED
    if stored.sync_state in OUTBOX_STATES:
        return RowState.NOT_SENT
    review = stored.contact.review
    if review is not None and review.state == ReviewState.HAS_ISSUES and (
            review.reviewed_at is None or review.reviewed_at >= stored.contact.updated_at):
        return RowState.NEEDS_CORRECTION
    return RowState.SENT
