"""The phone's contacts: the only way screens and the sync engine read and change them.

Every write is one durable write of the vault (one journal record), done
under a lock, so a batch (`mark_sent`, `apply_feedback`, `purge`) is stored
whole or not at all. Every new revision is validated by `model` first; an
invalid contact is refused with its field errors and nothing is written.

Sync states follow "assume failure first": the engine marks contacts
`sending` before a request, so a crash mid-request leaves them in the outbox;
only the server's per-record answer marks one `synced`, and only for the
revision it acknowledged.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from model import Contact, InvalidContact, Review, revise, validate
from model.values import ReviewState
from storage import search_keys
from storage.database import VaultDatabase, VaultTable
from storage.errors import ContactExists, ContactNotFound
from storage.feedback import Erasure, InvalidFeedback, ReviewFeedback, parse_feedback
from storage.records import StoredContact, alias_keys, doc_id, from_doc, sortable_time, to_doc
from storage.sync_states import OUTBOX_STATES, PushResult, PushStatus, SyncState, after_answer
from storage.vault import Vault

__all__ = [
    "ContactRepository", "Erasure", "FeedbackApplied", "InvalidFeedback", "PushResult",
    "PushStatus", "ReviewFeedback", "StoredContact", "SyncState",
]

TABLE = "contacts"
RETENTION_DAYS = 30
_ERROR_LIMIT = 200
Doc = dict[str, Any]
Stored = list[StoredContact]
Docs = list[Any]
Updater = Callable[[dict[int, Mapping[str, Any]]], None]


@dataclass(frozen=True)
class FeedbackApplied:
    """What a batch of pulled feedback changed on this phone."""

    reviewed: int
    erased: int


class ContactRepository:
    """The contacts kept in a vault (or in a `VaultDatabase`)."""

    def __init__(self, vault_or_db: Vault | VaultDatabase) -> None:
        self._source = vault_or_db
        self._lock = threading.RLock()

    # Reading

    def get(self, contact_id: str) -> StoredContact:
        """The contact with this id.

        Raises:
            ContactNotFound: no such contact.
        """
        with self._lock:
            doc = self._table().get(doc_id=doc_id(contact_id))
        if not isinstance(doc, Mapping):
            raise ContactNotFound(contact_id[:64])
        return from_doc(doc)

    def list(self, *, sync_states: Collection[str] | None = None,
             review_states: Collection[str] | None = None,
             follow_up_due: date | None = None, limit: int | None = None) -> Stored:
        """Contacts, newest first (contact date, then time recorded), optionally filtered.

        Args:
            sync_states: only contacts in one of these sync states.
            review_states: only contacts whose server review is in one of these states.
            follow_up_due: only contacts with a follow-up on or before this date.
            limit: at most this many.
        """
        due = follow_up_due.isoformat() if follow_up_due else None

        def wanted(doc: Doc) -> bool:
            return ((sync_states is None or doc["sync"] in sync_states)
                    and (review_states is None or doc["review_state"] in review_states)
                    and (due is None or (doc["follow_up_on"] or "9999") <= due))

        docs = sorted((d for d in self._docs() if wanted(d)), key=_newest_first, reverse=True)
        return [from_doc(d) for d in docs[:limit]]

    def search(self, text: str) -> Stored:
        """Contacts whose alias matches `text` in any script or spelling, newest first.

        See `storage.search_keys` for what matches; an empty query finds nothing.
        """
        query_fold, query_loose = search_keys.fold(text), search_keys.loose(text)
        found = [d for d in self._docs()
                 if search_keys.key_matches(query_fold, query_loose, *alias_keys(d))]
        found.sort(key=_newest_first, reverse=True)
        return [from_doc(d) for d in found]

    def outbox(self, limit: int) -> Stored:
        """Contacts to send: pending, failed, and sending left by a crash; oldest first."""
        waiting = [d for d in self._docs() if d["sync"] in OUTBOX_STATES]
        waiting.sort(key=lambda d: (d["updated_at"], d["created_at"], d["contact"]["id"]))
        return [from_doc(d) for d in waiting[:limit]]

    def counts(self) -> dict[str, int]:
        """How many contacts are in each sync state (every state present)."""
        found = Counter(d["sync"] for d in self._docs())
        return {state.value: found.get(state.value, 0) for state in SyncState}

    # Recording

    def add(self, contact: Contact) -> StoredContact:
        """Keep a new contact, `pending` until the server has it.

        Raises:
            InvalidContact: the contact breaks a rule; `errors` lists the fields.
            ContactExists: a contact with this id is already kept.
        """
        _require_valid(contact)
        stored = StoredContact(contact, SyncState.PENDING)
        key, doc = doc_id(contact.id), to_doc(stored)

        def updater(table: dict[int, Mapping[str, Any]]) -> None:
            if key in table:
                raise ContactExists(contact.id)
            table[key] = doc

        self._write(updater)
        return stored

    def update(self, contact_id: str, changes: Mapping[str, Any], *,
               now: datetime | None = None) -> StoredContact:
        """Keep a new revision of a contact with `changes`; it is `pending` again.

        Raises:
            ContactNotFound: no such contact.
            InvalidContact: the new revision breaks a rule; nothing is written.
            RevisionError: `changes` names a field that cannot change.
        """
        key, done = doc_id(contact_id), []

        def updater(table: dict[int, Mapping[str, Any]]) -> None:
            current = from_doc(_existing(table, key, contact_id))
            revised = revise(current.contact, changes, now=now)
            _require_valid(revised)
            stored = StoredContact(revised, SyncState.PENDING, synced_rev=current.synced_rev)
            table[key] = to_doc(stored)
            done.append(stored)

        self._write(updater)
        return done[0]

    # Sync states

    def mark_sending(self, ids: Iterable[str]) -> None:
        """Mark contacts as being sent (before the request: a crash leaves them to retry)."""
        self._set_states(ids, SyncState.SENDING, None, only=OUTBOX_STATES)

    def mark_failed(self, ids: Iterable[str], error: str) -> None:
        """Mark contacts whose sending failed (network, server error) with an error code."""
        self._set_states(ids, SyncState.FAILED, error[:_ERROR_LIMIT], only=OUTBOX_STATES)

    def retry(self, contact_id: str) -> StoredContact:
        """Put a quarantined (or failed) contact back in the outbox."""
        key, done = doc_id(contact_id), []

        def updater(table: dict[int, Mapping[str, Any]]) -> None:
            doc = dict(_existing(table, key, contact_id))
            if doc["sync"] in (SyncState.QUARANTINED, SyncState.FAILED):
                doc.update(sync=SyncState.PENDING.value, error=None, errors=[])
                table[key] = doc
            done.append(from_doc(doc))

        self._write(updater)
        return done[0]

    def mark_sent(self, results: Iterable[PushResult]) -> None:
        """Apply the server's answers for a pushed batch, in one write.

        The rules are in `storage.sync_states.after_answer`.

        Raises:
            ValueError: an answer has an unknown status; nothing is written.
        """
        answers = [(doc_id(r.id), r) for r in results]
        for _, result in answers:
            PushStatus(result.status)  # an unknown status refuses the batch before writing

        def updater(table: dict[int, Mapping[str, Any]]) -> None:
            for key, result in answers:
                if key in table:
                    table[key] = after_answer(dict(table[key]), result)

        self._write(updater)

    # Feedback and retention

    def apply_feedback(self, items: Iterable[Mapping[str, Any] | ReviewFeedback | Erasure]
                       ) -> FeedbackApplied:
        """Apply pulled review verdicts and erasures in one write.

        Raises:
            InvalidFeedback: an item is malformed; nothing is applied.
        """
        parsed = [parse_feedback(item) for item in items]
        persons = {p.person_id for p in parsed if isinstance(p, Erasure)}
        reviews = [p for p in parsed if isinstance(p, ReviewFeedback)]
        with self._lock:
            doomed = {d.doc_id for d in self._docs() if d["person_id"] in persons}
            reviewed = []

            def updater(table: dict[int, Mapping[str, Any]]) -> None:
                for review in reviews:
                    key = doc_id(review.contact_id)
                    if key in table and key not in doomed:
                        table[key] = _reviewed(table[key], review)
                        reviewed.append(key)
                for key in doomed:
                    del table[key]

            self._write(updater)
        return FeedbackApplied(reviewed=len(reviewed), erased=len(doomed))

    def purge(self, *, now: datetime, days: int = RETENTION_DAYS) -> int:
        """Remove contacts the server has *and* a supervisor approved, unchanged for `days` days.

        Pending, sending, failed and quarantined contacts are never removed,
        nor one whose follow-up date is still ahead. Returns how many were removed.
        """
        cutoff = sortable_time(now - timedelta(days=days))
        today = now.astimezone(UTC).date().isoformat()
        with self._lock:
            doomed = [d.doc_id for d in self._docs()
                      if d["sync"] == SyncState.SYNCED and d["review_state"] == ReviewState.APPROVED
                      and d["updated_at"] < cutoff and (d["follow_up_on"] or "") < today]
            if doomed:
                self._write(lambda table: _remove(table, doomed))
        return len(doomed)

    # Inside

    def _table(self) -> VaultTable:
        source = self._source
        db = source.db if isinstance(source, Vault) else source
        return db.table(TABLE)

    def _docs(self) -> Docs:
        with self._lock:
            return self._table().all()

    def _write(self, updater: Updater) -> None:
        with self._lock:
            self._table().transact(updater)

    def _set_states(self, ids: Iterable[str], state: SyncState, error: str | None, *,
                    only: Collection[str]) -> None:
        keys = [doc_id(i) for i in ids]

        def updater(table: dict[int, Mapping[str, Any]]) -> None:
            for key in keys:
                if key in table and table[key]["sync"] in only:
                    table[key] = {**table[key], "sync": state.value, "error": error}

        self._write(updater)


def _require_valid(contact: Contact) -> None:
    errors = validate(contact)
    if errors:
        raise InvalidContact(errors)


def _remove(table: dict[int, Mapping[str, Any]], keys: Iterable[int]) -> None:
    for key in keys:
        del table[key]


def _existing(table: dict[int, Mapping[str, Any]], key: int, contact_id: str) -> Mapping[str, Any]:
    if key not in table:
        raise ContactNotFound(contact_id[:64])
    return table[key]


def _reviewed(doc: Mapping[str, Any], review: ReviewFeedback) -> Doc:
    stored = from_doc(doc)
    verdict = Review(state=review.state, comment=review.comment,
                     reviewed_at=review.reviewed_at, reviewer=review.reviewer)
    return to_doc(replace(stored, contact=replace(stored.contact, review=verdict)))


def _newest_first(doc: Mapping[str, Any]) -> tuple[str, str, str]:
    return doc["contact_date"], doc["created_at"], doc["contact"]["id"]

