"""What a supervisor does on the contact page: give a verdict, and act on the person's rights
(a copy of all their contacts; erasure, asked twice)."""

from __future__ import annotations

from typing import Any

import flet as ft

from model.values import TEXT_LIMITS, ReviewState
from server.errors import InvalidInput, ServiceError
from server.services import contacts, review, tickets
from server.services.contacts import ContactFilters
from server.web import downloads, ids
from server.web.context import WebContext
from server.web.messages import error_text, field_problems
from server.web.widgets.contact_parts import card, flag_lines, pairs
from server.web.widgets.correction import CorrectionChoices
from server.web.widgets.fields import button, tagged, text_field
from server.web.widgets.shell import notice


class VerdictForm:
    """The three verdicts and a comment; "needs correction" first opens the choice of fields
    and reasons, then sends them. Each verdict is audit-logged by the review service and
    shows in the history when the page is drawn again."""

    def __init__(self, ctx: WebContext, *, contact_id: str, contact: dict[str, Any],
                 review_now: dict[str, Any]) -> None:
        _ = ctx.t.gettext
        self.ctx, self.contact_id, self.review_now = ctx, contact_id, review_now
        self.message = ft.Column()
        self.comment = text_field(label=_("Comment for the outreach worker"), width=None,
                                  multiline=True, max_length=TEXT_LIMITS["review_comment"],
                                  hint=_("Required to reject; with a correction, a reason or "
                                         "a comment"))
        self.correction = CorrectionChoices(ctx, contact=contact, review_now=review_now)
        self.panel = self.correction.view()
        self.verdicts = ft.Row(wrap=True, spacing=8, controls=[
            button(ids.CONTACT_APPROVE, _("Approve"), on_click=self.approve, primary=True,
                   icon=ft.Icons.CHECK),
            button(ids.CONTACT_HAS_ISSUES, _("Has issues"), on_click=self.open_correction,
                   icon=ft.Icons.REPORT_PROBLEM),
            button(ids.CONTACT_REJECT, _("Reject"), on_click=self.reject, icon=ft.Icons.BLOCK),
        ])
        self.sending = ft.Row(wrap=True, spacing=8, visible=False, controls=[
            button(ids.CONTACT_SEND_CORRECTION, _("Send back for correction"),
                   on_click=self.send_correction, primary=True, icon=ft.Icons.SEND),
            button(ids.CONTACT_CANCEL_CORRECTION, _("Cancel"), on_click=self.close_correction),
        ])

    async def decide(self, state: str) -> None:
        correcting = state == ReviewState.HAS_ISSUES
        try:
            await self.ctx.call(
                review.review_contact, contact_id=self.contact_id, state=state,
                comment=self.comment.value or None,
                fields=self.correction.fields if correcting else (),
                reasons=self.correction.reasons if correcting else ())
        except InvalidInput as error:
            self.comment.error = " ".join(_problems(self.ctx, error.detail,
                                                    correcting=correcting))
            self.comment.update()
            return
        except ServiceError as error:
            self.message.controls = [notice(error_text(self.ctx.t, error), error=True,
                                            identifier=ids.CONTACT_ERROR)]
            self.message.update()
            return
        await self.ctx.rerender()

    async def approve(self, _e: Any) -> None:
        await self.decide(ReviewState.APPROVED.value)

    async def send_correction(self, _e: Any) -> None:
        await self.decide(ReviewState.HAS_ISSUES.value)

    async def reject(self, _e: Any) -> None:
        await self.decide(ReviewState.REJECTED.value)

    def open_correction(self, _e: Any) -> None:
        self._correcting(True)

    def close_correction(self, _e: Any) -> None:
        self._correcting(False)

    def _correcting(self, shown: bool) -> None:
        self.panel.visible = self.sending.visible = shown
        self.verdicts.visible = not shown
        self.comment.error = None
        for part in (self.panel, self.sending, self.verdicts, self.comment):
            part.update()

    def view(self) -> ft.Control:
        _ = self.ctx.t.gettext
        last = self.review_now.get("comment")
        current: list[ft.Control] = [ft.Text(_("Last comment: %(text)s") % {"text": last},
                                             italic=True)] if last else []
        flags = flag_lines(self.ctx, fields=self.review_now.get("fields") or (),
                           reasons=self.review_now.get("reasons") or ())
        if flags:
            current.append(tagged(ids.CONTACT_FLAGS, pairs(self.ctx, flags)))
        return card(_("Review"), [*current, self.message, self.panel,
                                  tagged(ids.CONTACT_COMMENT, self.comment), self.verdicts,
                                  self.sending])


def _problems(ctx: WebContext, detail: Any, *, correcting: bool) -> list[str]:
    """What is wrong with a verdict, in words: with a correction, a reason or a comment is
    what is missing; otherwise the comment (the reasons are offered with corrections only)."""
    errors = detail if isinstance(detail, list) else []
    if correcting and any(e.get("code") == "required" for e in errors):
        return [ctx.t.gettext("Choose a reason or write a comment.")]
    return field_problems(ctx.t, [e for e in errors if e.get("field") != "reasons"])


class PersonRights:
    """A copy of every contact with the person, and erasing them all."""

    def __init__(self, ctx: WebContext, *, person_id: str) -> None:
        self.ctx, self.person_id = ctx, person_id

    async def download(self, _e: Any) -> None:
        await downloads.start(self.ctx, tickets.contacts_ticket,
                              filters=ContactFilters(person_id=self.person_id),
                              lang=self.ctx.lang)

    async def erase(self, _e: Any) -> None:
        page = self.ctx.page
        page.pop_dialog()
        try:
            await self.ctx.call(contacts.erase_person, person_id=self.person_id)
        except ServiceError as error:
            page.show_dialog(ft.SnackBar(ft.Text(error_text(self.ctx.t, error))))
            return
        page.show_dialog(ft.SnackBar(tagged(ids.CONTACT_ERASED, ft.Text(self.ctx.t.gettext(
            "The person's contacts are erased; the phones erase them on their next sync.")))))
        await self.ctx.go("/")

    def cancel(self, _e: Any) -> None:
        self.ctx.page.pop_dialog()

    def ask(self, _e: Any) -> None:
        _ = self.ctx.t.gettext
        self.ctx.page.show_dialog(ft.AlertDialog(
            modal=True, title=ft.Text(_("Erase everything about this person?")),
            content=ft.Text(_("Every contact with this person is deleted here and, on their "
                              "next sync, on the outreach workers' phones. This cannot be "
                              "undone.")),
            actions=[button(ids.CONTACT_CANCEL, _("Cancel"), on_click=self.cancel),
                     button(ids.CONTACT_ERASE_CONFIRM, _("Erase"), on_click=self.erase,
                            primary=True, icon=ft.Icons.DELETE_FOREVER)],
        ))

    def buttons(self) -> list[ft.Control]:
        _ = self.ctx.t.gettext
        return [
            button(ids.CONTACT_PERSON_EXPORT, _("Download this person's contacts (CSV)"),
                   on_click=self.download, icon=ft.Icons.DOWNLOAD),
            button(ids.CONTACT_ERASE, _("Erase this person…"), on_click=self.ask,
                   icon=ft.Icons.DELETE_FOREVER),
        ]
