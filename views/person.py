"""A person's timeline: their own contacts in full, a colleague's last contact from the card.

Newest first. An own contact opens its detail; "New contact with this person"
(at the bottom, under the thumb) records a follow-up with the same person,
whoever met them first.
"""

from __future__ import annotations

from datetime import date

import flet as ft

from fieldapp.persons import TeamEntry, Timeline
from fieldapp.summaries import ContactSummary, RowState
from locales import (
    country_name,
    field_label,
    format_date,
    format_time,
    label,
    language_name,
)
from model.values import NATIONALITIES
from views import ids, theme
from views.screen import Screen, redrawing, screen_view
from views.ui import Ui
from views.widgets.badges import country_chip, state_badge
from views.widgets.inputs import big_button
from views.widgets.person_badges import follow_up_badge, person_marks, place_name, who_badge


def person_screen(ui: Ui, params: dict[str, str]) -> Screen:
    """Person `person`'s timeline, with "new contact with this person"."""
    _ = ui.t.gettext
    person_id = params["person"]
    body = ft.Column(spacing=10)
    refresh = redrawing(  # the day counts too: "due" follow-ups change at midnight
        body, read=lambda: (ui.app.persons.timeline(person_id), date.today()),
        draw=lambda shown: _timeline(ui, shown[0]) if shown[0] is not None else [
            ft.Text(_("This person is no longer on this phone."), size=16)])
    refresh()
    new = big_button(_("New contact with this person"), identifier=ids.PERSON_NEW_CONTACT,
                     icon=ft.Icons.PERSON_ADD,
                     on_click=ui.act(lambda: ui.go(f"/persons/{person_id}/new")))
    view = screen_view(ui, f"/persons/{person_id}", title=_("Person"), controls=[body],
                       back_to="/", bottom=new)
    return Screen(view, refresh=refresh)


def _timeline(ui: Ui, timeline: Timeline) -> list[ft.Control]:
    _ = ui.t.gettext
    today = date.today()
    person = timeline.person
    lang = ui.lang
    # A card is the server's word: a code the phone does not know shows as it is.
    nationality = (country_name(person.nationality, lang)
                   if person.nationality in NATIONALITIES else person.nationality)
    facts = " · ".join([label("age_band", person.age_band, lang), nationality,
                        language_name(person.person_language, lang)])
    head = ft.Semantics(identifier=ids.PERSON_HEAD, container=True, content=ft.Column([
        ft.Row([ft.Text(person.name or _("Anonymous"), size=22, weight=ft.FontWeight.BOLD,
                        italic=not person.name, expand=True),
                country_chip(person.nationality, ui.t)], spacing=8),
        ft.Text(facts, size=14),
        ft.Row(person_marks(person, today=today, t=ui.t, lang=lang), wrap=True, spacing=6,
               run_spacing=4),
    ], spacing=6))
    entries: list[ft.Control] = []
    own = 0
    known = ui.app.contacts.municipality_names()
    for entry in timeline.entries:
        if isinstance(entry, TeamEntry):
            entries.append(_team_entry(ui, entry, today=today, known=known))
        else:
            entries.append(_own_entry(ui, entry, index=own, person_id=person.person_id,
                                      known=known))
            own += 1
    return [head, ft.Divider(), *entries]


def _own_entry(ui: Ui, summary: ContactSummary, *, index: int, person_id: str,
               known: dict[str, str]) -> ft.Control:
    _ = ui.t.gettext
    c = summary.contact
    when = format_date(c.contact_date, ui.lang)
    if c.contact_date == c.created_at.date():
        when += " · " + format_time(c.created_at, ui.lang)
    lines: list[ft.Control] = [
        ft.Text(when, size=15, weight=ft.FontWeight.W_600),
        ft.Text(place_name(c.municipality, c.municipality_other, area=c.area, lang=ui.lang,
                           known=known), size=14, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
    ]
    marks: list[ft.Control] = [state_badge(summary.state, ui.t)]
    if c.follow_up_on is not None:
        marks.append(follow_up_badge(c.follow_up_on, today=date.today(), t=ui.t, lang=ui.lang))
    lines.append(ft.Row(marks, wrap=True, spacing=6, run_spacing=4))
    review = c.review
    if summary.state is RowState.NEEDS_CORRECTION and review is not None and review.comment:
        lines.append(ft.Text(review.comment, size=14, italic=True, max_lines=2,
                             overflow=ft.TextOverflow.ELLIPSIS))
    if c.notes:
        lines.append(ft.Text(c.notes, size=14, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS))
    return ft.Semantics(
        identifier=ids.item(ids.PERSON_CONTACT, index), button=True,
        content=ft.Container(
            ft.Column(lines, spacing=4), ink=True, border_radius=8,
            border=ft.Border.all(1, theme.BORDER),
            padding=ft.Padding.symmetric(vertical=10, horizontal=12),
            on_click=ui.act(lambda: ui.go(f"/persons/{person_id}/contacts/{c.id}"))))


def _team_entry(ui: Ui, entry: TeamEntry, *, today: date, known: dict[str, str]) -> ft.Control:
    _ = ui.t.gettext
    lines: list[ft.Control] = [
        ft.Row([ft.Icon(ft.Icons.GROUPS, size=20),
                ft.Text(format_date(entry.contact_date, ui.lang), size=15,
                        weight=ft.FontWeight.W_600)], spacing=6),
        ft.Text(place_name(entry.municipality, entry.municipality_other, area=entry.area,
                           lang=ui.lang, known=known), size=14),
        ft.Text(ui.t.ngettext("{n} contact with the team in all",
                              "{n} contacts with the team in all", entry.contacts)
                .format(n=entry.contacts), size=14),
    ]
    marks: list[ft.Control] = [who_badge(by_me=entry.by_me, name=entry.worker_name, t=ui.t)]
    if entry.follow_up_on is not None:
        marks.append(follow_up_badge(entry.follow_up_on, today=today, t=ui.t, lang=ui.lang))
    lines.append(ft.Row(marks, wrap=True, spacing=6, run_spacing=4))
    if entry.outcome is not None:
        lines.append(ft.Text(f"{field_label('outcome', ui.lang)}: "
                             f"{label('outcome', entry.outcome, ui.lang)}", size=14))
    return ft.Semantics(
        identifier=ids.PERSON_TEAM, container=True,
        content=ft.Container(ft.Column(lines, spacing=4), bgcolor=theme.NEUTRAL.bg,
                             border_radius=8,
                             padding=ft.Padding.symmetric(vertical=10, horizontal=12)))
