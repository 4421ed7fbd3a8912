"""The vault: the phone's encrypted database, behind a PIN.

A folder holds the key file (`storage.keyfile`: a random data key, wrapped by
a key derived from the PIN and the device secret, `storage.kdf`), the data
file (`storage.encrypted_storage`). The key file also holds the count of wrong
PINs, raised under a lock before each try (`storage.attempts`). Ten wrong PINs
in a row destroy the wrapped key and the device secret: the data can no longer
be decrypted by anyone.

`lock()` drops every reference to key material and data this object holds;
Python cannot promise that no copy stays in freed memory, so the app locks
early (inactivity, background) rather than relying on erasure.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from storage import attempts, fsio, keyfile, vault_files
from storage.database import VaultDatabase
from storage.device_secret import DeviceSecretStore
from storage.errors import (
    PinNotAllowed,
    VaultDestroyed,
    VaultExists,
    VaultLocked,
)
from storage.kdf import DEFAULT_SCRYPT, ScryptParams
from storage.keyfile import KeyFile
from storage.pin import MAX_ATTEMPTS, check_new_pin
from storage.settings import DeviceSettings
from storage.vault_files import DATA_FILE, KEY_FILE

__all__ = ["DATA_FILE", "KEY_FILE", "Vault"]



class Vault:
    """An unlocked vault; make one with `Vault.create` or `Vault.open`."""

    def __init__(self, folder: Path, db: VaultDatabase, data_key: bytes,
                 secret_store: DeviceSecretStore | None) -> None:
        self.folder = folder
        self._db: VaultDatabase | None = db
        self._data_key: bytearray | None = bytearray(data_key)
        self._secret_store = secret_store
        self._lock = threading.RLock()

    # Before unlocking

    @staticmethod
    def exists(folder: Path) -> bool:
        """Whether `folder` holds a vault that can be unlocked (not a destroyed one)."""
        try:
            blob = (Path(folder) / KEY_FILE).read_bytes()
        except FileNotFoundError:
            return False
        return blob != keyfile.tombstone()

    @staticmethod
    def attempts_left(folder: Path) -> int:
        """PIN attempts left before the vault is destroyed; 0 once it is.

        Raises:
            VaultMissing: there is no vault in `folder`.
        """
        folder = Path(folder)
        try:
            key_file = vault_files.read_key_file(folder)
        except VaultDestroyed:
            return 0
        return max(0, MAX_ATTEMPTS - attempts.failures(folder, key_file))

    @classmethod
    def create(cls, folder: Path, pin: str, *, secret_store: DeviceSecretStore | None = None,
               kdf: ScryptParams = DEFAULT_SCRYPT) -> Vault:
        """Make a new, empty vault in `folder`, unlocked.

        Raises:
            PinNotAllowed: `pin` breaks the PIN rules.
            VaultExists: `folder` already holds a vault.
        """
        problems = check_new_pin(pin)
        if problems:
            raise PinNotAllowed(problems)
        folder = Path(folder)
        if cls.exists(folder):
            raise VaultExists("a vault exists in this folder")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        vault_files.remove_files(folder)  # what an interrupted create or a destroyed vault left
        secret = secret_store.create() if secret_store is not None else None
        data_key = os.urandom(32)
        draft = KeyFile.new(kdf.check(), device_secret=secret is not None)
        key_file = draft.wrap(data_key, vault_files.kek(draft, pin, secret))
        db = vault_files.open_db(folder, data_key)
        try:
            vault_files.write_key_file(folder, key_file)
        except BaseException:
            db.close()
            raise
        return cls(folder, db, data_key, secret_store)

    @classmethod
    def open(cls, folder: Path, pin: str, *,
             secret_store: DeviceSecretStore | None = None) -> Vault:
        """Unlock the vault in `folder` with `pin`.

        Raises:
            VaultMissing: no vault here.
            WrongPin: not the PIN; `attempts_left` says how many tries remain.
            VaultDestroyed: this was the last try, or an earlier one was.
            DeviceSecretMissing: the vault needs the device secret and the store lacks it.
            VaultCorrupted: a file of the vault (the count of wrong PINs too) is damaged;
                no PIN is tried and nothing is erased.
        """
        folder = Path(folder)
        # A missing, destroyed or damaged vault is said before locking.
        vault_files.read_key_file(folder)
        with attempts.locked(folder):
            for name in (KEY_FILE, attempts.LEGACY_FILE):  # left by a crash mid-write
                fsio.remove_temps(folder / name)
            key_file = vault_files.read_key_file(folder)  # with the count the last try left
            secret = vault_files.device_secret(key_file, secret_store)
            data_key = vault_files.unwrap_counted(folder, key_file, pin, secret, secret_store)
        return cls(folder, vault_files.open_db(folder, data_key), data_key, secret_store)

    @staticmethod
    def erase(folder: Path, *, secret_store: DeviceSecretStore | None = None) -> None:
        """Remove every file of the vault in `folder` and the device secret, without a PIN."""
        folder = Path(folder)
        key_path = folder / KEY_FILE
        with contextlib.suppress(FileNotFoundError):
            # Overwrite the wrapped key in place before unlinking the file.
            fd = os.open(key_path, os.O_WRONLY)
            try:
                fsio.write_all(fd, os.urandom(keyfile.SIZE))
                fsio.fsync(fd)
            finally:
                os.close(fd)
        vault_files.remove_files(folder, key_too=True)
        if secret_store is not None:
            secret_store.delete()
        with contextlib.suppress(OSError):
            folder.rmdir()

    # Once unlocked

    @property
    def is_locked(self) -> bool:
        return self._db is None

    @property
    def db(self) -> VaultDatabase:
        """The vault's TinyDB.

        Raises:
            VaultLocked: the vault was locked.
        """
        db = self._db
        if db is None:
            raise VaultLocked("the vault is locked")
        return db

    @property
    def settings(self) -> DeviceSettings:
        """The device's encrypted settings (token, enrollment, sync cursor...)."""
        return DeviceSettings(self.db)

    def change_pin(self, old: str, new: str) -> None:
        """Wrap the data key with a key from `new`; the data itself is not re-encrypted.

        Raises:
            PinNotAllowed: `new` breaks the PIN rules.
            WrongPin: `old` is not the PIN (counted as a wrong attempt).
            VaultDestroyed: that was the tenth wrong PIN in a row.
        """
        with self._lock:
            data_key = self._data_key
            problems = check_new_pin(new)
            if problems:
                raise PinNotAllowed(problems)

            def rewrap(current: KeyFile, secret: bytes | None) -> None:
                assert data_key is not None
                draft = replace(KeyFile.new(current.params, device_secret=secret is not None),
                                vault_id=current.vault_id)
                wrapped = draft.wrap(bytes(data_key), vault_files.kek(draft, new, secret))
                vault_files.write_key_file(self.folder, wrapped)

            self._try_pin(old, then=rewrap)

    def check_pin(self, pin: str) -> None:
        """Check `pin` while the vault is open: one key derivation, counted like an unlock.

        For a second window of the app that must be let in by its own PIN
        without opening the vault twice.

        Raises:
            WrongPin: not the PIN (counted as a wrong attempt).
            VaultDestroyed: that was the tenth wrong PIN in a row.
        """
        with self._lock:
            self._try_pin(pin, then=None)

    def _try_pin(self, pin: str, *,
                 then: Callable[[KeyFile, bytes | None], None] | None) -> None:
        """Try `pin` against the key file, counted, then `then` under the same try lock."""
        db = self.db
        try:
            with attempts.locked(self.folder):
                current = vault_files.read_key_file(self.folder)
                secret = vault_files.device_secret(current, self._secret_store)
                vault_files.unwrap_counted(self.folder, current, pin, secret, self._secret_store)
                if then is not None:
                    then(current, secret)
        except VaultDestroyed:
            db.close()
            self._forget()
            raise

    def lock(self) -> None:
        """Close the database and drop the key; `Vault.open` unlocks again."""
        with self._lock:
            if self._db is not None:
                self._db.close()
            self._forget()

    def wipe(self) -> None:
        """Lock, then remove every file of the vault and the device secret (device revoked)."""
        with self._lock:
            self.lock()
            Vault.erase(self.folder, secret_store=self._secret_store)

    def _forget(self) -> None:
        if self._data_key is not None:
            self._data_key[:] = bytes(len(self._data_key))
        self._db = None
        self._data_key = None
