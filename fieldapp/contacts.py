"""The worker's contacts: the list, one contact, the forms' values, saving, trying again.

Every save is one durable write of the vault. The municipality a new form
starts with is the one of the contact recorded last, so remembering it costs
no write of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from fieldapp.errors import ContactGone
from fieldapp.summaries import ContactSummary, ListFilter, RowState, matches_filter, summary_of
from fieldapp.vault import VaultKeeper
from model import Contact, Enrollment, FieldError, InvalidContact, new_contact
from model.carry_over import FollowUp, carry_over
from model.form import (
    FormValues,
    changed_fields,
    contact_fields,
    contact_values,
    follow_up_values,
    initial_values,
    municipality_choices,
)
from model.municipalities import Municipality
from storage import municipalities
from storage.errors import ContactNotFound
from sync.enrollment import current_enrollment

# Contacts recorded before this phone is enrolled carry these; the server
# replaces worker, device and organisation with those of the sending device.
UNENROLLED = Enrollment(worker_id="unenrolled", device_id="unenrolled", org_id="unenrolled")


class Nudge(Protocol):
    """What a save or a retry tells sync (`fieldapp.sync_control.SyncControl`)."""

    def notify_saved(self) -> None: ...

    def sync_now(self) -> None: ...


@dataclass(frozen=True)
class Saved:
    """What saving a form did: its errors (none when saved) and the contact it made."""

    errors: list[FieldError]
    contact_id: str | None = None
    person_id: str | None = None


class Contacts:
    """The contacts on this phone, as the screens list, show, fill in and save them."""

    def __init__(self, vault: VaultKeeper, sync: Nudge) -> None:
        self._vault = vault
        self._sync = sync

    def find(self, wanted: ListFilter, query: str) -> list[ContactSummary]:
        """The list: today's contacts first, newest first; filtered, and searched by alias."""
        repository = self._vault.repository()
        found = repository.search(query) if query.strip() else repository.list()
        today = date.today()
        shown = [s for s in map(summary_of, found) if matches_filter(s, wanted, today=today)]
        return sorted(shown, key=lambda s: (s.contact.contact_date, s.contact.created_at),
                      reverse=True)

    def summary(self, contact_id: str) -> ContactSummary | None:
        """One contact as the screens show it; None if it is not (or no longer) here."""
        try:
            return summary_of(self._vault.repository().get(contact_id))
        except ContactNotFound:
            return None

    def refused(self) -> list[ContactSummary]:
        """The contacts the server refused, waiting for the worker."""
        every = map(summary_of, self._vault.repository().list())
        return [s for s in every if s.state is RowState.QUARANTINED]

    def new_form_values(self) -> FormValues:
        """A new contact's form: today, in the municipality of the contact recorded last."""
        latest = self._vault.repository().latest()
        return initial_values(today=date.today(),
                              last_municipality=latest.contact.municipality if latest else None)

    def municipality_choices(self, current: str | None = None) -> list[Municipality]:
        """The municipalities the form offers ("other" apart): the organisation's list as
        the server last sent it (the first pilot's six before it ever did), the one of the
        contact recorded last first; `current` (a contact being edited) stays on offer."""
        latest = self._vault.repository().latest()
        listed = municipalities.kept(self._vault.open_vault().settings)
        return municipality_choices(listed, current=current,
                                    last=latest.contact.municipality if latest else None)

    def municipality_names(self) -> dict[str, str]:
        """The organisation's name for each municipality code it lists ({} before any list)."""
        kept = municipalities.kept(self._vault.open_vault().settings) or ()
        return {m.code: m.name for m in kept}

    def follow_up_values(self, contact_id: str) -> FormValues | None:
        """The start of a follow-up of contact `contact_id`; None if it is gone from the phone."""
        found = self.follow_up(contact_id)
        return found.values if found else None

    def follow_up(self, contact_id: str) -> FollowUp | None:
        """A follow-up of contact `contact_id` and what it carried over; None if it is gone."""
        previous = self._get(contact_id)
        if previous is None:
            return None
        values = follow_up_values(previous, today=date.today())
        return FollowUp(values, carry_over(previous.entitlement, values))

    def edit_values(self, contact_id: str) -> FormValues | None:
        """Contact `contact_id` as form values; None if it is gone (erased, purged)."""
        contact = self._get(contact_id)
        return contact_values(contact) if contact else None

    def save_new(self, values: FormValues) -> list[FieldError]:
        """Validate and store a new contact; the errors, or [] when it was saved."""
        return self.record(values).errors

    def record(self, values: FormValues) -> Saved:
        """Validate and store a new contact; the errors, or the new contact's ids."""
        enrollment = current_enrollment(self._vault.open_vault()) or UNENROLLED
        contact = new_contact(contact_fields(values), enrollment=enrollment)
        try:
            self._vault.repository().add(contact)
        except InvalidContact as invalid:
            return Saved(invalid.errors)
        self._sync.notify_saved()
        return Saved([], contact.id, contact.person_id)

    def save_edit(self, contact_id: str, values: FormValues) -> list[FieldError]:
        """Store the worker's changes as the contact's next revision; errors or [].

        Raises:
            ContactGone: the contact is no longer on this phone.
        """
        contact = self._get(contact_id)
        if contact is None:
            raise ContactGone()
        changes = changed_fields(contact, values)
        if not changes:
            return []
        try:
            self._vault.repository().update(contact_id, changes)
        except InvalidContact as invalid:
            return invalid.errors
        except ContactNotFound:
            raise ContactGone() from None
        self._sync.notify_saved()
        return []

    def retry(self, contact_id: str) -> None:
        """Send a contact the server refused once more, now."""
        self._vault.repository().retry(contact_id)
        self._sync.sync_now()

    def _get(self, contact_id: str) -> Contact | None:
        try:
            return self._vault.repository().get(contact_id).contact
        except ContactNotFound:
            return None
