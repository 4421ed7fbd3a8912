"""The phone's retention purge after each pull, against the real server.

A contact the server holds and a supervisor approved leaves the phone once the
days it may stay are over; the days are the phone's setting.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from model import utc_now
from sync.engine import SyncEngine
from sync.enrollment import connect
from tests.sync.live_server import LiveServer
from tests.sync.phone import Phone

DAY = timedelta(days=1)


def test_approved_contacts_leave_the_phone_after_a_pull_once_their_days_are_over(
        tmp_path: Path, server: LiveServer, worker: tuple[str, str],
        supervisor: tuple[str, str]) -> None:
    phone = Phone(tmp_path / "phone", server_url=server.url, credentials=worker)
    old = phone.record(now=utc_now() - 40 * DAY)
    recent = phone.record(now=utc_now() - 5 * DAY)
    assert phone.sync().acknowledged == 2
    for contact in (old, recent):
        server.review(contact.id, state="approved", comment=None, supervisor=supervisor)

    # Set to keep approved contacts 60 days, the phone pulls the approvals: both stay.
    sixty = SyncEngine(vault=phone.vault, repository=phone.repository,
                       client=connect(phone.vault), policy=phone.policy, retention_days=60)
    try:
        assert sixty.run().pulled == 2
    finally:
        sixty.close()
    assert set(phone.contacts()) == {old.id, recent.id}

    # With the default 30 days the next sync's pull (nothing new) is followed by the purge.
    report = phone.sync()
    assert (report.error, report.pulled) == (None, 0)
    assert set(phone.contacts()) == {recent.id}
    assert phone.contacts()[recent.id].contact.review.state == "approved"  # type: ignore[union-attr]
