"""Country and language names come from CLDR and sort the way each language sorts."""

from __future__ import annotations

import pytest
from babel import Locale

from locales import UI_LANGUAGES, countries, label
from locales.collation import collation_key
from model.values import NATIONALITIES


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_nationality_is_offered_once_with_unknown_last(lang: str) -> None:
    offered = countries(lang)
    assert sorted(code for code, _ in offered) == sorted(NATIONALITIES)
    assert offered[-1][0] == "unknown"


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_country_names_are_cldr_names(lang: str) -> None:
    territories = Locale.parse(lang).territories
    for code, name in countries(lang)[:-1]:
        assert name == territories[code]
        assert label("nationality", code, lang) == name


def _names(lang: str) -> list[str]:
    return [name for _, name in countries(lang)[:-1]]


def test_polish_sorts_l_stroke_after_l_and_s_acute_after_s() -> None:
    names = _names("pl")
    assert names.index("Luksemburg") < names.index("Łotwa") < names.index("Malta")
    assert names.index("Słowacja") < names.index("Słowenia") < names.index("Szwajcaria")
    assert names.index("Węgry") < names.index("Włochy")


def test_romanian_sorts_t_comma_after_t() -> None:
    names = _names("ro")
    assert names.index("Suedia") < names.index("Țările de Jos") < names.index("Ungaria")
    assert names.index("Austria") < names.index("Belgia")
    assert names.index("Islanda") < names.index("Italia")


def test_bulgarian_sorts_in_cyrillic_alphabet_order() -> None:
    names = _names("bg")
    assert names[:3] == ["Австрия", "Белгия", "България"]
    assert names.index("Италия") < names.index("Кипър") < names.index("Латвия")
    assert names.index("Швейцария") < names.index("Швеция")


def test_dutch_ignores_accents_and_sorts_ij_as_i_j() -> None:
    names = _names("nl")
    assert names.index("Ierland") < names.index("IJsland") < names.index("Italië")
    assert names.index("Oostenrijk") < names.index("Polen")


def test_accents_are_only_a_tie_breaker_where_they_are_no_letter_of_their_own() -> None:
    assert sorted(["Zoë", "Zoe", "Zoa"], key=lambda s: collation_key(s, "nl")) == [
        "Zoa", "Zoe", "Zoë",
    ]
    assert sorted(["Ła", "Lz"], key=lambda s: collation_key(s, "pl")) == ["Lz", "Ła"]
    assert sorted(["Śa", "Sz"], key=lambda s: collation_key(s, "pl")) == ["Sz", "Śa"]
    assert sorted(["Śa", "Sz"], key=lambda s: collation_key(s, "en")) == ["Śa", "Sz"]
    assert sorted(["Șa", "Sz"], key=lambda s: collation_key(s, "ro")) == ["Sz", "Șa"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Polish"), ("nl", "Pools"), ("pl", "Polski"), ("ro", "Poloneză"), ("bg", "Полски")],
)
def test_language_names_are_cldr_names_capitalised_for_a_menu(lang: str, expected: str) -> None:
    assert label("person_language", "pl", lang) == expected


def test_other_language_is_translated_by_hand() -> None:
    assert label("person_language", "other", "ro") == "Altă limbă"
