"""Country and language names from CLDR (through Babel), in the UI language."""

from __future__ import annotations

from functools import cache

from babel import Locale

from locales.collation import collation_key
from locales.languages import UI_LANGUAGES, pick_language
from locales.translator import translator
from locales.value_labels import VALUE_LABELS
from model.values import NATIONALITIES, NATIONALITY_UNKNOWN


def country_name(code: str, lang: str) -> str:
    """The CLDR name of a country (ISO 3166-1 alpha-2) in `lang`; "unknown" translated.

    Raises:
        KeyError: CLDR has no such country.
    """
    if code == NATIONALITY_UNKNOWN:
        return translator(lang).pgettext(*VALUE_LABELS["nationality"][code])
    return str(_locale(lang).territories[code.upper()])


def language_name(code: str, lang: str) -> str:
    """The CLDR name of a language in `lang`, capitalised as in a menu; "other" translated.

    Raises:
        KeyError: CLDR has no such language.
    """
    if code in VALUE_LABELS["person_language"]:
        return translator(lang).pgettext(*VALUE_LABELS["person_language"][code])
    name = str(_locale(lang).languages[code])
    # CLDR's context transforms capitalise language names in menus ("polski" -> "Polski").
    return name[:1].upper() + name[1:]


def countries(lang: str) -> list[tuple[str, str]]:
    """(code, name) of every nationality, sorted as `lang` sorts; "unknown" last."""
    return list(_countries(pick_language(lang, UI_LANGUAGES)))


@cache
def _countries(lang: str) -> tuple[tuple[str, str], ...]:
    named = [(code, country_name(code, lang)) for code in NATIONALITIES
             if code != NATIONALITY_UNKNOWN]
    named.sort(key=lambda pair: collation_key(pair[1], lang))
    return (*named, (NATIONALITY_UNKNOWN, country_name(NATIONALITY_UNKNOWN, lang)))


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(pick_language(lang, UI_LANGUAGES))
