"""One contact: every field, its revision, sync and review state, the supervisor's comment."""

from __future__ import annotations

import flet as ft

from fieldapp.summaries import ContactSummary, RowState
from locales import (
    country_name,
    disclaimer,
    field_label,
    format_date,
    format_datetime,
    label,
    language_name,
)
from model import Contact, entitlement_indication
from views import ids, messages, theme
from views.form.correction import correction_box
from views.screen import Screen, redrawing, screen_view
from views.ui import Ui
from views.widgets.badges import state_badge
from views.widgets.inputs import big_button
from views.widgets.person_badges import place_name

_CHOICES = ("municipality", "consent", "gender", "age_band", "time_in_nl", "time_homeless",
            "sleeping_situation", "id_document", "brp_registered", "health_physical",
            "health_mental", "addiction", "wish", "outcome")


def detail_screen(ui: Ui, params: dict[str, str]) -> Screen:
    """Contact `id`, with "edit" and "new contact with this person".

    Opened from a person's timeline (`person` in `params`), "back" goes there.
    """
    _ = ui.t.gettext
    contact_id = params["id"]
    body = ft.Column(spacing=10)
    refresh = redrawing(
        body, read=lambda: ui.app.contacts.summary(contact_id),
        key=lambda summary: None if summary is None else (summary.contact, summary.state),
        draw=lambda summary: _details(ui, summary) if summary is not None else [
            ft.Text(_("This contact is no longer on this phone."), size=16)])
    refresh()
    bottom = ft.Row([
        big_button(_("Edit"), identifier=ids.DETAIL_EDIT, icon=ft.Icons.EDIT, primary=False,
                   on_click=ui.act(lambda: ui.go(f"/contacts/{contact_id}/edit"))),
        big_button(_("New contact"), identifier=ids.DETAIL_FOLLOW_UP, icon=ft.Icons.PERSON_ADD,
                   on_click=ui.act(lambda: ui.go(f"/contacts/{contact_id}/follow-up"))),
    ], spacing=8)
    person = params.get("person")
    route = f"/persons/{person}/contacts/{contact_id}" if person else f"/contacts/{contact_id}"
    view = screen_view(ui, route, title=_("Contact"), controls=[body],
                       back_to=f"/persons/{person}" if person else "/", bottom=bottom)
    return Screen(view, refresh=refresh)


def _details(ui: Ui, summary: ContactSummary) -> list[ft.Control]:
    _ = ui.t.gettext
    c = summary.contact
    lang = ui.lang
    head: list[ft.Control] = [
        ft.Text(c.alias or _("Anonymous"), size=22, weight=ft.FontWeight.BOLD,
                italic=not c.alias),
        ft.Semantics(identifier=ids.DETAIL_STATE, content=ft.Row(
            [state_badge(summary.state, ui.t)], wrap=True)),
        ft.Semantics(identifier=ids.DETAIL_REVISION, content=ft.Text(
            ui.t.ngettext("{n} version", "{n} versions", summary.revisions)
            .format(n=summary.revisions) + " · " + _("last changed {when}").format(
                when=format_datetime(c.updated_at, lang)), size=14)),
    ]
    if c.review is not None and summary.state is not RowState.NEEDS_CORRECTION:
        head.append(ft.Text(_("Review: {state}").format(
            state=label("review_state", c.review.state, lang)), size=14))
    if summary.state is RowState.NEEDS_CORRECTION and c.review and (
            c.review.comment or c.review.reasons or c.review.fields):
        # The reasons and the fields in the worker's language; the comment as written.
        head.append(correction_box(ui, c.review, identifier=ids.DETAIL_COMMENT))
    quarantined = summary.state is RowState.QUARANTINED
    problems = messages.contact_problems(summary, lang) if quarantined else []
    if problems:
        head.append(ft.Container(ft.Column(
            [ft.Text(_("The server refused this version:"), weight=ft.FontWeight.BOLD),
             *[ft.Text(text, size=14) for text in problems]], spacing=4),
            bgcolor=theme.PROBLEM.bg, border_radius=8, padding=12))
    return [*head, ft.Divider(), *_fields(ui, c)]


def _choice(ui: Ui, name: str, value: str) -> str:
    """A chosen value in the UI language; a municipality as the organisation names it."""
    if name == "municipality":
        return place_name(value, None, lang=ui.lang, known=ui.app.contacts.municipality_names())
    return label(name, value, ui.lang)


def _fields(ui: Ui, c: Contact) -> list[ft.Control]:
    lang = ui.lang
    rows: list[tuple[str, str]] = [
        (field_label("contact_date", lang), format_date(c.contact_date, lang)),
        (field_label("person_language", lang), language_name(c.person_language, lang)),
        (field_label("nationality", lang),
         f"{country_name(c.nationality, lang)} ({c.nationality})"),
    ]
    for name in _CHOICES:
        value = getattr(c, name)
        if value is not None:
            rows.append((field_label(name, lang), _choice(ui, name, value)))
    for name in ("municipality_other", "area", "notes"):
        value = getattr(c, name)
        if value:
            rows.append((field_label(name, lang), value))
    for name in ("acute_needs", "referrals"):
        values = sorted(getattr(c, name))
        if values:
            rows.append((field_label(name, lang), ", ".join(label(name, v, lang) for v in values)))
    if c.follow_up_on is not None:
        rows.append((field_label("follow_up_on", lang), format_date(c.follow_up_on, lang)))
    if c.location is not None:
        rows.append((field_label("location", lang), f"{c.location.lat:.3f}, {c.location.lon:.3f}"))
    for question, answer in sorted(c.entitlement.items()):
        rows.append((label("entitlement_question", question, lang),
                     label("entitlement", answer, lang)))
    out: list[ft.Control] = [
        ft.Column([ft.Text(name, size=13, color=theme.QUIET_TEXT),
                   ft.Text(value, size=16)], spacing=0)
        for name, value in rows
    ]
    indication = entitlement_indication(c.entitlement)
    if indication is not None:
        out.append(ft.Container(ft.Column([
            ft.Text(label("entitlement_indication", indication.code.value, lang),
                    weight=ft.FontWeight.BOLD, size=16),
            *[ft.Text(f"• {label('indication_reason', r, lang)}", size=14)
              for r in indication.reasons],
            ft.Text(disclaimer(lang), size=13, italic=True)], spacing=4),
            bgcolor=theme.NEUTRAL.bg, border_radius=8, padding=12))
    return out
