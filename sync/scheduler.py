"""When to sync: one worker thread that turns triggers into syncs, one at a time.

Triggers: connectivity came back (the app feeds in Flet's `Connectivity`
events), a contact was saved, the worker asked, a timer while contacts wait
to be sent, and a look every few minutes while nothing waits. The timer first
probes `/health` (cheap, no writes on the phone) and backs off, to at most a
minute, while the server cannot be reached. A look is the pull itself — one
GET when there is nothing new — so a supervisor's verdict reaches an open
phone within minutes, though the worker saves and taps nothing.

Connectivity events are a hint, never a gate: phones report "offline" behind
captive portals and miss "online" events, and a sync that silently never fires
is the worst failure of all. So while anything waits to be sent the probe keeps
running, however the phone reports its network.

What happens is published as one `SyncStatus` through one callback,
`on_status`, whenever it changes: a sync starts, progresses or ends, a probe
finds the server or not. Revocation is part of it (`status.revoked`): the
engine has wiped the phone, and the scheduler stops itself; so is a server
that does not know the phone (`status.unknown_device`): the scheduler stops
too, and a new one starts once the phone is connected again.

The callback runs on the worker thread: a UI hands it on to its own loop.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

from sync.errors import SyncError
from sync.report import CANCELLED, Progress, SyncReport, SyncStatus, reachable_after
from sync.retry import RetryPolicy

log = logging.getLogger(__name__)

# Connectivity kinds (Flet's `ConnectivityType` values) that cannot reach a server.
_NO_INTERNET = frozenset({"none", "bluetooth"})


def online_from_kinds(kinds: Iterable[str]) -> bool:
    """Whether a connectivity event's kinds include one that can reach the internet."""
    return any(str(kind).lower() not in _NO_INTERNET for kind in kinds)


class SyncTarget(Protocol):
    """What the scheduler drives: in the app, a `SyncEngine`."""

    def run(
        self, *, cancel: threading.Event, on_progress: Callable[[Progress], None]
    ) -> SyncReport: ...

    def has_pending(self) -> bool: ...

    def probe(self) -> None: ...

    def last_success(self) -> datetime | None: ...


