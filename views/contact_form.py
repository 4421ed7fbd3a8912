"""New contact, follow-up contact and edit: the fast path first, optional sections below.

Saving validates through the model; errors show next to their fields as the
worker types, translated, and nothing entered is lost. Saving goes through one
service call on a worker thread (an encrypted, durable write) and says it was
saved. Back on a changed form asks first (`views.form.leave`); the person
answers consent on the hand-over screen (`views.form.handover`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field

import flet as ft

from fieldapp.contacts import Saved
from fieldapp.errors import ContactGone
from fieldapp.person_rows import PersonRow
from fieldapp.summaries import RowState
from locales import field_label
from model import Review
from model.carry_over import NO_CARRY_OVER, CarryOver
from model.form import FormValues, draft_json
from views import ids, routing, theme
from views.contact_detail import detail_screen
from views.form.correction import pin_correction
from views.form.fast_path import fast_path
from views.form.handover import HandOver
from views.form.leave import ask_to_leave, say
from views.form.optional import optional_sections
from views.form.same_person import ask_same_person
from views.form.state import FormState
from views.person import person_screen
from views.screen import Screen, screen_view
from views.ui import Ui
from views.widgets.busy import Busy
from views.widgets.inputs import big_button, error_line, scroll_key, show_message


@dataclass
class FormPlan:
    """What one kind of form starts with, how it saves, and where it goes afterwards."""

    route: str
    title: str
    values: FormValues
    back_to: str
    save: Callable[[FormValues], Saved]
    # Where a save lands, from what it saved (the new contact, the person, the list).
    lands: Callable[[Saved], str]
    ask: Callable[[FormValues], list[PersonRow]] | None = None
    carry: CarryOver = NO_CARRY_OVER
    top: list[ft.Control] = field(default_factory=list)


def new_contact_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """A new contact with a new person (unless the worker says it is a known one)."""
    return _form_screen(ui, FormPlan(
        route="/contacts/new", title=ui.t.gettext("New contact"),
        values=ui.app.contacts.new_form_values(), back_to="/", save=ui.app.contacts.record,
        lands=lambda _saved: "/", ask=ui.app.persons.same_person))


def person_follow_up_screen(ui: Ui, params: dict[str, str]) -> Screen:
    """A new contact with person `person`, from their latest contact here or their card."""
    person_id = params["person"]
    found = ui.app.persons.follow_up(person_id)
    if found is None:  # gone from the phone: the timeline says so
        return person_screen(ui, params)
    return _form_screen(ui, FormPlan(
        route=f"/persons/{person_id}/new", title=ui.t.gettext("New contact with this person"),
        values=found.values, carry=found.carry, back_to=f"/persons/{person_id}",
        save=ui.app.contacts.record, lands=lambda _saved: f"/persons/{person_id}"))


def follow_up_screen(ui: Ui, params: dict[str, str]) -> Screen:
    """A new contact with the same person as contact `id`, known answers carried over."""
    contact_id = params["id"]
    found = ui.app.contacts.follow_up(contact_id)
    if found is None:  # gone from the phone: the detail screen says so
        return detail_screen(ui, params)
    return _form_screen(ui, FormPlan(
        route=f"/contacts/{contact_id}/follow-up",
        title=ui.t.gettext("New contact with this person"), values=found.values,
        carry=found.carry, back_to=f"/contacts/{contact_id}", save=ui.app.contacts.record,
        lands=lambda saved: f"/contacts/{saved.contact_id}"))


def edit_screen(ui: Ui, params: dict[str, str]) -> Screen:
    """Change contact `id`: saving makes a new revision. A contact sent back for
    correction shows what to correct pinned on top, the flagged fields marked."""
    contact_id = params["id"]
    summary = ui.app.contacts.summary(contact_id)
    values = ui.app.contacts.edit_values(contact_id)
    if values is None or summary is None:
        return detail_screen(ui, params)
    review = (summary.contact.review if summary.state is RowState.NEEDS_CORRECTION else None)
    plan = FormPlan(
        route=f"/contacts/{contact_id}/edit", title=ui.t.gettext("Edit contact"), values=values,
        back_to=f"/contacts/{contact_id}",
        save=lambda values: Saved(ui.app.contacts.save_edit(contact_id, values), contact_id),
        lands=lambda _saved: f"/contacts/{contact_id}")
    return _form_screen(ui, plan, review=review)


def _form_screen(ui: Ui, plan: FormPlan, review: Review | None = None) -> Screen:
    # Longer than 40 lines on purpose: the save, the "same person?" question and Back are
    # small closures over this one form's state, read top to bottom in the order they run.
    _ = ui.t.gettext
    draft_id = routing.query(ui.page.route or "").get("draft")
    draft = ui.app.drafts.get(draft_id) if draft_id else None
    route = draft.open_route if draft is not None else plan.route
    kept = ui.app.drafts.values_for(route)
    start = kept if kept is not None else draft.values if draft is not None else plan.values
    form = FormState(ui, start, carry=plan.carry)
    untouched = draft_json(plan.values if draft is None else draft.values)
    busy = Busy(_("Saving…"))
    summary = error_line(None)
    summary.visible = True
    summary_box = ft.Semantics(identifier=ids.FORM_ERRORS, live_region=True, content=summary,
                               key=scroll_key(ids.FORM_ERRORS), visible=False)
    form.summary = lambda count, others: _show_summary(ui, summary_box, summary, count, others)
    hand_over = HandOver(form, route=route)
    body = ft.Column([_restored(ui, kept is not None), *_carried(ui, plan.carry), summary_box,
                      *fast_path(form, hand_over), *optional_sections(form)],
                     spacing=16, scroll=ft.ScrollMode.AUTO, expand=True)
    pinned = pin_correction(form, review)
    form.reveal = lambda key: ui.scroll_to(body, key)
    form.check()

    def submit() -> None:
        busy.start()
        ui.update()
        if plan.ask is None or form.values.get("person_id"):
            store()
        else:  # a new person: first, is it one the team knows?
            ask = plan.ask
            ui.slow(lambda: ask(dict(form.values)), done=asked, failed=not_saved)

    def store() -> None:
        values = dict(form.values)

        def work() -> Saved:  # vault writes: off the event loop
            result = plan.save(values)
            if not result.errors and draft is not None:
                # The contact is saved: a draft that could not be dropped is offered again
                # from the list, never lost, and must not make the worker save twice.
                with contextlib.suppress(Exception):
                    ui.app.drafts.discard(draft.id)
            return result

        ui.slow(work, done=saved, failed=not_saved)

    def asked(found: list[PersonRow]) -> None:
        if not found:
            store()
            return
        busy.stop()
        ask_same_person(ui, found, same=same_person, new=new_person, back=ui.update)

    def same_person(person_id: str) -> None:
        form.values["person_id"] = person_id
        new_person()

    def new_person() -> None:
        busy.start()
        ui.update()
        store()

    def saved(result: Saved) -> None:
        busy.stop()
        if not result.errors:
            ui.go(plan.lands(result))
            say(ui, _("Saved."))
            return
        first = form.show_errors(result.errors)
        ui.scroll_to(body, first or ids.FORM_ERRORS)

    def not_saved(error: Exception) -> None:
        busy.stop()
        _show_text(summary_box, summary, _(
            "This contact is no longer on this phone: it was erased or its keeping time "
            "ended. Nothing was saved.") if isinstance(error, ContactGone) else _(
            "Could not save. Nothing you entered is lost: try again."))
        ui.scroll_to(body, ids.FORM_ERRORS)

    def leave() -> None:
        if hand_over.shown:
            hand_over.close()
        elif draft_json(form.values) == untouched:
            ui.go(plan.back_to)
        else:
            ask_to_leave(ui, keep=keep, discard=lambda: ui.go(plan.back_to))

    def keep() -> None:
        values, draft_id = dict(form.values), draft.id if draft is not None else None
        ui.slow(lambda: ui.app.drafts.save(plan.route, values, draft_id), done=draft_kept,
                failed=not_saved)

    def draft_kept(_draft_id: str) -> None:
        ui.go(plan.back_to)
        say(ui, _("Kept as a draft. Find it at the top of the list."))

    bottom = ft.Row([busy.control,
                     big_button(_("Save"), identifier=ids.FORM_SAVE, icon=ft.Icons.SAVE,
                                on_click=ui.act(submit))], spacing=8)
    content = ft.Column([*([pinned] if pinned else []), body], spacing=8, expand=True)
    view = screen_view(ui, route, title=plan.title, controls=[content],
                       back_to=plan.back_to, on_back=leave, bottom=bottom, scroll=False)
    return Screen(view, draft=lambda: (route, form.values), leave=leave)


def _restored(ui: Ui, shown: bool) -> ft.Control:
    _ = ui.t.gettext
    return ft.Semantics(identifier=ids.FORM_RESTORED, visible=shown, content=ft.Container(
        ft.Row([ft.Icon(ft.Icons.RESTORE, size=20),
                ft.Text(_("The app locked before this was saved. Everything you entered is "
                          "still here."), size=15, expand=True)], spacing=8),
        bgcolor=theme.WAITING.bg, border_radius=8, padding=10))


def _carried(ui: Ui, carry: CarryOver) -> list[ft.Control]:
    """What a follow-up carried over from the last contact, named, to check with the person."""
    if not carry.carried:
        return []
    names = ", ".join(field_label(name, ui.lang) for name in carry.carried)
    text = ui.t.gettext("Carried over from the last contact: {fields}. Check them with the "
                        "person.").format(fields=names)
    return [ft.Semantics(identifier=ids.FORM_CARRIED, content=ft.Container(
        ft.Row([ft.Icon(ft.Icons.HISTORY, size=20), ft.Text(text, size=15, expand=True)],
               spacing=8), bgcolor=theme.INFO.bg, border_radius=8, padding=10))]


def _show_summary(ui: Ui, box: ft.Semantics, row: ft.Row, count: int,
                  others: list[str]) -> ft.Control:
    """The summary above the form: how many fields need attention, live; hidden at none."""
    if count == 0 and not others:
        box.visible = False
        return box
    text = ui.t.ngettext("{n} field needs attention.", "{n} fields need attention.",
                         count).format(n=count)
    _show_text(box, row, " ".join([text, *others]))
    return box


def _show_text(box: ft.Semantics, row: ft.Row, text: str) -> None:
    box.visible = True
    show_message(row, text)
