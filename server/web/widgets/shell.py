"""The frame around every signed-in page: menu, user, language, sign out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from locales import UI_LANGUAGES
from server.services.principals import Role
from server.web import ids
from server.web.context import WebContext
from server.web.widgets.fields import choice, link, tagged

# Each language's name in that language, so a reader finds their own.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English", "nl": "Nederlands", "pl": "Polski", "ro": "Română", "bg": "Български",
}

Go = Callable[[str], Awaitable[None]]
NARROW = 720  # pixels: below this the top bar stacks


def language_options() -> list[tuple[str, str]]:
    return [(code, LANGUAGE_NAMES[code]) for code in UI_LANGUAGES]


def _menu(ctx: WebContext) -> list[tuple[str, str, str, ft.IconData]]:
    _ = ctx.t.gettext
    national = (ids.NAV_NATIONAL, "/national", _("National figures"), ft.Icons.PUBLIC)
    if ctx.principal is not None and ctx.principal.is_monitor:
        return [national]
    entries = [
        (ids.NAV_INBOX, "/", _("Inbox"), ft.Icons.INBOX),
        (ids.NAV_FIGURES, "/figures", _("Figures"), ft.Icons.BAR_CHART),
        national,
        (ids.NAV_EXPORT, "/export", _("Export"), ft.Icons.DOWNLOAD),
        (ids.NAV_PERSONS, "/persons", _("Persons"), ft.Icons.PEOPLE_ALT),
    ]
    if ctx.has_role(Role.ADMIN):
        entries.append((ids.NAV_PEOPLE, "/people", _("People & devices"), ft.Icons.GROUP))
    entries.append((ids.NAV_AUDIT, "/audit", _("Audit log"), ft.Icons.HISTORY))
    return entries


def _nav_button(identifier: str, route: str, text: str, icon: ft.IconData, *, go: Go,
                current: bool) -> ft.Control:
    async def open_page(_e: ft.Event[ft.TextButton]) -> None:
        await go(route)

    button = ft.TextButton(text, icon=icon, on_click=open_page)
    if current:
        button.style = ft.ButtonStyle(bgcolor=ft.Colors.SECONDARY_CONTAINER)
    return ft.Semantics(identifier=identifier, selected=current or None, content=button)


def _user_side(ctx: WebContext, *, on_language: Callable[[str], Awaitable[None]],
               on_sign_out: Callable[[], Awaitable[None]]) -> ft.Control:
    _ = ctx.t.gettext

    async def pick_language(e: ft.Event[ft.Dropdown]) -> None:
        await on_language(str(e.control.value))

    async def sign_out(_e: ft.Event[ft.TextButton]) -> None:
        await on_sign_out()

    language = choice(label=None, options=language_options(), value=ctx.lang,
                      on_select=pick_language, width=190)
    language.leading_icon = ft.Icons.TRANSLATE
    return ft.Row(spacing=6, controls=[
        tagged(ids.NAV_USER, ft.Text(ctx.principal.name if ctx.principal else "", size=13)),
        tagged(ids.NAV_LANGUAGE, language, label=_("Language")),
        link(ids.NAV_SIGN_OUT, _("Sign out"), icon=ft.Icons.LOGOUT, on_click=sign_out),
    ])


def top_bar(ctx: WebContext, *, current: str | None, go: Go,
            on_language: Callable[[str], Awaitable[None]],
            on_sign_out: Callable[[], Awaitable[None]]) -> ft.Control:
    """The bar on top of every signed-in page; `current` is the highlighted menu entry."""
    menu = [_nav_button(identifier, route, text, icon, go=go, current=identifier == current)
            for identifier, route, text, icon in _menu(ctx)]
    entries = [ft.Text("StreetContact", weight=ft.FontWeight.BOLD, size=16),
               ft.Container(width=8), *menu]
    user = _user_side(ctx, on_language=on_language, on_sign_out=on_sign_out)
    if (ctx.page.width or NARROW) < NARROW:  # a phone: the user's side goes under the menu
        content: ft.Control = ft.Column(spacing=4, controls=[
            ft.Row(wrap=True, spacing=2, run_spacing=2, controls=entries), user])
    else:
        content = ft.Row(spacing=4, alignment=ft.MainAxisAlignment.SPACE_BETWEEN, controls=[
            ft.Row(wrap=True, spacing=2, run_spacing=2, expand=True, controls=entries), user])
    return ft.Container(bgcolor=ft.Colors.SURFACE_CONTAINER,
                        padding=ft.Padding.symmetric(horizontal=12, vertical=6), content=content)


def page_title(text: str) -> ft.Text:
    """The heading of a page."""
    return ft.Text(text, size=22, weight=ft.FontWeight.W_600)


def notice(text: str, *, error: bool = False, identifier: str = ids.MESSAGE) -> ft.Control:
    """A one-line message box (errors in the error colour)."""
    colour = ft.Colors.ERROR_CONTAINER if error else ft.Colors.SECONDARY_CONTAINER
    return tagged(identifier, ft.Container(
        bgcolor=colour, border_radius=6, padding=ft.Padding.symmetric(horizontal=12, vertical=8),
        content=ft.Text(text),
    ))
