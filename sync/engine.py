"""One sync, start to end: push the outbox in batches, then pull the supervisors' feedback.

The engine assumes failure first (see `sync.outbox`): it never marks a
contact synced without the server's answer for that very (id, rev), one
refused record never holds up the others, and a sync that is cut off — by the
network, a cancel or the app being killed — is simply picked up by the next.

"stale" is decided after the pull. The server says it when its person was
erased (the pull then removes the contact here too) or when it holds a newer
rev than the phone — which should not happen with one owning phone, but can
after restoring a backup: then the local record is set aside (quarantined,
reason "stale") for the worker to look at. The server's copy is never
overwritten and the local one never dropped.

A revoked device wipes its vault at once — a lost phone must not keep its data
until someone looks at it — and the report tells the app to say why and go
back to first run. A device the server does not know (its database restored
from a backup older than the enrollment) wipes nothing: the phone drops the
token, puts every contact it holds back in the outbox, and waits to be
connected again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable
from datetime import datetime

from model import FieldError, utc_now
from model.protocol import MunicipalitiesChange, PulledChanges, PushStatus, read_changes
from model.wire import format_datetime
from storage import municipalities
from storage.errors import ContactNotFound, StorageError, VaultLocked
from storage.repository import ContactRepository
from storage.retention import RETENTION_DAYS
from storage.vault import Vault
from sync import enrollment
from sync.client import DEFAULT_TIMEOUT, ApiClient
from sync.errors import DeviceRevoked, ServerError, SyncError, UnknownDevice
from sync.outbox import BATCH_SIZE, Outbox
from sync.protocol import PullAnswer
from sync.push import Pusher, PushTally
from sync.report import CANCELLED, Progress, SyncReport
from sync.retry import RetryPolicy
from sync.sender import BatchSender, Cancelled, with_retries

log = logging.getLogger(__name__)

MAX_PULL_PAGES = 1000
BUSY = "busy"
# Why a record was set aside by the phone rather than by the server's answer.
STALE = FieldError("rev", PushStatus.STALE.value)


@dataclasses.dataclass
class _Tally(PushTally):
    pulled: int = 0


class SyncEngine:
    """Runs syncs for one vault against the server it is enrolled with.

    Args:
        vault: the open vault (settings: token, cursor, last report; wiped on revocation).
        repository: the vault's contacts.
        client: the HTTP client carrying this device's token.
        policy: the quick retries within one sync.
        batch_size: records per push (the protocol allows up to 500).
        retention_days: how long an approved contact stays on the phone; the
            retention purge runs after each pull.
    """

    def __init__(self, *, vault: Vault, repository: ContactRepository, client: ApiClient,
                 policy: RetryPolicy | None = None, batch_size: int = BATCH_SIZE,
                 retention_days: int = RETENTION_DAYS) -> None:
        self._vault = vault
        self._repository = repository
        self._client = client
        self._policy = policy or RetryPolicy()
        self._retention_days = retention_days
        self._outbox = Outbox(repository, batch_size=batch_size)
        self._pusher = Pusher(self._outbox, BatchSender(client, policy=self._policy))
        self._running = threading.Lock()

    @classmethod
    def open(cls, vault: Vault, repository: ContactRepository, *,
             policy: RetryPolicy | None = None,
             timeout: tuple[float, float] = DEFAULT_TIMEOUT,
             batch_size: int = BATCH_SIZE,
             retention_days: int = RETENTION_DAYS) -> SyncEngine:
        """An engine for the server this vault is enrolled with, trusting the CA kept with it.

        Raises:
            NotEnrolled: the vault holds no device token.
            BadCaBundle: the CA bundle kept in the vault cannot be used.
        """
        client = enrollment.connect(vault, timeout=timeout)
        return cls(vault=vault, repository=repository, client=client, policy=policy,
                   batch_size=batch_size, retention_days=retention_days)

    def has_pending(self) -> bool:
        """Whether any contact waits to be sent."""
        return self._outbox.waiting() > 0

    def probe(self) -> None:
        """Check that the server answers; raises a `SyncError` when it does not."""
        self._client.health()

    def last_success(self) -> datetime | None:
        """When a sync of this vault last ran to the end (kept with the last report)."""
        return _last_success(self._vault.settings.get(enrollment.LAST_REPORT))

    def close(self) -> None:
        """End the helper thread and close the HTTP connections."""
        self._pusher.close()
        self._client.close()

    def run(self, *, cancel: threading.Event | None = None,
            on_progress: Callable[[Progress], None] | None = None) -> SyncReport:
        """Push what waits, then pull feedback; never raises for what a sync can meet.

        A second call while one runs returns at once with the error "busy"
        (the scheduler never does that; this keeps any other caller safe).
        """
        if not self._running.acquire(blocking=False):
            return SyncReport(error=BUSY)
        try:
            return self._run(cancel or threading.Event(), on_progress)
        finally:
            self._running.release()

    def _run(self, cancel: threading.Event,
             on_progress: Callable[[Progress], None] | None) -> SyncReport:
        progress = on_progress or (lambda _progress: None)
        tally = _Tally()
        error: str | None = None
        retry_after: float | None = None
        try:
            self._pusher.push(tally, cancel=cancel, progress=progress)
            self._pull(tally, cancel=cancel, progress=progress)
            self._decide_stale(tally)
            self._purge()
        except Cancelled:
            error = CANCELLED
        except DeviceRevoked:
            return self._revoked(tally)
        except UnknownDevice as failure:
            self._disconnected()
            error = failure.code
        except SyncError as failure:
            error, retry_after = failure.code, failure.retry_after
        except VaultLocked:
            error = "vault_locked"
        except StorageError as failure:
            log.error("sync stopped by storage: %s", type(failure).__name__)
            error = "storage_error"
        return self._finish(tally, error=error, retry_after=retry_after)

    def _pull(self, tally: _Tally, *, cancel: threading.Event,
              progress: Callable[[Progress], None]) -> None:
        cursor = self._vault.settings.get(enrollment.CURSOR)
        for _page in range(MAX_PULL_PAGES):
            if cancel.is_set():
                raise Cancelled()
            answer = self._pull_page(cursor, cancel)
            pulled = _readable(answer.changes)
            feedback = [c for c in pulled.changes if not isinstance(c, MunicipalitiesChange)]
            for listed in (c for c in pulled.changes if isinstance(c, MunicipalitiesChange)):
                municipalities.keep(self._vault.settings, listed.items)
                tally.pulled += 1
            if feedback:
                applied = self._repository.apply_feedback(feedback)
                tally.pulled += applied.total
            if answer.cursor is not None and answer.cursor != cursor:
                self._vault.settings.set(enrollment.CURSOR, answer.cursor)
                cursor = answer.cursor
            progress(Progress("pull", tally.pulled, tally.pulled))
            if not answer.more:
                return

    def _pull_page(self, cursor: str | None, cancel: threading.Event) -> PullAnswer:
        try:
            return with_retries(lambda: self._client.pull(cursor), policy=self._policy,
                                cancel=cancel)
        except ServerError as error:
            if error.status != 422 or cursor is None:
                raise
        # The server does not know our cursor (its database was restored):
        # start over; applying feedback twice changes nothing.
        log.warning("pull cursor refused; pulling from the start")
        return with_retries(lambda: self._client.pull(None), policy=self._policy, cancel=cancel)

    def _purge(self) -> None:
        """After a pull: what the supervisors approved long enough ago leaves the phone.

        What goes is storage's to decide (`ContactRepository.purge`); contacts
        that wait to be sent or were set aside never do.
        """
        removed = self._repository.purge(now=utc_now(), days=self._retention_days)
        if removed:
            log.info("purge after pull: %d contacts past their time removed", removed)

    def _decide_stale(self, tally: _Tally) -> None:
        """After the pull: what it erased is gone; what is left is set aside for the worker."""
        left = {i: rev for i, rev in tally.stale.items() if self._holds(i, rev)}
        # As "conflict": the server holds another version of this contact.
        self._outbox.quarantine(left, reason=PushStatus.CONFLICT.value, error=STALE)
        tally.quarantined += len(left)

    def _holds(self, contact_id: str, rev: int) -> bool:
        try:
            return self._repository.get(contact_id).contact.rev == rev
        except ContactNotFound:
            return False

    def _revoked(self, tally: _Tally) -> SyncReport:
        log.warning("device revoked by the server: wiping local data")
        self.close()
        self._vault.wipe()
        return SyncReport(pushed=tally.pushed, acknowledged=tally.acknowledged,
                          error=DeviceRevoked.code)

    def _disconnected(self) -> None:
        """The server does not know this phone: keep everything, send it all once connected.

        A server restored from a backup older than this phone's enrollment has
        also lost what the phone sent since: every contact it still holds goes
        again (the server answers `duplicate` for what it kept).
        """
        again = self._repository.send_all_again()
        log.warning("device unknown to the server: %d sent contacts wait to go again", again)
        enrollment.forget_token(self._vault)

    def _finish(self, tally: _Tally, *, error: str | None,
                retry_after: float | None) -> SyncReport:
        try:
            # After a whole sync only what it could not send waits (and what was
            # saved meanwhile, which the next sync takes); after an error, count.
            waiting = len(tally.left) if error is None else self._outbox.waiting()
        except StorageError:
            waiting = 0
        report = SyncReport(pushed=tally.pushed, acknowledged=tally.acknowledged,
                            quarantined=tally.quarantined, failed=waiting, pulled=tally.pulled,
                            error=error, retry_after=retry_after)
        log.info("sync done: pushed=%d acknowledged=%d quarantined=%d failed=%d pulled=%d "
                 "error=%s", report.pushed, report.acknowledged, report.quarantined,
                 report.failed, report.pulled, report.error)
        with contextlib.suppress(StorageError):  # locked meanwhile: the screen still gets it
            self._keep(report)
        return report

    def _keep(self, report: SyncReport) -> None:
        """Keep the report in the vault, with when a sync last ran to the end (one write)."""
        now = format_datetime(utc_now())
        before = self.last_success()
        success = now if report.ok else (format_datetime(before) if before else None)
        self._vault.settings.set(enrollment.LAST_REPORT, {
            **dataclasses.asdict(report), "finished_at": now, "last_success": success})


def _last_success(kept: object) -> datetime | None:
    """When a sync last ran to the end, from a kept report (an older one tells only of itself)."""
    if not isinstance(kept, dict):
        return None
    value = kept.get("last_success") if "last_success" in kept else (
        kept.get("finished_at") if kept.get("error") is None else None)
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _readable(changes: tuple[dict[str, object], ...]) -> PulledChanges:
    """The changes this version understands; one it cannot read never blocks the rest."""
    pulled = read_changes(changes)
    if pulled.unknown or pulled.refused:
        # Counts only: a change may name a person or carry a supervisor's comment.
        log.warning("pull: skipped %d changes of kinds this version does not know and %d "
                    "it cannot read", pulled.unknown, pulled.refused)
    return pulled
