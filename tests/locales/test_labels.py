"""Every value of every value list, every field and every error has a label in every language."""

from __future__ import annotations

from dataclasses import fields

import pytest

from locales import UI_LANGUAGES, UnknownLabel, disclaimer, error_message, field_label, label
from locales.error_messages import MESSAGES, UNKNOWN_CODE
from model import Contact, FieldError, Review
from model.entitlement import reason_keys
from model.errors import ERROR_CODES
from model.values import FIELD_VALUES, EntitlementQuestion
from model.wire import review_to_wire, to_wire
from tests.factories import make_contact

TARGETS = [lang for lang in UI_LANGUAGES if lang != "en"]
ALL_VALUES = [(field, value) for field, values in FIELD_VALUES.items() for value in values]


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_value_of_every_list_has_a_label(lang: str) -> None:
    for field, value in ALL_VALUES:
        text = label(field, value, lang)
        assert text.strip(), (field, value)
        assert "_" not in text, (field, value)  # never a raw key like "den_haag"


@pytest.mark.parametrize("lang", TARGETS)
def test_labels_are_in_the_language_not_english(lang: str) -> None:
    # Place names and codes may be the same in English; value-list words may not.
    same = {
        (field, value) for field, value in ALL_VALUES
        if label(field, value, lang) == label(field, value, "en")
    }
    allowed = {(f, v) for f, v in same if f in {"municipality", "age_band", "nationality"}}
    allowed |= {("gender", "male")} if lang == "nl" else set()  # "Man" is Dutch too
    assert same - allowed == set()


def test_same_english_word_gets_its_own_translation_per_list() -> None:
    assert label("municipality", "other", "pl") == "Inna gmina"
    assert label("gender", "other", "pl") == "Inna"
    assert label("person_language", "other", "pl") == "Inny język"


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_question_and_reason_has_a_label(lang: str) -> None:
    for question in EntitlementQuestion:
        assert label("entitlement_question", question, lang).endswith("?")
        assert field_label(f"entitlement.{question}", lang) == label(
            "entitlement_question", question, lang
        )
    texts = [label("indication_reason", key, lang) for key in reason_keys()]
    assert all(texts) and len(set(texts)) == len(texts)


def test_a_check_reason_names_the_question_to_ask() -> None:
    assert label("indication_reason", "check.registered_uwv", "nl") == (
        "Uitzoeken: Ingeschreven bij UWV als werkzoekende?"
    )


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_field_of_a_contact_and_of_the_wire_has_a_label(lang: str) -> None:
    wire = to_wire(make_contact())
    names = {f.name for f in fields(Contact)} | set(wire) | {
        f"review.{key}" for key in review_to_wire(Review())
    } | {"review_state", "location.lat", "location.lon", "entitlement_reasons"}
    labels = {name: field_label(name, lang) for name in names}
    assert all(labels.values())
    plain = {n: t for n, t in labels.items() if "." not in n and not n.startswith("review")}
    assert len(set(plain.values())) == len(plain), "two fields share a label"


def test_field_label_is_translated() -> None:
    assert field_label("nationality", "pl") == "Obywatelstwo"
    assert field_label("nationality", "en") == "Nationality"


@pytest.mark.parametrize(
    ("field", "value"),
    [("municipality", "berlin"), ("nationality", "US"), ("no_such_list", "x"),
     ("indication_reason", "ground.nothing"), ("entitlement_question", "likes_cats")],
)
def test_a_value_the_model_does_not_know_is_an_error(field: str, value: str) -> None:
    with pytest.raises(UnknownLabel):
        label(field, value, "nl")


def test_unknown_field_has_no_label() -> None:
    with pytest.raises(UnknownLabel):
        field_label("shoe_size", "nl")


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_error_code_has_its_own_message(lang: str) -> None:
    assert set(ERROR_CODES) <= set(MESSAGES)
    generic = UNKNOWN_CODE.format(field=field_label("alias", lang))
    for code in ERROR_CODES:
        text = error_message(FieldError("alias", code), lang)
        assert text.startswith(field_label("alias", lang) + ":")
        assert text != error_message(FieldError("alias", code), "en") or lang == "en"
        assert "{" not in text
        if lang == "en":
            assert text != generic


@pytest.mark.parametrize(
    ("error", "lang", "expected"),
    [
        (FieldError("notes", "too_long", {"max": 2000}), "nl", "Notities: hooguit 2.000 tekens"),
        (FieldError("alias", "too_long", {"max": 1}), "pl", "Imię lub pseudonim: najwyżej 1 znak"),
        (FieldError("alias", "too_long", {"max": 3}), "pl", "Imię lub pseudonim: najwyżej 3 znaki"),
        (FieldError("alias", "too_long", {"max": 80}), "pl", "Imię lub pseudonim: najwyżej 80 znaków"),
        (FieldError("alias", "too_long", {"max": 80}), "ro", "Nume sau poreclă: cel mult 80 de caractere"),
        (FieldError("location.lat", "too_precise", {"decimals": 3}), "en", "Latitude: at most 3 decimals"),
        (FieldError("rev", "out_of_range", {"min": 1}), "bg", "Версия: поне 1"),
        (FieldError("entitlement.works_now", "invalid_value"), "en",
         "Working now, for pay?: choose a value from the list"),
        (FieldError("shoe_size", "unknown_field"), "nl", '"shoe_size": onbekend veld'),
        (FieldError("alias", "code_of_the_future"), "ro", "Nume sau poreclă: valoare nevalidă"),
    ],
)
def test_error_message_names_the_field_and_its_limit(
    error: FieldError, lang: str, expected: str
) -> None:
    assert error_message(error, lang) == expected


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_disclaimer_says_the_municipality_and_the_ind_decide(lang: str) -> None:
    text = disclaimer(lang)
    assert "IND" in text
    assert text != disclaimer("en") or lang == "en"


def test_a_municipality_is_named_as_its_list_names_it_and_the_pilots_six_in_the_language() -> None:
    from locales import municipality_name

    assert municipality_name("GM0518", "'s-Gravenhage", "pl") == "Haga"
    assert municipality_name("GM0518", "Den Haag (centrum)", "pl") == "Den Haag (centrum)"
    assert municipality_name("GM0153", "Enschede", "bg") == "Enschede"
    assert municipality_name("other", None, "nl") == "Andere gemeente"
