"""Persons across a team: the minimal card a colleague's phone may hold, and likely duplicates.

A *person* is who was met; their contacts share `person_id`. The server keeps
a register of the organisation's persons and sends every phone of the
organisation a *card* per person whose latest contact has consent `given`:
enough to recognise them and to know what was agreed last time, nothing more
(no notes, health, location or entitlement answers). `card_of` is the one rule
that makes a card from a person's contacts; `card_to_wire` / `card_from_wire`
are its wire form (`{"kind": "person", "person_id", "card": {...}}` in the pull).

`likely_same` says when two persons look like one: the same name in any script
or spelling (`model.search_keys.loose`), the same nationality, and a compatible
age band and gender. Supervisors merge such persons; the phone asks "is this
the same person?" before recording a new one that looks like a known one.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from model import municipalities
from model.contact import Contact
from model.entitlement import entitlement_indication
from model.search_keys import loose
from model.values import (
    TEXT_LIMITS,
    AgeBand,
    Consent,
    Gender,
    IndicationCode,
    Outcome,
    PersonLanguage,
)

# How long a card stays on the phones after the person's last contact, unless the
# organisation says otherwise.
DEFAULT_SHARE_MONTHS = 6
NAME_LIMIT = 80
_AGE_ORDER = [band.value for band in AgeBand if band is not AgeBand.UNKNOWN]
_UNKNOWN = {AgeBand.UNKNOWN.value, Gender.UNKNOWN.value, "unknown"}


class InvalidCard(ValueError):
    """A person card from the wire is not one the protocol allows."""


@dataclass(frozen=True)
class PersonCard:
    """What every phone of the organisation may know of one person.

    Attributes:
        person_id: the person.
        alias: the name or nickname given (there is no card without consent).
        nationality, gender, age_band, person_language: as on the latest contact.
        last_contact_date, municipality, municipality_other, area: the latest contact's.
        follow_up_on: the follow-up agreed at the latest contact, if any.
        indication: the latest contact's entitlement indication code (A, B or C).
        outcome: the latest outcome recorded for the person, if their trajectory closed.
        contacts: how many contacts the organisation had with them.
        last_worker_id, last_worker_name: who made the latest contact (name may be None).
        keep_until: the last day phones keep this card (last contact + sharing period).
    """

    person_id: str
    alias: str
    nationality: str
    gender: str
    age_band: str
    person_language: str
    last_contact_date: date
    municipality: str
    contacts: int
    last_worker_id: str
    keep_until: date
    municipality_other: str | None = None
    area: str | None = None
    follow_up_on: date | None = None
    indication: str | None = None
    outcome: str | None = None
    last_worker_name: str | None = None


def card_of(contacts: Iterable[Contact], *, share_months: int = DEFAULT_SHARE_MONTHS,
            worker_name: str | None = None) -> PersonCard | None:
    """The card of the person whose contacts these are; None when none may be shared.

    None when there are no contacts or the latest one (by contact date, then the
    moment it was recorded) has no consent `given` or no alias. The outcome is the
    latest one recorded, as the monitoring figures count it.

    Args:
        contacts: every contact of one person.
        share_months: the organisation's sharing period.
        worker_name: the display name of the worker who made the latest contact.
    """
    found = list(contacts)
    if not found:
        return None
    latest = max(found, key=lambda c: (c.contact_date, c.created_at, c.id))
    if latest.consent != Consent.GIVEN or not latest.alias:
        return None
    closed = [c for c in found if c.outcome is not None]
    outcome = max(closed, key=lambda c: (c.contact_date, c.updated_at)).outcome if closed else None
    indication = entitlement_indication(latest.entitlement)
    return PersonCard(
        person_id=latest.person_id, alias=latest.alias, nationality=latest.nationality,
        gender=latest.gender, age_band=latest.age_band, person_language=latest.person_language,
        last_contact_date=latest.contact_date, municipality=latest.municipality,
        municipality_other=latest.municipality_other, area=latest.area,
        follow_up_on=latest.follow_up_on,
        indication=indication.code.value if indication else None, outcome=outcome,
        contacts=len(found), last_worker_id=latest.worker_id, last_worker_name=worker_name,
        keep_until=add_months(latest.contact_date, share_months))


def card_follow_up_fields(card: PersonCard, *, today: date) -> dict[str, Any]:
    """The starting values of a new contact with the person of a colleague's card.

    As `model.revision.follow_up_fields` does for one's own contact, with what a
    card holds: who the person is and where they were met last. Consent is
    asked again, as on every contact (the card's alias shows once it is given). A
    municipality this phone's contacts cannot name is left to choose; one named the
    schema 1 way (a card an older server made) is named by its code.
    """
    place = municipalities.from_legacy(card.municipality)
    known = municipalities.is_valid(place)
    return {"person_id": card.person_id, "contact_date": today,
            "alias": card.alias, "nationality": card.nationality, "gender": card.gender,
            "age_band": card.age_band, "person_language": card.person_language,
            "municipality": place if known else None,
            "municipality_other": card.municipality_other if known else None,
            "entitlement": {}}


def add_months(day: date, months: int) -> date:
    """The same day `months` months later (the month's last day where it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def card_to_wire(card: PersonCard) -> dict[str, Any]:
    """The card as the pull sends it (the `card` of a `person` change)."""
    return {
        "alias": card.alias, "nationality": card.nationality, "gender": card.gender,
        "age_band": card.age_band, "person_language": card.person_language,
        "last_contact_date": card.last_contact_date.isoformat(),
        "municipality": card.municipality, "municipality_other": card.municipality_other,
        "area": card.area,
        "follow_up_on": card.follow_up_on.isoformat() if card.follow_up_on else None,
        "indication": card.indication, "outcome": card.outcome, "contacts": card.contacts,
        "last_worker_id": card.last_worker_id, "last_worker_name": card.last_worker_name,
        "keep_until": card.keep_until.isoformat(),
    }


def card_from_wire(person_id: str, raw: object) -> PersonCard:
    """A card as pulled, checked field by field; keys it does not know are ignored.

    Raises:
        InvalidCard: a missing or malformed field.
    """
    if not isinstance(raw, Mapping):
        raise InvalidCard("card is not an object")
    count = raw.get("contacts")
    if type(count) is not int or count < 1:
        raise InvalidCard("contacts")
    return PersonCard(
        person_id=person_id,
        alias=_text(raw, "alias", TEXT_LIMITS["alias"]),
        nationality=_text(raw, "nationality", 8),
        gender=_choice(raw, "gender", Gender),
        age_band=_choice(raw, "age_band", AgeBand),
        person_language=_choice(raw, "person_language", PersonLanguage),
        last_contact_date=_date(raw, "last_contact_date"),
        municipality=_text(raw, "municipality", 16),
        municipality_other=_optional(raw, "municipality_other", TEXT_LIMITS["municipality_other"]),
        area=_optional(raw, "area", TEXT_LIMITS["area"]),
        follow_up_on=_optional_date(raw, "follow_up_on"),
        indication=_optional_choice(raw, "indication", IndicationCode),
        outcome=_optional_choice(raw, "outcome", Outcome),
        contacts=count,
        last_worker_id=_text(raw, "last_worker_id", 64),
        last_worker_name=_optional(raw, "last_worker_name", NAME_LIMIT),
        keep_until=_date(raw, "keep_until"),
    )


@dataclass(frozen=True)
class Traits:
    """What decides whether two persons look like one."""

    alias: str
    nationality: str
    age_band: str
    gender: str

    @classmethod
    def of(cls, person: Contact | PersonCard) -> Traits | None:
        """The traits of a contact's or card's person; None without a name to compare."""
        if not person.alias:
            return None
        return cls(person.alias, person.nationality, person.age_band, person.gender)


def likely_same(a: Traits, b: Traits) -> bool:
    """Whether two persons look like one person (a hint for a person to decide, never a merge).

    The same name in any script or spelling (equal `loose` keys), the same nationality
    (or one unknown), age bands equal or next to each other (or one unknown), the same
    gender (or one unknown).
    """
    key = loose(a.alias)
    return (bool(key) and key == loose(b.alias)
            and _compatible(a.nationality, b.nationality)
            and _compatible(a.gender, b.gender)
            and _near_ages(a.age_band, b.age_band))


def _compatible(x: str, y: str) -> bool:
    return x == y or x in _UNKNOWN or y in _UNKNOWN


def _near_ages(x: str, y: str) -> bool:
    if x in _UNKNOWN or y in _UNKNOWN or x not in _AGE_ORDER or y not in _AGE_ORDER:
        return True
    return abs(_AGE_ORDER.index(x) - _AGE_ORDER.index(y)) <= 1


def _text(raw: Mapping[str, Any], name: str, limit: int) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise InvalidCard(name)
    return value


def _optional(raw: Mapping[str, Any], name: str, limit: int) -> str | None:
    return None if raw.get(name) is None else _text(raw, name, limit)


def _choice(raw: Mapping[str, Any], name: str, values: Iterable[str]) -> str:
    value = raw.get(name)
    if value not in tuple(values):
        raise InvalidCard(name)
    return str(value)


def _optional_choice(raw: Mapping[str, Any], name: str, values: Iterable[str]) -> str | None:
    return None if raw.get(name) is None else _choice(raw, name, values)


def _date(raw: Mapping[str, Any], name: str) -> date:
    value = raw.get(name)
    if not isinstance(value, str) or len(value) != len("2026-01-31"):
        raise InvalidCard(name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidCard(name) from None


def _optional_date(raw: Mapping[str, Any], name: str) -> date | None:
    return None if raw.get(name) is None else _date(raw, name)
