"""Between the contact form and the contact: what the worker entered, as contact fields.

The form keeps its values in a plain dict keyed by contact field name: a
string (or None) for a single choice or a text, a set for a multi-choice, a
dict for the entitlement answers, a date for the dates. These functions turn
that into the fields `new_contact`/`revise` take, and back, and work out the
form's starting values. Pure: no I/O, no UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from model import municipalities
from model.contact import Contact, Location
from model.municipalities import Municipality as Place
from model.persons import PersonCard, card_follow_up_fields
from model.revision import follow_up_fields
from model.values import CONSENT_ONLY_FIELDS, Consent, Municipality

FormValues = dict[str, Any]

REQUIRED_FIELDS: tuple[str, ...] = (
    "person_language", "consent", "contact_date", "municipality", "nationality", "gender",
    "age_band", "time_in_nl", "sleeping_situation", "id_document", "brp_registered",
)
TEXT_FIELDS: tuple[str, ...] = ("municipality_other", "area", "alias", "notes")
SET_FIELDS: tuple[str, ...] = ("acute_needs", "referrals")
OPTIONAL_FIELDS: tuple[str, ...] = (
    "municipality_other", "area", "alias", "time_homeless", "health_physical", "health_mental",
    "addiction", "wish", "outcome", "notes", "follow_up_on", "location",
)
ENTERED_FIELDS: tuple[str, ...] = (
    *REQUIRED_FIELDS, *OPTIONAL_FIELDS, *SET_FIELDS, "entitlement", "person_id",
)

# The nationality most people speaking a language have, offered until the
# worker picks one: one tap fewer for the common case, always changeable.
LIKELY_NATIONALITY: dict[str, str] = {
    "nl": "NL", "pl": "PL", "ro": "RO", "bg": "BG", "hu": "HU", "lt": "LT", "lv": "LV",
    "sk": "SK", "cs": "CZ", "de": "DE",
}


def initial_values(*, today: date, last_municipality: str | None) -> FormValues:
    """The starting values of a new contact: today, and the municipality used last."""
    municipality = last_municipality if municipalities.is_valid(last_municipality) else None
    return {"contact_date": today, "municipality": municipality, "entitlement": {},
            "acute_needs": set(), "referrals": set()}


def municipality_choices(listed: Sequence[Place] | None, *, last: str | None,
                         current: str | None = None) -> list[Place]:
    """The municipalities a form offers ("other" apart): the organisation's list (the first
    pilot's six when the phone was never sent one), the one used last first.

    A contact being edited keeps its own municipality on offer, even one no longer listed.
    """
    offered = list(listed) if listed is not None else [
        Place(code, name) for code, name in municipalities.PILOT_NAMES.items()]
    if isinstance(current, str) and municipalities.is_code(current) \
            and all(m.code != current for m in offered):
        offered.append(Place(current, municipalities.name_of(current)))
    return sorted(offered, key=lambda m: m.code != last)


def follow_up_values(previous: Contact, *, today: date) -> FormValues:
    """The starting values of a new contact with the same person as `previous`."""
    return _as_form_values(follow_up_fields(previous, today=today))


def card_follow_up_values(card: PersonCard, *, today: date) -> FormValues:
    """The starting values of a new contact with the person of a colleague's card."""
    return _as_form_values(card_follow_up_fields(card, today=today))


def contact_values(contact: Contact) -> FormValues:
    """The form values showing an existing contact, for editing it."""
    return _as_form_values({name: getattr(contact, name) for name in ENTERED_FIELDS})


def choose_person_language(values: FormValues, language: str, *,
                           nationality_chosen: bool) -> FormValues:
    """`values` with the person's language set, and a likely nationality if none was chosen."""
    changed = {**values, "person_language": language}
    if not nationality_chosen and language in LIKELY_NATIONALITY:
        changed["nationality"] = LIKELY_NATIONALITY[language]
    return changed


def contact_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """The contact fields for `values`, for `new_contact` (missing required ones as None).

    Texts are trimmed and empty ones dropped; what the person did not consent
    to is dropped (the form hides those fields then, and must not keep them);
    `municipality_other` only counts with municipality "other".
    """
    fields: dict[str, Any] = {name: values.get(name) for name in REQUIRED_FIELDS}
    for name in OPTIONAL_FIELDS:
        fields[name] = _clean_text(values.get(name)) if name in TEXT_FIELDS else values.get(name)
    for name in SET_FIELDS:
        fields[name] = frozenset(values.get(name) or ())
    fields["entitlement"] = dict(values.get("entitlement") or {})
    if values.get("person_id"):
        fields["person_id"] = values["person_id"]
    if fields["consent"] != Consent.GIVEN:
        for name in CONSENT_ONLY_FIELDS:
            fields[name] = None
    if fields["municipality"] != Municipality.OTHER:
        fields["municipality_other"] = None
    return fields


def changed_fields(contact: Contact, values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of `contact` that `values` changes, for `revise`."""
    fields = contact_fields(values)
    fields.pop("person_id", None)
    return {name: value for name, value in fields.items() if getattr(contact, name) != value}


DATE_FIELDS: tuple[str, ...] = ("contact_date", "follow_up_on")


def draft_json(values: Mapping[str, Any]) -> dict[str, Any]:
    """Form values as JSON, to keep a form the worker had not saved yet (while the app locks)."""
    data: dict[str, Any] = {}
    for name in ENTERED_FIELDS:
        value = values.get(name)
        if name in DATE_FIELDS:
            data[name] = value.isoformat() if isinstance(value, date) else None
        elif name in SET_FIELDS:
            data[name] = sorted(str(item) for item in value or ())
        elif name == "location":
            data[name] = [value.lat, value.lon] if isinstance(value, Location) else None
        elif name == "entitlement":
            data[name] = {str(k): v for k, v in (value or {}).items() if isinstance(v, str)}
        else:
            data[name] = value if isinstance(value, str) else None
    return data


def draft_values(data: object) -> FormValues | None:
    """The form values kept by `draft_json`; None if `data` is not such a draft.

    A part that does not read back (a damaged date, a wrong type) is left
    empty rather than failing the whole form: the worker sees what is missing.
    """
    if not isinstance(data, Mapping):
        return None
    values: FormValues = {}
    for name in ENTERED_FIELDS:
        value = data.get(name)
        if name in DATE_FIELDS:
            values[name] = _date_or_none(value)
        elif name in SET_FIELDS:
            values[name] = ({str(item) for item in value if isinstance(item, str)}
                            if isinstance(value, list) else set())
        elif name == "location":
            values[name] = _location_or_none(value)
        elif name == "entitlement":
            values[name] = ({str(k): v for k, v in value.items() if isinstance(v, str)}
                            if isinstance(value, Mapping) else {})
        else:
            values[name] = value if isinstance(value, str) else None
    return values


def _date_or_none(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _location_or_none(value: object) -> Location | None:
    if (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
        return Location(float(value[0]), float(value[1]))
    return None


def _as_form_values(fields: Mapping[str, Any]) -> FormValues:
    values: FormValues = dict(fields)
    for name in SET_FIELDS:
        values[name] = set(values.get(name) or ())
    values["entitlement"] = dict(values.get("entitlement") or {})
    return values


def _clean_text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None

