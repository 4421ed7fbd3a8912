"""Unlock: the PIN pad, what a wrong PIN costs, and the spinner while the key is derived."""

from __future__ import annotations

import flet as ft

from fieldapp.errors import DataDamaged, DataWiped, WrongPin
from fieldapp.vault import MAX_ATTEMPTS, warn_before_wipe
from views import ids, theme
from views.screen import Screen, screen_view
from views.ui import Ui
from views.widgets.busy import Busy
from views.widgets.pin_pad import PinPad

_KEYS = {str(d): str(d) for d in range(10)} | {"Backspace": "back", "Enter": "ok"}


def unlock_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """Ask for the PIN; after a wrong one say how many tries are left, warn before the wipe."""
    _ = ui.t.gettext
    screen = _Unlock(ui)
    ui.key_handler = screen.on_key
    # Everything at the bottom, where the thumb is; what the pad says right above it.
    column = ft.Column([
        ft.Container(expand=True),
        ft.Text(_("Enter your PIN"), size=20, text_align=ft.TextAlign.CENTER),
        ft.Semantics(identifier=ids.UNLOCK_MESSAGE, live_region=True,
                     content=ft.Column([screen.message, screen.warning],
                                       horizontal_alignment=ft.CrossAxisAlignment.CENTER)),
        screen.busy.control,
        screen.pad.control,
        ft.Container(height=8),
    ], horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=14, expand=True)
    view = screen_view(ui, "/unlock", title="StreetContact", scroll=False,
                       controls=[ft.Row([column], alignment=ft.MainAxisAlignment.CENTER,
                                        vertical_alignment=ft.CrossAxisAlignment.STRETCH,
                                        expand=True)])
    return Screen(view)


class _Unlock:
    """The PIN pad and what it says; the key derivation runs off the UI loop."""

    def __init__(self, ui: Ui) -> None:
        _ = ui.t.gettext
        self.ui = ui
        self.busy = Busy(_("Unlocking…"))
        self.message = ft.Text("", size=16, text_align=ft.TextAlign.CENTER)
        self.warning = ft.Text("", size=16, weight=ft.FontWeight.BOLD, color=theme.ERROR_TEXT,
                               text_align=ft.TextAlign.CENTER, visible=False)
        # Its own words, never the wipe's "Delete": one digit goes, nothing else.
        self.pad = PinPad(on_enter=self.enter, on_touch=ui.touch,
                          back_label=ui.t.pgettext("PIN pad key", "Delete last digit"),
                          ok_label=_("Unlock"), shown_label=_("Digits entered"))

    def enter(self, pin: str) -> None:
        self.pad.enabled = False
        self.busy.start()
        self.message.value = ""
        self.ui.update()
        self.ui.slow(lambda: self.ui.window.unlock(pin), done=self.unlocked,
                     failed=self.failed)

    def unlocked(self, _result: object) -> None:
        # Back to the form the worker was filling in when the app locked, if any.
        self.ui.go(self.ui.app.drafts.route() or "/")

    def failed(self, error: Exception) -> None:
        _ = self.ui.t.gettext
        self.busy.stop()
        self.pad.enabled = True
        self.pad.clear()
        if isinstance(error, WrongPin):
            left = error.attempts_left
            self.message.value = self.ui.t.ngettext(
                "Wrong PIN. {n} try left.", "Wrong PIN. {n} tries left.", left).format(n=left)
            self.warning.visible = warn_before_wipe(left)
            self.warning.value = _("After {max} wrong PINs in a row, all data on this phone is "
                                   "erased.").format(max=MAX_ATTEMPTS)
        elif isinstance(error, DataWiped):
            self.ui.go("/welcome")
        elif isinstance(error, DataDamaged):
            self.message.value = _("The data on this phone is damaged and cannot be opened. "
                                   "Nothing was erased. Contact your coordinator before you "
                                   "do anything else with this phone.")
        else:
            self.message.value = _("Something went wrong. Try again.")

    def on_key(self, event: ft.KeyboardEvent) -> None:
        """Digits, backspace and enter from a physical keyboard."""
        key = _KEYS.get(event.key)
        if key is not None:
            self.pad.press(key)
            self.ui.update()
