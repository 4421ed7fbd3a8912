"""The team's person cards kept in the vault: one document per person, with search keys.

The server sends every phone of the organisation a minimal card per person
(`model.persons.PersonCard`); the phone keeps the latest one of each person,
encrypted like everything in the vault, under a document id made from the
person's UUID:

    {"card": the card as pulled (`card_to_wire`), "person_id",
     "last_contact_date", "follow_up_on", "keep_until": copies of the card's
     dates (ISO text), to sort, filter and purge without decoding the card,
     "keys", "alias_fold", "alias_loose": search keys of the alias}

Cards change only through a pulled page (`storage.feedback`) and the
retention purge (`storage.retention.expired_cards`), both inside a write of
the contact repository; `PersonCards` reads them under the repository's lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from model import search_keys
from model.persons import PersonCard, card_from_wire, card_to_wire
from storage.database import VaultDatabase
from storage.errors import ContactNotFound
from storage.records import Committed, alias_keys, doc_id, search_fields

PERSONS = "persons"


class CardFacts(NamedTuple):
    """What lists, sorts and filters persons, read from a card's document without decoding it."""

    person_id: str
    last_contact_date: date
    follow_up_on: date | None


def card_doc(card: PersonCard) -> dict[str, Any]:
    """The document that keeps `card`."""
    wire = card_to_wire(card)
    return {"card": wire, "person_id": card.person_id,
            "last_contact_date": wire["last_contact_date"], "follow_up_on": wire["follow_up_on"],
            "keep_until": wire["keep_until"], **search_fields(card.alias)}


def card_key(person_id: str) -> int | None:
    """The document id of a person's card; None when `person_id` is not a UUID."""
    try:
        return doc_id(person_id)
    except ContactNotFound:
        return None


class PersonCards:
    """The person cards kept in a vault, read only.

    Args:
        db: gives the vault's database (the repository's, while the vault is open).
        lock: the lock that guards the repository's writes.
    """

    def __init__(self, db: Callable[[], VaultDatabase], lock: threading.RLock) -> None:
        self._db = db
        self._lock = lock
        # What was read from each document, as long as it is the one stored: a write
        # stores new documents, it never changes one in place (`storage.changes`).
        self._seen: dict[str, _Seen] = {}

    def documents(self) -> Committed:
        """The committed card documents by id as text: read under the lock, never change them."""
        return self._db().table(PERSONS).documents()

    def get(self, person_id: str) -> PersonCard | None:
        """The card of one person, or None when the phone holds none."""
        return self.some([person_id]).get(person_id)

    def some(self, person_ids: Iterable[str]) -> dict[str, PersonCard]:
        """The cards of these persons the phone holds, by person id; only those are decoded."""
        found: dict[str, PersonCard] = {}
        with self._lock:
            docs = self.documents()
            for key in map(card_key, person_ids):
                doc = docs.get(str(key))
                if doc is not None:
                    card = self._read(str(key), doc).card(doc)
                    found[card.person_id] = card
        return found

    def facts(self) -> list[CardFacts]:
        """The sort and filter facts of every card, without decoding any card."""
        with self._lock:
            self._seen = {key: self._read(key, doc) for key, doc in self.documents().items()}
            return [seen.facts for seen in self._seen.values()]

    def _read(self, key: str, doc: Mapping[str, Any]) -> _Seen:
        seen = self._seen.get(key)
        if seen is None or seen.doc is not doc:
            seen = self._seen[key] = _Seen(doc)
        return seen

    def search(self, text: str) -> set[str]:
        """The persons whose card's alias matches `text` in any script or spelling (none if "")."""
        query_fold, query_loose = search_keys.fold(text), search_keys.loose(text)
        with self._lock:
            docs = list(self.documents().values())
        return {d["person_id"] for d in docs
                if search_keys.key_matches(query_fold, query_loose, *alias_keys(d, record="card"))}

    def named(self, alias: str) -> list[PersonCard]:
        """The cards whose alias is `alias` in any script or spelling (equal `loose` keys)."""
        key = search_keys.loose(alias)
        if not key:
            return []
        with self._lock:
            docs = [d for d in self.documents().values() if alias_keys(d, record="card")[1] == key]
        return [card_from_wire(d["person_id"], d["card"]) for d in docs]

    def count(self) -> int:
        """How many cards the phone holds."""
        with self._lock:
            return len(self.documents())


class _Seen:
    """A stored card document, its facts, and the card once decoded."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        follow_up = doc["follow_up_on"]
        self.facts = CardFacts(doc["person_id"], date.fromisoformat(doc["last_contact_date"]),
                               date.fromisoformat(follow_up) if follow_up else None)
        self._card: PersonCard | None = None

    def card(self, doc: Mapping[str, Any]) -> PersonCard:
        if self._card is None:
            self._card = card_from_wire(doc["person_id"], doc["card"])
        return self._card


def keep_card(cards: dict[int, Mapping[str, Any]], card: PersonCard) -> bool:
    """Keep (or replace) a card in the person table of one write; False if its id is no UUID."""
    key = card_key(card.person_id)
    if key is None:
        return False
    cards[key] = card_doc(card)
    return True


def drop_card(cards: dict[int, Mapping[str, Any]], person_id: str) -> bool:
    """Remove a person's card in the person table of one write; whether there was one."""
    key = card_key(person_id)
    if key is None or key not in cards:
        return False
    del cards[key]
    return True
