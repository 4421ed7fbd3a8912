"""People & devices (admins): revoke a lost phone, create users, set new passwords.

Phones come first: revoking a lost one is the errand that cannot wait. Every
action redraws only its own table, so the page keeps its scroll position, and
says what happened in a message at the bottom of the window (a new password
in a dialog, to be handed over once).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from server.errors import ServiceError
from server.services import accounts
from server.services.principals import Principal, Role
from server.web import ids, present
from server.web.context import WebContext
from server.web.messages import error_text
from server.web.widgets.contact_parts import card
from server.web.widgets.fields import button, choice, tagged, text_field
from server.web.widgets.shell import page_title
from server.web.widgets.table import Column, row, table

Refresh = Callable[[], Awaitable[None]]


def load(db: Session, *, principal: Principal) -> tuple[list[dict[str, Any]],
                                                         list[dict[str, Any]]]:
    return (accounts.list_users(db, principal=principal),
            accounts.list_devices(db, principal=principal))


def role_options(ctx: WebContext) -> list[tuple[str, str]]:
    _ = ctx.t.gettext
    return [(Role.WORKER.value, _("Outreach worker (phone app)")),
            (Role.SUPERVISOR.value, _("Supervisor")), (Role.ADMIN.value, _("Administrator"))]


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """Phones and users of the organisation."""
    _ = ctx.t.gettext
    phones, users = ft.Column(), ft.Column()

    async def show() -> None:
        found_users, devices = await ctx.call(load)
        phones.controls = [_devices(ctx, devices, show_again)]
        users.controls = [_users(ctx, found_users)]

    async def show_again() -> None:
        await show()
        phones.update()
        users.update()

    await show()
    return ft.Column(spacing=14, controls=[
        page_title(_("People & devices")),
        card(_("Phones"), [
            ft.Text(_("A revoked phone can no longer sync; it erases its data the next time "
                      "it connects.")),
            phones,
        ]),
        _create_form(ctx, show_again),
        card(_("Users"), [users]),
    ])


def say(ctx: WebContext, text: str) -> None:
    """A short message at the bottom of the window."""
    ctx.page.show_dialog(ft.SnackBar(tagged(ids.PEOPLE_MESSAGE, ft.Text(text))))


def hand_over(ctx: WebContext, title: str, password: str) -> None:
    """Show a new password once, in a dialog, to be passed on to its user."""
    _ = ctx.t.gettext

    def close(_e: Any) -> None:
        ctx.page.pop_dialog()

    ctx.page.show_dialog(ft.AlertDialog(
        modal=True, title=ft.Text(title),
        content=ft.Column(tight=True, controls=[
            ft.Text(_("Hand this password over to its user; it is not shown again.")),
            tagged(ids.PEOPLE_NEW_PASSWORD, ft.SelectionArea(
                content=ft.Text(password, size=20, font_family="monospace"))),
        ]),
        actions=[button(ids.PEOPLE_CLOSE, _("Done"), on_click=close, primary=True)],
    ))


def _create_form(ctx: WebContext, refresh: Refresh) -> ft.Control:
    _ = ctx.t.gettext
    username = text_field(label=_("User name"), width=220)
    role = choice(label=_("Role"), options=role_options(ctx), value=Role.WORKER.value,
                  width=260)

    async def create(_e: Any) -> None:
        name, password = username.value.strip(), accounts.new_password()
        try:
            await ctx.call(accounts.create_user, username=name, password=password,
                           role=Role(str(role.value)))
        except ServiceError as error:
            username.error = error_text(ctx.t, error)
            username.update()
            return
        username.value, username.error = "", None
        username.update()
        await refresh()
        hand_over(ctx, _("User %(name)s created") % {"name": name}, password)

    return card(_("New user"), [ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
        tagged(ids.PEOPLE_USERNAME, username),
        tagged(ids.PEOPLE_ROLE, role, label=_("Role")),
        button(ids.PEOPLE_CREATE, _("Create user"), on_click=create, primary=True,
               icon=ft.Icons.PERSON_ADD),
    ])])


def _users(ctx: WebContext, users: list[dict[str, Any]]) -> ft.Control:
    _ = ctx.t.gettext
    roles = dict(role_options(ctx))
    columns = [Column(_("User name"), 4), Column(_("Role"), 4), Column("", 3)]

    def line(user: dict[str, Any]) -> ft.Control:
        async def reset(_e: Any) -> None:
            password = accounts.new_password()
            try:
                await ctx.call(accounts.reset_password, user_id=user["id"], password=password)
            except ServiceError as error:
                say(ctx, error_text(ctx.t, error))
                return
            hand_over(ctx, _("New password for %(name)s") % {"name": user["name"]}, password)

        action = button(ids.people_reset(user["id"]), _("Set a new password"), on_click=reset,
                        icon=ft.Icons.PASSWORD)
        return row(ids.people_user(user["id"]), columns,
                   [user["name"], roles.get(user["role"], user["role"]), action])

    return table(columns, [line(u) for u in users], page_width=ctx.page.width)


def _devices(ctx: WebContext, devices: list[dict[str, Any]], refresh: Refresh) -> ft.Control:
    _ = ctx.t.gettext
    columns = [Column(_("Phone"), 3), Column(_("Worker"), 2), Column(_("Enrolled"), 3),
               Column(_("Last sync"), 3), Column(_("Status"), 5), Column("", 3)]

    def line(device: dict[str, Any]) -> ft.Control:
        if device["revoked_at"]:
            status = _("Revoked %(when)s — erases its data on its next connection") % {
                "when": present.moment(ctx, device["revoked_at"])}
            action: str | ft.Control = ""
        else:
            status = _("Active")
            action = button(ids.device_revoke(device["id"]), _("Revoke"),
                            on_click=lambda _e: _confirm_revoke(ctx, device, refresh),
                            icon=ft.Icons.PHONELINK_ERASE)
        return row(ids.device_row(device["id"]), columns, [
            device["name"], device.get("worker_name", present.DASH),
            present.moment(ctx, device["created_at"]),
            present.moment(ctx, device["last_sync_at"]) if device["last_sync_at"]
            else _("never"), status, action])

    empty = ft.Text(_("No phone is enrolled yet."))
    # Phones still in use first, newest first: a lost phone is found at the top.
    ordered = sorted(devices, key=lambda d: str(d["created_at"]), reverse=True)
    ordered.sort(key=lambda d: d["revoked_at"] is not None)
    return table(columns, [line(d) for d in ordered], empty, page_width=ctx.page.width)


def _confirm_revoke(ctx: WebContext, device: dict[str, Any], refresh: Refresh) -> None:
    """Ask before revoking: it cannot be undone."""
    _ = ctx.t.gettext

    async def revoke(_e: Any) -> None:
        ctx.page.pop_dialog()
        try:
            await ctx.call(accounts.revoke_device, device_id=device["id"])
        except ServiceError as error:
            say(ctx, error_text(ctx.t, error))
            return
        await refresh()
        say(ctx, _("Phone %(name)s revoked.") % {"name": device["name"]})

    def cancel(_e: Any) -> None:
        ctx.page.pop_dialog()

    ctx.page.show_dialog(ft.AlertDialog(
        modal=True,
        title=ft.Text(_("Revoke this phone?")),
        content=ft.Text(_("“%(name)s” of %(worker)s can no longer sync and erases the data on "
                          "it the next time it connects. This cannot be undone.") % {
            "name": device["name"], "worker": device.get("worker_name", present.DASH)}),
        actions=[
            button(ids.PEOPLE_CANCEL, _("Cancel"), on_click=cancel),
            button(ids.PEOPLE_CONFIRM, _("Revoke"), on_click=revoke, primary=True,
                   icon=ft.Icons.PHONELINK_ERASE),
        ],
    ))
