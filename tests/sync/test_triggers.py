"""Auto-send with the real engine and server: contacts reach the server with nobody pressing a button."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.sync_states import SyncState
from storage.vault import Vault
from sync.report import Progress, SyncReport, SyncStatus
from sync.retry import RetryPolicy
from sync.scheduler import SyncScheduler
from tests.processes import wait_until
from tests.sync import faultproxy
from tests.sync.faultproxy import FaultProxy
from tests.sync.live_server import LiveServer
from tests.sync.phone import Phone

# Probe every 0.1-0.2 s, doubling per failure up to 0.5 s: the same rules, faster.
QUICK = RetryPolicy(probe_interval=(0.1, 0.2), max_delay=0.5, quick_retries=1, quick_delay=0.01)


class Screen:
    """What the app's screens would receive from the scheduler: its status, as it changes."""

    def __init__(self) -> None:
        self.statuses: list[SyncStatus] = []
        self.threads: set[str] = set()
        self.revoked = threading.Event()

    def on_status(self, status: SyncStatus) -> None:
        self.statuses.append(status)
        self.threads.add(threading.current_thread().name)
        if status.revoked:
            self.revoked.set()

    @property
    def reports(self) -> list[SyncReport]:
        return [s.last_report for s in self.statuses
                if not s.running and s.last_report is not None]

    @property
    def progress(self) -> list[Progress]:
        return [s.progress for s in self.statuses if s.progress is not None]


@pytest.fixture
def proxy(server: LiveServer) -> Iterator[FaultProxy]:
    with FaultProxy(server.port) as flaky:
        yield flaky


@pytest.fixture
def phone(tmp_path: Path, server: LiveServer, worker, proxy: FaultProxy) -> Phone:
    return Phone(tmp_path / "phone", server_url=server.url, credentials=worker,
                 sync_url=proxy.url, timeout=(1, 5))


@pytest.fixture
def screen() -> Screen:
    return Screen()


@pytest.fixture
def scheduler(phone: Phone, screen: Screen) -> Iterator[SyncScheduler]:
    made = SyncScheduler(phone.engine, policy=QUICK, on_status=screen.on_status)
    yield made
    made.stop()


def offline(proxy: FaultProxy) -> None:
    proxy.plan = lambda _request: faultproxy.REFUSE


def online(proxy: FaultProxy) -> None:
    proxy.plan = lambda _request: faultproxy.PASS


def all_sent(phone: Phone) -> bool:
    return phone.repository.counts()[SyncState.SYNCED] == len(phone.contacts())


def test_contacts_recorded_offline_go_when_the_phone_is_online_again(
    phone: Phone, proxy: FaultProxy, scheduler: SyncScheduler, screen: Screen
) -> None:
    offline(proxy)
    scheduler.start()
    scheduler.notify_online(False)
    for _ in range(3):
        phone.record()
        scheduler.notify_saved()
    wait_until(lambda: proxy.applied["refuse"] >= 3, timeout=10, what="probes while offline")
    assert phone.repository.counts()[SyncState.SYNCED] == 0
    online(proxy)
    scheduler.notify_online(True)
    wait_until(lambda: all_sent(phone), timeout=10, what="the contacts to reach the server")
    wait_until(lambda: any(r.ok for r in screen.reports), timeout=10, what="a good report")
    assert False in [s.reachable for s in screen.statuses]  # the probes found no server
    last = screen.statuses[-1]
    assert last.reachable is True
    assert last.last_success is not None and last.last_success == phone.engine.last_success()


def test_the_probe_sends_when_the_server_is_back_even_without_a_connectivity_event(
    phone: Phone, proxy: FaultProxy, scheduler: SyncScheduler
) -> None:
    offline(proxy)
    phone.record()
    phone.record()
    scheduler.start()  # the phone never reports "online": the probe must find out
    wait_until(lambda: proxy.applied["refuse"] >= 3, timeout=10, what="failed probes")
    online(proxy)
    wait_until(lambda: all_sent(phone), timeout=10, what="the probe to notice the server")


def test_a_contact_saved_while_online_is_sent_at_once(
    phone: Phone, scheduler: SyncScheduler, screen: Screen
) -> None:
    scheduler.start()
    scheduler.notify_online(True)
    wait_until(lambda: len(screen.reports) >= 1, timeout=10, what="the first sync")
    phone.record()
    scheduler.notify_saved()
    wait_until(lambda: all_sent(phone), timeout=10, what="the saved contact to be sent")


def test_the_sync_runs_off_the_screens_thread_and_reports_progress(
    phone: Phone, scheduler: SyncScheduler, screen: Screen
) -> None:
    for _ in range(5):
        phone.record()
    scheduler.start()
    scheduler.sync_now()
    wait_until(lambda: all_sent(phone), timeout=10, what="the sync")
    wait_until(lambda: len(screen.reports) >= 1, timeout=10, what="the report")
    assert screen.threads == {"sync"}
    assert Progress("push", 5, 5) in screen.progress


def test_revocation_wipes_the_phone_and_tells_the_screen(
    phone: Phone, server: LiveServer, scheduler: SyncScheduler, screen: Screen
) -> None:
    phone.record()
    server.revoke(phone.device_id)
    scheduler.start()
    scheduler.sync_now()
    wait_until(screen.revoked.is_set, timeout=10, what="a revoked status")
    assert not Vault.exists(phone.folder)
