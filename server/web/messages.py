"""Turning the services' error codes into sentences in the reader's language."""

from __future__ import annotations

from typing import Any

from locales import Translator
from server.errors import (
    BadCredentials,
    Conflict,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    RateLimited,
    ServiceError,
)


def error_text(t: Translator, error: ServiceError) -> str:
    """One sentence saying what went wrong, in `t`'s language."""
    _ = t.gettext
    if isinstance(error, RateLimited):
        minutes = max(1, (error.retry_after + 59) // 60)
        return t.ngettext("Too many attempts. Try again in %(n)d minute.",
                          "Too many attempts. Try again in %(n)d minutes.", minutes) % {
            "n": minutes}
    if isinstance(error, BadCredentials):
        return _("Unknown user name or wrong password.")
    if isinstance(error, NotAuthenticated):
        return _("Your session has ended. Please sign in again.")
    if isinstance(error, NotFound):
        return _("Not found.")
    if isinstance(error, Forbidden):
        return _("Your account may not do this.")
    if isinstance(error, InvalidInput):
        return "; ".join(field_problems(t, error.detail)) or _("Please check your input.")
    if isinstance(error, Conflict):
        if error.code == "username_taken":
            return _("That user name is taken.")
        return _("This exists already.")
    return _("Something went wrong. Please try again.")


def field_problems(t: Translator, detail: Any) -> list[str]:
    """Sentences for the field errors in an `InvalidInput.detail` list."""
    if not isinstance(detail, list):
        return []
    return [_one_problem(t, item) for item in detail if isinstance(item, dict)]


def _one_problem(t: Translator, item: dict[str, Any]) -> str:
    _ = t.gettext
    field, code = str(item.get("field", "")), str(item.get("code", ""))
    params = item.get("params") or {}
    names = {
        "username": _("User name"), "password": _("Password"), "comment": _("Comment"),
        "date_from": _("From"), "date_to": _("To"), "role": _("Role"),
        "municipality_code": _("CBS code"), "municipality_name": _("Name"),
    }
    name = names.get(field, field)
    if code == "required":
        return _("%(field)s is required.") % {"field": name}
    least, most = _count(params.get("min")), _count(params.get("max"))
    if code == "too_short" and least is not None:
        return t.ngettext("%(field)s needs at least %(min)s character.",
                          "%(field)s needs at least %(min)s characters.", least) % {
            "field": name, "min": least}
    if code == "too_long" and most is not None:
        return t.ngettext("%(field)s may have at most %(max)s character.",
                          "%(field)s may have at most %(max)s characters.", most) % {
            "field": name, "max": most}
    if code == "invalid_format" and field == "username":
        return _("User name: 2 to 64 letters, digits, dots, dashes or underscores.")
    if code == "invalid_format" and field == "municipality_code":
        return _("CBS code: GM and four digits, e.g. GM0153.")
    if code == "duplicate_value" and field == "municipality_code":
        return _("This municipality is on the list already.")
    return _("%(field)s is not valid.") % {"field": name}


def _count(value: Any) -> int | None:
    """A limit from an error's parameters, as the number that picks the plural form."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None
