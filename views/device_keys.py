"""Offering the phone's Keystore/Keychain (Flet's secure storage) for the device secret.

Where the secret goes is the field app's choice (`fieldapp.vault`); the
screens only know whether the page shows on a phone, and make Flet's service
in the page's session, where Flet registers it with the page.
"""

from __future__ import annotations

import flet as ft
from flet_secure_storage import SecureStorage

from fieldapp.vault import VaultKeeper


def offer_secure_storage(page: ft.Page, vault: VaultKeeper) -> None:
    """Let the vault keep its device secret in the secure storage of the phone showing `page`."""
    vault.use_secure_storage(SecureStorage, loop=page.loop, on_phone=on_phone(page))


def on_phone(page: ft.Page) -> bool:
    """Whether `page` is the app on a phone (a phone's browser does not count)."""
    return not page.web and page.platform is not None and page.platform.is_mobile()
