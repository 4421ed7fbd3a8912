"""Audit log: who did what, when, in the organisation — newest first, filterable, paged."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from server.services import audit
from server.services.audit import Action, AuditPage
from server.services.inbox import user_names
from server.services.principals import Principal
from server.web import ids, present
from server.web.context import WebContext
from server.web.widgets.fields import button, choice, tagged, text_field
from server.web.widgets.filters import ANY, DateProblem, parse_date
from server.web.widgets.paging import PagedResults
from server.web.widgets.shell import page_title
from server.web.widgets.table import Column, row, table

PAGE_SIZE = 50
# Actions whose object is a contact: the entry links to it.
_CONTACT_ACTIONS = (Action.READ_CONTACT.value, Action.REVIEW.value)


@dataclasses.dataclass
class AuditState:
    action: str = ANY
    date_from: date | None = None
    date_to: date | None = None
    cursors: list[str | None] = dataclasses.field(default_factory=lambda: [None])


def action_names(ctx: WebContext) -> dict[str, str]:
    _ = ctx.t.gettext
    return {
        Action.LOGIN: _("Signed in"), Action.LOGIN_FAILED: _("Sign-in failed"),
        Action.LOGOUT: _("Signed out"), Action.ENROLL: _("Phone enrolled"),
        Action.ENROLL_FAILED: _("Phone enrolment failed"), Action.REVOKE: _("Phone revoked"),
        Action.READ_CONTACT: _("Contact viewed"), Action.READ_PERSON: _("Person's contacts viewed"),
        Action.REVIEW: _("Contact reviewed"), Action.ERASE: _("Person erased"),
        Action.EXPORT: _("Export"), Action.CREATE_USER: _("User created"),
        Action.RESET_PASSWORD: _("Password reset"),
        Action.PURGE: _("Old contacts deleted"),
        Action.TEAM_SHARE: _("Person cards sent to a phone"),
        Action.MERGE: _("Persons merged"), Action.UNDO_MERGE: _("Merge undone"),
        Action.SET_SHARING: _("Sharing of persons changed"),
        Action.MUNICIPALITIES: _("Municipality list changed"),
        Action.NATIONAL_STATS: _("National figures viewed"),
        Action.NATIONAL_EXPORT: _("National figures exported"),
        Action.SET_PILOT: _("Pilot membership changed"),
    }


def load(db: Session, *, principal: Principal, state: AuditState
         ) -> tuple[AuditPage, dict[str, str]]:
    found = audit.read_log(db, principal=principal,
                           action=None if state.action == ANY else state.action,
                           date_from=state.date_from, date_to=state.date_to,
                           limit=PAGE_SIZE, cursor=state.cursors[-1])
    return found, user_names(db, principal=principal)


async def build(ctx: WebContext, _params: dict[str, str]) -> ft.Control:
    """One page of the organisation's audit log; the filters reload the entries only."""
    state = ctx.kept("audit", AuditState, AuditState)

    async def load_page() -> tuple[list[ft.Control], str | None]:
        found, names = await ctx.call(load, state=state)
        return [_entries(ctx, found.items, names)], found.next_cursor

    paged = PagedResults(ctx, cursors=state.cursors, load=load_page,
                         previous_id=ids.AUDIT_PREVIOUS, next_id=ids.AUDIT_NEXT)
    await paged.show()
    ctx.state["keys"] = paged.keys()
    return ft.Column(spacing=14, controls=[
        page_title(ctx.t.gettext("Audit log")), _filters(ctx, state, paged.first_page),
        paged.view,
    ])


def _filters(ctx: WebContext, state: AuditState,
             first_page: Callable[[], Awaitable[None]]) -> ft.Control:
    _ = ctx.t.gettext
    hint = _("YYYY-MM-DD")
    date_from = text_field(label=_("From"), hint=hint, width=150,
                           value=state.date_from.isoformat() if state.date_from else "")
    date_to = text_field(label=_("To"), hint=hint, width=150,
                         value=state.date_to.isoformat() if state.date_to else "")

    async def apply(_e: Any) -> None:
        try:
            state.date_from, state.date_to = parse_date(date_from.value), \
                parse_date(date_to.value)
        except DateProblem:
            date_from.error = _("Use the form YYYY-MM-DD")
            date_from.update()
            return
        date_from.error = None
        date_from.update()
        await first_page()

    async def pick(e: ft.Event[ft.Dropdown]) -> None:
        state.action = str(e.control.value)
        await first_page()

    options = [(ANY, _("All actions")), *action_names(ctx).items()]
    action = choice(label=_("Action"), options=[(str(k), v) for k, v in options],
                    value=state.action, on_select=pick, width=260)
    date_from.on_submit = apply
    date_to.on_submit = apply
    return ft.Row(wrap=True, spacing=8, controls=[
        tagged(ids.AUDIT_ACTION, action, label=_("Action")),
        tagged(ids.filter_control(ids.AUDIT, ids.FILTER_DATE_FROM), date_from),
        tagged(ids.filter_control(ids.AUDIT, ids.FILTER_DATE_TO), date_to),
        button(ids.filter_control(ids.AUDIT, ids.FILTER_APPLY), _("Apply"), on_click=apply,
               icon=ft.Icons.FILTER_ALT),
    ])


def _entries(ctx: WebContext, items: list[dict[str, Any]], names: dict[str, str]
             ) -> ft.Control:
    _ = ctx.t.gettext
    actions = action_names(ctx)
    columns = [Column(_("When"), 3), Column(_("Who"), 3), Column(_("What"), 4),
               Column(_("Object"), 5)]
    kinds = {"cli": _("command line"), "anon": _("unknown user"), "device": _("phone"),
             "server": _("the server, on its schedule")}

    def line(entry: dict[str, Any]) -> ft.Control:
        actor = entry.get("actor_id")
        who = names.get(str(actor), "") if actor else ""
        who = who or kinds.get(str(entry.get("actor_kind")), present.DASH)
        count = entry.get("count")
        target = str(entry.get("object_id") or (count if count is not None else present.DASH))
        opener = (_opener(ctx, target) if entry.get("action") in _CONTACT_ACTIONS
                  and entry.get("object_id") else None)
        return row(ids.audit_row(int(entry["id"])), columns, [
            present.moment(ctx, str(entry["at"])), who,
            actions.get(str(entry["action"]), str(entry["action"])), target,
        ], on_open=opener)

    return table(columns, [line(e) for e in items], ft.Text(_("No entries.")),
                 page_width=ctx.page.width)


def _opener(ctx: WebContext, contact_id: str) -> Any:
    async def open_contact(_e: Any) -> None:
        await ctx.go(f"/contacts/{contact_id}")

    return open_contact
