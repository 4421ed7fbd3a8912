"""How a contact is kept in the vault: the contact, its sync state, and keys to find it.

One document per contact, under a document id made from the contact's UUID,
so finding a contact by id reads one document:

    {"contact": wire record (DOMAIN.md, schema 1, without the computed indication),
     "sync": sync state, "error": last error code or null, "errors": [field errors],
     "synced_rev": last revision the server acknowledged or null,
     "created_at", "updated_at", "contact_date", "follow_up_on", "person_id",
     "review_state": copies of the contact's fields, for filtering and sorting,
     "alias_fold", "alias_loose", "keys": search keys of the alias (`storage.search_keys`)}
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from model import Contact, FieldError, parse_wire, to_wire
from storage import search_keys
from storage.errors import ContactNotFound
from storage.sync_states import SyncState


@dataclass(frozen=True)
class StoredContact:
    """A contact as the phone keeps it: the record and where it stands with the server."""

    contact: Contact
    sync_state: SyncState
    last_error: str | None = None
    errors: tuple[FieldError, ...] = ()
    synced_rev: int | None = None

    @property
    def id(self) -> str:
        return self.contact.id


def doc_id(contact_id: str) -> int:
    """The document id of a contact.

    Raises:
        ContactNotFound: `contact_id` is not a UUID, so no contact has it.
    """
    try:
        return uuid.UUID(contact_id).int
    except (ValueError, TypeError, AttributeError):
        raise ContactNotFound(str(contact_id)[:64]) from None


def to_doc(stored: StoredContact) -> dict[str, Any]:
    """The document that keeps `stored`."""
    c = stored.contact
    wire = to_wire(c)
    wire.pop("entitlement_indication", None)
    alias = c.alias or ""
    return {
        "contact": wire,
        "sync": str(stored.sync_state),
        "error": stored.last_error,
        "errors": [e.as_dict() for e in stored.errors],
        "synced_rev": stored.synced_rev,
        "created_at": sortable_time(c.created_at),
        "updated_at": sortable_time(c.updated_at),
        "contact_date": wire["contact_date"],
        "follow_up_on": wire["follow_up_on"],
        "person_id": c.person_id,
        "review_state": c.review.state if c.review else None,
        "keys": search_keys.KEY_VERSION,
        "alias_fold": search_keys.fold(alias),
        "alias_loose": search_keys.loose(alias),
    }


def from_doc(doc: Mapping[str, Any]) -> StoredContact:
    """The stored contact a document keeps."""
    errors = tuple(FieldError(e["field"], e["code"], dict(e.get("params") or {}))
                   for e in doc.get("errors") or ())
    return StoredContact(
        contact=parse_wire(doc["contact"]),
        sync_state=SyncState(doc["sync"]),
        last_error=doc.get("error"),
        errors=errors,
        synced_rev=doc.get("synced_rev"),
    )


def alias_keys(doc: Mapping[str, Any]) -> tuple[str, str]:
    """The folded and loose search keys of a document's alias (recomputed if outdated)."""
    if doc.get("keys") == search_keys.KEY_VERSION:
        return doc["alias_fold"], doc["alias_loose"]
    alias = doc["contact"].get("alias") or ""
    return search_keys.fold(alias), search_keys.loose(alias)


def sortable_time(moment: datetime) -> str:
    """A time as text that sorts like the time (UTC, always with microseconds)."""
    if moment.tzinfo is None:
        raise ValueError("a time zone is required")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
