"""The vault's life on this phone: create, unlock, lock, change the PIN, wipe.

While the vault is locked the app holds no key and no contact. Other parts
of the app hook into its life: sync starts once it is open and stops before
it closes (`when_open`, `when_closing`). Where the device secret is kept is
chosen here too: the phone's Keystore/Keychain on a phone, a file beside (not
inside) the vault folder elsewhere, so a copy of that folder alone cannot be
attacked by guessing PINs.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from fieldapp.config import FieldAppConfig, SecretPlace
from fieldapp.errors import DataDamaged, DataWiped, Locked, WrongPin
from storage.device_secret import (
    DeviceSecretStore,
    FileSecretStore,
    FletSecureStorage,
    SecureStorageService,
)
from storage.errors import VaultCorrupted, VaultDestroyed
from storage.errors import WrongPin as StorageWrongPin
from storage.kdf import DEFAULT_SCRYPT, ScryptParams
from storage.pin import MAX_ATTEMPTS, MIN_PIN_LENGTH, PinProblem, check_new_pin, warn_before_wipe
from storage.repository import ContactRepository
from storage.vault import Vault

# The PIN rules, for the screens to show and check before anything slow happens.
__all__ = ["MAX_ATTEMPTS", "MIN_PIN_LENGTH", "PinProblem", "VaultKeeper", "warn_before_wipe"]

log = logging.getLogger(__name__)

VAULT_FOLDER = "vault"
# Outside the vault folder, so a copy of that folder alone cannot be attacked.
SECRET_FILE = "device.secret"  # noqa: S105  # a file name, not a secret
# The cheapest KDF storage accepts, for test vaults only (see main.py).
TEST_KDF = ScryptParams(log2_n=10)
Hook = Callable[[], None]


class VaultKeeper:
    """Opens, locks and wipes the phone's vault, and holds it and its contacts while open."""

    def __init__(self, config: FieldAppConfig) -> None:
        self.config = config
        # Why the app starts over at first run, if its data was erased: the server
        # revoked this phone ("device_revoked") or too many wrong PINs ("too_many_pins").
        self.start_over_reason: str | None = None
        # The file beside the vault until the screens offer the phone's secure storage.
        self.secret_store: DeviceSecretStore = FileSecretStore(self.secret_file)
        self._vault: Vault | None = None
        self._repository: ContactRepository | None = None
        self._open_hooks: list[Hook] = []
        self._closing_hooks: list[Hook] = []
        self._guard = threading.RLock()
        self._entering = threading.Lock()  # one PIN at a time opens or checks
        # How many times the vault was opened: a window let in to one opening is not
        # let in to the next (`fieldapp.sessions`).
        self.openings = 0

    @property
    def folder(self) -> Path:
        return self.config.data_dir / VAULT_FOLDER

    @property
    def secret_file(self) -> Path:
        """Where the device secret is kept where the phone has no secure storage."""
        return self.config.data_dir / SECRET_FILE

    @property
    def unlocked(self) -> bool:
        vault = self._vault
        return vault is not None and not vault.is_locked

    def exists(self) -> bool:
        """Whether this phone holds a vault (locked or not)."""
        return Vault.exists(self.folder)

    def when_open(self, hook: Hook) -> None:
        """Call `hook` each time the vault was opened (created or unlocked)."""
        self._open_hooks.append(hook)

    def when_closing(self, hook: Hook) -> None:
        """Call `hook` each time before the vault closes (locked, wiped)."""
        self._closing_hooks.append(hook)

    def use_secure_storage(self, service: Callable[[], SecureStorageService], *,
                           loop: asyncio.AbstractEventLoop, on_phone: bool) -> None:
        """Keep the device secret in the platform's secure storage where it belongs.

        `service` makes Flet's secure storage service (in the page's session),
        `loop` is the page's event loop. A phone whose vault was made with the
        file keeps using it; `--device-secret` may force either place.
        """
        place = self.config.device_secret
        in_file = FileSecretStore(self.secret_file)
        if place is SecretPlace.FILE or (
                place is SecretPlace.AUTO and (not on_phone or in_file.get() is not None)):
            self.secret_store = in_file
            return
        self.secret_store = FletSecureStorage(service(), loop=loop)

    @staticmethod
    def new_pin_problem(pin: str, confirmation: str) -> str | None:
        """Why a PIN being created (typed twice) cannot be used: a code, or None."""
        problems = check_new_pin(pin)
        if problems:
            return str(problems[0])
        return "mismatch" if pin != confirmation else None

    def create(self, pin: str) -> None:
        """Create the vault with this PIN and open it (slow: key derivation)."""
        kdf = TEST_KDF if self.config.fast_kdf else DEFAULT_SCRYPT
        self._opened(Vault.create(self.folder, pin, kdf=kdf, secret_store=self.secret_store))

    def unlock(self, pin: str) -> None:
        """Open the vault (slow). Raises WrongPin, DataWiped or DataDamaged."""
        try:
            vault = Vault.open(self.folder, pin, secret_store=self.secret_store)
        except StorageWrongPin as wrong:
            raise WrongPin(wrong.attempts_left) from None
        except VaultDestroyed:
            raise self._destroyed() from None
        except VaultCorrupted:
            log.warning("the vault does not open: damaged")
            raise DataDamaged() from None
        self._opened(vault)

    def enter(self, pin: str) -> int:
        """Let a window of the app in with `pin` (slow): open the vault, or check the PIN
        when another window opened it already (one key derivation, never a second open).

        Returns the opening it was let in to. Raises WrongPin, DataWiped or DataDamaged.
        """
        with self._entering:
            if self.unlocked:
                self._check_pin(pin)
            else:
                self.unlock(pin)
            return self.openings

    def lock(self) -> None:
        """Stop what uses the vault, then drop the key; nothing is readable until unlocked."""
        with self._guard:
            self._closing()
            vault, self._vault, self._repository = self._vault, None, None
        if vault is not None:
            vault.lock()

    def change_pin(self, old: str, new: str) -> None:
        """Wrap the key with a new PIN (slow). Raises WrongPin, or DataWiped after the last try."""
        self._counted(lambda: self.open_vault().change_pin(old, new))

    def wipe(self, pin: str) -> None:
        """Check the PIN, then erase the vault and the device secret (slow).

        A wrong PIN counts as a wrong attempt, as it should.
        """
        vault = self.open_vault()
        self._check_pin(pin)
        with self._guard:
            self._closing()
            self._vault = self._repository = None
        vault.wipe()

    def _check_pin(self, pin: str) -> None:
        self._counted(lambda: self.open_vault().check_pin(pin))

    def _counted(self, attempt: Hook) -> None:
        """A PIN attempt on the open vault, its errors as the screens know them."""
        try:
            attempt()
        except StorageWrongPin as wrong:
            raise WrongPin(wrong.attempts_left) from None
        except VaultDestroyed:
            raise self._destroyed() from None

    def revoked(self) -> None:
        """The server revoked this phone and the sync engine wiped the vault: start over."""
        self.start_over_reason = "device_revoked"
        self.lock()

    def open_vault(self) -> Vault:
        """The open vault. Raises Locked, or DataWiped when there is no vault any more."""
        vault = self._vault
        if vault is None:
            raise DataWiped() if not self.exists() else Locked()
        return vault

    def repository(self) -> ContactRepository:
        """The open vault's contacts. Raises Locked."""
        repository = self._repository
        if repository is None:
            raise Locked()
        return repository

    def _opened(self, vault: Vault) -> None:
        with self._guard:
            self._vault = vault
            self._repository = ContactRepository(vault)
            self.openings += 1
        for hook in self._open_hooks:
            hook()

    def _destroyed(self) -> DataWiped:
        """Too many wrong PINs destroyed the vault: close what is left, say why."""
        self.start_over_reason = "too_many_pins"
        self.lock()
        return DataWiped()

    def _closing(self) -> None:
        for hook in self._closing_hooks:
            hook()
