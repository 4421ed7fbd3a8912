"""What a sync tells the screens: progress while it runs, a report when it ends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Phase = Literal["push", "pull"]
CANCELLED = "cancelled"


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
        pulled: contacts on this phone that pulled feedback reviewed or erased.
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
