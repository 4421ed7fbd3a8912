"""A new contact with a colleague's person: what the card carries into the form."""

from __future__ import annotations

from datetime import date

import pytest

from model import new_contact, validate
from model.form import card_follow_up_values, contact_fields
from model.persons import card_follow_up_fields
from model.values import Municipality
from tests.factories import ENROLLMENT, make_card

TODAY = date(2026, 11, 25)
# What the card does not know, and consent (asked on every contact): answered again.
ASKED_AGAIN = {"consent": "given", "time_in_nl": "1_5y", "sleeping_situation": "public_space",
               "id_document": "valid", "brp_registered": "no"}


def test_the_card_carries_the_person_and_where_they_were_met_last() -> None:
    card = make_card(alias="Иван", municipality=Municipality.OTHER,
                     municipality_other="Zeist", area="Station")
    fields = card_follow_up_fields(card, today=TODAY)
    assert fields == {
        "person_id": card.person_id, "contact_date": TODAY,
        "alias": "Иван", "nationality": "BG", "gender": "male", "age_band": "35-44",
        "person_language": "bg", "municipality": "other", "municipality_other": "Zeist",
        "entitlement": {},
    }
    assert "area" not in fields  # where exactly is asked again, today's place


@pytest.mark.parametrize("municipality", [Municipality.UTRECHT, Municipality.OTHER])
def test_the_follow_up_from_a_card_is_a_valid_contact_of_the_same_person_once_answered(
        municipality: str) -> None:
    card = make_card(municipality=municipality,
                     municipality_other="Zeist" if municipality == Municipality.OTHER else None)
    values = card_follow_up_values(card, today=TODAY)
    assert values["acute_needs"] == set() and values["referrals"] == set()
    contact = new_contact(contact_fields({**values, **ASKED_AGAIN}), enrollment=ENROLLMENT)
    assert validate(contact) == []
    assert (contact.person_id, contact.alias, contact.contact_date) == (
        card.person_id, card.alias, TODAY)


def test_a_municipality_the_phone_cannot_name_is_left_for_the_worker_to_choose() -> None:
    card = make_card(municipality="Amsterdam-Noord")  # no code, nor a schema 1 name
    fields = card_follow_up_fields(card, today=TODAY)
    assert (fields["municipality"], fields["municipality_other"]) == (None, None)


@pytest.mark.parametrize(("named", "code"), [("amsterdam", "GM0363"), ("den_haag", "GM0518"),
                                             ("GM0153", "GM0153")])
def test_a_card_names_its_municipality_by_code_whichever_schema_made_it(named: str,
                                                                        code: str) -> None:
    fields = card_follow_up_fields(make_card(municipality=named), today=TODAY)
    assert fields["municipality"] == code
