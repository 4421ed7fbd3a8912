"""The field app's hold on the phone's data: the vault, its contacts, and the sync scheduler.

The only module of the field app that talks to `storage` and `sync`. While
the vault is locked it holds no key and no contact; the scheduler runs only
while the vault is unlocked and the phone is enrolled.
"""

from __future__ import annotations

import logging
import platform
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from model import Contact, Enrollment
from storage.device_secret import DeviceSecretStore, FileSecretStore
from storage.errors import ContactNotFound, VaultCorrupted, VaultDestroyed
from storage.errors import WrongPin as StorageWrongPin
from storage.kdf import DEFAULT_SCRYPT, ScryptParams
from storage.repository import ContactRepository
from storage.vault import Vault
from sync import enrollment
from sync.engine import SyncEngine
from sync.errors import SyncError
from sync.report import SyncStatus
from sync.retry import RetryPolicy
from sync.scheduler import SyncScheduler, online_from_kinds
from views.row_states import NOT_SENT_STATES, summary_of
from views.service_types import (
    ContactGone,
    ContactSummary,
    DataDamaged,
    DataWiped,
    FieldAppConfig,
    WrongPin,
)

log = logging.getLogger(__name__)

VAULT_FOLDER = "vault"
# Outside the vault folder, so a copy of that folder alone cannot be attacked.
# (On a phone the secret is kept in the platform's secure storage instead.)
SECRET_FILE = "device.secret"  # noqa: S105  # a file name, not a secret
LAST_MUNICIPALITY = "app.last_municipality"
DRAFT = "app.draft"
# Contacts recorded before this phone is enrolled carry these; the server
# replaces worker, device and organisation with those of the sending device.
UNENROLLED = Enrollment(worker_id="unenrolled", device_id="unenrolled", org_id="unenrolled")
# The cheapest KDF storage accepts, for test vaults only (see main.py).
TEST_KDF = ScryptParams(log2_n=10)


