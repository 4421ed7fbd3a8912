"""The server's answers of sync protocol v1 as values, checked before anyone trusts them.

A server that answers something else than the protocol (a captive portal's
page, a proxy's error, a newer server) gives `ServerError("bad_answer")`, never
a half-read answer: what is not understood is not acknowledged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from model.municipalities import InvalidList, Municipality, read_list
from model.protocol import (
    PushResult,
    PushStatus,
    field_error_from_wire,
)
from sync.errors import ServerError


@dataclass(frozen=True)
class PullAnswer:
    """Changes since the cursor we sent, and the cursor to send next time.

    Each change is a JSON object as the server sent it (`model.protocol.read_changes`
    reads them); `more` says the server holds further changes: pull again at once.
    """

    changes: tuple[dict[str, Any], ...]
    cursor: str | None
    more: bool = False


@dataclass(frozen=True)
class EnrollAnswer:
    """What enrolling a device gives back."""

    device_id: str
    token: str
    worker_id: str
    worker_name: str
    org_id: str
    org_name: str | None = None  # older servers do not say
    municipalities: tuple[Municipality, ...] | None = None  # older servers do not say


def bad_answer() -> ServerError:
    return ServerError("bad_answer")


def parse_push(body: object) -> list[PushResult]:
    """The per-record results of a push."""
    results = _field(body, "results", kind=list)
    return [_record(item) for item in results]


def parse_pull(body: object) -> PullAnswer:
    """The changes of a pull, each a JSON object; the cursor to keep."""
    changes = _field(body, "changes", kind=list)
    if not all(isinstance(change, dict) for change in changes):
        raise bad_answer()
    cursor = _field(body, "cursor", kind=(str, int, type(None)))
    more = _field(body, "more", kind=(bool, type(None))) or False
    return PullAnswer(tuple(changes), None if cursor is None else str(cursor), more)


def parse_enroll(body: object) -> EnrollAnswer:
    """The device id, token and worker of an enrollment."""
    worker = _field(body, "worker", kind=dict)
    return EnrollAnswer(
        device_id=_id(_field(body, "device_id", kind=(str, int))),
        token=_field(body, "token", kind=str),
        worker_id=_id(_field(worker, "id", kind=(str, int))),
        worker_name=_field(worker, "name", kind=str),
        org_id=_id(_field(worker, "org_id", kind=(str, int))),
        org_name=_org_name(worker),
        municipalities=_municipalities(body),
    )


def _municipalities(body: object) -> tuple[Municipality, ...] | None:
    raw = body.get("municipalities") if isinstance(body, dict) else None
    if raw is None:
        return None
    try:
        return read_list(raw)
    except InvalidList:
        return None  # the form offers the pilot's six until the list comes on pull


def _org_name(worker: dict[str, Any]) -> str | None:
    name = worker.get("org_name")
    if not isinstance(name, str):
        return None
    name = " ".join(name.split())[:120]  # one line: it is shown inside the privacy notice
    return name or None


def _record(item: object) -> PushResult:
    status = _field(item, "status", kind=str)
    if status not in PushStatus.__members__.values():
        raise bad_answer()
    rev = _field(item, "rev", kind=(int, type(None)))
    errors = _field(item, "errors", kind=(list, type(None))) or []
    if isinstance(rev, bool) or not all(isinstance(e, dict) for e in errors):
        raise bad_answer()
    record_id = _field(item, "id", kind=(str, type(None)))
    return PushResult(record_id, rev, PushStatus(status),
                      tuple(field_error_from_wire(e) for e in errors))


def _field(container: object, name: str, *, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(container, dict):
        raise bad_answer()
    value = container.get(name)
    if not isinstance(value, kind):
        raise bad_answer()
    return value


def _id(value: str | int) -> str:
    return str(value)
