"""Translations (gettext catalogs) and the small i18n helper used by every screen.

Code outside this package marks its own strings with
`t = translator(lang); t.gettext("...")` so `pybabel extract` finds them;
value lists, field names, errors, countries, dates and numbers are shown
through the functions here.
"""

from locales.catalogs import CatalogMissing
from locales.error_messages import error_message
from locales.formatting import (
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_time,
    list_separator,
)
from locales.labels import UnknownLabel, disclaimer, field_label, label, municipality_name
from locales.languages import (
    PERSON_LANGUAGES,
    SOURCE_LANGUAGE,
    UI_LANGUAGES,
    first_supported,
    pick_language,
)
from locales.markers import N_, NP_
from locales.names import countries, country_name, language_name
from locales.person import PERSON_TEXT_KEYS, UnknownPersonText, person_paragraphs, person_text
from locales.translator import (
    Translator,
    all_translations,
    person_translator,
    reload_catalogs,
    translator,
)

# Babel's name for the same thing, as the screens may know it.
format_decimal = format_number

__all__ = [
    "NP_",
    "N_",
    "PERSON_LANGUAGES",
    "PERSON_TEXT_KEYS",
    "SOURCE_LANGUAGE",
    "UI_LANGUAGES",
    "CatalogMissing",
    "Translator",
    "UnknownLabel",
    "UnknownPersonText",
    "all_translations",
    "countries",
    "country_name",
    "disclaimer",
    "error_message",
    "field_label",
    "first_supported",
    "format_date",
    "format_datetime",
    "format_decimal",
    "format_number",
    "format_percent",
    "format_time",
    "label",
    "language_name",
    "list_separator",
    "municipality_name",
    "person_paragraphs",
    "person_text",
    "person_translator",
    "pick_language",
    "reload_catalogs",
    "translator",
]
