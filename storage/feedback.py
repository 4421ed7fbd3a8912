"""Applying what a device pulls to its contacts: review verdicts and erasures.

The changes arrive already read (`model.protocol.read_changes`); a page of
them is applied inside one repository write, so it is stored whole or not at
all. A verdict for a contact not kept here (erased, purged, or another
phone's) changes nothing; an erasure removes every contact of the person
with its state record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from model.protocol import Change, EraseChange, ReviewChange
from storage.records import STATES, TABLE, Committed, Tables, doc_id, from_doc, to_doc


@dataclass(frozen=True)
class FeedbackApplied:
    """What a batch of pulled feedback changed on this phone."""

    reviewed: int
    erased: int


def apply_changes(tables: Tables, changes: Sequence[Change], *,
                  stored: Committed) -> FeedbackApplied:
    """Apply `changes` to the contact and state tables of one write (see `VaultDatabase.transact`).

    `stored` are the contact documents as committed, to find a person's
    contacts without touching every document of the write. Erasures go first:
    a verdict on a contact that is being erased is not applied.
    """
    persons = {c.person_id for c in changes if isinstance(c, EraseChange)}
    reviews = [c for c in changes if isinstance(c, ReviewChange)]
    contacts = tables[TABLE]
    doomed = [int(key) for key, doc in stored.items()
              if persons and doc["person_id"] in persons]
    remove(tables, doomed)
    reviewed = 0
    for change in reviews:
        key = doc_id(change.contact_id)
        if key in contacts:
            contacts[key] = _reviewed(contacts[key], change)
            reviewed += 1
    return FeedbackApplied(reviewed=reviewed, erased=len(doomed))


def remove(tables: Tables, keys: Iterable[int]) -> None:
    """Remove contacts with their state records."""
    contacts, states = tables[TABLE], tables[STATES]
    for key in keys:
        del contacts[key]
        if key in states:
            del states[key]


def _reviewed(doc: Mapping[str, Any], change: ReviewChange) -> dict[str, Any]:
    stored = from_doc(doc)
    return to_doc(replace(stored, contact=replace(stored.contact, review=change.review)))
