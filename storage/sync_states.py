"""Where a contact stands with the server, and how the server's answers move it.

The rules of the sync protocol (DESIGN.md) for one contact: stored/duplicate
mean `synced`, but only for the revision the phone keeps now (an edit made
while sending still has to go); invalid/conflict put it in `quarantined`
with the errors, for a person to look at; stale makes it `failed` ("stale"),
and the sync engine pulls before it decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def after_answer(doc: dict[str, Any], result: PushResult) -> dict[str, Any]:
    """A stored contact's document after the server's answer for one of its revisions.

    Raises:
        ValueError: `result.status` is not a `PushStatus`.
    """
    status = PushStatus(result.status)
    current = doc["contact"]["rev"]
    acknowledged = status in (PushStatus.STORED, PushStatus.DUPLICATE)
    if result.rev != current:
        # An answer for another revision: the one kept now still has to go.
        if acknowledged:
            doc["synced_rev"] = max(doc["synced_rev"] or 0, result.rev)
        if doc["sync"] == SyncState.SENDING:
            doc["sync"] = SyncState.PENDING.value
        return doc
    if acknowledged:
        doc.update(sync=SyncState.SYNCED.value, error=None, errors=[], synced_rev=current)
    elif status == PushStatus.STALE:
        doc.update(sync=SyncState.FAILED.value, error=status.value, errors=[])
    else:
        doc.update(sync=SyncState.QUARANTINED.value, error=status.value,
                   errors=[_error(e) for e in result.errors])
    return doc


def _error(error: FieldError | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(error, FieldError):
        return error.as_dict()
    params = error.get("params")
    return {"field": str(error.get("field"))[:64], "code": str(error.get("code"))[:64],
            "params": dict(params) if isinstance(params, Mapping) else {}}
