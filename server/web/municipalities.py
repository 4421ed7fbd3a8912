"""The municipalities the organisation works in (admins, on the people & devices page).

Its phones offer these in the form and pull the list again after every
change; the figures name each by its name here. A municipality taken off the
list keeps its contacts: they stay counted under its code.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from model.municipalities import Municipality
from server.errors import ServiceError
from server.services import municipalities
from server.web import ids, people_devices
from server.web.context import WebContext
from server.web.messages import error_text
from server.web.people_devices import Refresh, say
from server.web.widgets.contact_parts import card
from server.web.widgets.fields import button, tagged, text_field
from server.web.widgets.table import Column, row, table


async def people_page(ctx: WebContext, params: dict[str, str]) -> ft.Control:
    """The people & devices page, with the organisation's municipalities below."""
    page = await people_devices.build(ctx, params)
    assert isinstance(page, ft.Column)
    page.controls.append(await municipalities_card(ctx))
    return page


async def municipalities_card(ctx: WebContext) -> ft.Control:
    """The list, a form to add one, a button to take each off."""
    _ = ctx.t.gettext
    listed = ft.Column()

    async def show() -> None:
        found = await ctx.call(municipalities.listed_for)
        listed.controls = [_table(ctx, found, show_again)]

    async def show_again() -> None:
        await show()
        listed.update()

    await show()
    return card(_("Municipalities"), [
        ft.Text(_("The municipalities your organisation works in, by their CBS code. The "
                  "phones offer these in the form (and “other”); the figures use these names.")),
        listed, _add_form(ctx, show_again),
    ])


def _add_form(ctx: WebContext, refresh: Refresh) -> ft.Control:
    _ = ctx.t.gettext
    code = text_field(label=_("CBS code"), width=140, hint="GM0153")
    name = text_field(label=_("Name"), width=240)

    async def add(_e: Any) -> None:
        try:
            added = await ctx.call(municipalities.add_by, code=code.value.strip(),
                                   name=name.value)
        except ServiceError as error:
            code.error = error_text(ctx.t, error)
            code.update()
            return
        code.value = name.value = ""
        code.error = None
        code.update()
        name.update()
        await refresh()
        say(ctx, _("%(name)s added: the phones get it on their next sync.") % {
            "name": added.name})

    return ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
        tagged(ids.MUNICIPALITY_CODE, code), tagged(ids.MUNICIPALITY_NAME, name),
        button(ids.MUNICIPALITY_ADD, _("Add municipality"), on_click=add, primary=True,
               icon=ft.Icons.ADD_LOCATION_ALT),
    ])


def _table(ctx: WebContext, found: list[Municipality], refresh: Refresh) -> ft.Control:
    _ = ctx.t.gettext
    columns = [Column(_("CBS code"), 2), Column(_("Name"), 5), Column("", 3)]

    def line(place: Municipality) -> ft.Control:
        async def remove(_e: Any) -> None:
            try:
                await ctx.call(municipalities.remove_by, code=place.code)
            except ServiceError as error:
                say(ctx, error_text(ctx.t, error))
                return
            await refresh()
            say(ctx, _("%(name)s taken off the list.") % {"name": place.name})

        action = button(ids.municipality_remove(place.code), _("Take off the list"),
                        on_click=remove, icon=ft.Icons.WRONG_LOCATION)
        return row(ids.municipality_row(place.code), columns, [place.code, place.name, action])

    empty = ft.Text(_("No municipality yet: the phones offer only “other”."))
    return table(columns, [line(p) for p in found], empty, page_width=ctx.page.width)
