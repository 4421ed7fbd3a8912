"""Where a contact stands with the server, and how the server's answers move it.

The rules of the sync protocol (docs/sync-protocol.md) for one contact: stored/duplicate
mean `synced`, but only for the revision the phone keeps now (an edit made
while sending still has to go); invalid/conflict put it in `quarantined`
with the errors, for a person to look at; stale makes it `failed` ("stale"),
and the sync engine pulls before it decides (and may then set it aside
itself, `quarantined`, with its own reason).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from model import FieldError
from model.protocol import ACKNOWLEDGED, PushResult, PushStatus


class SyncState(StrEnum):
    """Where a contact stands with the server."""

    PENDING = "pending"
    SENDING = "sending"
    SYNCED = "synced"
    FAILED = "failed"
    QUARANTINED = "quarantined"


# Waiting to be sent; `sending` is left by a crash mid-request and goes again.
OUTBOX_STATES = frozenset({SyncState.PENDING, SyncState.SENDING, SyncState.FAILED})
_WAITING = frozenset(state.value for state in OUTBOX_STATES)

Standing = dict[str, Any]
# How a state change moves one contact: (where it stands, the revision it holds)
# -> where it then stands, or None to leave it.
Move = Callable[[Standing, int], Standing | None]


def waiting_as(state: SyncState, error: str | None = None) -> Move:
    """A contact still waiting to be sent goes to `state` with `error`; any other stays."""
    def move(now: Standing, _rev: int) -> Standing | None:
        if now["sync"] not in _WAITING:
            return None
        return {**now, "sync": state.value, "error": error}
    return move


def retried(now: Standing, _rev: int) -> Standing | None:
    """A quarantined or failed contact goes back to the outbox, its errors forgotten."""
    if now["sync"] in (SyncState.QUARANTINED, SyncState.FAILED):
        return {**now, "sync": SyncState.PENDING.value, "error": None, "errors": []}
    return None


def sent_again(now: Standing, _rev: int) -> Standing | None:
    """A contact the server had acknowledged waits to be sent again (the server lost it)."""
    if now["sync"] == SyncState.SYNCED:
        return {**now, "sync": SyncState.PENDING.value}
    return None


def set_aside(judged: int, reason: str, errors: Sequence[FieldError]) -> Move:
    """Quarantine a contact if it still holds revision `judged` (see `quarantined`)."""
    return lambda now, rev: quarantined(now, reason, errors) if rev == judged else None


def answered_by(results: Sequence[PushResult]) -> Move:
    """Apply the server's answers for a contact's revisions, in order (see `answered`)."""
    def move(now: Standing, rev: int) -> Standing:
        for result in results:
            now = answered(now, rev, result)
        return now
    return move


def answered(standing: Mapping[str, Any], rev: int, result: PushResult) -> dict[str, Any]:
    """Where a stored contact stands after the server's answer for one of its revisions.

    `standing` is where it stood (`{"sync", "error", "errors", "synced_rev"}`,
    see `storage.records.standing_of`) and `rev` the revision it holds now.

    Raises:
        ValueError: `result.status` is not a `PushStatus`.
    """
    status = PushStatus(result.status)
    after = dict(standing)
    acknowledged = status in ACKNOWLEDGED
    if result.rev != rev:
        # An answer for another revision: the one kept now still has to go.
        if acknowledged and result.rev is not None:
            after["synced_rev"] = max(after["synced_rev"] or 0, result.rev)
        if after["sync"] == SyncState.SENDING:
            after["sync"] = SyncState.PENDING.value
        return after
    if acknowledged:
        after.update(sync=SyncState.SYNCED.value, error=None, errors=[], synced_rev=rev)
    elif status == PushStatus.STALE:
        after.update(sync=SyncState.FAILED.value, error=status.value, errors=[])
    else:
        after.update(sync=SyncState.QUARANTINED.value, error=status.value,
                     errors=[e.as_dict() for e in result.errors])
    return after


def quarantined(standing: Mapping[str, Any], reason: str,
                errors: Iterable[FieldError]) -> dict[str, Any]:
    """Where a contact stands once set aside for the worker, with an error code and field errors."""
    return {**standing, "sync": SyncState.QUARANTINED.value, "error": reason,
            "errors": [e.as_dict() for e in errors]}

