"""The scheduler's own rules: what triggers a sync, one at a time, backoff, revocation.

A recording target stands in for the engine here so that timing and
concurrency can be controlled; the engine itself is driven by the scheduler
against the real server in test_triggers.py.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from sync.errors import DeviceRevoked, Offline
from sync.report import CANCELLED, Progress, SyncReport
from sync.retry import RetryPolicy
from sync.scheduler import SyncScheduler, online_from_kinds
from tests.processes import wait_until

FAST = RetryPolicy(probe_interval=(0.02, 0.04), max_delay=0.2, rng=random.Random(7))


class Target:
    """Counts runs and probes; can hold a run open, fail probes or report an error."""

    def __init__(self) -> None:
        self.runs = 0
        self.probes = 0
        self.pending = True
        self.reachable = True
        self.report = SyncReport()
        self.hold = threading.Event()
        self.hold.set()
        self.running = 0
        self.most_at_once = 0
        self.saw_cancel = False
        self._lock = threading.Lock()

    def run(self, *, cancel: threading.Event, on_progress: Callable[[Progress], None]) -> SyncReport:
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        on_progress(Progress("push", 0, 1))
        while not self.hold.wait(0.01):
            if cancel.is_set():
                self.saw_cancel = True
                break
        with self._lock:
            self.running -= 1
            self.runs += 1
        if self.saw_cancel:
            return SyncReport(error=CANCELLED)
        return self.report

    def has_pending(self) -> bool:
        return self.pending

    def probe(self) -> None:
        self.probes += 1
        if not self.reachable:
            raise Offline()


@pytest.fixture
def target() -> Target:
    return Target()


@pytest.fixture
def started(target: Target) -> Iterator[Callable[..., SyncScheduler]]:
    made: list[SyncScheduler] = []

    def start(**callbacks: Callable[..., None]) -> SyncScheduler:
        scheduler = SyncScheduler(target, policy=FAST, **callbacks).start()
        made.append(scheduler)
        return scheduler

    yield start
    for scheduler in made:
        scheduler.stop()


def test_waiting_work_is_sent_right_after_start(target: Target, started) -> None:
    started()
    wait_until(lambda: target.runs >= 1, timeout=5, what="a first sync")
    assert target.probes >= 1


def test_coming_online_starts_a_sync(target: Target, started) -> None:
    target.pending = False
    scheduler = started()
    scheduler.notify_online(True)
    wait_until(lambda: target.runs == 1, timeout=5, what="a sync after coming online")


def test_a_save_while_online_is_sent_at_once(target: Target, started) -> None:
    target.pending = False
    scheduler = started()
    scheduler.notify_online(True)
    wait_until(lambda: target.runs == 1, timeout=5, what="the online sync")
    scheduler.notify_saved()
    wait_until(lambda: target.runs == 2, timeout=5, what="a sync after the save")


def test_a_save_while_offline_waits_for_the_probe_to_reach_the_server(
    target: Target, started
) -> None:
    target.pending = False
    scheduler = started()
    scheduler.notify_online(False)
    target.reachable = False
    target.pending = True
    scheduler.notify_saved()
    wait_until(lambda: target.probes >= 3, timeout=5, what="probes while unreachable")
    assert target.runs == 0
    target.reachable = True
    wait_until(lambda: target.runs == 1, timeout=5, what="a sync once the server answers")


def test_probing_stops_when_nothing_waits_to_be_sent(target: Target, started) -> None:
    target.pending = False
    started()
    time.sleep(0.3)  # several probe intervals: nothing may happen in them
    assert (target.probes, target.runs) == (0, 0)


def test_the_probe_keeps_going_while_the_phone_says_offline(target: Target, started) -> None:
    target.reachable = False
    scheduler = started()
    scheduler.notify_online(False)
    wait_until(lambda: target.probes >= 4, timeout=5, what="probes despite 'offline'")


def test_never_two_syncs_at_once(target: Target, started) -> None:
    target.pending = False
    target.hold.clear()
    scheduler = started()
    scheduler.sync_now()
    wait_until(lambda: target.running == 1, timeout=5, what="a running sync")
    callers = [threading.Thread(target=trigger) for trigger in
               [scheduler.sync_now, scheduler.notify_saved, lambda: scheduler.notify_online(True)] * 5]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    target.hold.set()
    wait_until(lambda: target.runs == 2, timeout=5, what="one follow-up sync")
    time.sleep(0.1)
    assert target.most_at_once == 1
    assert target.runs == 2  # fifteen triggers during a sync make one more, not fifteen


def test_cancel_reaches_the_running_sync(target: Target, started) -> None:
    target.pending = False
    target.hold.clear()
    reports: list[SyncReport] = []
    scheduler = started(on_finished=reports.append)
    scheduler.sync_now()
    wait_until(lambda: scheduler.busy, timeout=5, what="a running sync")
    scheduler.cancel()
    wait_until(lambda: reports != [], timeout=5, what="the cancelled report")
    assert reports[0].error == CANCELLED
    assert not scheduler.busy


def test_progress_and_reports_reach_the_screen(target: Target, started) -> None:
    seen: list[object] = []
    started(on_progress=seen.append, on_finished=seen.append)
    wait_until(lambda: len(seen) >= 2, timeout=5, what="progress and report")
    assert seen[:2] == [Progress("push", 0, 1), SyncReport()]


def test_a_failing_screen_callback_does_not_stop_syncing(target: Target, started) -> None:
    def broken(_report: SyncReport) -> None:
        raise RuntimeError("screen bug")

    target.pending = False
    scheduler = started(on_finished=broken)
    scheduler.sync_now()
    wait_until(lambda: target.runs == 1, timeout=5, what="the first sync")
    scheduler.sync_now()
    wait_until(lambda: target.runs == 2, timeout=5, what="a sync after the callback failed")


def test_an_unexpected_error_in_a_sync_keeps_the_scheduler_alive(target: Target, started) -> None:
    target.report = None  # type: ignore[assignment]  # makes the scheduler's logging fail
    target.pending = False
    scheduler = started()
    scheduler.sync_now()
    wait_until(lambda: target.runs == 1, timeout=5, what="the broken sync")
    target.report = SyncReport()
    scheduler.sync_now()
    wait_until(lambda: target.runs >= 2, timeout=5, what="the next sync")


def test_revocation_tells_the_screen_and_stops_syncing(target: Target, started) -> None:
    target.report = SyncReport(error=DeviceRevoked.code)
    revoked = threading.Event()
    scheduler = started(on_revoked=revoked.set)
    wait_until(revoked.is_set, timeout=5, what="on_revoked")
    scheduler.sync_now()
    time.sleep(0.2)
    assert target.runs == 1


@pytest.mark.parametrize(("kinds", "online"), [
    (["wifi"], True), (["mobile"], True), (["none"], False), (["bluetooth"], False),
    (["bluetooth", "vpn"], True), ([], False), (["ethernet"], True), (["other"], True),
])
def test_connectivity_kinds_that_reach_the_internet(kinds: list[str], online: bool) -> None:
    assert online_from_kinds(kinds) is online
