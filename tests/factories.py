"""Valid contacts for tests of every layer, and hypothesis strategies for them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from model import Contact, Enrollment, Location, new_contact, new_id
from model.persons import PersonCard, card_to_wire
from model.values import (
    NATIONALITIES,
    AcuteNeed,
    AgeBand,
    Answer,
    Consent,
    EntitlementQuestion,
    Gender,
    HealthAnswer,
    IdDocument,
    Municipality,
    Outcome,
    PersonLanguage,
    Referral,
    SleepingSituation,
    TimeHomeless,
    TimeInNl,
    Wish,
)

ENROLLMENT = Enrollment(worker_id="worker-1", device_id="device-1", org_id="org-1")
NOW = datetime(2026, 11, 20, 21, 30, tzinfo=UTC)

REQUIRED_ANONYMOUS: dict[str, Any] = {
    "municipality": Municipality.AMSTERDAM,
    "consent": Consent.REFUSED,
    "person_language": PersonLanguage.PL,
    "nationality": "PL",
    "gender": Gender.MALE,
    "age_band": AgeBand.AGE_35_44,
    "time_in_nl": TimeInNl.Y1_5,
    "sleeping_situation": SleepingSituation.PUBLIC_SPACE,
    "id_document": IdDocument.VALID,
    "brp_registered": Answer.NO,
}


def make_contact(
    *, enrollment: Enrollment = ENROLLMENT, now: datetime = NOW, **fields: Any
) -> Contact:
    """A valid first revision; `fields` override the anonymous defaults."""
    values = {**REQUIRED_ANONYMOUS, **fields}
    if values.get("consent") == Consent.GIVEN:
        values.setdefault("alias", "Marek")
    return new_contact(values, enrollment=enrollment, now=now)


def make_card(**fields: Any) -> PersonCard:
    """A colleague's card of a new person (last met the day before `NOW`); `fields` override."""
    values: dict[str, Any] = {
        "person_id": new_id(), "alias": "Ivan", "nationality": "BG", "gender": Gender.MALE,
        "age_band": AgeBand.AGE_35_44, "person_language": PersonLanguage.BG,
        "last_contact_date": NOW.date() - timedelta(days=1),
        "municipality": Municipality.UTRECHT, "contacts": 1, "last_worker_id": "worker-2",
        "last_worker_name": "Anna", "keep_until": date(2027, 5, 19),
    }
    return PersonCard(**{**values, **fields})


def person_change(card: PersonCard) -> dict[str, Any]:
    """The pulled change that brings `card` to a phone, as the server sends it."""
    return {"kind": "person", "person_id": card.person_id, "card": card_to_wire(card)}


def _text(max_size: int) -> st.SearchStrategy[str]:
    alphabet = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


def _choice(values: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([str(v) for v in values])


@st.composite
def valid_contacts(draw: st.DrawFn) -> Contact:
    """Any contact that keeps every rule of docs/domain.md."""
    consent = draw(_choice(Consent))
    # The first pilot's six and "other", or any municipality an organisation works in.
    municipality = draw(_choice(Municipality) | st.from_regex(r"GM[0-9]{4}", fullmatch=True))
    created = draw(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 11, 1),
                                timezones=st.just(UTC)))
    updated = created + draw(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
    contact_date = created.date() - timedelta(days=draw(st.integers(0, 3)))
    given = consent == Consent.GIVEN
    fields: dict[str, Any] = {
        "municipality": municipality,
        "municipality_other": draw(_text(80)) if municipality == Municipality.OTHER else None,
        "consent": consent,
        "person_language": draw(_choice(PersonLanguage)),
        "nationality": draw(st.sampled_from(NATIONALITIES)),
        "gender": draw(_choice(Gender)),
        "age_band": draw(_choice(AgeBand)),
        "time_in_nl": draw(_choice(TimeInNl)),
        "time_homeless": draw(st.none() | _choice(TimeHomeless)),
        "sleeping_situation": draw(_choice(SleepingSituation)),
        "id_document": draw(_choice(IdDocument)),
        "brp_registered": draw(_choice(Answer)),
        "area": draw(st.none() | _text(120)),
        "entitlement": draw(st.dictionaries(_choice(EntitlementQuestion), _choice(Answer))),
        "acute_needs": draw(st.frozensets(_choice(AcuteNeed))),
        "wish": draw(st.none() | _choice(Wish)),
        "referrals": draw(st.frozensets(_choice(Referral))),
        "outcome": draw(st.none() | _choice(Outcome)),
        "contact_date": contact_date,
        "follow_up_on": draw(st.none() | st.dates(min_value=contact_date,
                                                  max_value=date(2027, 12, 31))),
    }
    if given:
        health = st.none() | _choice(HealthAnswer)
        fields |= {
            "alias": draw(_text(80)),
            "notes": draw(st.none() | _text(2000)),
            "health_physical": draw(health),
            "health_mental": draw(health),
            "addiction": draw(health),
            "location": draw(st.none() | st.builds(
                Location.rounded, st.floats(-90, 90), st.floats(-180, 180))),
        }
    contact = new_contact(fields, enrollment=ENROLLMENT, now=created)
    rev = draw(st.integers(1, 50))
    return dataclasses.replace(contact, rev=rev, updated_at=updated)
