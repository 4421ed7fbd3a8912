"""A contact sent back for correction, on its edit form: what to correct, pinned on top.

The supervisor's reasons (in the worker's language), the fields to look at
and the comment stay above the form while the worker scrolls; the flagged
fields are marked where they are.
"""

from __future__ import annotations

import flet as ft

from locales import field_label, label
from model import Review
from views import ids, theme
from views.form.state import FormState
from views.ui import Ui


def correction_lines(ui: Ui, review: Review) -> list[ft.Control]:
    """The reasons, the fields to check and the comment of a "needs correction" review."""
    _ = ui.t.gettext
    lang = ui.lang
    lines: list[ft.Control] = []
    if review.reasons:
        lines.append(ft.Semantics(identifier=ids.DETAIL_REASONS, content=ft.Column(
            [ft.Text(f"• {label('review_reasons', reason, lang)}", size=15)
             for reason in review.reasons], spacing=2)))
    if review.fields:
        names = ", ".join(field_label(name, lang) for name in review.fields)
        lines.append(ft.Text(_("Fields to check: {fields}").format(fields=names), size=15,
                             weight=ft.FontWeight.W_600))
    if review.comment:
        lines.append(ft.Text(_("Supervisor's comment: {comment}").format(
            comment=review.comment), size=15, italic=True))
    return lines


def correction_box(ui: Ui, review: Review, *, identifier: str) -> ft.Control:
    """The correction request as a tinted box with a heading."""
    _ = ui.t.gettext
    return ft.Semantics(identifier=identifier, container=True, content=ft.Container(
        ft.Column([ft.Row([ft.Icon(ft.Icons.FLAG, color=theme.ATTENTION.fg, size=20),
                           ft.Text(_("Needs correction"), weight=ft.FontWeight.BOLD, size=16)],
                          spacing=6),
                   *correction_lines(ui, review)], spacing=4),
        bgcolor=theme.ATTENTION.bg, border=ft.Border.all(1, theme.BORDER),
        border_radius=8, padding=10))


def pin_correction(form: FormState, review: Review | None) -> ft.Control | None:
    """The box to pin above the edit form, with the flagged fields marked; None without one."""
    if review is None or not (review.reasons or review.fields or review.comment):
        return None
    form.flag(review.fields, form.ui.t.gettext("The supervisor asks you to check this."))
    return correction_box(form.ui, review, identifier=ids.FORM_CORRECTION)
