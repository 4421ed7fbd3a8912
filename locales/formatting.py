"""Dates, times and numbers written the way each UI language writes them (CLDR via Babel)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import dates, numbers

from locales.languages import DISPLAY_TIMEZONE, UI_LANGUAGES, pick_language


def format_date(value: date, lang: str, *, format: str = "medium") -> str:
    """A date ("7 mrt 2025"); `format` is "short", "medium", "long", "full" or a CLDR pattern."""
    return dates.format_date(value, format=format, locale=_ui(lang))


def format_datetime(value: datetime, lang: str, *, format: str = "short") -> str:
    """A moment as the clock in the Netherlands shows it ("07-03-2025, 23:30").

    A naive datetime is taken as UTC, which is what the model stores.
    """
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return dates.format_datetime(value, format=format, tzinfo=_display_zone(), locale=_ui(lang))


def format_time(value: datetime, lang: str, *, format: str = "short") -> str:
    """The time of day of a moment, in the Netherlands ("23:30")."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return dates.format_time(value, format=format, tzinfo=_display_zone(), locale=_ui(lang))


def format_number(value: int | float, lang: str) -> str:
    """A number with the language's separators ("12.345,5" in Dutch)."""
    return numbers.format_decimal(value, locale=_ui(lang))


def format_percent(value: float, lang: str) -> str:
    """A fraction as a percentage (0.62 → "62%", "62 %" in Romanian)."""
    return numbers.format_percent(value, locale=_ui(lang))


def list_separator(lang: str) -> str:
    """The character a spreadsheet set to `lang` expects between the cells of a CSV file:
    a semicolon where numbers are written with a decimal comma (Dutch, Polish, Romanian,
    Bulgarian), a comma otherwise (English). Excel reads a file with the other one as a
    single column."""
    return ";" if numbers.get_decimal_symbol(locale=_ui(lang)) == "," else ","


def _ui(lang: str) -> str:
    return pick_language(lang, UI_LANGUAGES)


@cache
def _display_zone() -> ZoneInfo:
    return ZoneInfo(DISPLAY_TIMEZONE)
