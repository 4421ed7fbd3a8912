"""New contact, follow-up contact and edit: the fast path first, optional sections below.

Saving validates through the model; errors show next to their fields,
translated, and nothing entered is lost. Saving goes through one service call
on a worker thread (an encrypted, durable write).
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from fieldapp.errors import ContactGone
from fieldapp.person_rows import PersonRow
from model import FieldError
from model.form import FormValues
from views import ids, theme
from views.contact_detail import detail_screen
from views.form.fast_path import fast_path
from views.form.optional import optional_sections
from views.form.same_person import ask_same_person
from views.form.state import FormState
from views.person import person_screen
from views.screen import Screen, screen_view
from views.ui import Ui
from views.widgets.busy import Busy
from views.widgets.inputs import big_button, error_line, scroll_key, show_message


def new_contact_screen(ui: Ui, _params: dict[str, str]) -> Screen:
    """A new contact with a new person (unless the worker says it is a known one)."""
    return _form_screen(ui, route="/contacts/new", title=ui.t.gettext("New contact"),
                        values=ui.app.contacts.new_form_values(), back_to="/",
                        save=ui.app.contacts.save_new, ask=ui.app.persons.same_person)


def person_follow_up_screen(ui: Ui, params: dict[str, str]) -> Screen:
    """A new contact with person `person`, from their latest contact here or their card."""
    person_id = params["person"]
    values = ui.app.persons.follow_up_values(person_id)
    if values is None:  # gone from the phone: the timeline says so
        return person_screen(ui, params)
    return _form_screen(ui, route=f"/persons/{person_id}/new",
                        title=ui.t.gettext("New contact with this person"), values=values,
                        back_to=f"/persons/{person_id}", save=ui.app.contacts.save_new)


def follow_up_screen(ui: Ui, params: dict[str, str]) -> Screen:
    """A new contact with the same person as contact `id`, known answers carried over."""
    contact_id = params["id"]
    values = ui.app.contacts.follow_up_values(contact_id)
    if values is None:  # gone from the phone: the detail screen says so
        return detail_screen(ui, params)
    return _form_screen(ui, route=f"/contacts/{contact_id}/follow-up",
                        title=ui.t.gettext("New contact with this person"),
                        values=values,
                        back_to=f"/contacts/{contact_id}",
                        save=ui.app.contacts.save_new)


def edit_screen(ui: Ui, params: dict[str, str]) -> Screen:
    """Change contact `id`: saving makes a new revision."""
    contact_id = params["id"]
    values = ui.app.contacts.edit_values(contact_id)
    if values is None:
        return detail_screen(ui, params)
    return _form_screen(ui, route=f"/contacts/{contact_id}/edit",
                        title=ui.t.gettext("Edit contact"),
                        values=values,
                        back_to=f"/contacts/{contact_id}",
                        save=lambda values: ui.app.contacts.save_edit(contact_id, values))


def _form_screen(ui: Ui, *, route: str, title: str, values: FormValues, back_to: str,
                 save: Callable[[FormValues], list[FieldError]],
                 ask: Callable[[FormValues], list[PersonRow]] | None = None) -> Screen:
    _ = ui.t.gettext
    kept = ui.app.drafts.values_for(route)
    form = FormState(ui, kept if kept is not None else values)
    busy = Busy(_("Saving…"))
    summary = error_line(None)
    summary.visible = True
    summary_box = ft.Semantics(identifier=ids.FORM_ERRORS, live_region=True, content=summary,
                               key=scroll_key(ids.FORM_ERRORS), visible=False)
    restored = ft.Semantics(identifier=ids.FORM_RESTORED, visible=kept is not None,
                            content=ft.Container(ft.Row([
                                ft.Icon(ft.Icons.RESTORE, size=20),
                                ft.Text(_("The app locked before this was saved. Everything "
                                          "you entered is still here."), size=15, expand=True),
                            ], spacing=8), bgcolor=theme.WAITING.bg, border_radius=8,
                                padding=10))
    body = ft.Column([restored, summary_box, *fast_path(form), *optional_sections(form)],
                     spacing=16, scroll=ft.ScrollMode.AUTO, expand=True)
    form.reveal = lambda key: ui.scroll_to(body, key)

    def submit() -> None:
        busy.start()
        ui.update()
        if ask is None or form.values.get("person_id"):
            store()
        else:  # a new person: first, is it one the team knows?
            ui.slow(lambda: ask(dict(form.values)), done=asked, failed=not_saved)

    def store() -> None:
        ui.slow(lambda: save(dict(form.values)), done=saved, failed=not_saved)

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

    def saved(errors: list[FieldError]) -> None:
        busy.stop()
        if not errors:
            ui.go(back_to)
            return
        first, others = form.show_errors(errors)
        text = ui.t.ngettext("{n} field needs attention.", "{n} fields need attention.",
                             len(errors)).format(n=len(errors))
        _set_summary(summary_box, summary, " ".join([text, *others]))
        ui.scroll_to(body, first or ids.FORM_ERRORS)

    def not_saved(error: Exception) -> None:
        busy.stop()
        _set_summary(summary_box, summary, _(
            "This contact is no longer on this phone: it was erased or its keeping time "
            "ended. Nothing was saved.") if isinstance(error, ContactGone) else _(
            "Could not save. Nothing you entered is lost: try again."))
        ui.scroll_to(body, ids.FORM_ERRORS)

    bottom = ft.Row([busy.control,
                     big_button(_("Save"), identifier=ids.FORM_SAVE, icon=ft.Icons.SAVE,
                                on_click=ui.act(submit))], spacing=8)
    view = screen_view(ui, route, title=title, controls=[body], back_to=back_to, bottom=bottom,
                       scroll=False)
    return Screen(view, draft=lambda: (route, form.values))


def _set_summary(box: ft.Semantics, row: ft.Row, text: str) -> None:
    box.visible = True
    show_message(row, text)
