"""Contact filters and figure choices as plain JSON values, for download tickets."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from server.services.contacts import ContactFilters

_DATES = ("date_from", "date_to")


def filters_to(filters: ContactFilters) -> dict[str, Any]:
    """The filters that are set, dates as ISO text."""
    found: dict[str, Any] = {}
    for field in dataclasses.fields(ContactFilters):
        value = getattr(filters, field.name)
        if value is not None:
            found[field.name] = value.isoformat() if isinstance(value, date) else value
    return found


def filters_from(params: dict[str, Any]) -> ContactFilters:
    """The filters back from `filters_to`'s form; other keys (the language) are ignored.

    Raises:
        ValueError: a date that is not ISO text, or a value that is not text.
    """
    names = {f.name for f in dataclasses.fields(ContactFilters)}
    values: dict[str, Any] = {}
    for name, value in params.items():
        if name not in names or value is None:
            continue
        if not isinstance(value, str):
            raise ValueError(name)
        values[name] = date.fromisoformat(value) if name in _DATES else value
    return ContactFilters(**values)


def dates_from(params: dict[str, Any]) -> tuple[date | None, date | None]:
    """The period of a figures download."""
    start, end = (params.get(n) for n in _DATES)
    return (date.fromisoformat(start) if start else None,
            date.fromisoformat(end) if end else None)
