"""Applying what a device pulls: review verdicts, erasures, the team's cards, merges and splits.

The changes arrive already read (`model.protocol.read_changes`: a change the
phone cannot read never gets here); a page of them is applied inside one
repository write, in the order the server sent them, so it is stored whole
or not at all, and applying a page twice changes nothing more.

- review: the verdict goes on the contact, if this phone keeps it.
- erase: every contact of the person goes, with its state record, and the person's card.
- person / person_gone: the person's card is kept (or replaced) / removed.
- merge: every own contact of `from` now belongs to `into` (their card goes).
- split: a merge undone; the listed own contacts of `from` belong to `person_id` again.

A merge or split changes a contact's person the way a review changes its
verdict: the server decided it, so it is no new revision and the contact's
sync state stays (a pending contact is still sent; the server maps the id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from model.protocol import (
    Change,
    EraseChange,
    MergeChange,
    PersonChange,
    PersonGoneChange,
    ReviewChange,
    SplitChange,
)
from storage.persons import PERSONS, drop_card, keep_card
from storage.records import STATES, TABLE, Committed, Tables, doc_id, from_doc, to_doc

# The tables a page of pulled changes writes.
FEEDBACK_TABLES = (TABLE, STATES, PERSONS)


@dataclass(frozen=True)
class FeedbackApplied:
    """What a batch of pulled feedback changed on this phone."""

    reviewed: int
    erased: int
    cards: int = 0  # cards kept or replaced
    cards_gone: int = 0
    moved: int = 0  # own contacts that now belong to another person (merge, split)

    @property
    def total(self) -> int:
        return self.reviewed + self.erased + self.cards + self.cards_gone + self.moved


def apply_changes(tables: Tables, changes: Sequence[Change], *,
                  stored: Committed) -> FeedbackApplied:
    """Apply `changes` to the tables of one write (`FEEDBACK_TABLES`, see `VaultDatabase.transact`).

    `stored` are the contact documents as committed, to find a person's
    contacts without touching every document of the write.
    """
    page = _Page(tables, stored)
    for change in changes:
        page.apply(change)
    return FeedbackApplied(reviewed=page.reviewed, erased=page.erased, cards=page.cards,
                           cards_gone=page.cards_gone, moved=page.moved)


def remove(tables: Tables, keys: Iterable[int], *, cards: Iterable[int] = ()) -> None:
    """Remove contacts with their state records, and the cards with these document ids."""
    contacts, states = tables[TABLE], tables[STATES]
    for key in keys:
        del contacts[key]
        if key in states:
            del states[key]
    for key in cards:
        del tables[PERSONS][key]


class _Page:
    """One page being applied: the tables of the write, and whose contacts are whose."""

    def __init__(self, tables: Tables, stored: Committed) -> None:
        self.tables = tables
        self._stored = stored
        self._by_person: dict[str, set[int]] | None = None
        self.reviewed = self.erased = self.cards = self.cards_gone = self.moved = 0

    def apply(self, change: Change) -> None:
        if isinstance(change, ReviewChange):
            self._review(change)
        elif isinstance(change, EraseChange):
            self._erase(change.person_id)
        elif isinstance(change, PersonChange):
            self.cards += keep_card(self.tables[PERSONS], change.card)
        elif isinstance(change, PersonGoneChange):
            self.cards_gone += drop_card(self.tables[PERSONS], change.person_id)
        elif isinstance(change, MergeChange):
            self._move(set(self._owned(change.from_person)), change.into_person)
            self.cards_gone += drop_card(self.tables[PERSONS], change.from_person)
        elif isinstance(change, SplitChange):
            listed = {doc_id(i) for i in change.contact_ids}
            self._move(self._owned(change.from_person) & listed, change.person_id)

    def _review(self, change: ReviewChange) -> None:
        contacts = self.tables[TABLE]
        key = doc_id(change.contact_id)
        if key in contacts:
            contacts[key] = _reviewed(contacts[key], change)
            self.reviewed += 1

    def _erase(self, person_id: str) -> None:
        doomed = self._owned(person_id)
        remove(self.tables, doomed)
        self.erased += len(doomed)
        doomed.clear()
        self.cards_gone += drop_card(self.tables[PERSONS], person_id)

    def _move(self, keys: set[int], person_id: str) -> None:
        contacts = self.tables[TABLE]
        for key in keys:
            doc = contacts[key]
            self._owned(doc["person_id"]).discard(key)
            contacts[key] = _moved(doc, person_id)
            self._owned(person_id).add(key)
        self.moved += len(keys)

    def _owned(self, person_id: str) -> set[int]:
        """The document ids of the person's contacts as this write stands (built on first use)."""
        if self._by_person is None:
            self._by_person = {}
            for key, doc in self._stored.items():
                self._by_person.setdefault(doc["person_id"], set()).add(int(key))
        return self._by_person.setdefault(person_id, set())


def _reviewed(doc: Mapping[str, Any], change: ReviewChange) -> dict[str, Any]:
    stored = from_doc(doc)
    return to_doc(replace(stored, contact=replace(stored.contact, review=change.review)))


def _moved(doc: Mapping[str, Any], person_id: str) -> dict[str, Any]:
    """The document with the contact now of `person_id`: same revision, same sync state."""
    return {**doc, "person_id": person_id, "contact": {**doc["contact"], "person_id": person_id}}
