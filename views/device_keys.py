"""Where this phone keeps its device secret: the Keystore/Keychain on a phone, a file elsewhere.

The secret is mixed into the vault's key, so a copy of the vault folder alone
cannot be attacked by guessing PINs. On Android and iOS it lives in the
platform's secure storage (`flet-secure-storage`); on a desktop or in the
browser version it is a file beside, not inside, the vault folder (a browser's
storage can be cleared by anyone using it, which would make the vault
unreadable). A phone whose vault was made with the file keeps using it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import flet as ft
from flet_secure_storage import SecureStorage

from storage.device_secret import DeviceSecretStore, FileSecretStore, FletSecureStorage


class SecretPlace(Enum):
    """Where the device secret goes (`main.py --device-secret`)."""

    AUTO = "auto"                      # secure storage on a phone, the file elsewhere
    FILE = "file"
    SECURE_STORAGE = "secure-storage"  # also in a browser: for trying the phone's path


def device_secret_store(page: ft.Page, file: Path, place: SecretPlace) -> DeviceSecretStore:
    """The store of the device secret for the phone (or browser) showing `page`."""
    in_file = FileSecretStore(file)
    if place is SecretPlace.FILE:
        return in_file
    if place is SecretPlace.AUTO:
        on_phone = not page.web and page.platform is not None and page.platform.is_mobile()
        if not on_phone or in_file.get() is not None:
            return in_file
    # Created here, in the page's session: Flet registers the service with this page.
    return FletSecureStorage(SecureStorage(), loop=page.loop)
