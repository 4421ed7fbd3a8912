"""What shows of a person: who met them last, the follow-up agreed, their own contacts'
states, where they were met.

As every mark: an icon and a word, never colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import flet as ft

from fieldapp.person_rows import PersonRow
from locales import Translator, format_date, label
from model import municipalities
from model.values import Municipality
from views import theme
from views.widgets.badges import pill, state_badge

_NAMED = frozenset(Municipality) - {Municipality.OTHER}


def who_badge(*, by_me: bool, name: str | None, t: Translator) -> ft.Container:
    """Who made the last contact: the worker, or a colleague (by name when known)."""
    _ = t.gettext
    if by_me:
        return pill(_("You"), icon=ft.Icons.PERSON, look=theme.INFO)
    return pill(name or _("Colleague"), icon=ft.Icons.GROUPS, look=theme.NEUTRAL)


def follow_up_badge(day: date, *, today: date, t: Translator, lang: str) -> ft.Container:
    """The follow-up agreed; stronger once it is due."""
    text = t.gettext("Follow-up: {date}").format(date=format_date(day, lang))
    if day <= today:
        return pill(text, icon=ft.Icons.EVENT_AVAILABLE, look=theme.WAITING)
    return pill(text, icon=ft.Icons.EVENT, look=theme.NEUTRAL)


def person_marks(row: PersonRow, *, today: date, t: Translator, lang: str) -> list[ft.Control]:
    """A person's marks, worst first: their own contacts' states, the follow-up, who met them."""
    marks: list[ft.Control] = [state_badge(state, t) for state in row.marks]
    if row.follow_up_on is not None:
        marks.append(follow_up_badge(row.follow_up_on, today=today, t=t, lang=lang))
    marks.append(who_badge(by_me=row.by_me, name=row.worker_name, t=t))
    return marks


def place_name(municipality: str, other: str | None, *, area: str | None = None,
               lang: str, known: Mapping[str, str] | None = None) -> str:
    """Where a contact took place: the municipality (or the name typed for "other"), the area.

    A municipality beyond the first pilot's six shows by the organisation's name
    for it (`known`), else as its code; a card an older server made may name one of the six
    the schema 1 way.
    """
    municipality = municipalities.from_legacy(municipality)
    if municipality == Municipality.OTHER:
        place = other or label("municipality", municipality, lang)
    elif municipality in _NAMED:
        place = label("municipality", municipality, lang)
    else:
        place = municipalities.name_of(municipality, dict(known or {}))
    return f"{place} · {area}" if area else place
