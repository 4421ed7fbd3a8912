"""Settings: language, auto-lock, PIN, the organisation, wiping the phone, version; and,
under "Advanced" (closed until opened), the organisation's own CA bundle."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.errors import DataWiped, WrongPin
from fieldapp.settings import AUTO_LOCK_CHOICES, THEME_CHOICES
from locales import UI_LANGUAGES, language_name
from views import ids, messages, theme
from views.screen import Screen, screen_view
from views.ui import Ui
from views.widgets.busy import Busy
from views.widgets.inputs import (
    ChoiceGroup,
    TextInput,
    big_button,
    error_line,
    section_title,
    show_message,
)


def settings_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """Every setting of this phone."""
    _ = ui.t.gettext
    settings = ui.app.settings.current

    def set_language(lang: str) -> None:
        ui.touch()
        ui.app.settings.choose_language(lang)
        ui.go("/settings")

    def set_minutes(minutes: str) -> None:
        ui.touch()
        ui.app.settings.set_auto_lock_minutes(int(minutes))

    language = ChoiceGroup(identifier=ids.SETTINGS_LANGUAGE, label=_("Language of the app"),
                           options=[(code, language_name(code, code)) for code in UI_LANGUAGES],
                           selected={ui.lang}, on_change=set_language)
    look = ChoiceGroup(identifier=ids.SETTINGS_THEME, label=_("Screen colours"),
                       options=list(zip(THEME_CHOICES, _theme_names(ui), strict=True)),
                       selected={settings.theme}, on_change=lambda mode: _set_theme(ui, mode))
    minutes = ChoiceGroup(
        identifier=ids.SETTINGS_AUTO_LOCK, label=_("Lock after this many idle minutes"),
        options=[(str(m), str(m)) for m in AUTO_LOCK_CHOICES],
        selected={str(settings.auto_lock_minutes)}, on_change=set_minutes)
    controls: list[ft.Control] = [
        language.control, look.control, minutes.control,
        section_title(_("Change PIN")), *_change_pin(ui),
        section_title(_("Organisation")), _organisation(ui),
        section_title(_("Wipe this phone")), *_wipe(ui),
        _advanced(ui),
        ft.Semantics(identifier=ids.SETTINGS_VERSION, content=ft.Text(
            _("StreetContact version {version}").format(version=ui.app.version), size=14)),
    ]
    return Screen(screen_view(ui, "/settings", title=_("Settings"), controls=controls,
                              back_to="/"))


def _theme_names(ui: Ui) -> list[str]:
    """The names of `THEME_CHOICES`, in that order."""
    _ = ui.t.gettext
    return [_("Like the phone"), _("Light"), _("Dark")]


def _set_theme(ui: Ui, mode: str) -> None:
    """Light or dark at once, and from now on (kept in the settings)."""
    ui.touch()
    ui.app.settings.choose_theme(mode)
    theme.apply(ui.page, mode)
    ui.update()


def _change_pin(ui: Ui) -> list[ft.Control]:
    _ = ui.t.gettext
    entered = {"old": "", "new": "", "confirm": ""}
    problem = error_line(None)
    busy = Busy(_("Changing the PIN…"))

    def field(identifier: str, label: str, key: str) -> TextInput:
        return TextInput(identifier=identifier, label=label, value="", password=True,
                         keyboard=ft.KeyboardType.NUMBER, on_change=ui.keep(entered, key))

    def save() -> None:
        found = ui.app.vault.new_pin_problem(entered["new"], entered["confirm"])
        if found is not None:
            show_message(problem, messages.pin_problem(found, ui.t))
            return
        busy.start()
        ui.update()
        ui.slow(lambda: ui.app.vault.change_pin(entered["old"], entered["new"]),
                done=lambda _r: finished(_("The PIN was changed.")),
                failed=lambda error: _pin_refused(ui, error, finished))

    def finished(text: str) -> None:
        busy.stop()
        show_message(problem, text)

    return [field(ids.SETTINGS_PIN_OLD, _("Current PIN"), "old").control,
            field(ids.SETTINGS_PIN_NEW, _("New PIN"), "new").control,
            field(ids.SETTINGS_PIN_CONFIRM, _("Repeat the new PIN"), "confirm").control,
            problem, busy.control,
            big_button(_("Change PIN"), identifier=ids.SETTINGS_PIN_SAVE, primary=False,
                       on_click=ui.act(save))]


def _organisation(ui: Ui) -> ft.Control:
    """Who keeps the data, as the server named it when the phone was connected: not typed."""
    _ = ui.t.gettext
    name = ui.app.sync.organisation_name()
    lines: list[ft.Control] = (
        [ft.Text(name, size=17, weight=ft.FontWeight.W_600),
         ft.Text(_("As the server named it when this phone was connected. The privacy notice "
                   "shows this name."), size=14)]
        if name else
        [ft.Text(_("This phone is not connected to an organisation yet. Connect it under "
                   "“{screen}”: the organisation's name then comes from the server.")
                 .format(screen=_("Sync and device")), size=15)])
    return ft.Semantics(identifier=ids.SETTINGS_ORGANISATION, container=True,
                        content=ft.Column(lines, spacing=4))


def _advanced(ui: Ui) -> ft.Control:
    """What a volunteer never needs, closed until opened: the organisation's own CA bundle."""
    _ = ui.t.gettext
    tile = ft.ExpansionTile(
        title=ft.Text(_("Advanced"), size=16, weight=ft.FontWeight.W_600),
        controls=[ft.Column([section_title(_("Server certificate")), *_ca_bundle(ui)],
                            spacing=12)],
        expanded=False, maintain_state=True, min_tile_height=52,
        controls_padding=ft.Padding.only(left=8, right=8, bottom=16),
        expanded_cross_axis_alignment=ft.CrossAxisAlignment.START,
        on_change=lambda _e: ui.touch(),
    )
    return ft.Semantics(identifier=ids.SETTINGS_ADVANCED, content=tile)


