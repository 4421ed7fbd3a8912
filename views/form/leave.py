"""Leaving the form: Back on a changed form asks first; a save says it was saved.

Back (the app bar's arrow or the phone's back gesture) on a form with changes
asks: keep it as a draft (kept encrypted, offered again from the list),
discard it, or go on with it. Nothing typed goes without the worker saying so.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from views import ids
from views.ui import Ui


def ask_to_leave(ui: Ui, *, keep: Callable[[], None], discard: Callable[[], None]) -> None:
    """Ask what happens with the changed form; "go on" just closes the question."""
    _ = ui.t.gettext

    def answer(then: Callable[[], None] | None) -> Callable[[object], None]:
        def on_click(_event: object) -> None:
            ui.touch()
            ui.page.pop_dialog()
            if then is not None:
                then()
            ui.update()
        return on_click

    def button(text: str, identifier: str, then: Callable[[], None] | None,
               kind: type[ft.FilledButton | ft.OutlinedButton | ft.TextButton]) -> ft.Control:
        return ft.Semantics(identifier=identifier, content=ft.Row([kind(
            text, height=52, expand=True, on_click=answer(then))]))

    ui.page.show_dialog(ft.AlertDialog(
        modal=True,
        title=ft.Text(_("Leave this contact?"), size=20),
        content=ft.Text(_("What you entered is not saved yet."), size=16),
        actions=[ft.Column([
            button(_("Keep as draft"), ids.FORM_BACK_KEEP, keep, ft.FilledButton),
            button(_("Discard"), ids.FORM_BACK_DISCARD, discard, ft.OutlinedButton),
            button(_("Go on with this contact"), ids.FORM_BACK_STAY, None, ft.TextButton),
        ], spacing=8, tight=True)],
    ))


def say(ui: Ui, text: str) -> None:
    """A short message at the bottom of the screen (a save went through)."""
    ui.page.show_dialog(ft.SnackBar(
        ft.Semantics(identifier=ids.FORM_SAVED, live_region=True,
                     content=ft.Text(text, size=16)), duration=ft.Duration(seconds=4)))
