"""Where a contact stands with the server, and how the server's answers move it.

The rules of the sync protocol (DESIGN.md) for one contact: stored/duplicate
mean `synced`, but only for the revision the phone keeps now (an edit made
while sending still has to go); invalid/conflict put it in `quarantined`
with the errors, for a person to look at; stale makes it `failed` ("stale"),
and the sync engine pulls before it decides (and may then set it aside
itself, `quarantined`, with its own reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from model import FieldError


class SyncState(StrEnum):
    """Where a contact stands with the server."""

    PENDING = "pending"
    SENDING = "sending"
    SYNCED = "synced"
    FAILED = "failed"
    QUARANTINED = "quarantined"


# Waiting to be sent; `sending` is left by a crash mid-request and goes again.
OUTBOX_STATES = frozenset({SyncState.PENDING, SyncState.SENDING, SyncState.FAILED})


class PushStatus(StrEnum):
    """The server's answer for one pushed record."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    STALE = "stale"
    INVALID = "invalid"


@dataclass(frozen=True)
class PushResult:
    """The server's answer for one pushed contact revision.

    `status` is a `PushStatus` value; `errors` are field errors, as `FieldError`s
    or as the server sends them (`{"field", "code", "params"}`).
    """

    id: str
    rev: int
    status: str
    errors: Sequence[FieldError | Mapping[str, Any]] = ()


def answered(standing: Mapping[str, Any], rev: int, result: PushResult) -> dict[str, Any]:
    """Where a stored contact stands after the server's answer for one of its revisions.

    `standing` is where it stood (`{"sync", "error", "errors", "synced_rev"}`,
    see `storage.records.standing_of`) and `rev` the revision it holds now.

    Raises:
        ValueError: `result.status` is not a `PushStatus`.
    """
    status = PushStatus(result.status)
    after = dict(standing)
    acknowledged = status in (PushStatus.STORED, PushStatus.DUPLICATE)
    if result.rev != rev:
        # An answer for another revision: the one kept now still has to go.
        if acknowledged:
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
                     errors=[field_error(e) for e in result.errors])
    return after


def quarantined(standing: Mapping[str, Any], reason: str,
                errors: Iterable[FieldError | Mapping[str, Any]]) -> dict[str, Any]:
    """Where a contact stands once set aside for the worker, with an error code and field errors."""
    return {**standing, "sync": SyncState.QUARANTINED.value, "error": reason,
            "errors": [field_error(e) for e in errors]}


def field_error(error: FieldError | Mapping[str, Any]) -> dict[str, Any]:
    """A field error as a stored contact keeps it (bounded, whatever the server sent)."""
    if isinstance(error, FieldError):
        return error.as_dict()
    params = error.get("params")
    return {"field": str(error.get("field"))[:64], "code": str(error.get("code"))[:64],
            "params": dict(params) if isinstance(params, Mapping) else {}}
