"""Texts for the contacted person (privacy notice, consent question, help card).

They live in their own gettext domain, `person`, translated into every
language of `PERSON_LANGUAGES` (Hungarian too). A person language without
these texts (Lithuanian, German, "other", ...) gets English.
"""

from __future__ import annotations

from locales.person_texts import PERSON_TEXTS
from locales.translator import person_translator

PERSON_TEXT_KEYS: tuple[str, ...] = tuple(PERSON_TEXTS)


class UnknownPersonText(LookupError):
    """No person-facing text has this key."""


def person_paragraphs(key: str, lang: str, *, organisation: str | None = None) -> tuple[str, ...]:
    """The paragraphs of a person-facing text in `lang`; the first one of a notice is its title.

    Args:
        key: "privacy_notice", "consent_question" or "help_card".
        lang: the person's language (`person_language`).
        organisation: the outreach organisation's name; when None the
            `{organisation}` placeholder is left for the caller to fill.

    Raises:
        UnknownPersonText: `key` is not one of the texts.
    """
    try:
        source = PERSON_TEXTS[key]
    except KeyError:
        raise UnknownPersonText(key) from None
    t = person_translator(lang)
    paragraphs = tuple(t.gettext(p) for p in source)
    if organisation is None:
        return paragraphs
    return tuple(p.replace("{organisation}", organisation) for p in paragraphs)


def person_text(key: str, lang: str, *, organisation: str | None = None) -> str:
    """A person-facing text in `lang` as one string, paragraphs separated by a blank line."""
    return "\n\n".join(person_paragraphs(key, lang, organisation=organisation))
