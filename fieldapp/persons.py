"""The persons the worker knows, their own and the team's: the list, a timeline, a question.

The list is a page of persons (`PAGE_SIZE` at a time, never thousands of
rows), newest last contact first, filtered as the contact list was and
searched by every alias the phone knows of them, in any script or spelling.
Sorting and filtering read the cards' dates without decoding the cards; only
the cards of the rows shown are decoded.

Before a new person is recorded, `same_person` names the known persons the
new contact looks like (`model.persons.likely_same`), so the worker can say
"this is the same person" and record a follow-up instead.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from fieldapp.contacts import UNENROLLED, Contacts
from fieldapp.person_rows import (
    OwnPerson,
    PersonRow,
    own_is_latest,
    own_persons,
    person_row,
    wanted_person,
)
from fieldapp.summaries import ContactSummary, ListFilter
from fieldapp.vault import VaultKeeper
from model import Contact, new_contact, validate
from model.carry_over import FollowUp, carry_over
from model.form import FormValues, card_follow_up_values, contact_fields, follow_up_values
from model.persons import PersonCard, Traits, likely_same
from model.values import Consent
from storage.persons import CardFacts
from sync.enrollment import current_enrollment

PAGE_SIZE = 50
CANDIDATES = 5


@dataclass(frozen=True)
class PersonPage:
    """The first rows of the list, and how many persons it holds in all."""

    rows: tuple[PersonRow, ...]
    total: int


@dataclass(frozen=True)
class TeamEntry:
    """The person's latest contact as their card tells it: a colleague's (or another phone's)."""

    contact_date: date
    municipality: str
    municipality_other: str | None
    area: str | None
    by_me: bool
    worker_name: str | None
    contacts: int
    follow_up_on: date | None
    outcome: str | None


@dataclass(frozen=True)
class Timeline:
    """A person: what the list shows of them, then their contacts, newest first."""

    person: PersonRow
    entries: tuple[ContactSummary | TeamEntry, ...]


class Persons:
    """The persons on this phone, as the screens list, open and ask about them."""

    def __init__(self, vault: VaultKeeper, contacts: Contacts) -> None:
        self._vault = vault
        self._contacts = contacts

    def page(self, wanted: ListFilter, query: str, *, limit: int = PAGE_SIZE,
             today: date | None = None) -> PersonPage:
        """The first `limit` persons under `wanted` whose name matches `query` (all if empty)."""
        cards = self._vault.repository().cards
        own = own_persons(self._contacts.find(ListFilter.ALL, ""))
        facts = {f.person_id: f for f in cards.facts()}
        found = None
        if query.strip():
            found = cards.search(query) | {
                s.contact.person_id for s in self._contacts.find(ListFilter.ALL, query)}
        day = today or date.today()
        order = [key for key in (_sort_key(p, own.get(p), facts.get(p), wanted, today=day)
                                 for p in (own.keys() | facts.keys())
                                 if found is None or p in found) if key is not None]
        order.sort(reverse=True)
        shown = [person_id for *_, person_id in order[:limit]]
        decoded = cards.some(shown)
        me = self._me()
        return PersonPage(tuple(person_row(own.get(p), decoded.get(p), me=me) for p in shown),
                          total=len(order))

    def timeline(self, person_id: str) -> Timeline | None:
        """One person's contacts, newest first; None when the phone no longer knows them."""
        own = self._own(person_id)
        card = self._vault.repository().cards.get(person_id)
        if own is None and card is None:
            return None
        me = self._me()
        entries: list[ContactSummary | TeamEntry] = list(own.contacts if own else ())
        if card is not None and (card.last_worker_id != me or not own_is_latest(
                own, card.last_contact_date)):
            dates = [-s.contact.contact_date.toordinal() for s in own.contacts] if own else []
            at = bisect.bisect_left(dates, -card.last_contact_date.toordinal())
            entries.insert(at, _team_entry(card, me=me))
        return Timeline(person_row(own, card, me=me), tuple(entries))

    def follow_up_values(self, person_id: str) -> FormValues | None:
        """A new contact with this person: from one's own latest contact, else from the card."""
        found = self.follow_up(person_id)
        return found.values if found else None

    def follow_up(self, person_id: str) -> FollowUp | None:
        """As `follow_up_values`, with what was carried over and what to ask again."""
        own = self._own(person_id)
        if own is not None:
            previous = own.latest.contact
            values = follow_up_values(previous, today=date.today())
            return FollowUp(values, carry_over(previous.entitlement, values))
        card = self._vault.repository().cards.get(person_id)
        if card is None:
            return None
        values = card_follow_up_values(card, today=date.today())
        return FollowUp(values, carry_over({}, values))

    def same_person(self, values: FormValues) -> list[PersonRow]:
        """The known persons a new contact (`values` of the form) looks like, newest first.

        Asked only for a new person (no `person_id`) with consent and an alias,
        and only when the contact could be saved: its errors come first.
        """
        fields = contact_fields(values)
        if fields.get("person_id") or fields["consent"] != Consent.GIVEN or not fields["alias"]:
            return []
        contact = new_contact(fields, enrollment=UNENROLLED)
        traits = Traits.of(contact)
        if traits is None or validate(contact):
            return []
        own = own_persons(self._contacts.find(ListFilter.ALL, ""))
        like = [p for p, o in own.items() if _looks_like(traits, o.latest.contact)]
        cards = self._vault.repository().cards
        named = {c.person_id: c for c in cards.named(traits.alias) if _looks_like(traits, c)}
        decoded = {**cards.some(like), **named}
        me = self._me()
        rows = [person_row(own.get(p), decoded.get(p), me=me) for p in {*like, *named}]
        rows.sort(key=lambda r: (r.last_contact, r.person_id), reverse=True)
        return rows[:CANDIDATES]

    def _own(self, person_id: str) -> OwnPerson | None:
        mine = [s for s in self._contacts.find(ListFilter.ALL, "")
                if s.contact.person_id == person_id]
        return own_persons(mine).get(person_id)

    def _me(self) -> str | None:
        enrollment = current_enrollment(self._vault.open_vault())
        return enrollment.worker_id if enrollment else None


def _sort_key(person_id: str, own: OwnPerson | None, facts: CardFacts | None,
              wanted: ListFilter, *, today: date) -> tuple[date, float, str] | None:
    """Where a person goes in the list (newest last contact first); None if not under `wanted`."""
    if own_is_latest(own, facts.last_contact_date if facts else None):
        assert own is not None
        latest = own.latest.contact
        last, follow_up, recorded = (latest.contact_date, latest.follow_up_on,
                                     latest.created_at.timestamp())
    else:
        assert facts is not None
        last, follow_up, recorded = facts.last_contact_date, facts.follow_up_on, 0.0
    states = own.states if own else frozenset()
    if not wanted_person(states, follow_up, wanted, today=today):
        return None
    return last, recorded, person_id


def _looks_like(traits: Traits, other: Contact | PersonCard) -> bool:
    theirs = Traits.of(other)
    return theirs is not None and likely_same(traits, theirs)


def _team_entry(card: PersonCard, *, me: str | None) -> TeamEntry:
    return TeamEntry(contact_date=card.last_contact_date, municipality=card.municipality,
                     municipality_other=card.municipality_other, area=card.area,
                     by_me=me is not None and card.last_worker_id == me,
                     worker_name=card.last_worker_name, contacts=card.contacts,
                     follow_up_on=card.follow_up_on, outcome=card.outcome)
