"""The phone's retention purge runs: at every unlock, in the background, with the days set.

A real vault; contacts are put in their states the way sync would leave them
(answered by the server, reviewed by a supervisor).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest

from fieldapp.app import FieldApp
from model import Contact, utc_now
from model.protocol import PushResult, read_changes
from tests.factories import make_contact
from tests.processes import wait_until

from .conftest import PIN

DAY = timedelta(days=1)


def recorded(app: FieldApp, *, days_ago: float) -> Contact:
    contact = make_contact(now=utc_now() - days_ago * DAY)
    app.vault.repository().add(contact)
    return contact


def approved(app: FieldApp, *contacts: Contact) -> None:
    """Sent, acknowledged by the server and approved by a supervisor."""
    repository = app.vault.repository()
    repository.mark_sent([PushResult(c.id, 1, "stored") for c in contacts])
    repository.apply_feedback(read_changes(
        [{"kind": "review", "contact_id": c.id, "state": "approved"} for c in contacts]).changes)


def held(app: FieldApp) -> set[str]:
    return {s.contact.id for s in app.vault.repository().list()}


def test_at_unlock_approved_contacts_past_their_time_go_and_unsent_ones_stay(
        app: FieldApp, caplog: pytest.LogCaptureFixture) -> None:
    old_approved, recent_approved = recorded(app, days_ago=40), recorded(app, days_ago=10)
    approved(app, old_approved, recent_approved)
    pending, failed, quarantined = (recorded(app, days_ago=40) for _ in range(3))
    repository = app.vault.repository()
    repository.mark_sending([failed.id])
    repository.mark_failed([failed.id], "offline")
    repository.mark_sent([PushResult(quarantined.id, 1, "invalid")])
    app.vault.lock()

    caplog.set_level(logging.INFO, logger="fieldapp.purge")
    app.vault.unlock(PIN)
    wait_until(lambda: old_approved.id not in held(app), timeout=10,
               what="the old approved contact to go")
    assert held(app) == {recent_approved.id, pending.id, failed.id, quarantined.id}
    wait_until(lambda: bool(caplog.records), timeout=10, what="the purge's log line")
    # On a thread of its own: neither the screen's nor the one that unlocked.
    assert [r.threadName for r in caplog.records] == ["purge"]
    assert threading.current_thread().name != "purge"


def test_the_days_are_a_setting(app: FieldApp) -> None:
    app.settings.set_retention_days(60)
    forty, seventy = recorded(app, days_ago=40), recorded(app, days_ago=70)
    approved(app, forty, seventy)
    app.vault.lock()
    app.vault.unlock(PIN)
    wait_until(lambda: seventy.id not in held(app), timeout=10, what="the purge at unlock")
    assert held(app) == {forty.id}  # within 60 days: kept
    assert app.settings.retention_days == 60
    app.settings.set_retention_days(30)
    app.vault.lock()
    app.vault.unlock(PIN)
    wait_until(lambda: not held(app), timeout=10, what="the purge with 30 days")
