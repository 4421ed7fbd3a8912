"""Translated messages for the model's field errors (`model.errors.ERROR_CODES`).

A message is "<field label>: <what is wrong>", so no language has to make
the problem agree with the field's grammatical gender. Numbers in the
parameters are formatted for the language.
"""

from __future__ import annotations

from locales.formatting import format_number
from locales.labels import UnknownLabel, field_label
from locales.markers import N_
from locales.translator import translator
from model import errors as e
from model.errors import FieldError

MESSAGES: dict[str, str] = {
    e.REQUIRED: N_("{field}: please fill this in"),
    e.INVALID_VALUE: N_("{field}: choose a value from the list"),
    e.INVALID_TYPE: N_("{field}: wrong kind of value"),
    e.INVALID_FORMAT: N_("{field}: wrong format"),
    e.TOO_LONG: N_("{field}: too long"),
    e.TOO_PRECISE: N_("{field}: too precise"),
    e.IN_FUTURE: N_("{field}: cannot be in the future"),
    e.BEFORE_CONTACT: N_("{field}: cannot be before the date of contact"),
    e.BEFORE_CREATED: N_("{field}: cannot be before the record was created"),
    e.NOT_ALLOWED_WITHOUT_CONSENT: N_("{field}: only with the person's consent"),
    e.ONLY_WITH_OTHER: N_("{field}: only for another municipality"),
    e.OUT_OF_RANGE: N_("{field}: value out of range"),
    e.UNKNOWN_FIELD: N_("{field}: unknown field"),
    e.UNSUPPORTED_SCHEMA: N_("{field}: unsupported version"),
    e.DUPLICATE_VALUE: N_("{field}: the same value twice"),
}
# A code this version does not know yet (a newer server) still gets a message.
UNKNOWN_CODE = N_("{field}: not valid")


def error_message(error: FieldError, lang: str) -> str:
    """The error as a short sentence in `lang`, with the field's label and parameters."""
    t = translator(lang)
    field = _field_name(error.field, lang)
    params = {k: format_number(v, lang) if isinstance(v, int) else v
              for k, v in error.params.items()}
    count = error.params.get("max") or error.params.get("decimals") or error.params.get("min")
    n = count if isinstance(count, int) else 0
    if error.code == e.TOO_LONG and "max" in params:
        text = t.ngettext(
            "{field}: at most {max} character", "{field}: at most {max} characters", n
        )
    elif error.code == e.TOO_PRECISE and "decimals" in params:
        text = t.ngettext(
            "{field}: at most {decimals} decimal", "{field}: at most {decimals} decimals", n
        )
    elif error.code == e.OUT_OF_RANGE and "min" in params:
        text = t.gettext("{field}: must be at least {min}")
    elif error.code == e.UNSUPPORTED_SCHEMA and "supported" in params:
        text = t.gettext("{field}: unsupported version (this app reads version {supported})")
    else:
        text = t.gettext(MESSAGES.get(error.code, UNKNOWN_CODE))
    return text.format(field=field, **params)


def _field_name(field: str, lang: str) -> str:
    # An unknown field (a wire record with a key we do not know) is shown as sent.
    try:
        return field_label(field, lang)
    except UnknownLabel:
        return f'"{field}"'
