"""The scheduler's own rules: what triggers a sync, one at a time, backoff, revocation.

A recording target stands in for the engine here so that timing and
concurrency can be controlled; the engine itself is driven by the scheduler
against the real server in test_triggers.py.
"""

from __future__ import annotations

import dataclasses
import random
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from sync.errors import DeviceRevoked, Offline
from sync.report import CANCELLED, Progress, SyncReport, SyncStatus
from sync.retry import RetryPolicy
from sync.scheduler import SyncScheduler, online_from_kinds
from tests.processes import wait_until

FAST = RetryPolicy(probe_interval=(0.02, 0.04), max_delay=0.2, rng=random.Random(7))


class Target:
    """Counts runs and probes; can hold a run open, fail probes or report an error.

    Like the engine, a sync that runs to the end leaves nothing pending, and it
    keeps when that last happened.
    """

    def __init__(self) -> None:
        self.succeeded: datetime | None = None
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
        if self.report is not None and self.report.ok:
            # As the engine: a sync that ran to the end sent what waited.
            self.pending = False
            self.succeeded = datetime(2026, 11, 25, 9, tzinfo=UTC) + timedelta(seconds=self.runs)
        return self.report

    def has_pending(self) -> bool:
        return self.pending

    def last_success(self) -> datetime | None:
        return self.succeeded

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

    def start(on_status: Callable[[SyncStatus], None] | None = None) -> SyncScheduler:
        scheduler = SyncScheduler(target, policy=FAST, on_status=on_status).start()
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


def test_with_nothing_waiting_the_phone_still_looks_for_feedback_without_probing(
        target: Target) -> None:
    target.pending = False
    scheduler = SyncScheduler(target, policy=dataclasses.replace(FAST, look_interval=0.05))
    scheduler.start()
    try:
        wait_until(lambda: target.runs >= 3, timeout=5, what="three looks")
    finally:
        scheduler.stop()
    assert target.probes == 0  # the look is the sync's pull itself: one request, no probe


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


def reports(statuses: list[SyncStatus]) -> list[SyncReport]:
    """The report of each sync, as the screen saw it end."""
    return [s.last_report for s in statuses if not s.running and s.last_report is not None]


def test_cancel_reaches_the_running_sync(target: Target, started) -> None:
    target.pending = False
    target.hold.clear()
    statuses: list[SyncStatus] = []
    scheduler = started(statuses.append)
    scheduler.sync_now()
    wait_until(lambda: scheduler.busy, timeout=5, what="a running sync")
    scheduler.cancel()
    wait_until(lambda: reports(statuses) != [], timeout=5, what="the cancelled report")
    assert reports(statuses)[0].error == CANCELLED
    assert not scheduler.busy


def test_progress_and_reports_reach_the_screen(target: Target, started) -> None:
    seen: list[SyncStatus] = []
    started(seen.append)
    wait_until(lambda: reports(seen) != [], timeout=5, what="progress and report")
    progress = [s.progress for s in seen if s.progress is not None]
    assert [progress[0], reports(seen)[0]] == [Progress("push", 0, 1), SyncReport()]


def test_one_status_tells_what_runs_how_far_how_it_ended_and_the_last_success(
        target: Target, started) -> None:
    seen: list[SyncStatus] = []
    target.pending = False  # one sync, when asked: nothing else happens meanwhile
    scheduler = started(seen.append)
    scheduler.sync_now()
    wait_until(lambda: reports(seen) != [], timeout=5, what="the sync")
    starting, moving, ended = seen
    assert (starting.running, starting.progress) == (True, None)
    assert (moving.running, moving.progress) == (True, Progress("push", 0, 1))
    assert ended == SyncStatus(last_report=SyncReport(), reachable=True,
                               last_success=target.succeeded)
    assert scheduler.status == ended
    assert ended.last_success is not None and not ended.revoked


def test_the_status_knows_the_last_success_before_any_sync(target: Target) -> None:
    target.succeeded = datetime(2026, 11, 1, 8, tzinfo=UTC)
    scheduler = SyncScheduler(target, policy=FAST)
    assert scheduler.status == SyncStatus(last_success=target.succeeded)


def test_reachability_follows_the_probes_and_the_syncs(target: Target, started) -> None:
    seen: list[SyncStatus] = []
    target.reachable = False
    scheduler = started(seen.append)
    wait_until(lambda: scheduler.status.reachable is False, timeout=5, what="a failed probe")
    wait_until(lambda: target.probes >= 3, timeout=5, what="more failed probes")
    assert [s.reachable for s in seen] == [False]  # published once, not at every probe
    target.reachable = True
    wait_until(lambda: reports(seen) != [], timeout=5, what="a sync once the server answers")
    assert seen[1] == SyncStatus(reachable=True)  # the probe found it before the sync ran
    assert scheduler.status.reachable is True
    target.report = SyncReport(error=Offline.code)
    target.reachable = False  # and the probes that follow a failed sync find nothing either
    scheduler.sync_now()
    wait_until(lambda: reports(seen)[-1].error == Offline.code, timeout=5,
               what="a sync that finds no server")
    assert scheduler.status.reachable is False
    assert scheduler.status.last_success == target.succeeded  # a failure keeps the last good one


def test_a_sync_that_fails_unexpectedly_still_ends_running(target: Target, started) -> None:
    target.report = None  # type: ignore[assignment]  # makes the scheduler's logging fail
    target.pending = False
    seen: list[SyncStatus] = []
    scheduler = started(seen.append)
    scheduler.sync_now()
    wait_until(lambda: reports(seen) != [], timeout=5, what="the broken sync to end")
    assert not scheduler.status.running
    assert reports(seen)[0].error == "internal_error"


def test_a_failing_screen_callback_does_not_stop_syncing(target: Target, started) -> None:
    def broken(_status: SyncStatus) -> None:
        raise RuntimeError("screen bug")

    target.pending = False
    scheduler = started(broken)
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

    def on_status(status: SyncStatus) -> None:
        if status.revoked:
            revoked.set()

    scheduler = started(on_status)
    wait_until(revoked.is_set, timeout=5, what="a revoked status")
    scheduler.sync_now()
    time.sleep(0.2)
    assert target.runs == 1


@pytest.mark.parametrize(("kinds", "online"), [
    (["wifi"], True), (["mobile"], True), (["none"], False), (["bluetooth"], False),
    (["bluetooth", "vpn"], True), ([], False), (["ethernet"], True), (["other"], True),
])
def test_connectivity_kinds_that_reach_the_internet(kinds: list[str], online: bool) -> None:
    assert online_from_kinds(kinds) is online
