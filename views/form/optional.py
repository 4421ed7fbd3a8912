"""The optional sections of the form, each folded away until the worker opens it."""

from __future__ import annotations

from datetime import date, timedelta

import flet as ft

from model.values import Consent
from views import ids, theme
from views.form.entitlement import entitlement_section
from views.form.fast_path import DateLine
from views.form.location import LocationLine
from views.form.state import FormState


def optional_sections(form: FormState) -> list[ft.Control]:
    """Entitlement, health, needs, referrals, follow-up, notes and location.

    Health, notes and location only show with the person's consent.
    """
    _ = form.ui.t.gettext
    health = _section(form, "health", _("Health"), [
        form.choice(name).control for name in ("health_physical", "health_mental", "addiction")])
    notes = form.text("notes", multiline=True)
    location = _section(form, "location", _("Location"), [LocationLine(form).control])
    follow_up = DateLine(form, "follow_up_on", pick_id=ids.FORM_FOLLOW_UP_PICK,
                         clear_id=ids.FORM_FOLLOW_UP_CLEAR, first=date.today(),
                         last=date.today() + timedelta(days=365))

    def consent_changed(name: str) -> None:
        if name == "consent":
            given = form.values.get("consent") == Consent.GIVEN
            health.visible = given
            location.visible = given
            notes.control.visible = given

    form.on_change(consent_changed)
    consent_changed("consent")
    return [
        ft.Text(_("More (optional)"), size=16, weight=ft.FontWeight.BOLD),
        # Opened when the carry-over changed the indication: it never changes unseen.
        _section(form, "entitlement", _("Entitlement questions"), entitlement_section(form),
                 expanded=form.carry.indication_changed),
        health,
        _section(form, "needs", _("Needs and wish"), [
            form.choice("acute_needs", multiple=True).control,
            form.choice("wish").control,
            form.choice("time_homeless").control,
        ]),
        _section(form, "referrals", _("Referrals"), [
            form.choice("referrals", multiple=True).control]),
        _section(form, "follow_up", _("Follow-up and notes"), [
            follow_up.control, form.text("area").control, notes.control,
            form.choice("outcome").control,
        ]),
        location,
    ]


def _section(form: FormState, name: str, title: str, controls: list[ft.Control], *,
             expanded: bool = False) -> ft.Control:
    tile = ft.ExpansionTile(
        expanded=expanded,
        title=ft.Text(title, size=16, weight=ft.FontWeight.W_600),
        controls=[ft.Column(controls, spacing=16)], maintain_state=True, min_tile_height=52,
        controls_padding=ft.Padding.only(left=8, right=8, bottom=16),
        expanded_cross_axis_alignment=ft.CrossAxisAlignment.START,
        on_change=lambda _e: form.ui.touch(),
        bgcolor=theme.CLOSED_SECTION, collapsed_bgcolor=theme.NEUTRAL.bg,
    )
    return ft.Semantics(identifier=ids.item(ids.FORM_SECTION, name), content=tile)
