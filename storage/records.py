"""How a contact is kept in the vault: the contact, its sync state, and keys to find it.

One document per contact, under a document id made from the contact's UUID,
so finding a contact by id reads one document:

    {"contact": wire record (docs/domain.md, schema 1, without the computed indication),
     "sync": sync state, "error": last error code or null, "errors": [field errors],
     "synced_rev": last revision the server acknowledged or null,
     "created_at", "updated_at", "contact_date", "follow_up_on", "person_id",
     "review_state": copies of the contact's fields, for filtering and sorting,
     "alias_fold", "alias_loose", "keys": search keys of the alias (`model.search_keys`)}

Where a contact stands with the server changes far more often than the
contact (twice per sync), so it is also kept in a small record of its own,
in another table under the same id, which a state change rewrites alone:

    {"s": sync state, "v": the revision it is about, "e": last error code,
     "x": [field errors], "k": last revision the server acknowledged}

("e", "x" and "k" are left out when empty.) That record is what counts, as
long as it is well-formed and about the revision the document holds; else
the document's own "sync", "error", "errors" and "synced_rev" do — as in a
vault written before these records existed, whose contacts get their record
at their first state change. A contact's document and its record are
written in one write when the contact changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from model import Contact, FieldError, parse_wire, search_keys, to_wire
from storage.errors import ContactNotFound
from storage.sync_states import Move, Standing, SyncState

TABLE = "contacts"
STATES = "sync_states"  # a state record per contact, by the same id
# The tables of one write, documents by id (`storage.database.VaultDatabase.transact`).
Tables = dict[str, dict[int, Mapping[str, Any]]]
# Documents as committed, by id as text; read only.
Committed = Mapping[str, Mapping[str, Any]]


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
        **search_fields(c.alias),
    }


def existing(table: Mapping[int, Mapping[str, Any]], key: int,
             contact_id: str) -> Mapping[str, Any]:
    """The document `key` of a table being written. Raises ContactNotFound if it is not there."""
    if key not in table:
        raise ContactNotFound(contact_id[:64])
    return table[key]


def newest_first(doc: Mapping[str, Any]) -> tuple[str, str, str]:
    """A sort key of contact documents: contact date, then time recorded, then id."""
    return doc["contact_date"], doc["created_at"], doc["contact"]["id"]


def from_doc(doc: Mapping[str, Any], record: object = None) -> StoredContact:
    """The stored contact a document keeps, with its state record if there is one."""
    standing = standing_of(doc, record)
    errors = tuple(FieldError(e["field"], e["code"], dict(e.get("params") or {}))
                   for e in standing["errors"])
    return StoredContact(
        contact=parse_wire(doc["contact"]),
        sync_state=SyncState(standing["sync"]),
        last_error=standing["error"],
        errors=errors,
        synced_rev=standing["synced_rev"],
    )


class Decoded:
    """Stored contacts, each decoded once per stored version of its document and state record.

    A write never changes a committed document or record in place: it stores
    new objects (`storage.changes`). So the same two objects always decode to
    the same stored contact, kept here until they are replaced; `keep_only`
    forgets the contacts no longer stored. A repository holds one: it goes when
    the vault locks.
    """

    def __init__(self) -> None:
        self._seen: dict[str, tuple[object, object, StoredContact]] = {}

    def __call__(self, doc: Mapping[str, Any], record: object = None) -> StoredContact:
        key = doc["contact"]["id"]
        seen = self._seen.get(key)
        if seen is not None and seen[0] is doc and seen[1] is record:
            return seen[2]
        stored = from_doc(doc, record)
        self._seen[key] = (doc, record, stored)
        return stored

    def keep_only(self, docs: Iterable[Mapping[str, Any]]) -> None:
        """Forget every contact but these (the ones stored now)."""
        ids = {doc["contact"]["id"] for doc in docs}
        self._seen = {key: seen for key, seen in self._seen.items() if key in ids}


def standing_of(doc: Mapping[str, Any], record: object = None) -> Standing:
    """Where a stored contact stands: from its state record if that is valid, else its document.

    As `{"sync", "error", "errors", "synced_rev"}`, the document's own keys.
    """
    if _valid_record(record, doc["contact"]["rev"]):
        assert isinstance(record, dict)
        return {"sync": record["s"], "error": record.get("e"), "errors": record.get("x", []),
                "synced_rev": record.get("k")}
    return {"sync": doc["sync"], "error": doc.get("error"), "errors": doc.get("errors") or [],
            "synced_rev": doc.get("synced_rev")}


def sync_of(doc: Mapping[str, Any], record: object = None) -> str:
    """Only the sync state of `standing_of`: the same answer, without building it."""
    if _valid_record(record, doc["contact"]["rev"]):
        assert isinstance(record, dict)
        return str(record["s"])
    return str(doc["sync"])


def state_record(standing: Mapping[str, Any], rev: int) -> dict[str, Any]:
    """The state record that keeps `standing` (as `standing_of` gives) for revision `rev`."""
    record: dict[str, Any] = {"s": str(standing["sync"]), "v": rev}
    if standing.get("error") is not None:
        record["e"] = standing["error"]
    if standing.get("errors"):
        record["x"] = list(standing["errors"])
    if standing.get("synced_rev") is not None:
        record["k"] = standing["synced_rev"]
    return record


def move_states(records: dict[int, Mapping[str, Any]], moves: Mapping[int, Move], *,
                contacts: Committed, states: Committed) -> None:
    """Move contacts to where `moves` say, in the state records of one write.

    `contacts` and `states` are the committed documents and state records:
    the documents are only read (not copied, not decoded); ids of contacts not
    kept are skipped.
    """
    for key, move in moves.items():
        doc = contacts.get(str(key))
        if doc is None:
            continue
        rev = doc["contact"]["rev"]
        after = move(standing_of(doc, states.get(str(key))), rev)
        if after is not None:
            records[key] = state_record(after, rev)


_SYNC_STATES = frozenset(state.value for state in SyncState)


def _valid_record(record: object, rev: object) -> bool:
    """Whether a state record is well-formed and about revision `rev`."""
    if not (type(record) is dict and record.get("v") == rev and record.get("s") in _SYNC_STATES):
        return False
    if len(record) == 2:  # the common case: nothing else to check
        return True
    error, errors, synced = record.get("e"), record.get("x", []), record.get("k")
    return ((error is None or isinstance(error, str))
            and (synced is None or (type(synced) is int))
            and isinstance(errors, list)
            and all(isinstance(e, dict) and isinstance(e.get("field"), str)
                    and isinstance(e.get("code"), str)
                    and isinstance(e.get("params", {}), dict | None) for e in errors)
            and set(record) <= {"s", "v", "e", "x", "k"})


def search_fields(alias: str | None) -> dict[str, Any]:
    """The search keys of an alias, as a document keeps them (`alias_keys` reads them)."""
    return {"keys": search_keys.KEY_VERSION, "alias_fold": search_keys.fold(alias or ""),
            "alias_loose": search_keys.loose(alias or "")}


def alias_keys(doc: Mapping[str, Any], *, record: str = "contact") -> tuple[str, str]:
    """The folded and loose search keys a document keeps (recomputed if outdated).

    `record` names the part of the document holding the alias ("contact", or
    "card" for a person card).
    """
    if doc.get("keys") == search_keys.KEY_VERSION:
        return doc["alias_fold"], doc["alias_loose"]
    alias = doc[record].get("alias") or ""
    return search_keys.fold(alias), search_keys.loose(alias)


def sortable_time(moment: datetime) -> str:
    """A time as text that sorts like the time (UTC, always with microseconds)."""
    if moment.tzinfo is None:
        raise ValueError("a time zone is required")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
