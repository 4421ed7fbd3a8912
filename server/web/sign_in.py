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


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """The sign-in form, centred; shows why the last session ended, if it did."""
    _ = ctx.t.gettext
    message = ft.Column()
    if ctx.notice:
        message.controls.append(notice(ctx.notice))
        ctx.notice = None
    username = text_field(label=_("User name"), width=320, autofocus=True)
    password = text_field(label=_("Password"), width=320, password=True)

    async def submit(_e: Any) -> None:
        message.controls = []
        if not username.value.strip() or not password.value:
            message.controls.append(notice(_("Enter your user name and password."),
                                           error=True, identifier=ids.SIGN_IN_ERROR))
            message.update()
            return
        try:
            await ctx.sign_in(username=username.value.strip(), password=password.value)
        except ServiceError as error:
            password.value = ""
            message.controls.append(notice(error_text(ctx.t, error), error=True,
                                           identifier=ids.SIGN_IN_ERROR))
            message.update()
            password.update()
            return
        await ctx.go(ctx.after_sign_in)

    async def pick_language(e: ft.Event[ft.Dropdown]) -> None:
        ctx.set_language(str(e.control.value))
        await ctx.rerender()

    password.on_submit = submit
    language = choice(label=_("Language"), options=language_options(), value=ctx.lang,
                      on_select=pick_language, width=360)
    form = ft.Column(
        width=360, spacing=14, horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Text("StreetContact", size=26, weight=ft.FontWeight.BOLD),
            ft.Text(_("Review and figures for supervisors and coordinators"),
                    color=ft.Colors.ON_SURFACE_VARIANT),
            message,
            tagged(ids.SIGN_IN_USERNAME, username),
            tagged(ids.SIGN_IN_PASSWORD, password),
            tagged(ids.SIGN_IN_LANGUAGE, language, label=_("Language")),
            button(ids.SIGN_IN_SUBMIT, _("Sign in"), on_click=submit, primary=True,
                   icon=ft.Icons.LOGIN),
        ],
    )
    return ft.Container(
        expand=True, alignment=ft.Alignment.TOP_CENTER, padding=ft.Padding.only(top=80),
        content=ft.Card(content=ft.Container(padding=28, content=form)),
    )
