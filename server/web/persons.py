"""Persons (supervisors): likely duplicates compared side by side and merged, merges undone.

A pair is two persons of the register whose name (in any script or spelling),
nationality, age band and gender look like one person's. The older record is
shown left and merged into the more recent one on the right; the list of merges
below offers the undo until the next retention purge makes a merge final.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from server.errors import ServiceError
from server.services import merges, persons
from server.services.principals import Principal
from server.web import ids, present
from server.web.context import WebContext
from server.web.messages import error_text
from server.web.widgets.contact_parts import card, pairs
from server.web.widgets.fields import button, tagged
from server.web.widgets.shell import page_title
from server.web.widgets.table import Column, row, table

Refresh = Callable[[], Awaitable[None]]


def load(db: Session, *, principal: Principal) -> dict[str, Any]:
    return {"pairs": merges.duplicates(db, principal=principal),
            "merges": merges.list_merges(db, principal=principal),
            "sharing": persons.sharing_for(db, principal=principal)}


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """Likely duplicates, the merges so far, and how the team shares persons."""
    _ = ctx.t.gettext
    body = ft.Column(spacing=14)

    async def show() -> None:
        found = await ctx.call(load)
        body.controls = [
            ft.Text(_sharing_text(ctx, found["sharing"])),
            card(_("Likely duplicates"), [
                ft.Text(_("Each pair looks like one person. Compare them; merging moves the "
                          "contacts on the left to the person on the right.")),
                *([_pair(ctx, p, show_again) for p in found["pairs"]]
                  or [tagged(ids.PERSONS_NO_PAIRS, ft.Text(_("No likely duplicates.")))]),
            ]),
            card(_("Merges"), [_merges(ctx, found["merges"], show_again)]),
        ]

    async def show_again() -> None:
        await show()
        body.update()

    await show()
    return ft.Column(spacing=14, controls=[page_title(_("Persons")), body])


def _sharing_text(ctx: WebContext, sharing: persons.Sharing) -> str:
    if not sharing.on:
        return ctx.t.gettext("The phones of the organisation do not share persons.")
    return ctx.t.ngettext(
        "Every phone of the organisation keeps the card of a person (name given, last "
        "contact) for %(n)d month after their last contact.",
        "Every phone of the organisation keeps the card of a person (name given, last "
        "contact) for %(n)d months after their last contact.", sharing.months) % {
        "n": sharing.months}


def _side(ctx: WebContext, person: dict[str, Any]) -> ft.Control:
    _ = ctx.t.gettext
    return ft.Container(expand=1, content=pairs(ctx, [
        (_("Name given"), str(person["alias"])),
        (_("Nationality"), present.value(ctx, "nationality", person["nationality"])),
        (_("Gender"), present.value(ctx, "gender", person["gender"])),
        (_("Age"), present.value(ctx, "age_band", person["age_band"])),
        (_("Last contact"), present.day(ctx, person["last_contact_date"])),
        (_("Municipality"), present.value(ctx, "municipality", person["municipality"])),
        (_("Contacts"), str(person["contacts"])),
        (_("Last met by"), person["last_worker_name"] or present.DASH),
    ]))


def _pair(ctx: WebContext, pair: dict[str, Any], refresh: Refresh) -> ft.Control:
    _ = ctx.t.gettext
    older, newer = sorted((pair["a"], pair["b"]),
                          key=lambda p: (p["last_contact_date"], p["person_id"]))

    async def merge(_e: Any) -> None:
        try:
            await ctx.call(merges.merge, from_person=older["person_id"],
                           into_person=newer["person_id"])
        except ServiceError as error:
            say(ctx, error_text(ctx.t, error))
            return
        await refresh()
        say(ctx, _("Merged: %(name)s is one person now.") % {"name": newer["alias"]})

    return tagged(ids.persons_pair(older["person_id"]), ft.Container(
        padding=12, border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), border_radius=6,
        content=ft.Column(spacing=8, controls=[
            ft.Row([_side(ctx, older), ft.Icon(ft.Icons.ARROW_FORWARD), _side(ctx, newer)],
                   vertical_alignment=ft.CrossAxisAlignment.START),
            ft.Row([button(ids.persons_merge(older["person_id"]), _("Merge into one person"),
                           on_click=merge, primary=True, icon=ft.Icons.MERGE)]),
        ])))


def _merges(ctx: WebContext, done: list[dict[str, Any]], refresh: Refresh) -> ft.Control:
    _ = ctx.t.gettext
    columns = [Column(_("Merged"), 4), Column(_("By"), 3), Column(_("Contacts moved"), 2),
               Column(_("Person"), 4), Column("", 4)]

    def line(merge: dict[str, Any]) -> ft.Control:
        async def undo(_e: Any) -> None:
            try:
                await ctx.call(merges.undo, merge_id=merge["id"])
            except ServiceError as error:
                say(ctx, error_text(ctx.t, error))
                return
            await refresh()
            say(ctx, _("The merge is undone."))

        if merge["undone_at"]:
            action: str | ft.Control = _("Undone %(when)s") % {
                "when": present.moment(ctx, merge["undone_at"])}
        elif merge["undoable"]:
            action = button(ids.persons_undo(merge["id"]), _("Undo"), on_click=undo,
                            icon=ft.Icons.UNDO)
        else:
            action = _("Final")
        return row(ids.persons_merge_row(merge["id"]), columns, [
            present.moment(ctx, merge["merged_at"]), merge["merged_by"] or present.DASH,
            str(merge["contacts"]), merge["into"][:8], action])

    return table(columns, [line(m) for m in done], ft.Text(_("No merges yet.")),
                 page_width=ctx.page.width)


def say(ctx: WebContext, text: str) -> None:
    """A short message at the bottom of the window."""
    ctx.page.show_dialog(ft.SnackBar(tagged(ids.PERSONS_MESSAGE, ft.Text(text))))
