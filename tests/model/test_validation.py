"""Validation: every rule of docs/domain.md, as a table of cases."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from model import Location, validate
from model.values import Consent, Municipality
from tests.factories import NOW, make_contact

TODAY = NOW.date()


def codes(**fields: Any) -> set[tuple[str, str]]:
    contact = make_contact(**fields)
    return {(err.field, err.code) for err in validate(contact, today=TODAY)}


def test_minimal_anonymous_contact_is_valid() -> None:
    assert validate(make_contact(), today=TODAY) == []


def test_minimal_contact_with_consent_is_valid() -> None:
    assert validate(make_contact(consent=Consent.GIVEN, alias="Ștefan"), today=TODAY) == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Any well-formed CBS code is a municipality; anything else is not.
        ({"municipality": "groningen"}, ("municipality", "invalid_format")),
        ({"municipality": "amsterdam"}, ("municipality", "invalid_format")),
        ({"municipality": "GM363"}, ("municipality", "invalid_format")),
        ({"municipality": "gm0363"}, ("municipality", "invalid_format")),
        ({"municipality": ""}, ("municipality", "required")),
        ({"consent": "maybe"}, ("consent", "invalid_value")),
        ({"person_language": "fr"}, ("person_language", "invalid_value")),
        ({"nationality": "US"}, ("nationality", "invalid_value")),
        ({"nationality": "pl"}, ("nationality", "invalid_value")),
        ({"gender": "x"}, ("gender", "invalid_value")),
        ({"age_band": "17-"}, ("age_band", "invalid_value")),
        ({"time_in_nl": "forever"}, ("time_in_nl", "invalid_value")),
        ({"time_homeless": "ages"}, ("time_homeless", "invalid_value")),
        ({"sleeping_situation": "car"}, ("sleeping_situation", "invalid_value")),
        ({"id_document": "passport"}, ("id_document", "invalid_value")),
        ({"brp_registered": "maybe"}, ("brp_registered", "invalid_value")),
        ({"wish": "money"}, ("wish", "invalid_value")),
        ({"outcome": "happy"}, ("outcome", "invalid_value")),
        ({"acute_needs": frozenset({"food", "wifi"})}, ("acute_needs", "invalid_value")),
        ({"referrals": frozenset({"hotel"})}, ("referrals", "invalid_value")),
        ({"area": "x" * 121}, ("area", "too_long")),
        ({"area": "   "}, ("area", "required")),
        ({"area": "Central\x00Station"}, ("area", "invalid_format")),
        ({"area": "Central\ud800Station"}, ("area", "invalid_format")),  # a lone surrogate
        ({"consent": "given", "alias": "Ma\udc00rek"}, ("alias", "invalid_format")),
        ({"consent": "given", "alias": "M", "notes": "\ud83d"}, ("notes", "invalid_format")),
        ({"contact_date": date(2026, 11, 25)}, ("contact_date", "in_future")),
        ({"follow_up_on": date(2026, 11, 1)}, ("follow_up_on", "before_contact")),
        ({"municipality": Municipality.OTHER}, ("municipality_other", "required")),
        ({"municipality_other": "Groningen"}, ("municipality_other", "only_with_other")),
        ({"municipality": "other", "municipality_other": "G" * 81},
         ("municipality_other", "too_long")),
        ({"entitlement": {"likes_dogs": "yes"}}, ("entitlement.likes_dogs", "unknown_field")),
        ({"entitlement": {"works_now": "maybe"}}, ("entitlement.works_now", "invalid_value")),
    ],
)
def test_invalid_field_is_reported(fields: dict[str, Any], expected: tuple[str, str]) -> None:
    assert expected in codes(**fields)


@pytest.mark.parametrize("consent", [Consent.REFUSED, Consent.NOT_ASKED])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("alias", "Marek"),
        ("notes", "sleeps near the station"),
        ("health_physical", "yes"),
        ("health_mental", "no"),
        ("addiction", "not_asked"),
        ("location", Location(52.379, 4.9)),
    ],
)
def test_personal_fields_refused_without_consent(consent: str, field: str, value: Any) -> None:
    assert (field, "not_allowed_without_consent") in codes(consent=consent, **{field: value})


def test_alias_required_when_consent_given() -> None:
    contact = dataclasses.replace(make_contact(consent=Consent.GIVEN), alias=None)
    assert ("alias", "required") in {(e.field, e.code) for e in validate(contact, today=TODAY)}


@pytest.mark.parametrize(
    ("field", "limit"), [("alias", 80), ("notes", 2000), ("municipality_other", 80)]
)
def test_text_at_limit_is_valid_and_one_more_is_not(field: str, limit: int) -> None:
    base: dict[str, Any] = {"consent": Consent.GIVEN}
    if field == "municipality_other":
        base["municipality"] = Municipality.OTHER
    assert codes(**base, **{field: "ł" * limit}) == set()
    assert (field, "too_long") in codes(**base, **{field: "ł" * (limit + 1)})


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (Location(52.3791, 4.9), ("location.lat", "too_precise")),
        (Location(91.0, 4.9), ("location.lat", "out_of_range")),
        (Location(52.0, -180.5), ("location.lon", "out_of_range")),
        (Location(float("nan"), 4.9), ("location.lat", "out_of_range")),
    ],
)
def test_location_is_coarse_and_on_earth(location: Location, expected: tuple[str, str]) -> None:
    assert expected in codes(consent=Consent.GIVEN, location=location)


def test_rounded_location_is_valid() -> None:
    loc = Location.rounded(52.379189, 4.899431)
    assert loc == Location(52.379, 4.899)
    assert codes(consent=Consent.GIVEN, location=loc) == set()


def test_contact_dated_tomorrow_is_allowed_for_clock_skew() -> None:
    assert codes(contact_date=date(2026, 11, 21)) == set()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("id", "not-a-uuid", ("id", "invalid_format")),
        ("person_id", "", ("person_id", "invalid_format")),
        ("worker_id", "", ("worker_id", "required")),
        ("rev", 0, ("rev", "out_of_range")),
        ("updated_at", NOW.replace(year=2020), ("updated_at", "before_created")),
        ("created_at", NOW.replace(tzinfo=None), ("created_at", "invalid_format")),
    ],
)
def test_identity_and_timestamps(field: str, value: Any, expected: tuple[str, str]) -> None:
    contact = dataclasses.replace(make_contact(), **{field: value})
    assert expected in {(e.field, e.code) for e in validate(contact, today=TODAY)}


def test_every_error_is_a_code_not_a_sentence() -> None:
    from model.errors import ERROR_CODES

    contact = make_contact(municipality="x", area="x" * 500, alias="A", contact_date=date(2030, 1, 1))
    found = validate(contact, today=TODAY)
    assert len(found) >= 4
    assert all(err.code in ERROR_CODES for err in found)