def _ca_bundle(ui: Ui) -> list[ft.Control]:
    """The organisation's own CA: read from a file once, kept in the vault; or none."""
    _ = ui.t.gettext
    entered = {"path": ""}
    result = error_line(None)
    kept = ft.Semantics(identifier=ids.SETTINGS_CA_KEPT, live_region=True,
                        content=ft.Text(_ca_kept(ui), size=15))

    def save() -> None:
        problem = ui.app.trust.keep_file(entered["path"].strip())
        show_message(result, messages.ca_bundle_problem(problem, ui.t) if problem
                     else _("Saved."))
        kept.content = ft.Text(_ca_kept(ui), size=15)

    def forget() -> None:
        ui.app.trust.forget()
        kept.content = ft.Text(_ca_kept(ui), size=15)
        show_message(result, _("Saved."))

    path = TextInput(identifier=ids.SETTINGS_CA_BUNDLE,
                     label=_("File with your organisation's CA bundle (PEM)"),
                     value="", on_change=ui.keep(entered, "path"))
    # Buttons as wide as their text: a button that fills the width cannot sit in the
    # "Advanced" tile, whose height grows with what it holds.
    return [kept, path.control, result,
            big_button(_("Use this file"), identifier=ids.SETTINGS_CA_SAVE, primary=False,
                       expand=False, on_click=ui.act(save)),
            big_button(_("Use the usual certificates"), identifier=ids.SETTINGS_CA_FORGET,
                       primary=False, expand=False, on_click=ui.act(forget))]


def _ca_kept(ui: Ui) -> str:
    count = ui.app.trust.certificates()
    if count == 0:
        return ui.t.gettext("The server's certificate is checked against the usual "
                            "certificate authorities.")
    return ui.t.ngettext("Only your organisation's certificate authority is trusted "
                         "({n} certificate).",
                         "Only your organisation's certificate authority is trusted "
                         "({n} certificates).", count).format(n=count)


def _wipe(ui: Ui) -> list[ft.Control]:
    _ = ui.t.gettext
    entered = {"pin": ""}
    problem = error_line(None)

    def confirm() -> None:
        dialog = ft.AlertDialog(
            modal=True, title=ft.Text(_("Wipe this phone?")),
            content=ft.Text(_("All contacts on this phone are erased, also those not yet "
                              "sent. This cannot be undone.")),
            actions=[
                ft.Semantics(identifier=ids.SETTINGS_WIPE_CANCEL, content=ft.TextButton(
                    _("Cancel"), on_click=ui.act(close))),
                ft.Semantics(identifier=ids.SETTINGS_WIPE_CONFIRM, content=ft.FilledButton(
                    _("Wipe"), on_click=ui.act(wipe),
                    style=ft.ButtonStyle(bgcolor=theme.ALARM.bg, color=theme.ALARM.fg))),
            ])
        ui.page.show_dialog(dialog)

    def close() -> None:
        ui.page.pop_dialog()

    def wipe() -> None:
        ui.page.pop_dialog()
        ui.slow(lambda: ui.app.wipe(entered["pin"]), done=lambda _r: ui.go("/welcome"),
                failed=lambda e: _pin_refused(ui, e, lambda text: show_message(problem, text)))

    pin = TextInput(identifier=ids.SETTINGS_WIPE_PIN, label=_("Your PIN"), value="",
                    password=True, keyboard=ft.KeyboardType.NUMBER,
                    on_change=ui.keep(entered, "pin"))
    return [ft.Text(_("Erases every contact and the connection to the server from this "
                      "phone."), size=14),
            pin.control, problem,
            big_button(_("Wipe this phone"), identifier=ids.SETTINGS_WIPE,
                       icon=ft.Icons.DELETE_FOREVER, primary=False, on_click=ui.act(confirm))]


def _pin_refused(ui: Ui, error: Exception, show: Callable[[str], None]) -> None:
    """Say why the PIN was not taken; after the last wrong one the data is gone: start over."""
    if isinstance(error, DataWiped):
        ui.go("/welcome")
    elif isinstance(error, WrongPin):
        show(ui.t.ngettext("Wrong PIN. {n} try left.", "Wrong PIN. {n} tries left.",
                           error.attempts_left).format(n=error.attempts_left))
    else:
        show(ui.t.gettext("Something went wrong. Try again."))