class SyncScheduler:
    """Runs syncs on its own thread when triggered; never two at once.

    Args:
        target: what runs a sync, tells whether work is pending, probes the server
            and knows when a sync last ran to the end.
        policy: the backoff of the probe.
        on_status: called with the new `SyncStatus` whenever it changes.
    """

    def __init__(
        self,
        target: SyncTarget,
        *,
        policy: RetryPolicy | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
    ) -> None:
        self._target = target
        self._policy = policy or RetryPolicy()
        self._on_status = on_status or (lambda _status: None)
        self._status = SyncStatus(last_success=self._last_success(None))
        self._wake = threading.Condition()
        self._requested: str | None = None
        self._due: float | None = time.monotonic()  # look for waiting work right away
        self._look_due = time.monotonic() + self._policy.look_interval  # feedback, when idle
        self._failures = 0
        self._retry_after: float | None = None
        self._online: bool | None = None
        self._stopping = False
        self._cancel = threading.Event()
        self._busy = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sync", daemon=True)

    def start(self) -> SyncScheduler:
        """Start the worker thread."""
        self._thread.start()
        return self

    @property
    def busy(self) -> bool:
        """True while a sync runs."""
        return self._busy.is_set()

    @property
    def status(self) -> SyncStatus:
        """The status last published."""
        return self._status

    def notify_online(self, online: bool) -> None:
        """The phone's connectivity changed; coming online syncs now, with a fresh backoff."""
        with self._wake:
            self._online = online
            if online:
                self._failures = 0
                self._retry_after = None
                self._request("online")

    def notify_saved(self) -> None:
        """A contact was saved: send it now if we are online and not backing off."""
        with self._wake:
            if self._online is not False and self._failures == 0:
                self._request("saved")
            elif self._due is None:
                self._due = time.monotonic()
                self._wake.notify_all()

    def sync_now(self) -> None:
        """The worker asked: sync now, whatever the backoff says."""
        with self._wake:
            self._request("now")

    def cancel(self) -> None:
        """Cancel the running sync at the next batch boundary."""
        self._cancel.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Cancel what runs and end the worker thread."""
        with self._wake:
            self._stopping = True
            self._cancel.set()
            self._wake.notify_all()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _request(self, reason: str) -> None:
        self._requested = self._requested or reason
        self._wake.notify_all()

    def _loop(self) -> None:
        while True:
            reason = self._next_trigger()
            if reason is None:
                return
            try:
                self._handle(reason)
            except Exception as exc:  # the thread must outlive any surprise
                log.error("sync round failed: %s", type(exc).__name__)
                self._finished(SyncReport(error=getattr(exc, "code", "internal_error")))

    def _next_trigger(self) -> str | None:
        """Wait for a request, the timer or the look; None when stopping."""
        with self._wake:
            while not self._stopping and self._requested is None:
                due = self._look_due if self._due is None else min(self._due, self._look_due)
                wait = due - time.monotonic()
                if wait <= 0:
                    break
                self._wake.wait(wait)
            if self._stopping:
                return None
            timer = self._due is not None and self._due <= time.monotonic()
            reason = self._requested or ("timer" if timer else "look")
            self._requested, self._due = None, None
            self._cancel.clear()
            return reason

    def _handle(self, reason: str) -> None:
        if reason in ("timer", "look"):
            pending = self._has_pending()
            if reason == "timer" and not pending:
                return
            # Work waits: a cheap probe first. Nothing waits: the look is the pull itself.
            if pending and not self._probe():
                return
        self._busy.set()
        self._publish(running=True, progress=None)
        try:
            report = self._target.run(cancel=self._cancel, on_progress=self._progress)
        finally:
            self._busy.clear()
        log.debug("sync on %s ended: %s", reason, report.error or "ok")
        self._finished(report)

    def _probe(self) -> bool:
        """Whether the server answers; if not, plan the next probe."""
        try:
            self._target.probe()
        except SyncError as error:
            self._publish(reachable=False)
            self._after(SyncReport(error=error.code, retry_after=error.retry_after))
            return False
        self._publish(reachable=True)
        return True

    def _finished(self, report: SyncReport) -> None:
        """A sync ended: plan the next probe and look, then publish its outcome."""
        with self._wake:
            self._look_due = time.monotonic() + self._policy.look_interval
        self._after(report)
        before = self._status
        self._publish(running=False, progress=None, last_report=report,
                      reachable=reachable_after(report, before.reachable),
                      last_success=self._last_success(before.last_success))

    def _after(self, report: SyncReport) -> None:
        """Count failures and set the timer for the next look; stop once no sync can follow."""
        if report.ends_syncing:
            with self._wake:
                self._stopping = True
            return
        failed = report.error is not None and report.error != CANCELLED
        pending = failed or report.failed > 0 or self._has_pending()
        with self._wake:
            self._failures = self._failures + 1 if failed else 0
            self._retry_after = report.retry_after
            if pending and self._due is None:
                self._due = time.monotonic() + self._policy.next_probe(
                    self._failures, retry_after=self._retry_after)

    def _has_pending(self) -> bool:
        try:
            return self._target.has_pending()
        except Exception as exc:  # cannot tell: assume there is, and keep looking
            log.error("sync could not count pending work: %s", type(exc).__name__)
            return True

    def _last_success(self, known: datetime | None) -> datetime | None:
        try:
            return self._target.last_success()
        except Exception as exc:  # locked or wiped meanwhile: keep what was known
            log.debug("last success not read: %s", type(exc).__name__)
            return known

    def _progress(self, progress: Progress) -> None:
        self._publish(progress=progress)

    def _publish(self, **changes: Any) -> None:
        """Change the status and tell `on_status`, if anything changed."""
        before = self._status
        self._status = dataclasses.replace(before, **changes)
        if self._status == before:
            return
        try:
            self._on_status(self._status)
        except Exception as exc:  # a screen's bug must not stop syncing
            log.error("sync status callback failed: %s", type(exc).__name__)
