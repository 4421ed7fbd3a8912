"""First run: choose the UI language, create the PIN, connect to the server (or later)."""

from __future__ import annotations

import functools

import flet as ft

from fieldapp.vault import MIN_PIN_LENGTH
from locales import UI_LANGUAGES, language_name
from views import ids, messages, theme
from views.screen import Screen, screen_view
from views.ui import Ui
from views.widgets.busy import Busy
from views.widgets.inputs import TextInput, big_button, error_line, show_message


def language_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """Pick the app's language; each is shown in its own name."""
    _ = ui.t.gettext

    def choose(lang: str) -> None:
        ui.app.settings.choose_language(lang)
        ui.go("/welcome/pin")

    # The phone's own language (when it is one of ours) first and stronger: one tap.
    ordered = sorted(UI_LANGUAGES, key=lambda lang: lang != ui.arrival)
    buttons = [big_button(language_name(lang, lang),
                          identifier=ids.item(ids.WELCOME_LANGUAGE, lang),
                          on_click=ui.act(functools.partial(choose, lang)),
                          primary=lang == ui.arrival)
               for lang in ordered]
    controls: list[ft.Control] = [
        ft.Text("StreetContact", size=28, weight=ft.FontWeight.BOLD),
        ft.Text(_("Choose the language of the app."), size=16),
        *buttons,
    ]
    return Screen(screen_view(ui, "/welcome", title=_("Welcome"), controls=controls))


def pin_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """Create the PIN that protects the data on this phone."""
    _ = ui.t.gettext
    entered = {"pin": "", "confirm": ""}
    busy = Busy(_("Protecting the data on this phone…"))
    problem = error_line(None)

    def create() -> None:
        found = ui.app.vault.new_pin_problem(entered["pin"], entered["confirm"])
        if found is not None:
            show_message(problem, messages.pin_problem(found, ui.t))
            ui.update()
            return
        busy.start()
        ui.update()
        ui.slow(lambda: ui.window.create(entered["pin"]),
                done=lambda _r: ui.go("/welcome/enroll"), failed=failed)

    def failed(_error: Exception) -> None:
        busy.stop()
        show_message(problem, _("Something went wrong. Try again."))

    pin = TextInput(identifier=ids.PIN_NEW, label=_("New PIN"), value="", password=True,
                    keyboard=ft.KeyboardType.NUMBER, on_change=ui.keep(entered, "pin"))
    confirm = TextInput(identifier=ids.PIN_CONFIRM, label=_("Repeat the PIN"), value="",
                        password=True, keyboard=ft.KeyboardType.NUMBER, on_submit=create,
                        on_change=ui.keep(entered, "confirm"))
    controls: list[ft.Control] = [*_revoked_notice(ui),
        ft.Text(_("Choose a PIN of at least {n} digits. It locks the data on this phone.")
                .format(n=MIN_PIN_LENGTH), size=16),
        ft.Text(_("After 10 wrong PINs in a row, the data on this phone is erased."), size=14),
        pin.control, confirm.control, problem,
        big_button(_("Create PIN"), identifier=ids.PIN_CREATE, on_click=ui.act(create)),
        busy.control,
    ]
    return Screen(screen_view(ui, "/welcome/pin", title=_("Create a PIN"), controls=controls,
                              back_to="/welcome"))


def enroll_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """Connect this phone to the organisation's server, or skip that for now."""
    _ = ui.t.gettext
    form = EnrollForm(ui, done_route="/")
    controls: list[ft.Control] = [
        ft.Text(_("Connect this phone to your organisation's server so that contacts are "
                  "sent there. You can also do this later: the app works without it, and "
                  "contacts wait on the phone until then."), size=16),
        *form.controls,
        big_button(_("Later"), identifier=ids.ENROLL_LATER, primary=False,
                   on_click=ui.act(lambda: ui.go("/"))),
    ]
    return Screen(screen_view(ui, "/welcome/enroll", title=_("Connect to the server"),
                              controls=controls))


def _revoked_notice(ui: Ui) -> list[ft.Control]:
    """Why the app starts over: the data on this phone was erased, and what caused it."""
    reason = ui.app.vault.start_over_reason
    if reason is None:
        return []
    _ = ui.t.gettext
    cause = (messages.sync_error(reason, ui.t) if reason == "device_revoked"
             else _("There were too many wrong PINs."))
    return [ft.Container(ft.Text(cause + " " + _("The data on this phone was erased."), size=15),
                         bgcolor=theme.WAITING.bg, border_radius=8, padding=12)]


class EnrollForm:
    """Server address, username and password, and the button that enrolls the phone."""

    def __init__(self, ui: Ui, *, done_route: str) -> None:
        _ = ui.t.gettext
        self.ui = ui
        self.done_route = done_route
        self.values = {"server": ui.app.settings.default_server_url or "", "username": "",
                       "password": ""}
        self.busy = Busy(_("Connecting…"))
        self.problem = error_line(None)
        server = TextInput(identifier=ids.ENROLL_SERVER, label=_("Server address"),
                           value=self.values["server"], keyboard=ft.KeyboardType.URL,
                           on_change=ui.keep(self.values, "server"))
        username = TextInput(identifier=ids.ENROLL_USERNAME, label=_("Username"), value="",
                             on_change=ui.keep(self.values, "username"))
        password = TextInput(identifier=ids.ENROLL_PASSWORD, label=_("Password"), value="",
                             password=True, on_change=ui.keep(self.values, "password"),
                             on_submit=self.submit)
        self.controls: list[ft.Control] = [
            server.control, username.control, password.control, self.problem,
            big_button(_("Connect"), identifier=ids.ENROLL_SUBMIT, on_click=ui.act(self.submit)),
            self.busy.control,
        ]

    def submit(self) -> None:
        values = dict(self.values)
        self.problem.visible = False
        self.busy.start()
        self.ui.update()
        self.ui.slow(lambda: self.ui.app.sync.enroll(server_url=values["server"].strip(),
                                                     username=values["username"].strip(),
                                                     password=values["password"]),
                     done=lambda _r: self.ui.go(self.done_route), failed=self._failed)

    def _failed(self, error: Exception) -> None:
        self.busy.stop()
        show_message(self.problem, messages.sync_error(getattr(error, "code", None), self.ui.t))

