"""The device secret: a random value kept apart from the vault, mixed into its key.

On a phone it lives in the platform's secure storage (Android Keystore, iOS
Keychain) through Flet's `flet-secure-storage` service, so a copy of the
vault's files alone cannot be attacked by guessing PINs. On a desktop or in a
browser session, `FileSecretStore` keeps it in a file outside the vault
folder: weaker, but a copied vault folder alone is still not enough.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from storage import fsio
from storage.errors import VaultCorrupted

SECRET_SIZE = 32
DEFAULT_KEY = "streetcontact.device_secret"
_T = TypeVar("_T")


class DeviceSecretStore(Protocol):
    """Where the device secret is kept."""

    def get(self) -> bytes | None:
        """The secret, or None when there is none."""
        ...

    def create(self) -> bytes:
        """Make, keep and return a new random secret, replacing any old one."""
        ...

    def delete(self) -> None:
        """Forget the secret (nothing happens when there is none)."""
        ...


class FileSecretStore:
    """The device secret in a file readable by this user only, outside the vault folder."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def get(self) -> bytes | None:
        try:
            secret = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if len(secret) != SECRET_SIZE:
            raise VaultCorrupted("device secret file damaged")
        return secret

    def create(self) -> bytes:
        secret = os.urandom(SECRET_SIZE)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fsio.remove_temps(self.path)
        fsio.atomic_write(self.path, secret)
        return secret

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        fsio.fsync_dir(self.path.parent)


class SecureStorageService(Protocol):
    """What this module needs of `flet_secure_storage.SecureStorage` (its async methods)."""

    def get(self, key: str) -> Awaitable[str | None]: ...

    def set(self, key: str, value: Any) -> Awaitable[None]: ...

    def remove(self, key: str) -> Awaitable[None]: ...


class FletSecureStorage:
    """The device secret in the phone's Keystore/Keychain, through Flet's secure storage.

    Flet services are asynchronous and belong to the page's event loop, while
    unlocking runs in a worker thread (the key derivation must not freeze
    the screen). Calls are handed to `loop` and awaited from the calling
    thread, which therefore must not be the loop's own.

    The app creates the service (`flet_secure_storage.SecureStorage()`) and
    passes it with `page.loop`; this module does not import Flet.
    """

    def __init__(self, service: SecureStorageService, *, loop: asyncio.AbstractEventLoop,
                 key: str = DEFAULT_KEY, timeout: float = 30.0) -> None:
        self._service = service
        self._loop = loop
        self._key = key
        self._timeout = timeout

    def get(self) -> bytes | None:
        value = self._call(lambda: self._service.get(self._key))
        if value is None:
            return None
        try:
            secret = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raise VaultCorrupted("device secret damaged") from None
        if len(secret) != SECRET_SIZE:
            raise VaultCorrupted("device secret damaged")
        return secret

    def create(self) -> bytes:
        secret = os.urandom(SECRET_SIZE)
        encoded = base64.b64encode(secret).decode("ascii")
        self._call(lambda: self._service.set(self._key, encoded))
        return secret

    def delete(self) -> None:
        self._call(lambda: self._service.remove(self._key))

    def _call(self, start: Callable[[], Awaitable[_T]]) -> _T:
        if _running_in(self._loop):
            raise RuntimeError("call the device secret store from a worker thread")

        async def wait() -> _T:
            return await start()

        return asyncio.run_coroutine_threadsafe(wait(), self._loop).result(self._timeout)


def _running_in(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False

