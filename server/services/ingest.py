"""Turning pushed wire records into rows, and deciding what each one is.

Pure functions over a snapshot of what is stored; `server.services.sync`
reads the snapshot and writes the rows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from model import Contact, InvalidContact, from_wire
from model.entitlement import entitlement_indication
from model.protocol import PushStatus
from model.values import ReviewState
from model.wire_texts import revision_texts
from server.services.principals import DevicePrincipal
from server.text import printable, storable

REVIEWED = (ReviewState.APPROVED.value, ReviewState.HAS_ISSUES.value, ReviewState.REJECTED.value)


@dataclasses.dataclass(frozen=True)
class Incoming:
    """One pushed record, parsed: `contact` is None when it is invalid."""

    id: str | None
    rev: int | None
    contact: Contact | None
    errors: list[dict[str, Any]]
    content: str = ""
    content_hash: str = ""
    indication: str = "none"


@dataclasses.dataclass
class Stored:
    """What the server holds of one contact, as far as deciding a push needs."""

    org_id: str
    worker_id: str
    person_id: str
    rev: int
    content_hash: str
    review_state: str
    revision_hashes: dict[int, str] = dataclasses.field(default_factory=dict)


def prepare(record: object, *, device: DevicePrincipal, today: date) -> Incoming:
    """Parse and validate one record, with the identity taken from the device, not the body."""
    if not isinstance(record, dict):
        return Incoming(None, None, None, [{"field": "record", "code": "invalid_type",
                                            "params": {}}])
    raw_id, raw_rev = record.get("id"), record.get("rev")
    found_id = raw_id if isinstance(raw_id, str) and len(raw_id) <= 64 and storable(raw_id) \
        else None
    found_rev = raw_rev if type(raw_rev) is int and 0 <= raw_rev < 2**31 else None
    body = {**record, "worker_id": device.worker_id, "org_id": device.org_id,
            "device_id": device.device_id}
    body.pop("review", None)  # server-owned: what a phone says about it is ignored
    try:
        contact = from_wire(body, today=today)
    except InvalidContact as error:
        # A field name is what the phone sent as a key: it may be no text either.
        return Incoming(found_id, found_rev, None,
                        [{**e.as_dict(), "field": printable(e.field)} for e in error.errors])
    if contact.rev >= 2**31:
        return Incoming(found_id, found_rev, None, [{"field": "rev", "code": "out_of_range",
                                                     "params": {"max": 2**31 - 1}}])
    return _encoded(contact, schema=body["schema"])


def moved(item: Incoming, person_id: str) -> Incoming:
    """A valid record of a person merged into `person_id`, as of that person (kept in the
    schema it came in)."""
    assert item.contact is not None and item.content
    schema = json.loads(item.content)["schema"]
    return _encoded(dataclasses.replace(item.contact, person_id=person_id), schema=schema)


def _encoded(contact: Contact, *, schema: int) -> Incoming:
    # Kept in the schema it came in: a schema 1 revision stays the text it always was.
    # The hash is of a text that does not depend on the schema, so a revision sent
    # again by the same phone after an update (schema 2 now) is still a duplicate.
    content, canonical = revision_texts(contact, schema=schema)
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    indication = entitlement_indication(contact.entitlement)
    return Incoming(contact.id, contact.rev, contact, [], content, digest,
                    indication.code.value if indication else "none")


def classify(item: Incoming, stored: Stored | None, *, device: DevicePrincipal,
             erased: bool = False) -> PushStatus:
    """Stored, duplicate, conflict or stale: a valid record against what is held.

    A contact belongs to the worker who first pushed it: another worker's (or
    organisation's) device pushing the same id gets `conflict`, and so does a
    revision that moves the contact to another person. A contact of an erased
    person is `stale`: the erasure is newer than anything the phone still holds.
    """
    assert item.rev is not None and item.contact is not None
    if erased:
        return PushStatus.STALE
    if stored is None:
        return PushStatus.STORED
    if (stored.org_id != device.org_id or stored.worker_id != device.worker_id
            or stored.person_id != item.contact.person_id):
        return PushStatus.CONFLICT
    if item.rev > stored.rev:
        return PushStatus.STORED
    held = stored.content_hash if item.rev == stored.rev else stored.revision_hashes.get(item.rev)
    if held is None:
        return PushStatus.STALE
    return PushStatus.DUPLICATE if held == item.content_hash else PushStatus.CONFLICT


def revision_row(item: Incoming, *, device: DevicePrincipal, now: datetime) -> dict[str, Any]:
    """The `contact_revisions` row of a valid record."""
    assert item.contact is not None
    return {"contact_id": item.contact.id, "rev": item.contact.rev, "org_id": device.org_id,
            "worker_id": device.worker_id, "device_id": device.device_id,
            "content": item.content, "content_hash": item.content_hash, "received_at": now}


def current_row(item: Incoming) -> dict[str, Any]:
    """The filterable columns of the newest revision, for the `contacts` row."""
    c = item.contact
    assert c is not None
    return {
        "id": c.id, "rev": c.rev, "content_hash": item.content_hash, "org_id": c.org_id,
        "worker_id": c.worker_id, "person_id": c.person_id, "contact_date": c.contact_date,
        "created_at": c.created_at.astimezone(UTC), "updated_at": c.updated_at.astimezone(UTC),
        "municipality": c.municipality,
        "nationality": c.nationality, "age_band": c.age_band,
        "sleeping_situation": c.sleeping_situation,
        "indication": item.indication,
        "entitlement": json.dumps(c.entitlement, sort_keys=True),
        "referrals": " ".join(sorted(c.referrals)), "outcome": c.outcome,
    }
