"""What "needs correction" asks of a supervisor: the contact's fields to correct (checkboxes
by section) and the reasons (chips). The choices stay on screen until sent."""

from __future__ import annotations

from typing import Any

import flet as ft

from locales import label
from model.values import (
    CONSENT_ONLY_FIELDS,
    FIELD_VALUES,
    FLAGGABLE_FIELDS,
    Consent,
    Municipality,
)
from server.web import ids, present
from server.web.context import WebContext
from server.web.widgets.contact_parts import SECTIONS, section_title
from server.web.widgets.fields import tagged

BOX_WIDTH = 320
# Where the entitlement answers sit on the worker's form: with the person.
_EXTRA = {"Person": ("entitlement",)}


def flaggable(contact: dict[str, Any]) -> list[str]:
    """The fields of `contact` a worker can correct: what the phone's form shows for it
    (no consent-only fields without consent, no other municipality unless chosen)."""
    hidden: set[str] = set()
    if contact.get("consent") != Consent.GIVEN:
        hidden |= set(CONSENT_ONLY_FIELDS)
    if contact.get("municipality") != Municipality.OTHER:
        hidden.add("municipality_other")
    return [f for f in FLAGGABLE_FIELDS if f not in hidden]


class CorrectionChoices:
    """The checkboxes and chips; `fields` and `reasons` are what they show as chosen."""

    def __init__(self, ctx: WebContext, *, contact: dict[str, Any],
                 review_now: dict[str, Any]) -> None:
        self.ctx = ctx
        self.shown = flaggable(contact)
        # A contact sent back before shows what was flagged then.
        self.chosen_fields = set(review_now.get("fields") or ()) & set(self.shown)
        self.chosen_reasons = set(review_now.get("reasons") or ())

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for f in self.shown if f in self.chosen_fields)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(r for r in FIELD_VALUES["review_reasons"] if r in self.chosen_reasons)

    def _field_box(self, field: str) -> ft.Control:
        def changed(e: ft.Event[ft.Checkbox]) -> None:
            (self.chosen_fields.add if e.control.value else self.chosen_fields.discard)(field)

        box = ft.Checkbox(label=present.field_name(self.ctx, field),
                          value=field in self.chosen_fields, on_change=changed,
                          visual_density=ft.VisualDensity.COMPACT)
        # Two to a line on the contact page's left column: long labels (Polish, Bulgarian)
        # stay whole.
        return ft.Container(tagged(ids.contact_flag(field), box), width=BOX_WIDTH)

    def _reason_chip(self, reason: str) -> ft.Control:
        def changed(e: ft.Event[ft.Chip]) -> None:
            (self.chosen_reasons.add if e.control.selected else self.chosen_reasons.discard)(
                reason)

        chip = ft.Chip(label=ft.Text(label("review_reasons", reason, self.ctx.lang)),
                       selected=reason in self.chosen_reasons, on_select=changed)
        return tagged(ids.contact_reason(reason), chip)

    def _sections(self) -> list[ft.Control]:
        parts: list[ft.Control] = []
        for title, names in SECTIONS:
            group = [f for f in self.shown if f in (*names, *_EXTRA.get(title, ()))]
            if group:
                parts += [ft.Text(section_title(self.ctx, title), size=13,
                                  color=ft.Colors.ON_SURFACE_VARIANT),
                          ft.Row([self._field_box(f) for f in group], wrap=True, spacing=4,
                                 run_spacing=0)]
        return parts

    def view(self) -> ft.Semantics:
        """The panel, hidden until the supervisor chooses "needs correction"."""
        reasons = [self._reason_chip(r) for r in FIELD_VALUES["review_reasons"]]
        panel = tagged(ids.CONTACT_CORRECTION, ft.Column(spacing=6, controls=[
            ft.Text(present.field_name(self.ctx, "review_fields"), weight=ft.FontWeight.W_600),
            *self._sections(),
            ft.Text(present.field_name(self.ctx, "review_reasons"), weight=ft.FontWeight.W_600),
            ft.Row(reasons, wrap=True, spacing=8, run_spacing=8),
        ]))
        panel.visible = False
        return panel
