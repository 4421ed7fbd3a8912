"""The "add location" line of the form: the place of the contact, rounded, only when asked."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from locales import format_decimal
from model import Location
from views import ids, theme
from views.form.state import FormState
from views.locator import LocationFailed, LocationProblem
from views.widgets.busy import Busy
from views.widgets.inputs import error_line, icon_button, scroll_key, show_message


class LocationLine:
    """Shows the location kept (or none), a button to add it and one to remove it."""

    def __init__(self, form: FormState) -> None:
        _ = form.ui.t.gettext
        self.form = form
        self.text = ft.Text("", size=16, expand=True)
        self.busy = Busy(_("Finding the location…"))
        self.problem = error_line(None)
        self.add = ft.Semantics(identifier=ids.FORM_LOCATION_ADD, content=ft.OutlinedButton(
            _("Add location"), icon=ft.Icons.MY_LOCATION, height=48, on_click=self._add))
        self.remove = ft.Semantics(
            identifier=ids.FORM_LOCATION_REMOVE, content=icon_button(
                ft.Icons.CLEAR, tooltip=_("Remove the location"), on_click=self._remove))
        self.control = ft.Column([
            ft.Semantics(identifier=ids.FORM_LOCATION, content=ft.Row(
                [self.text, self.add, self.remove],
                vertical_alignment=ft.CrossAxisAlignment.CENTER)),
            self.busy.control,
            ft.Semantics(identifier=ids.FORM_LOCATION_PROBLEM, live_region=True,
                         content=self.problem, key=scroll_key(ids.FORM_LOCATION_PROBLEM)),
            ft.Text(_("Only the area, about 100 m, is kept, and only with the person's "
                      "consent."), size=13, color=theme.QUIET_TEXT),
        ], spacing=4)
        self._show()

    def _show(self) -> None:
        value = self.form.values.get("location")
        if isinstance(value, Location):
            lang = self.form.lang
            # "; " between: in most of these languages the decimal mark is a comma.
            self.text.value = "; ".join(f"{format_decimal(degrees, lang)}°"
                                        for degrees in (value.lat, value.lon))
        else:
            self.text.value = "—"
        self.remove.visible = isinstance(value, Location)

    def _add(self, _event: object) -> None:
        ui = self.form.ui
        ui.touch()
        self.problem.visible = False
        self.busy.start()
        ui.update()

        async def locate() -> None:
            try:
                found = await ui.locator.current()
            except LocationFailed as failed:
                self.busy.stop()
                show_message(self.problem, problem_text(failed.problem, ui.t.gettext))
                ui.update()
                # Near the bottom of the form the message could show under the save bar.
                self.form.reveal(ids.FORM_LOCATION_PROBLEM)
                return
            self.busy.stop()
            self.form.set("location", found)
            self._show()
            ui.update()

        ui.run(locate)

    def _remove(self, _event: object) -> None:
        self.form.set("location", None)
        self._show()
        self.form.ui.update()


def problem_text(problem: LocationProblem, _: Callable[[str], str]) -> str:
    """Why no location was added, and what the worker can do, in the UI language."""
    texts = {
        LocationProblem.DENIED: _("The phone did not allow the app to use the location. "
                                  "Allow it in the phone's settings, or save without it."),
        LocationProblem.SERVICE_OFF: _("Location is switched off on this phone. Switch it on, "
                                       "or save without it."),
        LocationProblem.TIMEOUT: _("The phone could not find the location in time. Try again "
                                   "outside, or save without it."),
        LocationProblem.UNAVAILABLE: _("This phone cannot tell its location. Save without it."),
    }
    return texts[problem]
