"""The form's live errors and what a follow-up carries over (model/form_check, model/carry_over)."""

from __future__ import annotations

from datetime import date, timedelta

from model import errors as e
from model.carry_over import carry_over
from model.form import choose_person_language, follow_up_values
from model.form_check import form_errors, shown_errors
from model.values import Consent
from tests.factories import NOW, REQUIRED_ANONYMOUS, make_contact

TODAY = NOW.date()


def _codes(values: dict[str, object]) -> dict[str, str]:
    return {error.field: error.code for error in form_errors(values, today=TODAY)}


def test_a_complete_form_has_no_errors_and_an_empty_one_names_every_required_field() -> None:
    assert form_errors({**REQUIRED_ANONYMOUS, "contact_date": TODAY}, today=TODAY) == []
    missing = _codes({"contact_date": None})
    assert missing["contact_date"] == e.REQUIRED
    assert {"consent", "nationality", "gender", "person_language"} <= set(missing)


def test_a_date_after_the_phones_today_is_in_the_future_even_within_the_servers_slack() -> None:
    tomorrow = TODAY + timedelta(days=1)
    assert _codes({**REQUIRED_ANONYMOUS, "contact_date": tomorrow}) == {
        "contact_date": e.IN_FUTURE}


def test_a_too_long_alias_is_an_error_with_its_limit_and_is_never_cut() -> None:
    alias = "M" * 81
    [error] = form_errors({**REQUIRED_ANONYMOUS, "contact_date": TODAY,
                           "consent": Consent.GIVEN, "alias": alias}, today=TODAY)
    assert (error.field, error.code, error.params) == ("alias", e.TOO_LONG, {"max": 80})


def test_live_errors_show_at_once_and_required_ones_only_after_a_save_was_tried() -> None:
    errors = form_errors({**REQUIRED_ANONYMOUS, "gender": None, "contact_date": TODAY,
                          "consent": Consent.GIVEN, "alias": "x" * 90}, today=TODAY)
    assert set(shown_errors(errors, tried_to_save=False)) == {"alias"}
    assert set(shown_errors(errors, tried_to_save=True)) == {"alias", "gender"}


def test_the_nationality_the_app_fills_in_clears_its_error() -> None:
    values = {**REQUIRED_ANONYMOUS, "contact_date": TODAY, "nationality": None,
              "person_language": None}
    assert "nationality" in _codes(values)
    filled = choose_person_language(values, "pl", nationality_chosen=False)
    assert "nationality" not in _codes(filled)


def test_a_follow_up_shows_what_it_carried_and_what_to_ask_again() -> None:
    first = make_contact(consent=Consent.GIVEN, alias="Marek",
                         entitlement={"works_now": "yes", "self_employed": "no"})
    values = follow_up_values(first, today=TODAY + timedelta(days=7))
    carry = carry_over(first.entitlement, values)
    assert carry.ask_again == ("works_now",)
    assert "alias" in carry.carried and "entitlement" in carry.carried
    assert "consent" not in carry.carried and values.get("consent") is None
    assert (carry.indication_before, carry.indication_now) == ("A", "C")
    assert carry.indication_changed


def test_a_follow_up_whose_answers_all_carry_over_keeps_its_indication() -> None:
    first = make_contact(entitlement={"resident_5y": "yes"})
    values = follow_up_values(first, today=date(2026, 12, 1))
    carry = carry_over(first.entitlement, values)
    assert carry.ask_again == () and not carry.indication_changed
