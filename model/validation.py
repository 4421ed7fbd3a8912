"""Every rule a contact must keep (docs/domain.md), as a list of field errors."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from model import errors as e
from model import municipalities
from model.contact import Contact, Location
from model.errors import FieldError
from model.values import (
    CONSENT_ONLY_FIELDS,
    FIELD_VALUES,
    TEXT_LIMITS,
    Consent,
    EntitlementQuestion,
    Municipality,
)

# A phone's clock and time zone may be ahead of the server's UTC date; a
# contact dated up to this far ahead is not "in the future".
CLOCK_SLACK = timedelta(days=1)

_REQUIRED_CHOICES = (
    "consent", "person_language", "nationality", "gender", "age_band",
    "time_in_nl", "sleeping_situation", "id_document", "brp_registered",
)
_OPTIONAL_CHOICES = ("time_homeless", "health_physical", "health_mental", "addiction",
                     "wish", "outcome")
_SET_FIELDS = ("acute_needs", "referrals")
_ID_FIELDS = ("id", "person_id")
_ENROLLMENT_FIELDS = ("worker_id", "device_id", "org_id")
# Newlines and tabs are fine in notes; other control characters break CSV
# exports and terminals and never come from a keyboard. A lone surrogate (half
# of a UTF-16 pair, as a JSON escape can carry) is no text: nothing can store it.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def validate(contact: Contact, *, today: date | None = None) -> list[FieldError]:
    """All rule violations of `contact`; an empty list means it is valid.

    Args:
        contact: the contact to check.
        today: the date "future" is measured against (default: today in UTC).
    """
    today = today or datetime.now(UTC).date()
    found: list[FieldError] = []
    found += _identity(contact)
    found += _choices(contact)
    found += _texts(contact)
    found += _dates(contact, today)
    found += _municipality_other(contact)
    found += _privacy(contact)
    found += _entitlement(contact.entitlement)
    if contact.location is not None:
        found += _location(contact.location)
    return found



def _identity(c: Contact) -> Iterable[FieldError]:
    for name in _ID_FIELDS:
        if not _is_uuid(getattr(c, name)):
            yield FieldError(name, e.INVALID_FORMAT)
    for name in _ENROLLMENT_FIELDS:
        value = getattr(c, name)
        if not isinstance(value, str) or not value.strip():
            yield FieldError(name, e.REQUIRED)
        elif len(value) > 64:
            yield FieldError(name, e.TOO_LONG, {"max": 64})
    if isinstance(c.rev, bool) or not isinstance(c.rev, int) or c.rev < 1:
        yield FieldError("rev", e.OUT_OF_RANGE, {"min": 1})


def _choices(c: Contact) -> Iterable[FieldError]:
    for name in _REQUIRED_CHOICES:
        value = getattr(c, name)
        if value is None or value == "":
            yield FieldError(name, e.REQUIRED)
        elif value not in FIELD_VALUES[name]:
            yield FieldError(name, e.INVALID_VALUE)
    for name in _OPTIONAL_CHOICES:
        value = getattr(c, name)
        if value is not None and value not in FIELD_VALUES[name]:
            yield FieldError(name, e.INVALID_VALUE)
    for name in _SET_FIELDS:
        allowed = FIELD_VALUES[name]
        if any(v not in allowed for v in getattr(c, name)):
            yield FieldError(name, e.INVALID_VALUE)


def _texts(c: Contact) -> Iterable[FieldError]:
    for name in ("municipality_other", "area", "alias", "notes"):
        value = getattr(c, name)
        if value is None:
            continue
        limit = TEXT_LIMITS[name]
        if len(value) > limit:
            yield FieldError(name, e.TOO_LONG, {"max": limit})
        elif not value.strip():
            yield FieldError(name, e.REQUIRED)
        elif _CONTROL.search(value):
            yield FieldError(name, e.INVALID_FORMAT)


def _dates(c: Contact, today: date) -> Iterable[FieldError]:
    if c.contact_date > today + CLOCK_SLACK:
        yield FieldError("contact_date", e.IN_FUTURE)
    if c.follow_up_on is not None and c.follow_up_on < c.contact_date:
        yield FieldError("follow_up_on", e.BEFORE_CONTACT)
    for name in ("created_at", "updated_at"):
        if getattr(c, name).tzinfo is None:
            yield FieldError(name, e.INVALID_FORMAT)
    if (c.created_at.tzinfo is not None and c.updated_at.tzinfo is not None
            and c.updated_at < c.created_at):
        yield FieldError("updated_at", e.BEFORE_CREATED)


def _municipality_other(c: Contact) -> Iterable[FieldError]:
    if c.municipality is None or c.municipality == "":
        yield FieldError("municipality", e.REQUIRED)
    elif not municipalities.is_valid(c.municipality):
        # Any well-formed CBS code: organisations work in municipalities of their own.
        yield FieldError("municipality", e.INVALID_FORMAT)
    if c.municipality == Municipality.OTHER and not c.municipality_other:
        yield FieldError("municipality_other", e.REQUIRED)
    elif c.municipality != Municipality.OTHER and c.municipality_other is not None:
        yield FieldError("municipality_other", e.ONLY_WITH_OTHER)


def _privacy(c: Contact) -> Iterable[FieldError]:
    if c.consent == Consent.GIVEN:
        if c.alias is None:
            yield FieldError("alias", e.REQUIRED)
        return
    for name in CONSENT_ONLY_FIELDS:
        if getattr(c, name) is not None:
            yield FieldError(name, e.NOT_ALLOWED_WITHOUT_CONSENT)


def _entitlement(answers: dict[str, str]) -> Iterable[FieldError]:
    questions = set(EntitlementQuestion)
    for key, value in answers.items():
        if key not in questions:
            yield FieldError(f"entitlement.{key}", e.UNKNOWN_FIELD)
        elif value not in FIELD_VALUES["entitlement"]:
            yield FieldError(f"entitlement.{key}", e.INVALID_VALUE)


def _location(loc: Location) -> Iterable[FieldError]:
    for name, value, bound in (("lat", loc.lat, 90.0), ("lon", loc.lon, 180.0)):
        if not math.isfinite(value) or abs(value) > bound:
            yield FieldError(f"location.{name}", e.OUT_OF_RANGE)
        elif round(value, 3) != value:
            yield FieldError(f"location.{name}", e.TOO_PRECISE, {"decimals": 3})


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


