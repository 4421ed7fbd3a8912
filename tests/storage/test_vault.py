"""The PIN vault: unlocking, counting wrong PINs across restarts, destruction, PIN change, lock, wipe."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from storage import keyfile, vault_files
from storage.attempts import LOCK_FILE
from storage.device_secret import FileSecretStore
from storage.errors import (
    DeviceSecretMissing,
    PinNotAllowed,
    VaultBusy,
    VaultDestroyed,
    VaultExists,
    VaultLocked,
    VaultMissing,
    WrongPin,
)
from storage.kdf import DEFAULT_SCRYPT, derive_kek
from storage.pin import check_new_pin, warn_before_wipe
from storage.repository import ContactRepository
from storage.vault import DATA_FILE, KEY_FILE, Vault
from tests.factories import make_contact

from .conftest import FAST_KDF, PIN

WRONG = "000000"


def wrong_pin(folder: Path, **kwargs: object) -> int:
    with pytest.raises(WrongPin) as raised:
        Vault.open(folder, WRONG, **kwargs)  # type: ignore[arg-type]
    return raised.value.attempts_left


def test_data_survives_lock_and_unlock(vault: Vault, vault_dir: Path) -> None:
    contact = make_contact()
    ContactRepository(vault).add(contact)
    vault.lock()
    again = Vault.open(vault_dir, PIN)
    assert ContactRepository(again).get(contact.id).contact == contact
    again.lock()


def test_wrong_pins_are_counted_across_restarts(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    assert Vault.attempts_left(vault_dir) == 10
    assert [wrong_pin(vault_dir) for _ in range(3)] == [9, 8, 7]
    # A restart: nothing but the files carries the count.
    assert Vault.attempts_left(vault_dir) == 7
    assert wrong_pin(vault_dir) == 6
    Vault.open(vault_dir, PIN).lock()
    assert Vault.attempts_left(vault_dir) == 10


def test_tenth_wrong_pin_destroys_the_key(vault: Vault, vault_dir: Path) -> None:
    ContactRepository(vault).add(make_contact())
    vault.lock()
    assert [wrong_pin(vault_dir) for _ in range(9)] == list(range(9, 0, -1))
    with pytest.raises(VaultDestroyed):
        Vault.open(vault_dir, WRONG)
    with pytest.raises(VaultDestroyed):
        Vault.open(vault_dir, PIN)
    assert Vault.attempts_left(vault_dir) == 0
    assert not Vault.exists(vault_dir)
    assert sorted(p.name for p in vault_dir.iterdir()) == [KEY_FILE]
    assert (vault_dir / KEY_FILE).read_bytes() == keyfile.tombstone()
    fresh = Vault.create(vault_dir, PIN, kdf=FAST_KDF)
    assert ContactRepository(fresh).counts()["pending"] == 0
    fresh.lock()


class Killed(BaseException):
    """The app is killed."""


def test_an_interrupted_tenth_attempt_counts_as_wrong(vault: Vault, vault_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    vault.lock()
    for _ in range(9):
        wrong_pin(vault_dir)

    def killed_while_deriving(*args: object, **kwargs: object) -> bytes:
        raise Killed

    with monkeypatch.context() as patched:
        patched.setattr(vault_files, "derive_kek", killed_while_deriving)
        with pytest.raises(Killed):
            Vault.open(vault_dir, WRONG)
    with pytest.raises(VaultDestroyed):
        Vault.open(vault_dir, PIN)


@pytest.mark.parametrize(("attempts_left", "warn"), [(10, False), (5, False), (4, True), (1, True)])
def test_the_screen_warns_from_the_seventh_attempt(attempts_left: int, warn: bool) -> None:
    assert warn_before_wipe(attempts_left) is warn


def test_change_pin_keeps_the_data(vault: Vault, vault_dir: Path) -> None:
    contact = make_contact()
    ContactRepository(vault).add(contact)
    data_before = (vault_dir / DATA_FILE).read_bytes()
    vault.change_pin(PIN, "13572468")
    assert (vault_dir / DATA_FILE).read_bytes() == data_before, "data not re-encrypted"
    assert ContactRepository(vault).get(contact.id).contact == contact
    vault.lock()
    wrong = wrong_pin_with(vault_dir, PIN)
    assert wrong == 9
    again = Vault.open(vault_dir, "13572468")
    assert ContactRepository(again).get(contact.id).contact == contact
    again.lock()


def wrong_pin_with(folder: Path, pin: str) -> int:
    with pytest.raises(WrongPin) as raised:
        Vault.open(folder, pin)
    return raised.value.attempts_left


def test_change_pin_with_the_wrong_old_pin_counts(vault: Vault, vault_dir: Path) -> None:
    with pytest.raises(WrongPin) as raised:
        vault.change_pin(WRONG, "13572468")
    assert raised.value.attempts_left == 9
    vault.change_pin(PIN, "13572468")
    assert Vault.attempts_left(vault_dir) == 10
    vault.lock()


def test_checking_the_pin_of_an_open_vault_counts_like_unlocking(
        vault: Vault, vault_dir: Path) -> None:
    key_file_before = (vault_dir / KEY_FILE).read_bytes()
    vault.check_pin(PIN)
    with pytest.raises(WrongPin) as raised:
        vault.check_pin(WRONG)
    assert raised.value.attempts_left == 9
    vault.check_pin(PIN)  # a right one resets the count
    assert Vault.attempts_left(vault_dir) == 10
    assert keyfile.parse((vault_dir / KEY_FILE).read_bytes()).salt == \
        keyfile.parse(key_file_before).salt  # checked, never re-wrapped
    assert not vault.is_locked
    for _ in range(9):
        with pytest.raises(WrongPin):
            vault.check_pin(WRONG)
    with pytest.raises(VaultDestroyed):
        vault.check_pin(WRONG)
    assert vault.is_locked and not Vault.exists(vault_dir)


def test_pin_rules() -> None:
    assert check_new_pin("482915") == []
    assert check_new_pin("12345") == ["too_short"]
    assert check_new_pin("") == ["too_short"]
    assert check_new_pin("12345a") == ["not_digits"]
    assert check_new_pin("１２３４５６") == ["not_digits"]  # full-width digits: no PIN pad has them


def test_a_pin_breaking_the_rules_is_refused(vault: Vault, tmp_path: Path) -> None:
    with pytest.raises(PinNotAllowed) as raised:
        Vault.create(tmp_path / "other", "12a", kdf=FAST_KDF)
    assert raised.value.problems == ["not_digits", "too_short"]
    assert not (tmp_path / "other").exists()
    with pytest.raises(PinNotAllowed):
        vault.change_pin(PIN, "123")
    assert Vault.attempts_left(vault.folder) == 10


def test_device_secret_is_needed(tmp_path: Path) -> None:
    folder, store = tmp_path / "vault", FileSecretStore(tmp_path / "secret" / "device")
    vault = Vault.create(folder, PIN, kdf=FAST_KDF, secret_store=store)
    vault.db.insert({"x": 1})
    vault.lock()
    with pytest.raises(DeviceSecretMissing):
        Vault.open(folder, PIN)
    other_device = FileSecretStore(tmp_path / "elsewhere")
    with pytest.raises(DeviceSecretMissing):
        Vault.open(folder, PIN, secret_store=other_device)
    assert Vault.attempts_left(folder) == 10, "a missing secret is no wrong PIN"
    other_device.create()
    assert wrong_pin_with_store(folder, PIN, other_device) == 9, "another device's secret"
    again = Vault.open(folder, PIN, secret_store=store)
    assert again.db.all() == [{"x": 1}]
    again.wipe()
    assert store.get() is None
    assert not folder.exists()


def wrong_pin_with_store(folder: Path, pin: str, store: FileSecretStore) -> int:
    with pytest.raises(WrongPin) as raised:
        Vault.open(folder, pin, secret_store=store)
    return raised.value.attempts_left


def test_lock_drops_the_key_and_the_data(vault: Vault) -> None:
    repo = ContactRepository(vault)
    repo.add(make_contact())
    storage = vault.db.storage
    vault.lock()
    assert vault.is_locked
    assert vault._data_key is None
    assert storage._tables is None  # type: ignore[attr-defined]
    with pytest.raises(VaultLocked):
        _ = vault.db
    with pytest.raises(VaultLocked):
        repo.counts()
    with pytest.raises(VaultLocked):
        vault.settings.get("x")
    vault.lock()


def test_wipe_removes_everything(vault: Vault, vault_dir: Path) -> None:
    ContactRepository(vault).add(make_contact())
    vault.wipe()
    assert not vault_dir.exists()
    assert vault.is_locked
    with pytest.raises(VaultMissing):
        Vault.open(vault_dir, PIN)


def test_exists_missing_and_busy(vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    assert Vault.exists(vault_dir)
    assert not Vault.exists(tmp_path / "nothing")
    with pytest.raises(VaultExists):
        Vault.create(vault_dir, PIN, kdf=FAST_KDF)
    with pytest.raises(VaultMissing):
        Vault.open(tmp_path / "nothing", PIN)
    with pytest.raises(VaultMissing):
        Vault.attempts_left(tmp_path / "nothing")
    with pytest.raises(VaultBusy):
        Vault.open(vault_dir, PIN)


def test_a_create_cut_short_is_started_over(vault_dir: Path) -> None:
    vault_dir.mkdir()
    (vault_dir / DATA_FILE).write_bytes(b"left over by a crash before the key file")
    assert not Vault.exists(vault_dir)
    Vault.create(vault_dir, PIN, kdf=FAST_KDF).lock()
    Vault.open(vault_dir, PIN).lock()


def test_key_derivation_costs_at_least_250_ms() -> None:
    assert DEFAULT_SCRYPT.n >= 2**17
    costs = []
    for _ in range(2):
        started = time.perf_counter()
        derive_kek(PIN, salt=bytes(16), params=DEFAULT_SCRYPT, context=b"x", device_secret=None)
        costs.append(time.perf_counter() - started)
    assert min(costs) >= 0.25, costs


def test_a_new_vault_uses_the_real_key_derivation(tmp_path: Path) -> None:
    Vault.create(tmp_path / "real", PIN).lock()
    parsed = keyfile.parse((tmp_path / "real" / KEY_FILE).read_bytes())
    assert parsed.params == DEFAULT_SCRYPT


def test_temporary_files_left_by_a_crash_are_removed(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    for leftover in ("vault.key.a1b2.tmp", "unlock-failures.x.tmp", "contacts.db.next.q.tmp",
                     "contacts.db.commit.z.tmp", "contacts.db.r.tmp"):
        (vault_dir / leftover).write_bytes(b"half written")
    Vault.open(vault_dir, PIN).lock()
    assert sorted(p.name for p in vault_dir.iterdir()) == [
        "contacts.db", "contacts.db.commit", "contacts.db.lock", KEY_FILE, LOCK_FILE]
