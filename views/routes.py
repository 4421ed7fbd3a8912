"""The route table of the field app: route pattern -> (parent pattern, screen builder)."""

from __future__ import annotations

from views import (
    contact_detail,
    contact_form,
    contact_list,
    first_run,
    person,
    settings,
    sync_device,
)
from views import unlock as unlock_view
from views.screen import ScreenBuilder

ROUTES: dict[str, tuple[str | None, ScreenBuilder]] = {
    "/welcome": (None, first_run.language_screen),
    "/welcome/pin": (None, first_run.pin_screen),
    "/welcome/enroll": (None, first_run.enroll_screen),
    "/unlock": (None, unlock_view.unlock_screen),
    "/": (None, contact_list.list_screen),
    "/contacts/new": ("/", contact_form.new_contact_screen),
    "/persons/:person": ("/", person.person_screen),
    "/persons/:person/new": ("/persons/:person", contact_form.person_follow_up_screen),
    "/persons/:person/contacts/:id": ("/persons/:person", contact_detail.detail_screen),
    "/contacts/:id": ("/", contact_detail.detail_screen),
    "/contacts/:id/edit": ("/contacts/:id", contact_form.edit_screen),
    "/contacts/:id/follow-up": ("/contacts/:id", contact_form.follow_up_screen),
    "/sync": ("/", sync_device.sync_screen),
    "/settings": ("/", settings.settings_screen),
}
