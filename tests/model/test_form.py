"""Form values to contact fields and back: defaults, consent, follow-ups, edits."""

from __future__ import annotations

import json
from datetime import date

from model import Location, new_contact, validate
from model.form import (
    changed_fields,
    choose_person_language,
    contact_fields,
    contact_values,
    draft_json,
    draft_values,
    follow_up_values,
    initial_values,
    municipality_choices,
)
from model.municipalities import PILOT_NAMES
from model.municipalities import Municipality as Place
from model.values import Consent
from tests.factories import ENROLLMENT, NOW, REQUIRED_ANONYMOUS, make_contact

TODAY = NOW.date()


def test_new_form_starts_today_in_the_last_municipality() -> None:
    values = initial_values(today=TODAY, last_municipality="GM0983")
    assert values["contact_date"] == TODAY
    assert values["municipality"] == "GM0983"


def test_unknown_last_municipality_is_not_offered() -> None:
    assert initial_values(today=TODAY, last_municipality="atlantis")["municipality"] is None


def test_person_language_suggests_a_nationality_until_one_is_chosen() -> None:
    values = choose_person_language({}, "ro", nationality_chosen=False)
    assert values == {"person_language": "ro", "nationality": "RO"}
    kept = choose_person_language({"nationality": "HU"}, "ro", nationality_chosen=True)
    assert kept["nationality"] == "HU"
    assert choose_person_language({}, "other", nationality_chosen=False) == {
        "person_language": "other"}


def test_empty_form_gives_required_errors_not_a_crash() -> None:
    contact = new_contact(contact_fields(initial_values(today=TODAY, last_municipality=None)),
                          enrollment=ENROLLMENT, now=NOW)
    missing = {e.field for e in validate(contact, today=TODAY) if e.code == "required"}
    assert {"consent", "nationality", "gender", "municipality", "brp_registered"} <= missing


def test_refused_consent_drops_personal_fields_typed_before() -> None:
    values = {**REQUIRED_ANONYMOUS, "contact_date": TODAY, "consent": Consent.REFUSED,
              "alias": "Marek", "notes": "slept at the station", "health_mental": "yes"}
    fields = contact_fields(values)
    assert fields["alias"] is None and fields["notes"] is None and fields["health_mental"] is None
    assert validate(new_contact(fields, enrollment=ENROLLMENT, now=NOW), today=TODAY) == []


def test_texts_are_trimmed_and_blank_ones_dropped() -> None:
    values = {**REQUIRED_ANONYMOUS, "consent": Consent.GIVEN, "alias": "  Marek ", "area": "  "}
    fields = contact_fields(values)
    assert fields["alias"] == "Marek"
    assert fields["area"] is None


def test_other_municipality_text_only_kept_with_other() -> None:
    values = {**REQUIRED_ANONYMOUS, "municipality": "GM0344", "municipality_other": "Tiel"}
    assert contact_fields(values)["municipality_other"] is None
    values["municipality"] = "other"
    assert contact_fields(values)["municipality_other"] == "Tiel"


def test_follow_up_keeps_the_person_and_asks_time_bound_answers_again() -> None:
    first = make_contact(consent=Consent.GIVEN, alias="Marek",
                         entitlement={"works_now": "no", "resident_5y": "yes"})
    values = follow_up_values(first, today=date(2026, 11, 27))
    assert values["person_id"] == first.person_id
    assert values["alias"] == "Marek"
    assert values["entitlement"] == {"resident_5y": "yes"}
    second = new_contact(contact_fields(values), enrollment=ENROLLMENT, now=NOW)
    assert second.person_id == first.person_id and second.id != first.id


def test_editing_changes_only_what_the_worker_changed() -> None:
    contact = make_contact(consent=Consent.GIVEN, alias="Marek", referrals=frozenset({"barka_return"}))
    values = contact_values(contact)
    assert changed_fields(contact, values) == {}
    values["referrals"].add("work_guidance")
    values["alias"] = "Marek K."
    assert changed_fields(contact, values) == {
        "referrals": frozenset({"barka_return", "work_guidance"}), "alias": "Marek K."}


def test_an_unsaved_form_is_kept_as_json_and_comes_back_the_same() -> None:
    contact = make_contact(consent=Consent.GIVEN, alias="Ania", notes="Zimno.",
                           acute_needs=frozenset({"food", "shelter"}),
                           entitlement={"works_now": "yes"}, follow_up_on=date(2026, 12, 1),
                           location=Location(52.371, 4.894))
    values = contact_values(contact)
    kept = json.loads(json.dumps(draft_json(values)))
    back = draft_values(kept)
    assert back is not None
    assert contact_fields(back) == contact_fields(values)
    assert back["location"] == Location(52.371, 4.894)
    assert back["acute_needs"] == {"food", "shelter"}
    # A form just started, with most answers still empty, too.
    started = initial_values(today=TODAY, last_municipality=None)
    assert contact_fields(draft_values(json.loads(json.dumps(draft_json(started)))) or {}) \
        == contact_fields(started)


def test_a_damaged_draft_gives_empty_answers_not_a_crash() -> None:
    assert draft_values("not a draft") is None
    back = draft_values({"contact_date": "2026-13-45", "location": ["x", 1], "acute_needs": "food",
                         "entitlement": ["yes"], "alias": 7, "gender": "female"})
    assert back is not None
    assert back["contact_date"] is None and back["location"] is None
    assert back["acute_needs"] == set() and back["entitlement"] == {} and back["alias"] is None
    assert back["gender"] == "female"


ENSCHEDE = Place("GM0153", "Enschede")
VENLO = Place("GM0983", "Venlo")


def test_the_form_offers_the_organisations_list_the_one_used_last_first() -> None:
    assert municipality_choices([VENLO, ENSCHEDE], last="GM0153") == [ENSCHEDE, VENLO]
    assert municipality_choices([VENLO, ENSCHEDE], last=None) == [VENLO, ENSCHEDE]
    assert municipality_choices([VENLO, ENSCHEDE], last="other") == [VENLO, ENSCHEDE]


def test_a_phone_never_sent_a_list_offers_the_first_pilots_six() -> None:
    offered = municipality_choices(None, last="GM0983")
    assert offered[0].code == "GM0983"
    assert sorted(p.code for p in offered) == sorted(PILOT_NAMES)
    assert municipality_choices([], last=None) == []  # an organisation with none: only "other"


def test_a_contact_being_edited_keeps_its_municipality_on_offer() -> None:
    offered = municipality_choices([ENSCHEDE], last="GM0153", current="GM0363")
    assert offered == [ENSCHEDE, Place("GM0363", "Amsterdam")]
    assert municipality_choices([ENSCHEDE], last=None, current="other") == [ENSCHEDE]
