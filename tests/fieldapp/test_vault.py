"""The vault's life as the screens use it: PIN, lock, wrong PINs, damage, the device secret."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from flet_secure_storage import SecureStorage

from fieldapp.app import FieldApp, Phase
from fieldapp.config import FieldAppConfig, SecretPlace
from fieldapp.errors import DataDamaged, DataWiped, WrongPin
from fieldapp.vault import VaultKeeper
from storage.device_secret import FileSecretStore, FletSecureStorage

from .conftest import PIN, every, form


def test_locked_data_needs_the_pin_and_wrong_pins_count(app: FieldApp) -> None:
    app.contacts.save_new(form(app))
    app.vault.lock()
    with pytest.raises(WrongPin) as wrong:
        app.vault.unlock("000000")
    assert wrong.value.attempts_left == 9
    app.vault.unlock(PIN)
    assert len(every(app)) == 1


def test_ten_wrong_pins_erase_the_data(app: FieldApp) -> None:
    app.vault.lock()
    for _ in range(9):
        with pytest.raises(WrongPin):
            app.vault.unlock("000000")
    with pytest.raises(DataWiped):
        app.vault.unlock("000000")
    assert app.phase() is Phase.CREATE_PIN
    assert app.vault.start_over_reason == "too_many_pins"


def test_a_wrong_current_pin_when_changing_it_is_a_wrong_pin_that_counts(app: FieldApp) -> None:
    with pytest.raises(WrongPin) as wrong:
        app.vault.change_pin("000000", "24681357")
    assert wrong.value.attempts_left == 9
    app.vault.change_pin(PIN, "24681357")
    app.vault.lock()
    app.vault.unlock("24681357")
    assert app.phase() is Phase.UNLOCKED


def test_the_last_wrong_pin_when_changing_it_erases_the_data_and_says_so(app: FieldApp) -> None:
    for _ in range(9):
        with pytest.raises(WrongPin):
            app.vault.change_pin("000000", "24681357")
    with pytest.raises(DataWiped):
        app.vault.change_pin("000000", "24681357")
    assert app.phase() is Phase.CREATE_PIN
    assert app.vault.start_over_reason == "too_many_pins"


def test_new_pin_rules() -> None:
    assert VaultKeeper.new_pin_problem("123456", "123456") is None
    assert VaultKeeper.new_pin_problem("12345", "12345") == "too_short"
    assert VaultKeeper.new_pin_problem("12345a", "12345a") == "not_digits"
    assert VaultKeeper.new_pin_problem("123456", "123457") == "mismatch"


def test_a_damaged_vault_is_reported_as_damaged_and_nothing_is_erased(
        app: FieldApp, tmp_path: Path) -> None:
    assert app.contacts.save_new(form(app)) == []
    app.vault.lock()
    data = tmp_path / "vault" / "contacts.db"
    damaged = bytearray(data.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    data.write_bytes(bytes(damaged))
    with pytest.raises(DataDamaged):
        app.vault.unlock(PIN)
    assert data.read_bytes() == bytes(damaged)
    assert app.phase() is Phase.LOCKED  # not taken for a wrong PIN, not wiped


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    made = asyncio.new_event_loop()
    yield made
    made.close()


def _keeper(tmp_path: Path, place: SecretPlace = SecretPlace.AUTO) -> VaultKeeper:
    return VaultKeeper(FieldAppConfig(data_dir=tmp_path, device_secret=place))


def test_the_device_secret_goes_to_secure_storage_on_a_phone_only(
        tmp_path: Path, loop: asyncio.AbstractEventLoop) -> None:
    def placed(keeper: VaultKeeper, *, on_phone: bool) -> type:
        keeper.use_secure_storage(SecureStorage, loop=loop, on_phone=on_phone)
        return type(keeper.secret_store)

    assert placed(_keeper(tmp_path), on_phone=True) is FletSecureStorage
    assert placed(_keeper(tmp_path), on_phone=False) is FileSecretStore
    assert placed(_keeper(tmp_path, SecretPlace.SECURE_STORAGE), on_phone=False) \
        is FletSecureStorage
    assert placed(_keeper(tmp_path, SecretPlace.FILE), on_phone=True) is FileSecretStore
    # A phone whose vault was made with the file keeps it: its secret is there.
    FileSecretStore(tmp_path / "device.secret").create()
    assert placed(_keeper(tmp_path), on_phone=True) is FileSecretStore
