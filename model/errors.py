"""Errors of the domain model: codes and field names, never free English text.

Screens and the API turn a `FieldError` into a translated message; the code
and its parameters are the stable part.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class FieldError:
    """One problem with one field: `field` is the field name, `code` a stable key."""

    field: str
    code: str
    params: dict[str, int | str] = dataclasses.field(
        default_factory=dict, compare=False, hash=False
    )

    def as_dict(self) -> dict[str, object]:
        """The error as it travels in API answers."""
        return {"field": self.field, "code": self.code, "params": dict(self.params)}


class ModelError(Exception):
    """Base of the model's own errors."""


class InvalidContact(ModelError):
    """The contact breaks one or more rules; `errors` says which."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}:{e.code}" for e in errors))
        self.errors = errors


class WireFormatError(InvalidContact):
    """A wire record is not a contact of a known schema (structure, types, unknown fields)."""


class RevisionError(ModelError):
    """A change tried to touch a field that identifies the contact."""


# The codes used in FieldError.code. Translations label each one.
REQUIRED = "required"
INVALID_VALUE = "invalid_value"
INVALID_TYPE = "invalid_type"
INVALID_FORMAT = "invalid_format"
TOO_LONG = "too_long"
IN_FUTURE = "in_future"
BEFORE_CONTACT = "before_contact"
BEFORE_CREATED = "before_created"
NOT_ALLOWED_WITHOUT_CONSENT = "not_allowed_without_consent"
ONLY_WITH_OTHER = "only_with_other"
OUT_OF_RANGE = "out_of_range"
TOO_PRECISE = "too_precise"
UNKNOWN_FIELD = "unknown_field"
UNSUPPORTED_SCHEMA = "unsupported_schema"
DUPLICATE_VALUE = "duplicate_value"

ERROR_CODES: tuple[str, ...] = (
    REQUIRED, INVALID_VALUE, INVALID_TYPE, INVALID_FORMAT, TOO_LONG, IN_FUTURE,
    BEFORE_CONTACT, BEFORE_CREATED, NOT_ALLOWED_WITHOUT_CONSENT, ONLY_WITH_OTHER,
    OUT_OF_RANGE, TOO_PRECISE, UNKNOWN_FIELD, UNSUPPORTED_SCHEMA, DUPLICATE_VALUE,
)
