"""On the phone: the encrypted TinyDB storage, the PIN vault and the contact repository.

- `storage.vault.Vault`: create/open/lock/wipe the vault with the PIN; `vault.db`,
  `vault.settings`.
- `storage.repository.ContactRepository`: the only way the app and sync touch contacts;
  `storage.sync_states` (where a contact stands with the server, the outbox states),
  `storage.feedback` (applying pulled changes), `storage.retention` (when one may go).
- `storage.encrypted_storage.EncryptedStorage`: the TinyDB storage underneath
  (`storage.journal`, `storage.fileformat`, `storage.changes`, `storage.database`).
- `storage.device_secret`: where the device secret lives (file, or Flet secure storage).
- `storage.pin`: the PIN rules, for the app to check before creating a vault.
- `storage.errors`: every error of this package, also importable from here.
"""

from storage.errors import (
    ContactExists,
    ContactNotFound,
    DeviceSecretMissing,
    InvalidContact,
    PinNotAllowed,
    StorageError,
    UnsupportedVersion,
    VaultBusy,
    VaultCorrupted,
    VaultDestroyed,
    VaultExists,
    VaultLocked,
    VaultMissing,
    WriteFailed,
    WrongKey,
    WrongPin,
)

__all__ = [
    "ContactExists",
    "ContactNotFound",
    "DeviceSecretMissing",
    "InvalidContact",
    "PinNotAllowed",
    "StorageError",
    "UnsupportedVersion",
    "VaultBusy",
    "VaultCorrupted",
    "VaultDestroyed",
    "VaultExists",
    "VaultLocked",
    "VaultMissing",
    "WriteFailed",
    "WrongKey",
    "WrongPin",
]
