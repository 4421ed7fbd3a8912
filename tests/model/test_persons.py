"""Persons across a team: the card one rule makes, its wire form, and likely duplicates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from model.persons import (
    InvalidCard,
    PersonCard,
    Traits,
    add_months,
    card_from_wire,
    card_of,
    card_to_wire,
    likely_same,
)
from model.protocol import (
    InvalidChange,
    MergeChange,
    PersonChange,
    PersonGoneChange,
    SplitChange,
    parse_change,
    read_changes,
)
from model.revision import follow_up_fields, new_contact
from model.values import Answer, Consent, EntitlementQuestion, Outcome
from tests.factories import ENROLLMENT, NOW, make_contact

PERSON = "0b7e4c1a-1111-4000-8000-000000000000"
OTHER = "0b7e4c1a-2222-4000-8000-000000000000"
CONTACT = "6f1c7d2e-0000-4000-8000-000000000000"


def follow_up(previous, *, days: int, **fields):  # type: ignore[no-untyped-def]
    day = previous.contact_date + timedelta(days=days)
    # Consent is asked again on every contact: here the person answers as last time.
    values = {**follow_up_fields(previous, today=day), "consent": previous.consent, **fields}
    return new_contact(values, enrollment=ENROLLMENT,
                       now=datetime.combine(day, NOW.timetz()))


def test_a_card_holds_the_latest_contact_and_the_count() -> None:
    first = make_contact(consent=Consent.GIVEN, alias="Marek", area="Centraal Station",
                         notes="private words", entitlement={EntitlementQuestion.WORKS_NOW: "yes"})
    second = follow_up(first, days=7, area="Vondelpark", follow_up_on=date(2026, 12, 10),
                       entitlement=dict.fromkeys(EntitlementQuestion, Answer.NO))
    card = card_of([second, first], share_months=6, worker_name="anna")
    assert card is not None
    assert (card.person_id, card.alias, card.area, card.contacts) == (
        first.person_id, "Marek", "Vondelpark", 2)
    assert card.last_contact_date == second.contact_date
    assert card.follow_up_on == date(2026, 12, 10)
    assert card.indication == "B"  # the latest contact's answers, not the first's "A"
    assert (card.last_worker_id, card.last_worker_name) == (ENROLLMENT.worker_id, "anna")
    assert card.keep_until == add_months(second.contact_date, 6)
    assert "private words" not in repr(card)


@pytest.mark.parametrize("consent", [Consent.REFUSED, Consent.NOT_ASKED])
def test_no_card_when_the_latest_contact_has_no_consent(consent: str) -> None:
    first = make_contact(consent=Consent.GIVEN, alias="Marek")
    later = follow_up(first, days=3, consent=consent, alias=None)
    assert card_of([first, later]) is None
    assert card_of([first]) is not None
    assert card_of([]) is None


def test_the_outcome_is_the_latest_one_recorded() -> None:
    first = make_contact(consent=Consent.GIVEN, outcome=Outcome.BACK_TO_STREET)
    second = follow_up(first, days=5, outcome=Outcome.FOUND_WORK)
    third = follow_up(second, days=5, outcome=None)
    card = card_of([third, first, second])
    assert card is not None and card.outcome == Outcome.FOUND_WORK


@pytest.mark.parametrize(("day", "months", "until"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2026, 8, 15), 6, date(2027, 2, 15)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
])
def test_add_months(day: date, months: int, until: date) -> None:
    assert add_months(day, months) == until


def card() -> PersonCard:
    found = card_of([make_contact(consent=Consent.GIVEN, alias="Ștefan",
                                  follow_up_on=date(2026, 11, 27))], worker_name="anna")
    assert found is not None
    return found


def test_a_card_goes_over_the_wire_and_back_unchanged() -> None:
    sent = card()
    assert card_from_wire(sent.person_id, card_to_wire(sent)) == sent


def test_keys_a_card_does_not_know_are_ignored() -> None:
    sent = card()
    assert card_from_wire(sent.person_id, {**card_to_wire(sent), "new_thing": 1}) == sent


@pytest.mark.parametrize(("field", "value"), [
    ("alias", None), ("alias", ""), ("alias", "x" * 81), ("gender", "robot"),
    ("age_band", 40), ("last_contact_date", "2026-13-01"), ("last_contact_date", None),
    ("contacts", 0), ("contacts", True), ("contacts", "3"), ("keep_until", "tomorrow"),
    ("indication", "D"), ("outcome", "won"), ("follow_up_on", "2026-1-1"),
])
def test_a_malformed_card_is_refused(field: str, value: object) -> None:
    with pytest.raises(InvalidCard):
        card_from_wire(PERSON, {**card_to_wire(card()), field: value})


def test_person_changes_are_read() -> None:
    sent = card()
    changes = read_changes([
        {"kind": "person", "person_id": sent.person_id, "card": card_to_wire(sent)},
        {"kind": "person_gone", "person_id": PERSON},
        {"kind": "merge", "from": PERSON, "into": OTHER},
        {"kind": "split", "person_id": PERSON, "from": OTHER, "contact_ids": [CONTACT]},
    ])
    assert changes.changes == (PersonChange(sent), PersonGoneChange(PERSON),
                               MergeChange(PERSON, OTHER), SplitChange(PERSON, OTHER, (CONTACT,)))


@pytest.mark.parametrize("item", [
    {"kind": "person", "person_id": PERSON, "card": {"alias": "Marek"}},
    {"kind": "person", "person_id": "not-an-id", "card": {}},
    {"kind": "person_gone"},
    {"kind": "merge", "from": PERSON, "into": PERSON},
    {"kind": "merge", "from": PERSON},
    {"kind": "split", "person_id": PERSON, "from": OTHER, "contact_ids": ["x"]},
    {"kind": "split", "person_id": PERSON, "from": OTHER, "contact_ids": CONTACT},
])
def test_a_malformed_person_change_is_refused_alone(item: dict[str, object]) -> None:
    with pytest.raises(InvalidChange):
        parse_change(item)
    read = read_changes([item, {"kind": "person_gone", "person_id": OTHER}])
    assert (read.changes, read.refused) == ((PersonGoneChange(OTHER),), 1)


def traits(alias: str, nationality: str = "RO", age: str = "35-44",
           gender: str = "male") -> Traits:
    return Traits(alias, nationality, age, gender)


@pytest.mark.parametrize(("a", "b", "same"), [
    (traits("Ștefan"), traits("Стефан"), True),
    (traits("Ştefan Popescu"), traits("stefan popescu"), True),
    (traits("Łukasz", "PL"), traits("Lukasz", "PL"), True),
    (traits("Stefan"), traits("Stefan", "BG"), False),
    (traits("Stefan"), traits("Stefan", "unknown"), True),
    (traits("Stefan", age="35-44"), traits("Stefan", age="45-54"), True),
    (traits("Stefan", age="25-34"), traits("Stefan", age="45-54"), False),
    (traits("Stefan", age="unknown"), traits("Stefan", age="65+"), True),
    (traits("Stefan", gender="female"), traits("Stefan"), False),
    (traits("Stefan", gender="unknown"), traits("Stefan"), True),
    (traits("Stef"), traits("Stefan"), False),
    (traits("!!"), traits("??"), False),
])
def test_likely_same(a: Traits, b: Traits, same: bool) -> None:
    assert likely_same(a, b) is same
    assert likely_same(b, a) is same


def test_traits_need_a_name() -> None:
    assert Traits.of(make_contact()) is None
    assert Traits.of(card()) == Traits("Ștefan", "PL", "35-44", "male")
