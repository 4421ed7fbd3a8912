"""Sync as the app runs it: enrollment, the scheduler's life with the vault, and its status.

The scheduler runs only while the vault is open and the phone is enrolled.
It publishes one `SyncStatus` whenever anything about syncing changes; this
keeps the latest and hands it to the screens' one callback, as a
`SyncSummary` (with what waits to be sent). A revoked phone was wiped by
the engine: the vault is closed and the app starts over. A phone the server
does not know keeps everything: the scheduler goes, and the worker connects
the phone again the way it was connected first (`enroll`), which starts a
new one that sends what waits.
"""

from __future__ import annotations

import logging
import platform
import threading
from collections.abc import Callable
from dataclasses import dataclass

from fieldapp.config import FieldAppConfig
from fieldapp.settings import Settings
from fieldapp.vault import VaultKeeper
from storage.sync_states import OUTBOX_STATES
from sync import enrollment
from sync.engine import SyncEngine
from sync.errors import SyncError
from sync.report import Progress, SyncReport, SyncStatus
from sync.retry import RetryPolicy
from sync.scheduler import SyncScheduler, online_from_kinds

# What the screens read of a sync status, without importing `sync`.
__all__ = ["Progress", "SyncControl", "SyncReport", "SyncStatus", "SyncSummary"]

log = logging.getLogger(__name__)
Watcher = Callable[[SyncStatus], None]


@dataclass(frozen=True)
class SyncSummary:
    """What the sync bar and the sync screen show: the sync status, the server, what waits."""

    enrolled: bool
    server_url: str | None
    pending: int
    status: SyncStatus
    # The server no longer knew this phone: it must be connected again.
    reconnect: bool = False


class SyncControl:
    """Enrolls the phone, runs the scheduler while the vault is open, keeps the sync status."""

    def __init__(self, vault: VaultKeeper, settings: Settings, *,
                 config: FieldAppConfig) -> None:
        self._vault = vault
        self._settings = settings
        self._config = config
        self._scheduler: SyncScheduler | None = None
        self._generation = 0  # a stopped scheduler's last words are not the status
        self._status = SyncStatus()
        self._watcher: Watcher = lambda _status: None
        self._guard = threading.RLock()

    def watch(self, watcher: Watcher) -> None:
        """Who hears of every new status (called on the sync thread)."""
        self._watcher = watcher

    def enroll(self, *, server_url: str, username: str, password: str) -> None:
        """Register this phone with the server for this worker, then sync (slow: network)."""
        enrollment.enroll(self._vault.open_vault(), server_url=server_url, username=username,
                          password=password, device_name=platform.node() or "phone")
        self._settings.remember_server(server_url)
        self.start()

    def enrolled(self) -> bool:
        return (self._vault.unlocked
                and enrollment.current_enrollment(self._vault.open_vault()) is not None)

    def organisation_name(self) -> str | None:
        """The organisation the phone is enrolled with, as the server named it."""
        if not self._vault.unlocked:
            return None
        return enrollment.organisation_name(self._vault.open_vault())

    def summary(self) -> SyncSummary:
        """The sync status with the server and the number of contacts waiting to be sent."""
        unlocked = self._vault.unlocked
        server = self._vault.open_vault().settings.get(enrollment.SERVER_URL) if unlocked else None
        counts = self._vault.repository().counts() if unlocked else {}
        reconnect = unlocked and enrollment.must_reconnect(self._vault.open_vault())
        return SyncSummary(enrolled=self.enrolled(),
                           server_url=server if isinstance(server, str) else None,
                           pending=sum(counts.get(state.value, 0) for state in OUTBOX_STATES),
                           status=self._status, reconnect=reconnect)

    def start(self) -> None:
        """Start the scheduler if the phone is enrolled and none runs yet; sync at once."""
        with self._guard:
            if self._scheduler is not None or not self.enrolled():
                return
            policy = self._policy()
            try:
                engine = SyncEngine.open(self._vault.open_vault(), self._vault.repository(),
                                         policy=policy,
                                         retention_days=self._settings.retention_days)
            except SyncError as error:  # not enrolled, or a CA bundle that cannot be used
                log.warning("sync not started: %s", type(error).__name__)
                return
            self._generation += 1
            generation = self._generation
            self._scheduler = SyncScheduler(
                engine, policy=policy, on_status=lambda status: self._changed(generation, status))
            self._status = self._scheduler.status
            # The worker just opened the app: send what waits and bring the
            # supervisors' feedback now, not only after the next save.
            self._scheduler.start().sync_now()

    def stop(self) -> None:
        """Stop the scheduler (without waiting for the network)."""
        with self._guard:
            scheduler, self._scheduler = self._scheduler, None
            self._generation += 1
        if scheduler is not None:
            # The sync thread notices at its next step; the screen does not wait for it.
            scheduler.stop(timeout=0.2)

    def notify_connectivity(self, kinds: list[str]) -> None:
        """The phone's network changed (Flet's connectivity kinds): a hint, never a gate."""
        scheduler = self._scheduler
        if scheduler is not None:
            scheduler.notify_online(online_from_kinds(kinds))

    def notify_saved(self) -> None:
        scheduler = self._scheduler
        if scheduler is not None:
            scheduler.notify_saved()

    def sync_now(self) -> None:
        scheduler = self._scheduler
        if scheduler is not None:
            scheduler.sync_now()

    def _changed(self, generation: int, status: SyncStatus) -> None:
        if generation != self._generation:
            return
        self._status = status
        if status.revoked:
            self._vault.revoked()
        elif status.unknown_device:
            self._let_go(generation)
        self._watcher(status)

    def _let_go(self, generation: int) -> None:
        """The scheduler stopped itself (the server forgot this phone): `enroll` starts anew."""
        with self._guard:
            if generation == self._generation:
                self._scheduler = None
                self._generation += 1

    def _policy(self) -> RetryPolicy:
        """The waits of sync; `--sync-probe-seconds` shortens the probe's and the look's."""
        seconds = self._config.sync_probe_seconds
        usual = RetryPolicy()
        if seconds is None:
            return usual
        return RetryPolicy(probe_interval=(seconds, seconds * 1.5),
                           max_delay=min(usual.max_delay, seconds * 2),
                           look_interval=min(usual.look_interval, seconds))
