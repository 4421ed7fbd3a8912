"""The vault's files on disk: the key file read and written, a PIN try counted, destruction.

`storage.vault` keeps the vault's life (create, open, lock, wipe); this module keeps
what it does to the folder, so each stays small. Every write goes through
`storage.fsio` (atomic replace and a folder fsync).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from storage import attempts, fsio, keyfile
from storage.database import VaultDatabase
from storage.device_secret import DeviceSecretStore
from storage.encrypted_storage import EncryptedStorage
from storage.errors import DeviceSecretMissing, VaultDestroyed, VaultMissing, WrongPin
from storage.kdf import derive_kek
from storage.keyfile import KeyFile
from storage.pin import MAX_ATTEMPTS

KEY_FILE = "vault.key"
DATA_FILE = "contacts.db"


def read_key_file(folder: Path) -> KeyFile:
    try:
        blob = (folder / KEY_FILE).read_bytes()
    except FileNotFoundError:
        raise VaultMissing("no vault in this folder") from None
    return keyfile.parse(blob)


def write_key_file(folder: Path, key_file: KeyFile) -> None:
    fsio.atomic_write(folder / KEY_FILE, key_file.pack())


def device_secret(key_file: KeyFile, store: DeviceSecretStore | None) -> bytes | None:
    if not key_file.device_secret:
        return None
    secret = store.get() if store is not None else None
    if secret is None:
        raise DeviceSecretMissing("this vault needs the device secret")
    return secret


def kek(key_file: KeyFile, pin: str, secret: bytes | None) -> bytes:
    return derive_kek(pin, salt=key_file.salt, params=key_file.params,
                      context=key_file.vault_id, device_secret=secret)


def unwrap_counted(folder: Path, key_file: KeyFile, pin: str, secret: bytes | None,
                    secret_store: DeviceSecretStore | None) -> bytes:
    """The data key for `pin`, counting the attempt before trying it; hold `attempts.locked`."""
    failures = attempts.failures(folder, key_file)
    if failures >= MAX_ATTEMPTS:
        # The tenth attempt was started and never reported right: destroy.
        destroy(folder, secret_store)
        raise VaultDestroyed("too many wrong PINs")
    write_key_file(folder, key_file.counting(failures + 1))
    attempts.forget_legacy(folder)  # a first-version count is in the key file now
    data_key = key_file.unwrap(kek(key_file, pin, secret))
    if data_key is None:
        if failures + 1 >= MAX_ATTEMPTS:
            destroy(folder, secret_store)
            raise VaultDestroyed("too many wrong PINs")
        raise WrongPin(MAX_ATTEMPTS - failures - 1)
    write_key_file(folder, key_file.counting(0))
    return data_key


def destroy(folder: Path, secret_store: DeviceSecretStore | None) -> None:
    """Replace the wrapped key by a tombstone, then remove the data and the device secret."""
    fsio.atomic_write(folder / KEY_FILE, keyfile.tombstone())
    remove_files(folder)
    if secret_store is not None:
        with contextlib.suppress(Exception):
            secret_store.delete()


def open_db(folder: Path, data_key: bytes) -> VaultDatabase:
    return VaultDatabase(folder / DATA_FILE, storage=EncryptedStorage, key=data_key)


def remove_files(folder: Path, *, key_too: bool = False) -> None:
    """Remove the vault's files from `folder` (the key file only if `key_too`)."""
    data = [DATA_FILE + suffix for suffix in ("", ".commit", ".next", ".lock")]
    names = [*data, attempts.LEGACY_FILE, attempts.LOCK_FILE, *([KEY_FILE] if key_too else [])]
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    for name in [*data, KEY_FILE, attempts.LEGACY_FILE]:
        fsio.remove_temps(folder / name)
    fsio.fsync_dir(folder)
