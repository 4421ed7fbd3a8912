""""Is this the same person?": asked before a new person is saved who looks like a known one.

Each known person shows with their name, nationality, age and last contact;
"Same person" saves the contact as that person's follow-up, "New person"
saves it as it is, "Go back" returns to the form with nothing saved.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import flet as ft

from fieldapp.person_rows import PersonRow
from locales import format_date, label
from views import ids, theme
from views.ui import Ui
from views.widgets.badges import country_chip
from views.widgets.inputs import MIN_TOUCH
from views.widgets.person_badges import who_badge


def ask_same_person(ui: Ui, found: list[PersonRow], *, same: Callable[[str], None],
                    new: Callable[[], None], back: Callable[[], None]) -> None:
    """Show the question; the worker's answer calls `same(person_id)`, `new()` or `back()`."""
    _ = ui.t.gettext

    def answer(then: Callable[[], None]) -> Callable[[], None]:
        def close_then() -> None:
            ui.page.pop_dialog()
            then()
        return close_then

    choices = [_candidate(ui, row, index=index, pick=answer(functools.partial(same, row.person_id)))
               for index, row in enumerate(found)]
    # Sized to what it holds; the dialog scrolls when that is more than the screen.
    dialog = ft.AlertDialog(
        modal=True, scrollable=True, title=ft.Text(_("Is this the same person?")),
        content=ft.Semantics(identifier=ids.FORM_SAME_PERSON, container=True, content=ft.Column(
            [ft.Text(_("Someone the team already knows looks like this person. If it is the "
                       "same person, the contact is saved with them."), size=15),
             *choices], spacing=12, tight=True)),
        actions=[
            ft.Semantics(identifier=ids.FORM_SAME_PERSON_BACK, content=ft.TextButton(
                _("Go back"), on_click=ui.act(answer(back)), height=MIN_TOUCH)),
            ft.Semantics(identifier=ids.FORM_SAME_PERSON_NEW, content=ft.OutlinedButton(
                _("New person"), on_click=ui.act(answer(new)), height=MIN_TOUCH)),
        ])
    ui.page.show_dialog(dialog)


def _candidate(ui: Ui, row: PersonRow, *, index: int, pick: Callable[[], None]) -> ft.Control:
    _ = ui.t.gettext
    facts = " · ".join([label("age_band", row.age_band, ui.lang),
                        _("last contact {date}").format(
                            date=format_date(row.last_contact, ui.lang))])
    return ft.Container(ft.Column([
        ft.Row([ft.Text(row.name or _("Anonymous"), size=17, weight=ft.FontWeight.BOLD,
                        expand=True),
                country_chip(row.nationality, ui.t)], spacing=6),
        ft.Text(facts, size=14),
        ft.Row([who_badge(by_me=row.by_me, name=row.worker_name, t=ui.t)], wrap=True),
        ft.Semantics(identifier=ids.item(ids.FORM_SAME_PERSON_PICK, index), content=ft.Row([
            ft.FilledTonalButton(_("Same person"), icon=ft.Icons.HOW_TO_REG,
                                 on_click=ui.act(pick), expand=True, height=MIN_TOUCH)])),
    ], spacing=6, tight=True), border=ft.Border.all(1, theme.BORDER),
        border_radius=8, padding=10)
