"""Errors of the storage layer, one small class per thing that can go wrong.

Screens translate them by class (and `attempts_left`); the message text is
never shown to a person and never holds personal data.
"""

from __future__ import annotations

from model import InvalidContact

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


class StorageError(Exception):
    """Base of the storage layer's own errors."""


class VaultCorrupted(StorageError):
    """A vault file is damaged, truncated or tampered with, or its header is out of bounds."""


class WrongKey(VaultCorrupted):
    """The data file does not open with this key (another key, or its key salt was damaged)."""


class UnsupportedVersion(VaultCorrupted):
    """A vault file was written in a format version this app does not know."""


class WriteFailed(StorageError, OSError):
    """A write did not reach the disk; the data is as it was before it, or as it would be after."""


class VaultBusy(StorageError):
    """The vault is already open, in this program or another."""


class WrongPin(StorageError):
    """The PIN does not unlock the vault; `attempts_left` tries remain before it is destroyed."""

    def __init__(self, attempts_left: int) -> None:
        super().__init__(f"attempts_left={attempts_left}")
        self.attempts_left = attempts_left


class PinNotAllowed(StorageError):
    """The new PIN breaks the PIN rules; `problems` holds codes of `storage.pin.PinProblem`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(", ".join(problems))
        self.problems = problems


class VaultDestroyed(StorageError):
    """Too many wrong PINs: the key was destroyed and the data cannot be recovered."""


class VaultLocked(StorageError):
    """The vault is locked: unlock it with the PIN first."""


class VaultExists(StorageError):
    """A vault already exists in this folder."""


class VaultMissing(StorageError):
    """There is no vault in this folder."""


class DeviceSecretMissing(StorageError):
    """The vault needs this device's secret, and the device's secure storage does not have it."""


class ContactNotFound(StorageError):
    """No contact with this id is stored."""


class ContactExists(StorageError):
    """A contact with this id is already stored."""
