"""Labels of fields and of the values of every value list, in a UI language.

One function for every screen and the CSV export: `label(field, value, lang)`.
Country and language names come from CLDR (Babel), never typed by hand.
"""

from __future__ import annotations

import re

from locales import entitlement_labels as ent
from locales.field_labels import FIELD_ALIASES, FIELD_LABELS
from locales.names import country_name, language_name
from locales.translator import translator
from locales.value_labels import VALUE_LABELS
from model import municipalities
from model.values import FIELD_VALUES

# "18-24" needs no translation, only a proper dash.
_DIGITS_BAND = re.compile(r"^(\d+)-(\d+)$")


class UnknownLabel(LookupError):
    """There is no label for this field or value: a value the model does not know."""


def field_label(field: str, lang: str) -> str:
    """The label of a contact field ("nationality" → "Narodowość").

    Also "entitlement.<question>" (the question), "location.lat"/"lon" and
    "review.<part>".

    Raises:
        UnknownLabel: not a field of a contact.
    """
    field = FIELD_ALIASES.get(field, field)
    if field in FIELD_LABELS:
        return translator(lang).gettext(FIELD_LABELS[field])
    prefix, _, key = field.partition(".")
    if prefix == "entitlement" and key in ent.QUESTIONS:
        return label("entitlement_question", key, lang)
    raise UnknownLabel(field)


def label(field: str, value: str, lang: str) -> str:
    """The label of one value of a value list, in `lang`.

    Args:
        field: a field of `model.values.FIELD_VALUES`, or "entitlement_question",
            "indication_reason".
        value: the stored value ("GM0518", "PL", "ground.works_now", ...).
        lang: the UI language.

    Raises:
        UnknownLabel: the field has no value list, or the value is not in it.
    """
    t = translator(lang)
    if field == "municipality" and value not in VALUE_LABELS[field]:
        if not municipalities.is_code(value):
            raise UnknownLabel(f"{field}={value}")
        # A municipality beyond the first pilot's: CBS writes its name one way in every language.
        return municipalities.name_of(value)
    known = (*FIELD_VALUES.get(field, ()), *VALUE_LABELS.get(field, {}))
    if field in FIELD_VALUES and value not in known:
        raise UnknownLabel(f"{field}={value}")
    if field == "nationality" and value != "unknown":
        return country_name(value, lang)
    if field == "person_language" and value not in VALUE_LABELS[field]:
        return language_name(value, lang)
    if field == "age_band" and (band := _DIGITS_BAND.match(value)):
        return f"{band[1]}–{band[2]}"
    if field == "entitlement_question":
        return t.pgettext(*_lookup(ent.QUESTIONS, field=field, value=value))
    if field == "indication_reason":
        return _reason(value, lang)
    context, message = _lookup(VALUE_LABELS.get(field, {}), field=field, value=value)
    return t.pgettext(context, message)


def municipality_name(code: str, name: str | None, lang: str) -> str:
    """A municipality as an organisation's list names it, in `lang`.

    One of the first pilot's six under its CBS name is said the way `lang` says
    it (The Hague, Haga); a name the organisation chose, or of any other
    municipality, is shown as it is; no name: the label of the code ("other").
    """
    if name is None or municipalities.PILOT_NAMES.get(code) == name:
        return label("municipality", code, lang)
    return name


def disclaimer(lang: str) -> str:
    """What every screen showing an indication says next to it."""
    return translator(lang).gettext(ent.DISCLAIMER)


def _reason(key: str, lang: str) -> str:
    t = translator(lang)
    kind, _, name = key.partition(".")
    if key == "no_ground":
        return t.pgettext(*ent.NO_GROUND)
    if kind == "ground":
        return t.pgettext(*_lookup(ent.GROUNDS, field="indication_reason", value=name))
    if kind == "check":
        question = label("entitlement_question", name, lang)
        return t.pgettext(*ent.CHECK).format(question=question)
    raise UnknownLabel(f"indication_reason={key}")


def _lookup(table: dict[str, tuple[str, str]], *, field: str, value: str) -> tuple[str, str]:
    try:
        return table[value]
    except KeyError:
        raise UnknownLabel(f"{field}={value}") from None
