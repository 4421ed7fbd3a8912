"""The field app's services, as the screens use them: one call per thing a worker does.

No Flet here. `main.py` builds one `AppServices` per running app from the
configuration; screens call it from their handlers (blocking calls — PIN,
enrollment, save, wipe — through `Ui.slow`). It owns the vault session and the
sync scheduler's lifetime: the scheduler runs only while the vault is unlocked.
"""

from __future__ import annotations

import logging
import ssl
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from model import FieldError, InvalidContact, new_contact
from model.form import (
    FormValues,
    changed_fields,
    contact_fields,
    contact_values,
    draft_json,
    draft_values,
    follow_up_values,
    initial_values,
)
from storage.device_secret import DeviceSecretStore
from storage.pin import check_new_pin
from sync.report import SyncStatus
from views.app_settings import AppSettings, SettingsFile
from views.service_types import (
    ContactGone,
    ContactSummary,
    DataDamaged,
    DataWiped,
    FieldAppConfig,
    ListFilter,
    Phase,
    RowState,
    SyncSummary,
    WrongPin,
    matches_filter,
)
from views.vault_session import VaultSession

__all__ = [
    "AppServices", "ContactGone", "ContactSummary", "DataDamaged", "DataWiped", "FieldAppConfig",
    "ListFilter", "Phase", "RowState", "SyncSummary", "WrongPin",
]

log = logging.getLogger(__name__)
VERSION = "0.1.0"


