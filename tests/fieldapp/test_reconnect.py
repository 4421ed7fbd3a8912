"""A server restored from a backup older than the phone's enrollment: nothing on the phone is lost.

The real server on 127.0.0.1 and a real vault: the server's SQLite file is copied
with the server stopped, as an operator would back it up, and put back later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.app import FieldApp, Phase
from fieldapp.config import FieldAppConfig
from fieldapp.summaries import RowState
from tests.processes import wait_until
from tests.sync.live_server import LiveServer

from .conftest import PIN, every, form


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server of this test's own: its database is put back to an older copy."""
    live = LiveServer(tmp_path / "server").start()
    yield live
    live.stop()


def sent(app: FieldApp) -> bool:
    summary = app.sync.summary()
    return summary.pending == 0 and not summary.status.running


def test_a_server_restored_from_before_the_enrollment_costs_the_phone_nothing(
        tmp_path: Path, server: LiveServer) -> None:
    username, password = server.add_user("worker")
    before_enrollment = tmp_path / "backup"
    server.backup(before_enrollment)

    app = FieldApp(FieldAppConfig(data_dir=tmp_path / "phone", fast_kdf=True,
                                  sync_probe_seconds=0.2))
    app.settings.choose_language("bg")
    app.vault.create(PIN)
    app.sync.enroll(server_url=server.url, username=username, password=password)
    for alias in ("Marek", "Ivan", "Petar"):
        assert app.contacts.save_new(form(app, consent="given", alias=alias)) == []
    wait_until(lambda: sent(app), timeout=30, what="the first contacts to reach the server")
    assert len(server.revisions()) == 3

    server.stop()  # offline in the street: two more wait on the phone
    for alias in ("Andrzej", "Georgi"):
        assert app.contacts.save_new(form(app, consent="given", alias=alias)) == []
    server.restore(before_enrollment)
    app.sync.sync_now()
    wait_until(lambda: app.sync.summary().status.unknown_device, timeout=30,
               what="the phone to learn that the server does not know it")

    # Nothing wiped: still open, every contact there and waiting, the settings kept.
    summary = app.sync.summary()
    assert app.phase() is Phase.UNLOCKED and app.vault.exists()
    assert not summary.enrolled and summary.reconnect and not summary.status.running
    assert summary.pending == 5
    assert {s.contact.alias for s in every(app)} == {"Marek", "Ivan", "Petar", "Andrzej",
                                                     "Georgi"}
    assert {s.state for s in every(app)} == {RowState.NOT_SENT}
    assert app.settings.ui_language == "bg"
    assert server.revisions() == []  # what the restored server lost

    # The worker connects the phone again, as the first time: what waits goes, once.
    app.sync.enroll(server_url=server.url, username=username, password=password)
    wait_until(lambda: sent(app), timeout=30, what="the contacts to reach the server again")
    summary = app.sync.summary()
    assert summary.enrolled and not summary.reconnect
    assert {s.state for s in every(app)} == {RowState.SENT}
    stored = Counter(contact_id for contact_id, _rev in server.revisions())
    assert set(stored) == {s.contact.id for s in every(app)}
    assert set(stored.values()) == {1}  # every contact exactly once: none lost, none twice
    app.vault.lock()
