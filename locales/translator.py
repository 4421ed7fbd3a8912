"""The translator of one UI language: gettext, ngettext and pgettext.

There is no global "current language": a screen asks for `translator(lang)`
with the language it shows, so switching language at run time is just asking
for another translator. Translators are cached per language.
"""

from __future__ import annotations

import gettext
from functools import cache

from locales.catalogs import load_translations
from locales.languages import (
    PERSON_DOMAIN,
    PERSON_LANGUAGES,
    UI_DOMAIN,
    UI_LANGUAGES,
    pick_language,
)


class Translator:
    """Translations of one language; a message without a translation stays English."""

    def __init__(self, lang: str, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self._translations = translations

    def gettext(self, message: str) -> str:
        """`message` in this language."""
        if not message:
            return message  # gettext("") would return the catalog's header
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of `singular`/`plural` for the count `n`, by this language's plural rules."""
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """`message` in this language, as meant in `context`."""
        return self._translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """`ngettext` for a message with a context."""
        return self._translations.npgettext(context, singular, plural, n)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


def translator(lang: str) -> Translator:
    """The translator for a UI language; an unknown language gives English."""
    return _ui_translator(pick_language(lang, UI_LANGUAGES))


def person_translator(lang: str) -> Translator:
    """The translator of the person-facing texts; an unknown language gives English."""
    return _person_translator(pick_language(lang, PERSON_LANGUAGES))


def reload_catalogs() -> None:
    """Forget loaded catalogs, so the next `translator()` reads them again."""
    _ui_translator.cache_clear()
    _person_translator.cache_clear()


@cache
def _ui_translator(lang: str) -> Translator:
    return Translator(lang, load_translations(lang, UI_DOMAIN))


@cache
def _person_translator(lang: str) -> Translator:
    return Translator(lang, load_translations(lang, PERSON_DOMAIN))


def all_translations(message: str, *, context: str | None = None) -> dict[str, str]:
    """`message` in every UI language, e.g. to check that the longest one fits a button."""
    return {
        lang: translator(lang).pgettext(context, message) if context
        else translator(lang).gettext(message)
        for lang in UI_LANGUAGES
    }
