"""People & devices (admins): create users, set new passwords, see phones, revoke a lost one."""

from __future__ import annotations

import secrets
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from server.errors import ServiceError
from server.services import accounts
from server.services.principals import Principal, Role
from server.web import ids, present
from server.web.context import WebContext
from server.web.messages import error_text
from server.web.queries import reset_password
from server.web.widgets.contact_parts import card
from server.web.widgets.fields import button, choice, tagged, text_field
from server.web.widgets.shell import notice, page_title
from server.web.widgets.table import Column, row, table

# No 0/O, 1/l/I: the password is read out or copied by hand.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_password() -> str:
    """A random password in four groups of four (about 93 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(4))


def load(db: Session, *, principal: Principal) -> tuple[list[dict[str, Any]],
                                                         list[dict[str, Any]]]:
    return (accounts.list_users(db, principal=principal),
            accounts.list_devices(db, principal=principal))


def role_options(ctx: WebContext) -> list[tuple[str, str]]:
    _ = ctx.t.gettext
    return [(Role.WORKER.value, _("Outreach worker (phone app)")),
            (Role.SUPERVISOR.value, _("Supervisor")), (Role.ADMIN.value, _("Administrator"))]


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """Users and devices of the organisation."""
    _ = ctx.t.gettext
    users, devices = await ctx.call(load)
    message = ft.Column()
    if ctx.notice:
        message.controls.append(notice(ctx.notice, identifier=ids.PEOPLE_MESSAGE))
        ctx.notice = None
    return ft.Column(spacing=14, controls=[
        page_title(_("People & devices")),
        message,
        _create_form(ctx, message),
        card(_("Users"), [_users(ctx, users)]),
        card(_("Phones"), [
            ft.Text(_("A revoked phone can no longer sync; it erases its data the next time "
                      "it connects.")),
            _devices(ctx, devices),
        ]),
    ])


def _show_error(ctx: WebContext, message: ft.Column, error: ServiceError) -> None:
    message.controls = [notice(error_text(ctx.t, error), error=True,
                               identifier=ids.PEOPLE_MESSAGE)]
    message.update()


def _create_form(ctx: WebContext, message: ft.Column) -> ft.Control:
    _ = ctx.t.gettext
    username = text_field(label=_("User name"), width=220)
    password = text_field(label=_("Password"), value=new_password(), width=240)
    role = choice(label=_("Role"), options=role_options(ctx), value=Role.WORKER.value,
                  width=260)

    async def create(_e: Any) -> None:
        try:
            await ctx.call(accounts.create_user, username=username.value.strip(),
                           password=password.value, role=Role(str(role.value)))
        except ServiceError as error:
            _show_error(ctx, message, error)
            return
        ctx.notice = _("User %(name)s created. Hand over the password: %(password)s") % {
            "name": username.value.strip(), "password": password.value}
        await ctx.rerender()

    return card(_("New user"), [ft.Row(wrap=True, spacing=8, run_spacing=8, controls=[
        tagged(ids.PEOPLE_USERNAME, username),
        tagged(ids.PEOPLE_PASSWORD, password),
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
            password = new_password()
            try:
                await ctx.call(reset_password, user_id=user["id"], password=password)
            except ServiceError as error:
                ctx.notice = error_text(ctx.t, error)
            else:
                ctx.notice = _("New password for %(name)s: %(password)s") % {
                    "name": user["name"], "password": password}
            await ctx.rerender()

        action = button(ids.people_reset(user["id"]), _("Set a new password"), on_click=reset,
                         icon=ft.Icons.PASSWORD)
        return row(ids.people_user(user["id"]), columns,
                   [user["name"], roles.get(user["role"], user["role"]), action])

    return table(columns, [line(u) for u in users], page_width=ctx.page.width)


def _devices(ctx: WebContext, devices: list[dict[str, Any]]) -> ft.Control:
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
                            on_click=lambda _e: _confirm_revoke(ctx, device),
                            icon=ft.Icons.PHONELINK_ERASE)
        return row(ids.device_row(device["id"]), columns, [
            device["name"], device.get("worker_name", present.DASH),
            present.moment(ctx, device["created_at"]),
            present.moment(ctx, device["last_sync_at"]) if device["last_sync_at"]
            else _("never"), status, action])

    empty = ft.Text(_("No phone is enrolled yet."))
    return table(columns, [line(d) for d in devices], empty, page_width=ctx.page.width)


def _confirm_revoke(ctx: WebContext, device: dict[str, Any]) -> None:
    """Ask before revoking: it cannot be undone."""
    _ = ctx.t.gettext

    async def revoke(_e: Any) -> None:
        ctx.page.pop_dialog()
        try:
            await ctx.call(accounts.revoke_device, device_id=device["id"])
        except ServiceError as error:
            ctx.notice = error_text(ctx.t, error)
        else:
            ctx.notice = _("Phone %(name)s revoked.") % {"name": device["name"]}
        await ctx.rerender()

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
