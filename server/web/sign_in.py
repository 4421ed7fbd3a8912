"""Sign in: user name, password and the UI language; rate-limited like the API."""

from __future__ import annotations

from typing import Any

import flet as ft

from server.errors import ServiceError
from server.web import ids
from server.web.context import WebContext
from server.web.messages import error_text
from server.web.widgets.fields import button, choice, tagged, text_field
from server.web.widgets.shell import language_options, notice


class SignInForm:
    """The form; a wrong password or too many attempts is said above it, in words."""

    def __init__(self, ctx: WebContext) -> None:
        _ = ctx.t.gettext
        self.ctx = ctx
        self.message = ft.Column()
        if ctx.notice:  # why the last session ended
            self.message.controls.append(notice(ctx.notice))
            ctx.notice = None
        self.username = text_field(label=_("User name"), width=360, autofocus=True)
        self.password = text_field(label=_("Password"), width=360, password=True,
                                   on_submit=self.submit)
        self.language = choice(label=_("Language"), options=language_options(),
                               value=ctx.lang, on_select=self.pick_language, width=360)

    def _say(self, text: str) -> None:
        self.message.controls = [notice(text, error=True, identifier=ids.SIGN_IN_ERROR)]
        self.message.update()

    async def submit(self, _e: Any) -> None:
        name, password = self.username.value.strip(), self.password.value
        if not name or not password:
            self._say(self.ctx.t.gettext("Enter your user name and password."))
            return
        try:
            await self.ctx.sign_in(username=name, password=password)
        except ServiceError as error:
            self.password.value = ""
            self.password.update()
            self._say(error_text(self.ctx.t, error))
            return
        await self.ctx.go(self.ctx.after_sign_in)

    async def pick_language(self, e: ft.Event[ft.Dropdown]) -> None:
        self.ctx.set_language(str(e.control.value))
        await self.ctx.rerender()

    def view(self) -> ft.Control:
        _ = self.ctx.t.gettext
        form = ft.Column(
            width=360, spacing=14, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            controls=[
                ft.Text("StreetContact", size=26, weight=ft.FontWeight.BOLD),
                ft.Text(_("Review and figures for supervisors and coordinators"),
                        color=ft.Colors.ON_SURFACE_VARIANT),
                self.message,
                tagged(ids.SIGN_IN_USERNAME, self.username),
                tagged(ids.SIGN_IN_PASSWORD, self.password),
                tagged(ids.SIGN_IN_LANGUAGE, self.language, label=_("Language")),
                button(ids.SIGN_IN_SUBMIT, _("Sign in"), on_click=self.submit, primary=True,
                       icon=ft.Icons.LOGIN),
            ],
        )
        return ft.Container(
            expand=True, alignment=ft.Alignment.TOP_CENTER, padding=ft.Padding.only(top=80),
            content=ft.Card(content=ft.Container(padding=28, content=form)),
        )


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """The sign-in form, centred; shows why the last session ended, if it did."""
    return SignInForm(ctx).view()
