"""The small pure parts of the web pages: routing, revision changes, periods, messages."""

from __future__ import annotations

from datetime import date

import pytest

from locales import translator
from server.web.app import ROUTES
from server.web.messages import field_problems
from server.web.periods import every_week, period
from server.web.revisions import changed_fields
from server.web.routes import resolve
from server.web.widgets.fields import fitting_width


@pytest.mark.parametrize(("route", "pattern", "params"), [
    ("/", "/", {}),
    ("/contacts/0b6e5f1c-5d2a-4b47-9c63-1f2a3b4c5d6e", "/contacts/{contact_id}",
     {"contact_id": "0b6e5f1c-5d2a-4b47-9c63-1f2a3b4c5d6e"}),
    ("/contacts/abc?x=1", "/contacts/{contact_id}", {"contact_id": "abc"}),
    ("/figures/", "/figures", {}),
    ("/sign-in", "/sign-in", {}),
])
def test_a_route_finds_its_page(route: str, pattern: str, params: dict[str, str]) -> None:
    found = resolve(ROUTES, route)
    assert found is not None
    assert (found[0].pattern, found[1]) == (pattern, params)


@pytest.mark.parametrize("route", ["/contacts", "/contacts/a/b", "/contacts/../people",
                                   "/contacts/<script>", "/nothing", "/contacts/" + "a" * 65])
def test_anything_else_is_no_page(route: str) -> None:
    assert resolve(ROUTES, route) is None


def test_every_page_but_sign_in_needs_a_signed_in_user() -> None:
    assert [r.pattern for r in ROUTES if r.role is None] == ["/sign-in"]


def test_changes_between_revisions_name_each_field_once() -> None:
    old = {"rev": 1, "area": None, "referrals": ["b", "a"], "notes": "x",
           "entitlement": {"works_now": "unknown"}, "updated_at": "t1"}
    new = {"rev": 2, "area": "Park", "referrals": ["a", "b"], "notes": "x",
           "entitlement": {"works_now": "yes", "resident_5y": "no"}, "updated_at": "t2"}
    assert changed_fields(old, new) == [
        ("area", None, "Park"),
        ("entitlement.works_now", "unknown", "yes"),
        ("entitlement.resident_5y", None, "no"),
    ]


@pytest.mark.parametrize(("preset", "on", "expected"), [
    ("this_month", date(2026, 2, 14), (date(2026, 2, 1), date(2026, 2, 28))),
    ("last_month", date(2026, 1, 10), (date(2025, 12, 1), date(2025, 12, 31))),
    ("this_quarter", date(2026, 5, 5), (date(2026, 4, 1), date(2026, 6, 30))),
    ("last_quarter", date(2026, 2, 1), (date(2025, 10, 1), date(2025, 12, 31))),
    ("this_year", date(2024, 2, 29), (date(2024, 1, 1), date(2024, 12, 31))),
    ("last_year", date(2026, 3, 1), (date(2025, 1, 1), date(2025, 12, 31))),
    ("all_time", date(2026, 3, 1), (None, None)),
])
def test_period_presets(preset: str, on: date, expected: tuple[date | None, date | None]) -> None:
    assert period(preset, on=on) == expected


def test_weeks_without_contacts_are_shown_as_zero_across_a_new_year() -> None:
    assert every_week({"2025-W52": 2, "2026-W02": 1}) == [
        ("2025-W52", 2), ("2026-W01", 0), ("2026-W02", 1)]
    assert every_week({}) == []


@pytest.mark.parametrize(("field", "code", "lang", "count", "expected"), [
    ("password", "too_short", "en", 1, "Password needs at least 1 character."),
    ("password", "too_short", "en", 10, "Password needs at least 10 characters."),
    ("password", "too_short", "pl", 1, "Hasło: co najmniej 1 znak."),
    ("password", "too_short", "pl", 3, "Hasło: co najmniej 3 znaki."),
    ("password", "too_short", "pl", 10, "Hasło: co najmniej 10 znaków."),
    ("password", "too_short", "ro", 1, "Parolă: cel puțin 1 caracter."),
    ("password", "too_short", "ro", 10, "Parolă: cel puțin 10 caractere."),
    ("password", "too_short", "ro", 20, "Parolă: cel puțin 20 de caractere."),
    ("password", "too_short", "bg", 1, "Парола: поне 1 знак."),
    ("password", "too_short", "nl", 12, "Wachtwoord: minstens 12 tekens."),
    ("comment", "too_long", "en", 1, "Comment may have at most 1 character."),
    ("comment", "too_long", "pl", 2000, "Komentarz: najwyżej 2000 znaków."),
    ("comment", "too_long", "pl", 22, "Komentarz: najwyżej 22 znaki."),
    ("comment", "too_long", "ro", 2000, "Comentariu: cel mult 2000 de caractere."),
    ("comment", "too_long", "bg", 2000, "Коментар: най-много 2000 знака."),
])
def test_a_character_limit_is_said_in_the_plural_form_its_number_needs(
        field: str, code: str, lang: str, count: int, expected: str) -> None:
    limit = "min" if code == "too_short" else "max"
    detail = [{"field": field, "code": code, "params": {limit: count}}]
    assert field_problems(translator(lang), detail) == [expected]


def test_a_dropdown_is_wide_enough_for_its_longest_option_within_bounds() -> None:
    bulgarian = fitting_width([("*", "Всички теренни работници"), ("w1", "wojtek")])
    english = fitting_width([("*", "All workers"), ("w1", "wojtek")])
    assert bulgarian >= 240 > english
    assert fitting_width([]) == 170
    assert fitting_width([("x", "A – possibly entitled " * 5)]) == 400
