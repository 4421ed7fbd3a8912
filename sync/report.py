"""What syncing tells the app: progress while a sync runs, a report when it ends, and the
status the scheduler publishes whenever any of it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sync.errors import (
    DeviceRevoked,
    Offline,
    RateLimited,
    ServerError,
    UnknownDevice,
    UntrustedServer,
)

Phase = Literal["push", "pull"]
CANCELLED = "cancelled"
# Errors that mean the server could not be reached (or not trusted, or not now).
UNREACHABLE = frozenset({Offline.code, UntrustedServer.code, ServerError.code, RateLimited.code})


@dataclass(frozen=True)
class Progress:
    """How far a sync is: `done` of `total` records pushed, or changes pulled."""

    phase: Phase
    done: int
    total: int


@dataclass(frozen=True)
class SyncReport:
    """The outcome of one sync, in counts and at most one error code.

    Attributes:
        pushed: records sent to the server (each (id, rev) counted once).
        acknowledged: records the server confirmed (stored or already there).
        quarantined: records the server refused; they wait for the worker.
        failed: records that are still to send.
        pulled: what pulled changes did on this phone: contacts reviewed, erased or
            moved to another person, and the team's cards kept or removed.
        error: the code of the error that ended the sync early (`sync.errors`),
            or "cancelled"; None when it ran to the end.
        retry_after: how long the server asked us to wait, if it did.
    """

    pushed: int = 0
    acknowledged: int = 0
    quarantined: int = 0
    failed: int = 0
    pulled: int = 0
    error: str | None = None
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        """True when the sync ran to the end."""
        return self.error is None

    @property
    def revoked(self) -> bool:
        """The server revoked this device: the engine wiped its data."""
        return self.error == DeviceRevoked.code

    @property
    def unknown_device(self) -> bool:
        """The server does not know this device: everything is kept, it must be connected again."""
        return self.error == UnknownDevice.code

    @property
    def ends_syncing(self) -> bool:
        """No sync can follow this one until the phone is enrolled again (or at all)."""
        return self.revoked or self.unknown_device


@dataclass(frozen=True)
class SyncStatus:
    """Where syncing stands: one value, published by the scheduler whenever it changes.

    Attributes:
        running: a sync runs now.
        progress: how far the running sync is (None before its first step, and between syncs).
        last_report: the report of the last sync, or None before the first.
        reachable: whether the server answered the last probe or sync; None before either.
        last_success: when a sync last ran to the end, as the engine keeps it in the vault.
    """

    running: bool = False
    progress: Progress | None = None
    last_report: SyncReport | None = None
    reachable: bool | None = None
    last_success: datetime | None = None

    @property
    def revoked(self) -> bool:
        """The server revoked this device: the engine wiped its data, syncing has stopped."""
        return self.last_report is not None and self.last_report.revoked

    @property
    def unknown_device(self) -> bool:
        """The server does not know this device: syncing has stopped until it is connected again."""
        return self.last_report is not None and self.last_report.unknown_device


def reachable_after(report: SyncReport, before: bool | None) -> bool | None:
    """Whether the server is reachable after a sync that ended with `report`."""
    if report.ok or report.unknown_device:  # it answered, if only that it forgot the phone
        return True
    return False if report.error in UNREACHABLE else before
