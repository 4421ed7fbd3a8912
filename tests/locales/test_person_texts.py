"""The texts for the contacted person exist in every person language and keep the facts."""

from __future__ import annotations

import re

import pytest

from locales import (
    PERSON_LANGUAGES,
    PERSON_TEXT_KEYS,
    UnknownPersonText,
    person_paragraphs,
    person_text,
)

TARGETS = [lang for lang in PERSON_LANGUAGES if lang != "en"]


@pytest.mark.parametrize("lang", TARGETS)
@pytest.mark.parametrize("key", PERSON_TEXT_KEYS)
def test_every_paragraph_is_in_the_persons_language(key: str, lang: str) -> None:
    english = person_paragraphs(key, "en")
    translated = person_paragraphs(key, lang)
    assert len(translated) == len(english)
    assert all(t != e for t, e in zip(translated, english, strict=True))


@pytest.mark.parametrize("lang", PERSON_LANGUAGES)
def test_privacy_notice_keeps_the_facts(lang: str) -> None:
    text = person_text("privacy_notice", lang, organisation="Stichting Voorbeeld")
    assert text.count("Stichting Voorbeeld") == 2  # who keeps the data, and whom to contact
    for fact in ("30", "24", "IND", "Autoriteit Persoonsgegevens"):
        assert fact in text, fact
    assert "{" not in text


@pytest.mark.parametrize("lang", PERSON_LANGUAGES)
def test_help_card_names_barka_and_the_emergency_number(lang: str) -> None:
    text = person_text("help_card", lang)
    assert "Barka" in text
    assert "112" in text


def test_organisation_placeholder_is_left_for_the_caller_when_not_given() -> None:
    assert "{organisation}" in person_text("privacy_notice", "pl")
    assert "{" not in person_text("privacy_notice", "pl", organisation="Barka {NL}").replace(
        "{NL}", ""
    )


@pytest.mark.parametrize("lang", ["lt", "de", "other", "xx"])
def test_person_language_without_texts_gets_english(lang: str) -> None:
    assert person_text("consent_question", lang) == person_text("consent_question", "en")


def test_notice_title_comes_first() -> None:
    assert person_paragraphs("privacy_notice", "nl")[0] == "Uw gegevens en uw rechten"
    assert person_text("help_card", "bg").startswith("Къде да намерите помощ\n\n")


def test_unknown_text_key_is_an_error() -> None:
    with pytest.raises(UnknownPersonText):
        person_text("terms_of_service", "nl")


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text.replace("\n\n", " ")) if s]


def test_english_source_reads_like_a_short_leaflet() -> None:
    for key in PERSON_TEXT_KEYS:
        longest = max(_sentences(person_text(key, "en")), key=lambda s: len(s.split()))
        assert len(longest.split()) <= 28, longest


@pytest.mark.parametrize("lang", TARGETS)
def test_translation_stays_about_as_short_as_the_english(lang: str) -> None:
    for key in PERSON_TEXT_KEYS:
        english = len(person_text(key, "en"))
        # The answer buttons are a few words ("Yes, I agree"): there a few letters more is
        # no longer leaflet. The texts themselves keep the plain ratio.
        slack = 10 if english < 40 else 0
        assert len(person_text(key, lang)) <= 1.3 * english + slack, key