class AppServices:
    """Everything the screens do, for one phone's data folder."""

    version = VERSION

    def __init__(self, config: FieldAppConfig) -> None:
        self.config = config
        self._settings_file = SettingsFile(config.data_dir)
        self.settings: AppSettings = self._settings_file.load()
        self._session = VaultSession(config)
        self._session.ca_bundle = self.settings.ca_bundle
        self._lock = threading.RLock()
        self._watcher: Callable[[SyncStatus], None] = _ignore
        self._status = SyncStatus()
        # Why the app starts over at first run, if its data was erased: the server
        # revoked this phone ("device_revoked") or too many wrong PINs ("too_many_pins").
        self.start_over_reason: str | None = None

    # --- the app's phase, language and settings -------------------------------------

    @property
    def ui_language(self) -> str:
        return self.settings.ui_language or "en"

    @property
    def default_server_url(self) -> str | None:
        return self.settings.server_url or self.config.server_url

    @property
    def organisation_name(self) -> str:
        """Who keeps the data, as the privacy notice names it.

        The name set on this phone, else the one the server gave at enrollment.
        """
        return (self.settings.organisation or self._session.organisation_name()
                or "StreetContact")

    def set_organisation_name(self, name: str | None) -> None:
        self._save_settings(self.settings.with_changes(organisation=name or None))

    @property
    def auto_lock_seconds(self) -> float:
        return self.config.auto_lock_seconds or self.settings.auto_lock_minutes * 60.0

    def phase(self) -> Phase:
        """What the worker must do next: choose a language, create a PIN, unlock, or work."""
        if self._session.unlocked:
            return Phase.UNLOCKED
        if self._session.exists():
            return Phase.LOCKED
        if self.settings.ui_language is None:
            return Phase.CHOOSE_LANGUAGE
        return Phase.CREATE_PIN

    def choose_language(self, lang: str) -> None:
        self._save_settings(self.settings.with_changes(ui_language=lang))

    def set_auto_lock_minutes(self, minutes: int) -> None:
        self._save_settings(self.settings.with_changes(auto_lock_minutes=minutes))

    def set_ca_bundle(self, path: str | None) -> str | None:
        """Use the organisation's own CA bundle (a file path), or none.

        Returns why the file cannot be used ("missing", "not_certificates"), or
        None once it is kept. The file is read the way the sync's TLS will read it.
        """
        if path is not None:
            if not Path(path).is_file():
                return "missing"
            try:
                ssl.create_default_context(cafile=path)
            except (ssl.SSLError, OSError, ValueError, UnicodeDecodeError):
                return "not_certificates"
        self._save_settings(self.settings.with_changes(ca_bundle=path))
        self._session.ca_bundle = path
        return None

    def _save_settings(self, settings: AppSettings) -> None:
        self.settings = settings
        self._settings_file.save(settings)

    # --- PIN and vault -----------------------------------------------------------------

    @property
    def secret_file(self) -> Path:
        """Where the device secret is kept where the phone has no secure storage."""
        return self._session.secret_file

    def use_secret_store(self, store: DeviceSecretStore) -> None:
        """Keep the device secret in `store` (the phone's Keystore/Keychain) from now on."""
        self._session.secret_store = store

    def create_vault(self, pin: str) -> None:
        """Create the encrypted store with this PIN and open it (slow: key derivation)."""
        self._session.create(pin)
        self._start_sync()

    def unlock(self, pin: str) -> None:
        """Open the store (slow). Raises WrongPin, DataWiped or DataDamaged."""
        try:
            self._session.unlock(pin)
        except DataWiped:
            self.start_over_reason = "too_many_pins"
            raise
        self._start_sync()

    def lock(self) -> None:
        """Stop syncing and forget the key; nothing is readable until the next unlock."""
        self._session.lock()

    def change_pin(self, old: str, new: str) -> None:
        self._session.change_pin(old, new)

    def wipe(self, pin: str) -> None:
        """Erase everything on this phone after checking the PIN (slow)."""
        self._session.wipe(pin)
        self._save_settings(AppSettings(ui_language=self.settings.ui_language))

    def close(self) -> None:
        self._session.lock()

    # --- enrollment and sync -------------------------------------------------------------

    def enroll(self, *, server_url: str, username: str, password: str) -> None:
        """Register this phone with the server for this worker (slow: network)."""
        self._session.enroll(server_url=server_url, username=username, password=password,
                             ca_bundle=self.settings.ca_bundle)
        self._save_settings(self.settings.with_changes(server_url=server_url))
        self._start_sync()

    def watch_sync(self, watcher: Callable[[SyncStatus], None]) -> None:
        """Who hears about sync (called on the sync thread)."""
        self._watcher = watcher

    def notify_connectivity(self, kinds: list[str]) -> None:
        self._session.notify_connectivity(kinds)

    def sync_now(self) -> None:
        self._session.sync_now()

    def retry(self, contact_id: str) -> None:
        """Send a contact the server refused once more."""
        self._session.retry(contact_id)
        self._session.sync_now()

    def sync_status(self) -> SyncSummary:
        with self._lock:
            status = self._status
        return SyncSummary(enrolled=self._session.enrolled(),
                           server_url=self._session.server_url(),
                           pending=self._session.pending_count(), status=status)

    def _start_sync(self) -> None:
        status = self._session.start_sync(on_status=self._on_status)
        with self._lock:
            self._status = status

    def _on_status(self, status: SyncStatus) -> None:
        with self._lock:
            self._status = status
        if status.revoked:
            self.start_over_reason = "device_revoked"
            self._session.lock()
        self._watcher(status)

    # --- contacts ----------------------------------------------------------------------------

    def contacts(self, wanted: ListFilter, query: str) -> list[ContactSummary]:
        """The list: today's contacts first, newest first; filtered and searched."""
        today = date.today()
        found = [s for s in self._session.summaries(query)
                 if matches_filter(s, wanted, today=today)]
        return sorted(found, key=lambda s: (s.contact.contact_date, s.contact.created_at),
                      reverse=True)

    def contact(self, contact_id: str) -> ContactSummary | None:
        return self._session.summary(contact_id)

    def quarantined(self) -> list[ContactSummary]:
        return [s for s in self._session.summaries() if s.state is RowState.QUARANTINED]

    def new_form_values(self) -> FormValues:
        return initial_values(today=date.today(),
                              last_municipality=self._session.last_municipality())

    def follow_up_form_values(self, contact_id: str) -> FormValues | None:
        """The start of a follow-up of contact `contact_id`; None if it is gone from the phone."""
        previous = self._session.get(contact_id)
        return follow_up_values(previous, today=date.today()) if previous else None

    def edit_form_values(self, contact_id: str) -> FormValues | None:
        """Contact `contact_id` as form values; None if it is gone (erased, purged)."""
        contact = self._session.get(contact_id)
        return contact_values(contact) if contact else None

    # --- a form not saved yet, kept while the app is locked ---------------------------------

    def keep_draft(self, route: str, values: FormValues) -> None:
        """Keep the worker's unsaved form (encrypted, in the vault) before the app locks."""
        self._session.keep_draft({"route": route, "values": draft_json(values)})

    def draft_route(self) -> str | None:
        """Where the form kept at the last lock was, to go back there after unlocking."""
        draft = self._session.draft()
        route = draft.get("route") if draft is not None else None
        return route if isinstance(route, str) and route.startswith("/contacts/") else None

    def draft_for(self, route: str) -> FormValues | None:
        """The form kept for `route`, if the worker left one there at the last lock."""
        draft = self._session.draft()
        if draft is None or draft.get("route") != route:
            return None
        return draft_values(draft.get("values"))

    def drop_draft_unless_at(self, route: str) -> None:
        """The worker saved or left the kept form: it is not needed any more."""
        if self.draft_route() != route:
            self._session.drop_draft()

    def save_new(self, values: FormValues) -> list[FieldError]:
        """Validate and store a new contact; the errors, or [] when it was saved."""
        contact = new_contact(contact_fields(values), enrollment=self._session.enrollment())
        try:
            self._session.add(contact)
        except InvalidContact as invalid:
            return invalid.errors
        return []

    def save_edit(self, contact_id: str, values: FormValues) -> list[FieldError]:
        """Store the worker's changes as the contact's next revision; errors or []."""
        contact = self._session.get(contact_id)
        if contact is None:
            raise ContactGone()
        changes = changed_fields(contact, values)
        if not changes:
            return []
        try:
            self._session.update(contact_id, changes)
        except InvalidContact as invalid:
            return invalid.errors
        return []

    @staticmethod
    def new_pin_problem(pin: str, confirmation: str) -> str | None:
        """Why a PIN being created (typed twice) cannot be used: a code, or None."""
        problems = check_new_pin(pin)
        if problems:
            return str(problems[0])
        return "mismatch" if pin != confirmation else None


def _ignore(*_args: object) -> None:
    return None

