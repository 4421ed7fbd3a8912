"""What a worker sees for a contact's sync and review state."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from fieldapp.summaries import RowState, summary_of
from model import Review
from storage.records import StoredContact
from storage.sync_states import SyncState
from tests.factories import NOW, make_contact


@pytest.mark.parametrize(("sync", "shown"), [
    (SyncState.PENDING, RowState.NOT_SENT),
    (SyncState.SENDING, RowState.NOT_SENT),
    (SyncState.FAILED, RowState.NOT_SENT),
    (SyncState.QUARANTINED, RowState.QUARANTINED),
    (SyncState.SYNCED, RowState.SENT),
])
def test_sync_state_as_shown(sync: SyncState, shown: RowState) -> None:
    assert summary_of(StoredContact(make_contact(), sync)).state is shown


def test_supervisor_flag_shows_until_the_worker_changes_the_contact() -> None:
    flagged = Review(state="has_issues", comment="age?", reviewed_at=NOW + timedelta(hours=1))
    contact = dataclasses.replace(make_contact(), review=flagged)
    assert summary_of(StoredContact(contact, SyncState.SYNCED)).state is RowState.NEEDS_CORRECTION
    edited = dataclasses.replace(contact, rev=2, updated_at=NOW + timedelta(hours=2))
    assert summary_of(StoredContact(edited, SyncState.SYNCED)).state is RowState.SENT


def test_approved_contact_is_simply_sent() -> None:
    contact = dataclasses.replace(make_contact(), review=Review(state="approved"))
    assert summary_of(StoredContact(contact, SyncState.SYNCED)).state is RowState.SENT
