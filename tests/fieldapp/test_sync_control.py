"""Sync as the field app runs it, against the real server: one status, from save to feedback.

The screens hear of sync through one callback; these tests stand where the
screens stand and look at what they would show.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.app import FieldApp, Phase
from fieldapp.config import FieldAppConfig
from fieldapp.summaries import RowState
from fieldapp.sync_control import SyncStatus
from sync.enrollment import current_enrollment
from tests.processes import wait_until
from tests.sync.live_server import ORG, LiveServer

from .conftest import PIN, every, form


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(Path(tmp_path_factory.mktemp("server"))).start()
    yield live
    live.stop()


class Screen:
    """What the screens receive: every status, on the sync thread."""

    def __init__(self) -> None:
        self.statuses: list[SyncStatus] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, status: SyncStatus) -> None:
        with self.lock:
            self.statuses.append(status)
            self.threads.add(threading.current_thread().name)


@pytest.fixture
def enrolled(tmp_path: Path, server: LiveServer) -> Iterator[tuple[FieldApp, Screen]]:
    app = FieldApp(FieldAppConfig(data_dir=tmp_path, fast_kdf=True, sync_probe_seconds=0.2))
    screen = Screen()
    app.sync.watch(screen)
    app.settings.choose_language("nl")
    app.vault.create(PIN)
    username, password = server.add_user("worker")
    app.sync.enroll(server_url=server.url, username=username, password=password)
    yield app, screen
    app.vault.lock()


def test_a_saved_contact_reaches_the_server_and_the_status_says_so(
        enrolled: tuple[FieldApp, Screen], server: LiveServer) -> None:
    app, screen = enrolled
    assert app.sync.summary().enrolled
    assert app.sync.summary().server_url == server.url
    assert app.organisation_name() == ORG  # as the server named it, for the privacy notice
    app.contacts.save_new(form(app))
    wait_until(lambda: app.sync.summary().pending == 0, timeout=20, what="the contact to go")
    wait_until(lambda: any(s.last_report is not None and s.last_report.acknowledged == 1
                           for s in list(screen.statuses)), timeout=20, what="its report")
    wait_until(lambda: not app.sync.summary().status.running, timeout=20, what="the sync's end")
    status = app.sync.summary().status
    assert status.reachable is True and status.last_success is not None
    assert any(s.running for s in screen.statuses)  # the screen saw it run
    assert screen.threads == {"sync"}
    [sent] = every(app)
    assert sent.state is RowState.SENT
    # The last success is the engine's: it is there again after a lock, before any sync.
    app.vault.lock()
    app.vault.unlock(PIN)
    assert app.sync.summary().status.last_success == status.last_success


def test_a_verdict_reaches_the_open_app_with_nobody_doing_anything(
        enrolled: tuple[FieldApp, Screen], server: LiveServer) -> None:
    app, _screen = enrolled
    app.contacts.save_new(form(app))
    wait_until(lambda: app.sync.summary().pending == 0, timeout=20, what="the contact to go")
    [sent] = every(app)
    server.review(sent.contact.id, state="has_issues", comment="Leeftijd?",
                  supervisor=server.add_user("supervisor"))
    # --sync-probe-seconds (0.2 s here) shortens the look for feedback too.
    wait_until(lambda: every(app)[0].state is RowState.NEEDS_CORRECTION, timeout=20,
               what="the verdict to arrive by itself")


def test_a_revoked_phone_is_wiped_and_starts_over(enrolled: tuple[FieldApp, Screen],
                                                  server: LiveServer) -> None:
    app, screen = enrolled
    app.contacts.save_new(form(app))
    wait_until(lambda: app.sync.summary().pending == 0, timeout=20, what="the contact to go")
    enrollment = current_enrollment(app.vault.open_vault())
    assert enrollment is not None
    server.revoke(enrollment.device_id)
    app.sync.sync_now()
    wait_until(lambda: any(s.revoked for s in list(screen.statuses)), timeout=20,
               what="the screen to hear of it")
    assert app.phase() is Phase.CREATE_PIN
    assert app.vault.start_over_reason == "device_revoked"
    assert not app.vault.exists()
