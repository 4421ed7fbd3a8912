"""An open phone keeps in touch by itself, against the real server and engine.

While nothing waits to be sent it looks for the supervisors' feedback every few
minutes — one pull, one request — and while contacts wait, a server that comes
back is found within the probe's ceiling. The intervals are shortened here,
the rules are the app's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.sync_states import SyncState
from sync.retry import RetryPolicy
from sync.scheduler import SyncScheduler
from tests.processes import wait_until
from tests.sync import faultproxy
from tests.sync.faultproxy import FaultProxy
from tests.sync.live_server import LiveServer
from tests.sync.phone import Phone

LOOK = 0.5  # seconds between looks here; five minutes in the app
CEILING = 0.5  # the probe's longest wait here; one minute in the app
POLICY = RetryPolicy(probe_interval=(0.1, 0.2), max_delay=CEILING, look_interval=LOOK,
                     quick_retries=0)


class Requests:
    """What reaches the server through the proxy: each request's first line and size."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.sizes: list[int] = []
        self.offline = False
        self._lock = threading.Lock()

    def plan(self, request: bytes) -> faultproxy.Fault:
        if self.offline:
            return faultproxy.REFUSE
        with self._lock:
            self.lines.append(request.split(b"\r\n", 1)[0].decode())
            self.sizes.append(len(request))
        return faultproxy.PASS

    def since(self, start: int) -> list[str]:
        with self._lock:
            return self.lines[start:]


@pytest.fixture
def requests_seen() -> Requests:
    return Requests()


@pytest.fixture
def proxy(server: LiveServer, requests_seen: Requests) -> Iterator[FaultProxy]:
    with FaultProxy(server.port, plan=requests_seen.plan) as flaky:
        yield flaky


@pytest.fixture
def phone(tmp_path: Path, server: LiveServer, worker, proxy: FaultProxy) -> Phone:
    return Phone(tmp_path / "phone", server_url=server.url, credentials=worker,
                 sync_url=proxy.url, timeout=(1, 5), policy=POLICY)


@pytest.fixture
def scheduler(phone: Phone) -> Iterator[SyncScheduler]:
    made = SyncScheduler(phone.engine, policy=POLICY)
    yield made
    made.stop()


def review_state(phone: Phone, contact_id: str) -> str | None:
    review = phone.contacts()[contact_id].contact.review
    return review.state if review else None


def test_a_verdict_reaches_an_idle_open_phone_within_the_interval(
        phone: Phone, server: LiveServer, supervisor, scheduler: SyncScheduler,
        requests_seen: Requests) -> None:
    contact = phone.record()
    scheduler.start()
    wait_until(lambda: phone.repository.counts()[SyncState.SYNCED] == 1, timeout=10,
               what="the contact to reach the server")
    server.review(contact.id, state="has_issues", comment="Leeftijd?", supervisor=supervisor)
    reviewed = time.monotonic()
    # Nobody saves, taps or comes online: the phone's own look brings it.
    wait_until(lambda: review_state(phone, contact.id) == "has_issues", timeout=10,
               what="the verdict to reach the phone by itself")
    assert time.monotonic() - reviewed <= LOOK + 5  # one interval, and a busy machine's slack


def test_an_idle_look_is_one_small_request(phone: Phone, scheduler: SyncScheduler,
                                           requests_seen: Requests) -> None:
    scheduler.start()
    scheduler.sync_now()
    wait_until(lambda: any("/sync/pull" in line for line in requests_seen.since(0)),
               timeout=10, what="the first sync")
    start = len(requests_seen.lines)
    wait_until(lambda: len(requests_seen.since(start)) >= 3, timeout=10, what="three looks")
    looks = requests_seen.since(start)
    assert all(line.startswith("GET /api/v1/sync/pull?since=") for line in looks), looks
    assert max(requests_seen.sizes[start:]) < 1024  # headers and token only, no body


def test_contacts_waiting_reach_a_server_that_came_back_within_the_ceiling(
        phone: Phone, scheduler: SyncScheduler, requests_seen: Requests,
        proxy: FaultProxy) -> None:
    requests_seen.offline = True
    for _ in range(3):
        phone.record()
    scheduler.start()
    # Long enough for an uncapped doubling to reach minutes.
    wait_until(lambda: proxy.applied["refuse"] >= 12, timeout=30, what="a dozen failed probes")
    requests_seen.offline = False
    back = time.monotonic()
    wait_until(lambda: phone.repository.counts()[SyncState.SYNCED] == 3, timeout=15,
               what="the waiting contacts to reach the server")
    assert time.monotonic() - back <= CEILING + 5  # the ceiling, and a busy machine's slack
