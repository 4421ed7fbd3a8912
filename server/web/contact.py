"""One contact: every field, the indication, the history, the person's other contacts,
and the supervisor's verdict (approve / has issues / reject, audit-logged).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from server.services import contacts
from server.services.inbox import Verdict, review_history
from server.services.principals import Principal
from server.web import ids, present
from server.web.contact_actions import PersonRights, VerdictForm
from server.web.context import WebContext
from server.web.inbox import worker_names
from server.web.widgets.contact_parts import (
    field_sections,
    history_card,
    indication_card,
    timeline_card,
)
from server.web.widgets.fields import link, tagged
from server.web.widgets.shell import page_title
from server.web.widgets.table import state_chip

# From this page width on, the contact page shows two columns.
WIDE = 992


@dataclasses.dataclass(frozen=True)
class ContactData:
    found: dict[str, Any]
    timeline: list[dict[str, Any]]
    verdicts: list[Verdict]
    workers: dict[str, str]

    @property
    def contact(self) -> dict[str, Any]:
        contact: dict[str, Any] = self.found["contact"]
        return contact


def load(db: Session, *, principal: Principal, contact_id: str) -> ContactData:
    """The contact (an audited read), the person's contacts (audited) and the verdicts.

    Raises:
        NotFound: no such contact in the caller's organisation.
    """
    found = contacts.get_contact(db, principal=principal, contact_id=contact_id)
    timeline = contacts.person_timeline(db, principal=principal,
                                        person_id=found["contact"]["person_id"])
    verdicts = review_history(db, principal=principal, contact_id=contact_id)
    return ContactData(found, timeline, verdicts, worker_names(db, principal=principal))


async def build(ctx: WebContext, params: dict[str, str]) -> ft.Control:
    """The contact page; `NotFound` for an id that is not the organisation's."""
    contact_id = params["contact_id"]
    await present.know_place_names(ctx)
    data = await ctx.call(load, contact_id=contact_id)
    contact = data.contact

    async def back(_e: Any) -> None:
        await ctx.go("/")

    actions = VerdictForm(ctx, contact_id=contact_id, contact=contact,
                          review_now=data.found["review"]).view()
    fields = field_sections(ctx, contact, data.workers)
    side: list[ft.Control] = [
        indication_card(ctx, contact),
        history_card(ctx, data.found["revisions"], data.verdicts),
        timeline_card(ctx, contact_id, data.timeline, ctx.go,
                      PersonRights(ctx, person_id=str(contact["person_id"])).buttons()),
    ]
    top = [ft.Row([link(ids.CONTACT_BACK, ctx.t.gettext("Back to the inbox"), on_click=back,
                        icon=ft.Icons.ARROW_BACK)]), _heading(ctx, contact, data.workers)]
    if (ctx.page.width or WIDE) < WIDE:
        # One column on a tablet: the verdict, then what it is based on, then the fields.
        return _stack([*top, actions, *side, *fields])
    return _stack([*top, ft.Row([_stack([actions, *fields], expand=7),
                                 _stack(side, expand=5)],
                                vertical_alignment=ft.CrossAxisAlignment.START, spacing=12)])


def _stack(controls: list[ft.Control], *, expand: int | None = None) -> ft.Column:
    return ft.Column(controls, spacing=12, expand=expand,
                     horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def _heading(ctx: WebContext, contact: dict[str, Any], workers: dict[str, str]) -> ft.Control:
    title = " · ".join([
        present.day(ctx, contact.get("contact_date")),
        present.alias(ctx, contact),
        present.value(ctx, "municipality", contact.get("municipality")),
        workers.get(str(contact.get("worker_id")), present.DASH),
    ])
    state = str(contact["review"]["state"])
    return ft.Row([page_title(title),
                   tagged(ids.CONTACT_STATE, state_chip(present.state(ctx, contact), state))],
                  wrap=True, spacing=12)
