"""How a person shows to the worker: their own contacts and the team's card, as one row.

A person is known on this phone by their own contacts (grouped by
`person_id`), by a colleague's card, or both. What the row says comes from
whichever tells of the later contact (one's own when both tell of the same
day, as it is the fuller record): the name (None for a contact without
consent: "anonymous"), nationality, where and when, the follow-up agreed. The
marks come from one's own contacts only: not yet sent, needs correction, set
aside — or sent, when none of those. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from fieldapp.summaries import ContactSummary, ListFilter, RowState
from model.persons import PersonCard

# Worst first: what a row shows.
MARK_ORDER = (RowState.QUARANTINED, RowState.NEEDS_CORRECTION, RowState.NOT_SENT)
_ATTENTION = frozenset({RowState.NEEDS_CORRECTION, RowState.QUARANTINED})
_NOT_SENT = frozenset({RowState.NOT_SENT, RowState.QUARANTINED})


@dataclass(frozen=True)
class OwnPerson:
    """A person's contacts recorded on this phone, newest first."""

    contacts: tuple[ContactSummary, ...]

    @property
    def latest(self) -> ContactSummary:
        return self.contacts[0]

    @property
    def states(self) -> frozenset[RowState]:
        return frozenset(s.state for s in self.contacts)


@dataclass(frozen=True)
class PersonRow:
    """What the list (and the head of a timeline, and the same-person question) shows of a person.

    `recorded_at` is when the latest contact was recorded if it is one's own
    (to show the time of today's); `by_me` whether the latest contact was the
    worker's own (on this phone or another), else `worker_name` is the
    colleague's, if known; `comment` a supervisor's comment on a contact to correct.
    """

    person_id: str
    name: str | None
    nationality: str
    age_band: str
    person_language: str
    last_contact: date
    municipality: str
    municipality_other: str | None
    follow_up_on: date | None
    marks: tuple[RowState, ...]
    by_me: bool
    own: bool
    worker_name: str | None = None
    recorded_at: datetime | None = None
    comment: str | None = None


def own_persons(summaries: Iterable[ContactSummary]) -> dict[str, OwnPerson]:
    """One's own contacts grouped by person, each person's newest first."""
    grouped: dict[str, list[ContactSummary]] = {}
    for summary in summaries:
        grouped.setdefault(summary.contact.person_id, []).append(summary)
    return {person_id: OwnPerson(tuple(sorted(found, key=_newest, reverse=True)))
            for person_id, found in grouped.items()}


def own_is_latest(own: OwnPerson | None, card_date: date | None) -> bool:
    """Whether one's own latest contact tells of the person's latest contact (ties: yes)."""
    return own is not None and (card_date is None or own.latest.contact.contact_date >= card_date)


def person_row(own: OwnPerson | None, card: PersonCard | None, *, me: str | None) -> PersonRow:
    """The row of a person known by their own contacts, a card, or both (at least one)."""
    marks = _marks(own)
    comment = _comment(own)
    if own_is_latest(own, card.last_contact_date if card else None):
        assert own is not None
        c = own.latest.contact
        return PersonRow(person_id=c.person_id, name=c.alias, nationality=c.nationality,
                         age_band=c.age_band, person_language=c.person_language,
                         last_contact=c.contact_date,
                         municipality=c.municipality, municipality_other=c.municipality_other,
                         follow_up_on=c.follow_up_on, marks=marks, by_me=True, own=True,
                         recorded_at=c.created_at, comment=comment)
    assert card is not None
    return PersonRow(person_id=card.person_id, name=card.alias, nationality=card.nationality,
                     age_band=card.age_band, person_language=card.person_language,
                     last_contact=card.last_contact_date,
                     municipality=card.municipality, municipality_other=card.municipality_other,
                     follow_up_on=card.follow_up_on, marks=marks,
                     by_me=me is not None and card.last_worker_id == me, own=own is not None,
                     worker_name=card.last_worker_name, comment=comment)


def wanted_person(states: frozenset[RowState], follow_up_on: date | None, wanted: ListFilter, *,
                  today: date) -> bool:
    """Whether a person belongs in the list under `wanted`.

    `states` are the states of their own contacts (none for a colleague's
    person), `follow_up_on` the follow-up agreed at their latest contact.
    """
    if wanted is ListFilter.NEEDS_ATTENTION:
        return bool(states & _ATTENTION)
    if wanted is ListFilter.NOT_SENT:
        return bool(states & _NOT_SENT)
    if wanted is ListFilter.FOLLOW_UP_DUE:
        return follow_up_on is not None and follow_up_on <= today
    return True


def _marks(own: OwnPerson | None) -> tuple[RowState, ...]:
    if own is None:
        return ()
    states = own.states
    return tuple(m for m in MARK_ORDER if m in states) or (RowState.SENT,)


def _comment(own: OwnPerson | None) -> str | None:
    for summary in own.contacts if own else ():
        review = summary.contact.review
        if summary.state is RowState.NEEDS_CORRECTION and review is not None and review.comment:
            return review.comment
    return None


def _newest(summary: ContactSummary) -> tuple[date, datetime, str]:
    c = summary.contact
    return c.contact_date, c.created_at, c.id
