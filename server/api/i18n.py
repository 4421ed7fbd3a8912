"""Translated messages next to error codes, when the request asks for a language."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

import locales
from model import FieldError


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
    for _weight, _position, tag in sorted(ranked):
        lang = locales.pick_language(tag, locales.UI_LANGUAGES)
        if tag and lang == tag.replace("-", "_").split("_", 1)[0].lower():
            return lang
    return None


def with_messages(errors: list[dict[str, Any]], lang: str | None) -> list[dict[str, Any]]:
    """`errors` (field, code, params) each with a `message` in `lang`; unchanged without one."""
    if lang is None:
        return errors
    return [{**error, "message": locales.error_message(_field_error(error), lang)}
            for error in errors]


def _field_error(error: dict[str, Any]) -> FieldError:
    params = {k: v for k, v in (error.get("params") or {}).items() if isinstance(v, int | str)}
    return FieldError(str(error.get("field", "")), str(error.get("code", "")), params)
