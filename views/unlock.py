"""Unlock: the PIN pad, what a wrong PIN costs, and the spinner while the key is derived."""

from __future__ import annotations

import flet as ft

from storage.pin import MAX_ATTEMPTS, warn_before_wipe
from views import ids
from views.screen import Screen, screen_view
from views.services import DataWiped, WrongPin
from views.ui import Ui
from views.widgets.busy import Busy
from views.widgets.pin_pad import PinPad

_KEYS = {str(d): str(d) for d in range(10)} | {"Backspace": "back", "Enter": "ok"}


def unlock_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """Ask for the PIN; after a wrong one say how many tries are left, warn before the wipe."""
    _ = ui.t.gettext
    busy = Busy(_("Unlocking…"))
    message = ft.Text("", size=16, text_align=ft.TextAlign.CENTER)
    warning = ft.Text("", size=16, weight=ft.FontWeight.BOLD, color=ft.Colors.RED_900,
                      text_align=ft.TextAlign.CENTER, visible=False)

    def enter(pin: str) -> None:
        pad.enabled = False
        busy.start()
        message.value = ""
        ui.update()
        ui.slow(lambda: ui.services.unlock(pin), done=lambda _r: ui.go("/"), failed=failed)

    def failed(error: Exception) -> None:
        busy.stop()
        pad.enabled = True
        pad.clear()
        if isinstance(error, WrongPin):
            left = error.attempts_left
            message.value = ui.t.ngettext("Wrong PIN. {n} try left.", "Wrong PIN. {n} tries left.",
                                          left).format(n=left)
            warning.visible = warn_before_wipe(left)
            warning.value = _("After {max} wrong PINs in a row, all data on this phone is "
                              "erased.").format(max=MAX_ATTEMPTS)
        elif isinstance(error, DataWiped):
            ui.go("/welcome")
        else:
            message.value = _("Something went wrong. Try again.")

    pad = PinPad(on_enter=enter, on_touch=ui.touch, back_label=_("Delete"),
                 ok_label=_("Unlock"), shown_label=_("Digits entered"))

    def on_key(event: ft.KeyboardEvent) -> None:
        key = _KEYS.get(event.key)
        if key is not None:
            pad.press(key)
            ui.update()

    ui.key_handler = on_key
    controls: list[ft.Control] = [
        ft.Container(height=8),
        ft.Text(_("Enter your PIN"), size=20, text_align=ft.TextAlign.CENTER),
        pad.control,
        ft.Semantics(identifier=ids.UNLOCK_MESSAGE, live_region=True,
                     content=ft.Column([message, warning],
                                       horizontal_alignment=ft.CrossAxisAlignment.CENTER)),
        busy.control,
    ]
    column = ft.Column(controls, horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=14)
    view = screen_view(ui, "/unlock", title="StreetContact",
                       controls=[ft.Row([column], alignment=ft.MainAxisAlignment.CENTER)])
    return Screen(view)
