"""Search keys: the official Bulgarian transliteration, marks and letters of EU names, loose matching."""

from __future__ import annotations

import pytest

from model.search_keys import fold, loose, matches


@pytest.mark.parametrize(("text", "folded"), [
    # Bulgarian, by the Transliteration Act: one row per letter that needs it
    ("Жечо", "zhecho"), ("Цветан", "tsvetan"), ("Чавдар", "chavdar"), ("Шишман", "shishman"),
    ("Щерев", "shterev"), ("Ъгълът", "agalat"), ("Юлиян", "yuliyan"),
    ("Явор", "yavor"), ("Йордан", "yordan"), ("Христо", "hristo"), ("Гьонев", "gyonev"),
    ("София", "sofia"), ("Мария Иванова", "maria ivanova"), ("Илия", "ilia"), ("ИЛИЯ", "ilia"),
    ("Ния Иванова", "nia ivanova"), ("Ивания", "ivania"),
    # Romanian, both comma-below and cedilla forms
    ("Ștefan Țurcanu", "stefan turcanu"), ("Ştefan Ţurcanu", "stefan turcanu"),
    ("Ăâî", "aai"),
    # Polish, Hungarian, Czech, Slovak, German
    ("Łukasz Żółć", "lukasz zolc"), ("Gergő Ős", "gergo os"), ("Řehoř Šťastný", "rehor stastny"),
    ("Jürgen Strauß", "jurgen strauss"),
    # spacing, punctuation, digits, case
    ("  Marek-Nowak  (M2) ", "marek nowak m2"), ("", ""), ("!!!", ""),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(("one", "other"), [
    ("Ștefan", "Stefan"), ("Ştefan", "Стефан"), ("Щефан", "Stefan"), ("Щефан", "Ștefan"),
    ("Łukasz", "Лукаш"), ("Grzegorz", "Гжегож"), ("Sándor", "Шандор"), ("István", "Ищван"),
    ("Cezary", "Цезари"), ("Jan", "Ян"), ("Wojtek", "Войтек"), ("Anna", "Ана"),
])
def test_spellings_of_one_name_find_each_other(one: str, other: str) -> None:
    assert matches(one, other)
    assert matches(other, one)
    assert loose(one) == loose(other)


@pytest.mark.parametrize(("query", "alias", "found"), [
    ("stef", "Щефан Петров", True),
    ("петров", "Щефан Петров", True),
    ("Ivan", "Иван", True),
    ("Ivan", "Petar", False),
    ("", "Anyone", False),
    ("   ", "Anyone", False),
    ("h", "Sasha", True),  # a letter of a merged sound still finds by the folded form
])
def test_matches(query: str, alias: str, found: bool) -> None:
    assert matches(query, alias) is found
