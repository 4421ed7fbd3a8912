"""Translated messages next to error codes, in the language the request asks for.

Every error answer carries a `message` for its top-level code, in the
`Accept-Language` language or else English. Field errors get a `message`
only when the request names a language the server speaks (the phone
translates field errors itself).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

import locales
from locales import N_
from model.protocol import field_error_from_wire

# One sentence for each top-level error code the server answers with.
ERROR_MESSAGES: dict[str, str] = {
    "bad_request": N_("The request could not be read."),
    "not_authenticated": N_("You are not signed in, or your session has ended. "
                            "Please sign in again."),
    "bad_credentials": N_("Unknown user name or wrong password."),
    "device_revoked": N_("This phone may no longer connect to the server."),
    "unknown_device": N_("The server does not know this phone. Connect it to the server "
                         "again."),
    "forbidden": N_("Your account may not do this."),
    "not_found": N_("Not found."),
    "method_not_allowed": N_("This request is not possible here."),
    "conflict": N_("This exists already."),
    "organisation_exists": N_("An organisation with this name exists already."),
    "username_taken": N_("That user name is taken."),
    "body_too_large": N_("The request is too large."),
    "batch_too_large": N_("Too many contacts in one request."),
    "unsupported_media_type": N_("The request is not in a format the server reads."),
    "invalid_request": N_("Please check your input."),
    "same_person": N_("A person cannot be merged into themselves."),
    "merge_final": N_("This merge can no longer be undone."),
    "too_many_attempts": N_("Too many tries. Wait a moment and try again."),
    "internal_error": N_("The server had a problem. Try again later."),
}
# Any other code (an HTTP status without a code of its own).
OTHER_ERROR = N_("Something went wrong. Please try again.")


def request_language(request: Request) -> str | None:
    """The best UI language of `Accept-Language`, or None when the header names none we speak."""
    header = request.headers.get("accept-language")
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        ranked.append((-weight, position, tag.strip()))
    return locales.first_supported((tag for _weight, _position, tag in sorted(ranked)),
                                   locales.UI_LANGUAGES)


def error_message(code: str, lang: str | None) -> str:
    """The sentence for a top-level error `code` in `lang` (English when None or unknown)."""
    return locales.translator(lang or locales.SOURCE_LANGUAGE).gettext(
        ERROR_MESSAGES.get(code, OTHER_ERROR))


def with_messages(errors: list[dict[str, Any]], lang: str | None) -> list[dict[str, Any]]:
    """`errors` (field, code, params) each with a `message` in `lang`; unchanged without one."""
    if lang is None:
        return errors
    return [{**error, "message": locales.error_message(field_error_from_wire(error), lang)}
            for error in errors]

