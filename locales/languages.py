"""The languages StreetContact speaks, and how a requested language is matched to one."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SOURCE_LANGUAGE = "en"
# The field app and the supervisors' pages.
UI_LANGUAGES: tuple[str, ...] = ("en", "nl", "pl", "ro", "bg")
# Texts shown to the contacted person: also Hungarian.
PERSON_LANGUAGES: tuple[str, ...] = ("en", "nl", "pl", "ro", "bg", "hu")

# The catalogs live next to this module: <lang>/LC_MESSAGES/<domain>.po (and .mo).
LOCALES_DIR = Path(__file__).resolve().parent
UI_DOMAIN = "messages"
PERSON_DOMAIN = "person"

# Times are shown in the time zone the product works in, whatever the phone says.
DISPLAY_TIMEZONE = "Europe/Amsterdam"


def pick_language(requested: str | None, supported: tuple[str, ...]) -> str:
    """The supported language for a requested one; English when there is none.

    Accepts "pl", "pl_PL", "pl-PL" or "PL"; anything else falls back to the
    source language, so a stray setting never breaks a screen.
    """
    if not requested:
        return SOURCE_LANGUAGE
    base = requested.replace("-", "_").split("_", 1)[0].strip().lower()
    return base if base in supported else SOURCE_LANGUAGE


def first_supported(requested: Iterable[str], supported: tuple[str, ...]) -> str | None:
    """The first of `requested` (most wanted first: "de-DE", "nl", ...) that is one of
    `supported`, by its language part; None when there is none."""
    for tag in requested:
        base = tag.replace("-", "_").split("_", 1)[0].strip().lower()
        if base and base in supported:
            return base
    return None
