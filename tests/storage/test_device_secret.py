"""Where the device secret is kept: a file on desktops, the phone's secure storage via Flet."""

from __future__ import annotations

import asyncio
import inspect
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.device_secret import SECRET_SIZE, FileSecretStore, FletSecureStorage
from storage.errors import VaultCorrupted


def test_file_store_round_trip(tmp_path: Path) -> None:
    store = FileSecretStore(tmp_path / "keys" / "device")
    assert store.get() is None
    secret = store.create()
    assert len(secret) == SECRET_SIZE
    assert store.get() == secret
    assert stat.S_IMODE((tmp_path / "keys" / "device").stat().st_mode) == 0o600
    assert store.create() != secret, "a new secret replaces the old one"
    store.delete()
    assert store.get() is None
    store.delete()


def test_file_store_refuses_a_damaged_secret(tmp_path: Path) -> None:
    (tmp_path / "device").write_bytes(b"short")
    with pytest.raises(VaultCorrupted):
        FileSecretStore(tmp_path / "device").get()


class SecureStorageLike:
    """Behaves as `flet_secure_storage.SecureStorage` does: async, string values, on one loop."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.loop: asyncio.AbstractEventLoop | None = None

    async def get(self, key: str) -> str | None:
        assert asyncio.get_running_loop() is self.loop, "called off the page's loop"
        await asyncio.sleep(0)
        return self.values.get(key)

    async def set(self, key: str, value: Any) -> None:
        assert asyncio.get_running_loop() is self.loop
        if value is None:
            raise ValueError("value can't be None")
        self.values[key] = value

    async def remove(self, key: str) -> None:
        assert asyncio.get_running_loop() is self.loop
        self.values.pop(key, None)


@pytest.fixture
def page_loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
    loop.close()


def test_flet_store_round_trip_from_a_worker_thread(page_loop: asyncio.AbstractEventLoop) -> None:
    service = SecureStorageLike()
    service.loop = page_loop
    store = FletSecureStorage(service, loop=page_loop)
    assert store.get() is None
    secret = store.create()
    assert store.get() == secret
    assert secret.hex() not in str(service.values), "kept as base64 text"
    store.delete()
    assert store.get() is None


def test_flet_store_refuses_damage(page_loop: asyncio.AbstractEventLoop) -> None:
    service = SecureStorageLike()
    service.loop = page_loop
    store = FletSecureStorage(service, loop=page_loop, key="k")
    for damaged in ("not base64!", "c2hvcnQ="):
        service.values["k"] = damaged
        with pytest.raises(VaultCorrupted):
            store.get()


def test_flet_store_cannot_be_called_on_the_page_loop(page_loop: asyncio.AbstractEventLoop) -> None:
    service = SecureStorageLike()
    service.loop = page_loop
    store = FletSecureStorage(service, loop=page_loop)

    async def on_the_loop() -> None:
        store.get()

    future = asyncio.run_coroutine_threadsafe(on_the_loop(), page_loop)
    with pytest.raises(RuntimeError, match="worker thread"):
        future.result(timeout=5)


@pytest.mark.flet
def test_flet_secure_storage_has_what_the_store_calls() -> None:
    import flet_secure_storage as secure_storage
    service = secure_storage.SecureStorage()  # no page: constructed, not registered
    for name, arguments in (("get", ["key"]), ("set", ["key", "value"]), ("remove", ["key"])):
        method = getattr(service, name)
        assert inspect.iscoroutinefunction(method), name
        required = [p.name for p in inspect.signature(method).parameters.values()
                    if p.default is inspect.Parameter.empty]
        assert required == arguments, name
    loop = asyncio.new_event_loop()
    try:
        FletSecureStorage(service, loop=loop)
    finally:
        loop.close()
