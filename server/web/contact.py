"""One contact: every field, the indication, the history, the person's other contacts,
and the supervisor's verdict (approve / has issues / reject, audit-logged).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import flet as ft
from sqlalchemy.orm import Session

from model.values import TEXT_LIMITS, ReviewState
from server.errors import InvalidInput, ServiceError
from server.services import contacts, review
from server.services.contacts import ContactFilters
from server.services.principals import Principal
from server.web import downloads, ids, present
from server.web.context import WebContext
from server.web.filter_params import filters_to
from server.web.inbox import worker_names
from server.web.messages import error_text, field_problems
from server.web.queries import Verdict, review_history
from server.web.widgets.contact_parts import (
    card,
    field_sections,
    history_card,
    indication_card,
    timeline_card,
)
from server.web.widgets.fields import button, link, tagged, text_field
from server.web.widgets.shell import notice, page_title
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
    data = await ctx.call(load, contact_id=contact_id)
    contact = data.contact

    async def back(_e: Any) -> None:
        await ctx.go("/")

    actions = _actions(ctx, contact_id, data)
    fields = field_sections(ctx, contact, data.workers)
    side: list[ft.Control] = [
        indication_card(ctx, contact),
        history_card(ctx, data.found["revisions"], data.verdicts),
        timeline_card(ctx, contact_id, data.timeline, ctx.go, _person_actions(ctx, contact)),
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


def _actions(ctx: WebContext, contact_id: str, data: ContactData) -> ft.Control:
    """The verdict: a comment (required unless approving) and three buttons."""
    _ = ctx.t.gettext
    review_now = data.found["review"]
    message = ft.Column()
    comment = text_field(label=_("Comment for the outreach worker"), width=None,
                         multiline=True, max_length=TEXT_LIMITS["review_comment"],
                         hint=_("Required for “has issues” and “reject”"))

    async def decide(state: str) -> None:
        try:
            await ctx.call(review.review_contact, contact_id=contact_id, state=state,
                           comment=comment.value or None)
        except InvalidInput as error:
            comment.error = " ".join(field_problems(ctx.t, error.detail))
            comment.update()
            return
        except ServiceError as error:
            message.controls = [notice(error_text(ctx.t, error), error=True,
                                       identifier=ids.CONTACT_ERROR)]
            message.update()
            return
        await ctx.rerender()

    async def approve(_e: Any) -> None:
        await decide(ReviewState.APPROVED.value)

    async def has_issues(_e: Any) -> None:
        await decide(ReviewState.HAS_ISSUES.value)

    async def reject(_e: Any) -> None:
        await decide(ReviewState.REJECTED.value)

    current = []
    if review_now.get("comment"):
        current.append(ft.Text(_("Last comment: %(text)s") % {"text": review_now["comment"]},
                               italic=True))
    return card(_("Review"), [
        *current,
        message,
        tagged(ids.CONTACT_COMMENT, comment),
        ft.Row(wrap=True, spacing=8, controls=[
            button(ids.CONTACT_APPROVE, _("Approve"), on_click=approve, primary=True,
                   icon=ft.Icons.CHECK),
            button(ids.CONTACT_HAS_ISSUES, _("Has issues"), on_click=has_issues,
                   icon=ft.Icons.REPORT_PROBLEM),
            button(ids.CONTACT_REJECT, _("Reject"), on_click=reject, icon=ft.Icons.BLOCK),
        ]),
    ])


def _person_actions(ctx: WebContext, contact: dict[str, Any]) -> list[ft.Control]:
    """The person's rights: a copy of all their contacts, and erasure (asked twice)."""
    _ = ctx.t.gettext
    person_id = str(contact["person_id"])

    async def download(_e: Any) -> None:
        params = filters_to(ContactFilters(person_id=person_id))
        await downloads.start(ctx, downloads.CONTACTS, {**params, "lang": ctx.lang})

    async def erase(_e: Any) -> None:
        ctx.page.pop_dialog()
        try:
            await ctx.call(contacts.erase_person, person_id=person_id)
        except ServiceError as error:
            ctx.page.show_dialog(ft.SnackBar(ft.Text(error_text(ctx.t, error))))
            return
        ctx.page.show_dialog(ft.SnackBar(tagged(ids.CONTACT_ERASED, ft.Text(
            _("The person's contacts are erased; the phones erase them on their next sync.")))))
        await ctx.go("/")

    def cancel(_e: Any) -> None:
        ctx.page.pop_dialog()

    def ask(_e: Any) -> None:
        ctx.page.show_dialog(ft.AlertDialog(
            modal=True, title=ft.Text(_("Erase everything about this person?")),
            content=ft.Text(_("Every contact with this person is deleted here and, on their "
                              "next sync, on the outreach workers' phones. This cannot be "
                              "undone.")),
            actions=[button(ids.CONTACT_CANCEL, _("Cancel"), on_click=cancel),
                     button(ids.CONTACT_ERASE_CONFIRM, _("Erase"), on_click=erase,
                            primary=True, icon=ft.Icons.DELETE_FOREVER)],
        ))

    return [
        button(ids.CONTACT_PERSON_EXPORT, _("Download this person's contacts (CSV)"),
               on_click=download, icon=ft.Icons.DOWNLOAD),
        button(ids.CONTACT_ERASE, _("Erase this person…"), on_click=ask,
               icon=ft.Icons.DELETE_FOREVER),
    ]
