"""The contact form's errors as the worker types: the same rules saving applies, live.

The form shows an error as soon as a value breaks a rule the worker can see at
once (a text over its limit, a date in the future), every other error once the
worker tried to save, and clears each one as soon as its field is valid again,
also when the app filled the value in. Pure: no I/O, no UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from model import errors as e
from model.errors import FieldError
from model.form import contact_fields
from model.revision import Enrollment, new_contact
from model.validation import CLOCK_SLACK, validate

# Stands in for the phone's enrollment: the form's fields are what is checked.
_FORM = Enrollment(worker_id="form", device_id="form", org_id="form")
# Shown while typing, before any save: the worker sees what is wrong as it happens.
LIVE_CODES = frozenset({e.TOO_LONG, e.IN_FUTURE, e.INVALID_FORMAT, e.BEFORE_CONTACT})


def form_errors(values: Mapping[str, Any], *, today: date) -> list[FieldError]:
    """The errors saving `values` would give, measured against the phone's own date.

    On the phone "the future" is after the phone's today (the server allows a
    day of clock difference; the worker's own calendar does not need it).
    """
    fields = contact_fields(values)
    found: list[FieldError] = []
    if fields.get("contact_date") is None:
        found.append(FieldError("contact_date", e.REQUIRED))
        fields["contact_date"] = today
    contact = new_contact(fields, enrollment=_FORM)
    found += validate(contact, today=today - CLOCK_SLACK)
    return found


def shown_errors(errors: Sequence[FieldError], *, tried_to_save: bool) -> dict[str, FieldError]:
    """The error to show per form field (the first one), live or after a save was tried."""
    shown: dict[str, FieldError] = {}
    for error in errors:
        if tried_to_save or error.code in LIVE_CODES:
            shown.setdefault(error.field.split(".")[0], error)
    return shown