class VaultSession:
    """Open, lock and use the vault; start and stop sync with it."""

    def __init__(self, config: FieldAppConfig) -> None:
        self.config = config
        self.ca_bundle: str | None = None
        # Where the device secret is kept; the file beside the vault until the app says.
        self.secret_store: DeviceSecretStore = FileSecretStore(self.secret_file)
        self._vault: Vault | None = None
        self._repository: ContactRepository | None = None
        self._scheduler: SyncScheduler | None = None
        self._guard = threading.RLock()

    @property
    def folder(self) -> Path:
        return self.config.data_dir / VAULT_FOLDER

    @property
    def unlocked(self) -> bool:
        vault = self._vault
        return vault is not None and not vault.is_locked

    @property
    def secret_file(self) -> Path:
        return self.config.data_dir / SECRET_FILE

    def exists(self) -> bool:
        return Vault.exists(self.folder)

    # --- opening and closing --------------------------------------------------------

    def create(self, pin: str) -> None:
        kdf = TEST_KDF if self.config.fast_kdf else DEFAULT_SCRYPT
        self._opened(Vault.create(self.folder, pin, kdf=kdf, secret_store=self._secret_store()))

    def unlock(self, pin: str) -> None:
        try:
            vault = Vault.open(self.folder, pin, secret_store=self._secret_store())
        except StorageWrongPin as wrong:
            raise WrongPin(wrong.attempts_left) from None
        except VaultDestroyed:
            raise DataWiped() from None
        except VaultCorrupted:
            log.warning("the vault does not open: damaged")
            raise DataDamaged() from None
        self._opened(vault)

    def _secret_store(self) -> DeviceSecretStore:
        return self.secret_store

    def _opened(self, vault: Vault) -> None:
        with self._guard:
            self._vault = vault
            self._repository = ContactRepository(vault)

    def lock(self) -> None:
        """Stop sync (without waiting for the network) and drop the key."""
        with self._guard:
            self._stop_sync()
            vault, self._vault, self._repository = self._vault, None, None
        if vault is not None:
            vault.lock()

    def change_pin(self, old: str, new: str) -> None:
        self._open_vault().change_pin(old, new)

    def wipe(self, pin: str) -> None:
        """Check the PIN, then erase the vault.

        Re-wrapping the key with the same PIN is the vault's way to check a PIN
        while open; a wrong one counts as a wrong attempt, as it should.
        """
        vault = self._open_vault()
        try:
            vault.change_pin(pin, pin)
        except StorageWrongPin as wrong:
            raise WrongPin(wrong.attempts_left) from None
        with self._guard:
            self._stop_sync()
            self._vault = self._repository = None
        vault.wipe()

    # --- enrollment and sync -----------------------------------------------------------

    def enroll(self, *, server_url: str, username: str, password: str,
               ca_bundle: str | None) -> None:
        enrollment.enroll(self._open_vault(), server_url=server_url, username=username,
                          password=password, device_name=platform.node() or "phone",
                          ca_bundle=ca_bundle)

    def enrolled(self) -> bool:
        return self.unlocked and enrollment.current_enrollment(self._open_vault()) is not None

    def enrollment(self) -> Enrollment:
        return enrollment.current_enrollment(self._open_vault()) or UNENROLLED

    def server_url(self) -> str | None:
        value = self._open_vault().settings.get(enrollment.SERVER_URL) if self.unlocked else None
        return value if isinstance(value, str) else None

    def organisation_name(self) -> str | None:
        """The organisation the phone is enrolled with, as the server named it."""
        return enrollment.organisation_name(self._open_vault()) if self.unlocked else None

    def start_sync(self, *, on_status: Callable[[SyncStatus], None]) -> SyncStatus:
        """Start the scheduler if the phone is enrolled and none runs yet; its first status."""
        with self._guard:
            if self._scheduler is not None:
                return self._scheduler.status
            if not self.enrolled():
                return SyncStatus()
            policy = self._policy()
            try:
                engine = SyncEngine.open(self._open_vault(), self._repo(),
                                         ca_bundle=self.ca_bundle, policy=policy)
            except (SyncError, OSError) as error:  # e.g. a CA bundle that is gone
                log.warning("sync not started: %s", type(error).__name__)
                return SyncStatus()
            self._scheduler = SyncScheduler(engine, policy=policy, on_status=on_status).start()
            # The worker just opened the app: send what waits and bring the
            # supervisors' feedback now, not only after the next save.
            self._scheduler.sync_now()
            return self._scheduler.status

    def notify_connectivity(self, kinds: list[str]) -> None:
        scheduler = self._scheduler
        if scheduler is not None:
            scheduler.notify_online(online_from_kinds(kinds))

    def sync_now(self) -> None:
        scheduler = self._scheduler
        if scheduler is not None:
            scheduler.sync_now()

    def notify_saved(self) -> None:
        scheduler = self._scheduler
        if scheduler is not None:
            scheduler.notify_saved()

    def _policy(self) -> RetryPolicy:
        seconds = self.config.sync_probe_seconds
        if seconds is None:
            return RetryPolicy()
        return RetryPolicy(probe_interval=(seconds, seconds * 1.5), max_delay=seconds * 2)

    def _stop_sync(self) -> None:
        scheduler, self._scheduler = self._scheduler, None
        if scheduler is not None:
            # The sync thread notices at its next step; the screen does not wait for it.
            scheduler.stop(timeout=0.2)

    # --- contacts ------------------------------------------------------------------------

    def summaries(self, query: str = "") -> list[ContactSummary]:
        """Every contact, or those whose alias matches `query` in any script or spelling."""
        repository = self._repo()
        found = repository.search(query) if query.strip() else repository.list()
        return [summary_of(stored) for stored in found]

    def summary(self, contact_id: str) -> ContactSummary | None:
        try:
            return summary_of(self._repo().get(contact_id))
        except ContactNotFound:
            return None

    def get(self, contact_id: str) -> Contact | None:
        """The contact, or None if it is not (or no longer) on this phone."""
        try:
            return self._repo().get(contact_id).contact
        except ContactNotFound:
            return None

    def pending_count(self) -> int:
        if not self.unlocked:
            return 0
        counts = self._repo().counts()
        return sum(counts[state.value] for state in NOT_SENT_STATES)

    def add(self, contact: Contact) -> None:
        """Keep a new contact (raises InvalidContact) and remember its municipality."""
        self._repo().add(contact)
        self._open_vault().settings.set(LAST_MUNICIPALITY, contact.municipality)
        self.notify_saved()

    def update(self, contact_id: str, changes: Mapping[str, Any]) -> None:
        """Keep a new revision (raises InvalidContact, or ContactGone)."""
        try:
            self._repo().update(contact_id, changes)
        except ContactNotFound:
            raise ContactGone() from None
        self.notify_saved()

    def retry(self, contact_id: str) -> None:
        self._repo().retry(contact_id)

    def keep_draft(self, draft: Mapping[str, Any]) -> None:
        self._open_vault().settings.set(DRAFT, dict(draft))

    def draft(self) -> Mapping[str, Any] | None:
        value = self._open_vault().settings.get(DRAFT) if self.unlocked else None
        return value if isinstance(value, Mapping) else None

    def drop_draft(self) -> None:
        if self.draft() is not None:
            self._open_vault().settings.delete(DRAFT)

    def last_municipality(self) -> str | None:
        value = self._open_vault().settings.get(LAST_MUNICIPALITY)
        return value if isinstance(value, str) else None

    def _open_vault(self) -> Vault:
        vault = self._vault
        if vault is None:
            raise DataWiped() if not self.exists() else _Locked()
        return vault

    def _repo(self) -> ContactRepository:
        repository = self._repository
        if repository is None:
            raise _Locked()
        return repository


class _Locked(Exception):
    """The vault was locked while a screen still asked for data."""
