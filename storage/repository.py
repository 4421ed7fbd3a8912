"""The phone's contacts: the only way the field app and the sync engine read and change them.

Every write is one durable write of the vault (one journal record), done
under a lock, so a batch (`mark_sent`, `apply_feedback`, `purge`) is stored
whole or not at all. Every new revision is validated by `model` first; an
invalid contact is refused with its field errors and nothing is written.

A contact's sync state is kept in a small record of its own beside its
document (`storage.records`): a state change writes a few dozen bytes per
contact and leaves the document alone, and `outbox` and `counts` read the
states without decoding the contacts. Sync states follow "assume failure
first" (`storage.sync_states`): only the server's per-record answer marks a
contact `synced`, and only for the revision it acknowledged.

The class is a little over 300 lines on purpose: it is the one place every
write to the contacts passes, each method a few lines over the helpers of
`storage.records`, `storage.sync_states` and `storage.feedback`; splitting it
would spread the one lock and the one-write rule over several classes.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from model import Contact, FieldError, InvalidContact, revise, search_keys, validate
from model.protocol import Change, PushResult, PushStatus
from storage.database import VaultDatabase
from storage.errors import ContactExists, ContactNotFound
from storage.feedback import FEEDBACK_TABLES, FeedbackApplied, apply_changes, remove
from storage.persons import PersonCards
from storage.records import (
    STATES,
    TABLE,
    Committed,
    Decoded,
    StoredContact,
    Tables,
    alias_keys,
    doc_id,
    existing,
    from_doc,
    move_states,
    newest_first,
    standing_of,
    state_record,
    sync_of,
    to_doc,
)
from storage.retention import RETENTION_DAYS, expired, expired_cards
from storage.sync_states import (
    OUTBOX_STATES,
    Move,
    SyncState,
    answered_by,
    retried,
    sent_again,
    set_aside,
    waiting_as,
)
from storage.vault import Vault

__all__ = ["STATES", "TABLE", "ContactRepository", "FeedbackApplied", "StoredContact"]

_ERROR_LIMIT = 200
_OUTBOX = frozenset(state.value for state in OUTBOX_STATES)
Stored = list[StoredContact]
Pairs = list[tuple[Mapping[str, Any], object]]  # documents with their state records


class ContactRepository:
    """The contacts kept in a vault (or in a `VaultDatabase`), and the team's person cards.

    `cards` reads the cards; they change with pulled feedback and the purge.
    """

    def __init__(self, vault_or_db: Vault | VaultDatabase) -> None:
        self._source = vault_or_db
        self._lock = threading.RLock()
        self._decoded = Decoded()
        self.cards = PersonCards(self._db, self._lock)

    # Reading

    def get(self, contact_id: str) -> StoredContact:
        """The contact with this id.

        Raises:
            ContactNotFound: no such contact.
        """
        key = str(doc_id(contact_id))
        with self._lock:
            contacts, states = self._committed()
            doc, record = contacts.get(key), states.get(key)
        if not isinstance(doc, Mapping):
            raise ContactNotFound(contact_id[:64])
        return from_doc(doc, record)

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

        def wanted(doc: Mapping[str, Any], record: object) -> bool:
            return ((sync_states is None or sync_of(doc, record) in sync_states)
                    and (review_states is None or doc["review_state"] in review_states)
                    and (due is None or (doc["follow_up_on"] or "9999") <= due))

        with self._lock:
            pairs = self._pairs()
            self._decoded.keep_only(doc for doc, _record in pairs)
            found = sorted((pair for pair in pairs if wanted(*pair)),
                           key=lambda pair: newest_first(pair[0]), reverse=True)
            return [self._decoded(doc, record) for doc, record in found[:limit]]

    def search(self, text: str) -> Stored:
        """Contacts whose alias matches `text` in any script or spelling, newest first.

        See `model.search_keys` for what matches; an empty query finds nothing.
        """
        query_fold, query_loose = search_keys.fold(text), search_keys.loose(text)
        found = [(doc, record) for doc, record in self._pairs()
                 if search_keys.key_matches(query_fold, query_loose, *alias_keys(doc))]
        found.sort(key=lambda pair: newest_first(pair[0]), reverse=True)
        with self._lock:
            return [self._decoded(doc, record) for doc, record in found]

    def outbox(self, limit: int) -> Stored:
        """Contacts to send: pending, failed, and sending left by a crash; oldest first.

        Only the contacts returned are decoded.
        """
        with self._lock:
            contacts, states = self._committed()
            waiting = [(d["updated_at"], d["created_at"], d["contact"]["id"], key)
                       for key, d in contacts.items() if sync_of(d, states.get(key)) in _OUTBOX]
            waiting.sort()
            chosen = [(contacts[key], states.get(key)) for *_, key in waiting[:limit]]
        return [from_doc(doc, record) for doc, record in chosen]

    def latest(self) -> StoredContact | None:
        """The contact recorded last (by when it was first recorded), or None when there is none."""
        with self._lock:
            contacts, states = self._committed()
            key = max(contacts, key=lambda k: contacts[k]["created_at"], default=None)
            found = None if key is None else (contacts[key], states.get(key))
        return None if found is None else from_doc(*found)

    def counts(self) -> dict[str, int]:
        """How many contacts are in each sync state (every state present)."""
        with self._lock:
            contacts, states = self._committed()
            found = Counter(sync_of(d, states.get(key)) for key, d in contacts.items())
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
        record = state_record(standing_of(doc), contact.rev)

        def updater(tables: Tables) -> None:
            if key in tables[TABLE]:
                raise ContactExists(contact.id)
            tables[TABLE][key] = doc
            tables[STATES][key] = record

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

        def updater(tables: Tables) -> None:
            doc = existing(tables[TABLE], key, contact_id)
            current = from_doc(doc, self._committed()[1].get(str(key)))
            revised = revise(current.contact, changes, now=now)
            _require_valid(revised)
            stored = StoredContact(revised, SyncState.PENDING, synced_rev=current.synced_rev)
            fresh = to_doc(stored)
            tables[TABLE][key] = fresh
            tables[STATES][key] = state_record(standing_of(fresh), revised.rev)
            done.append(stored)

        self._write(updater)
        return done[0]

    # Sync states (how each change moves a contact: `storage.sync_states`)

    def mark_sending(self, ids: Iterable[str]) -> None:
        """Mark contacts as being sent (before the request: a crash leaves them to retry)."""
        self._move(dict.fromkeys((doc_id(i) for i in ids), waiting_as(SyncState.SENDING)))

    def mark_failed(self, ids: Iterable[str], error: str) -> None:
        """Mark contacts whose sending failed (network, server error) with an error code."""
        move = waiting_as(SyncState.FAILED, error[:_ERROR_LIMIT])
        self._move(dict.fromkeys((doc_id(i) for i in ids), move))

    def quarantine(self, revisions: Mapping[str, int], *, reason: str,
                   errors: Iterable[FieldError] = ()) -> None:
        """Set contacts aside for the worker (never retried blindly), in one write.

        For what the phone itself decides, where no answer of the server says
        it: `revisions` maps each contact id to the revision that was judged,
        `reason` is the error code shown, `errors` the field errors. A contact
        whose revision has changed since is left alone: its new revision still goes.
        """
        problems = list(errors)
        self._move({doc_id(i): set_aside(rev, reason[:_ERROR_LIMIT], problems)
                    for i, rev in revisions.items()})

    def retry(self, contact_id: str) -> StoredContact:
        """Put a quarantined (or failed) contact back in the outbox."""
        with self._lock:
            self.get(contact_id)  # ContactNotFound before writing
            self._move({doc_id(contact_id): retried})
            return self.get(contact_id)

    def send_all_again(self) -> int:
        """Put every contact the server acknowledged back in the outbox, in one write.

        For a server restored from a backup that lost them; it stores each
        (id, rev) once, so what it still holds is answered `duplicate`.
        Returns how many go again.
        """
        with self._lock:
            contacts, states = self._committed()
            synced = [int(key) for key, d in contacts.items()
                      if sync_of(d, states.get(key)) == SyncState.SYNCED]
            if synced:
                self._move(dict.fromkeys(synced, sent_again))
        return len(synced)

    def mark_sent(self, results: Iterable[PushResult]) -> None:
        """Apply the server's answers for a pushed batch, in one write.

        An answer that names no record (no id or rev) moves nothing.

        Raises:
            ValueError: an answer has an unknown status; nothing is written.
        """
        answers: dict[int, list[PushResult]] = {}
        for result in results:
            PushStatus(result.status)  # an unknown status refuses the batch before writing
            if result.id is not None and result.rev is not None:
                answers.setdefault(doc_id(result.id), []).append(result)
        self._move({key: answered_by(found) for key, found in answers.items()})

    # Feedback and retention

    def apply_feedback(self, changes: Sequence[Change]) -> FeedbackApplied:
        """Apply a page of pulled changes (read by `model.protocol`) in one write, in order.

        Review verdicts, erasures, the team's cards, merges and splits: `storage.feedback`.
        """
        done: list[FeedbackApplied] = []
        with self._lock:
            stored = self._committed()[0]
            self._write(lambda tables: done.append(apply_changes(tables, changes, stored=stored)),
                        names=FEEDBACK_TABLES)
        return done[0]

    def purge(self, *, now: datetime, days: int = RETENTION_DAYS) -> int:
        """Remove the contacts and the cards whose time on the phone is over, in one write.

        See `storage.retention`. Returns how many contacts and cards were removed.
        """
        with self._lock:
            doomed = expired(*self._committed(), now=now, days=days)
            cards = expired_cards(self.cards.documents(), now=now)
            if doomed or cards:
                self._write(lambda tables: remove(tables, doomed, cards=cards),
                            names=FEEDBACK_TABLES)
        return len(doomed) + len(cards)

    # Inside

    def _db(self) -> VaultDatabase:
        source = self._source
        return source.db if isinstance(source, Vault) else source

    def _committed(self) -> tuple[Committed, Committed]:
        """The stored contact documents and state records, by id as text; read only."""
        db = self._db()
        return db.table(TABLE).documents(), db.table(STATES).documents()

    def _pairs(self) -> Pairs:
        """Every contact document with its state record (or None)."""
        with self._lock:
            contacts, states = self._committed()
            return [(doc, states.get(key)) for key, doc in contacts.items()]

    def _write(self, updater: Callable[[Tables], None], *,
               names: Sequence[str] = (TABLE, STATES)) -> None:
        """Change contacts and state records (and cards) together, in one durable write."""
        with self._lock:
            self._db().transact(names, updater)

    def _move(self, moves: Mapping[int, Move]) -> None:
        """Change where contacts stand, writing only their state records, in one write."""
        with self._lock:
            contacts, states = self._committed()
            self._db().transact((STATES,), lambda tables: move_states(
                tables[STATES], moves, contacts=contacts, states=states))


def _require_valid(contact: Contact) -> None:
    errors = validate(contact)
    if errors:
        raise InvalidContact(errors)
