"""The count of wrong PINs cannot be reset: not by deleting or putting back a file, not by racing.

The count lives in the key file and is raised under a lock before each try.
Old vaults, whose count was a file beside the key file, carry it over at the
first try. A damaged count is damage: no PIN is tried, nothing is erased.
"""

from __future__ import annotations

import multiprocessing
import shutil
import threading
from collections import Counter
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from storage import keyfile
from storage.attempts import LEGACY_FILE, LOCK_FILE
from storage.errors import VaultCorrupted, VaultDestroyed, WrongPin
from storage.repository import ContactRepository
from storage.vault import DATA_FILE, KEY_FILE, Vault
from tests.factories import make_contact

from .conftest import PIN

OLD_VAULT = Path(__file__).parent / "vaults" / "before_state_records"
WRONG = "000000"
RACERS = 8


def wrong_pin(folder: Path) -> int:
    with pytest.raises(WrongPin) as raised:
        Vault.open(folder, WRONG)
    return raised.value.attempts_left


def try_wrong_pin(folder: Path) -> int | str:
    """What a wrong PIN was told: the attempts left, or what went wrong instead."""
    try:
        Vault.open(folder, WRONG)
    except WrongPin as wrong:
        return wrong.attempts_left
    except Exception as error:
        return repr(error)
    return "opened"


def side_files(folder: Path) -> list[Path]:
    """Every file of the vault but the key file and the data file's own."""
    return [p for p in folder.iterdir() if p.name != KEY_FILE and not p.name.startswith(DATA_FILE)]


@pytest.fixture
def old_vault(tmp_path: Path) -> Path:
    """A vault written by the version that kept the count in a file beside the key file."""
    folder = tmp_path / "old"
    shutil.copytree(OLD_VAULT, folder)
    return folder


def test_deleting_the_other_files_between_wrong_pins_resets_nothing(
        vault: Vault, vault_dir: Path) -> None:
    ContactRepository(vault).add(make_contact())
    vault.lock()
    left = []
    for _ in range(9):
        left.append(wrong_pin(vault_dir))
        for path in side_files(vault_dir):
            path.unlink()
        (vault_dir / LEGACY_FILE).unlink(missing_ok=True)
    assert left == list(range(9, 0, -1))
    with pytest.raises(VaultDestroyed):
        Vault.open(vault_dir, WRONG)
    with pytest.raises(VaultDestroyed):
        Vault.open(vault_dir, PIN)
    assert not (vault_dir / DATA_FILE).exists()


def test_an_old_vault_carries_its_count_into_the_key_file(old_vault: Path) -> None:
    (old_vault / LEGACY_FILE).write_bytes(b"4")  # four wrong PINs, as the old version wrote it
    assert Vault.attempts_left(old_vault) == 6
    assert wrong_pin(old_vault) == 5
    assert not (old_vault / LEGACY_FILE).exists()
    assert keyfile.parse((old_vault / KEY_FILE).read_bytes()).failures == 5
    assert Vault.attempts_left(old_vault) == 5
    vault = Vault.open(old_vault, PIN)
    assert len(ContactRepository(vault).list()) == 7
    vault.lock()
    assert Vault.attempts_left(old_vault) == 10


def test_an_old_copy_of_the_old_count_file_put_back_resets_nothing(old_vault: Path) -> None:
    (old_vault / LEGACY_FILE).write_bytes(b"2")
    old_copy = (old_vault / LEGACY_FILE).read_bytes()
    assert wrong_pin(old_vault) == 7
    for put_back in (old_copy, b"0"):
        (old_vault / LEGACY_FILE).write_bytes(put_back)
        assert Vault.attempts_left(old_vault) == 7
    assert wrong_pin(old_vault) == 6
    (old_vault / LEGACY_FILE).unlink(missing_ok=True)
    assert Vault.attempts_left(old_vault) == 6


def test_wrong_pins_from_threads_at_once_are_each_counted(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    start = threading.Barrier(RACERS)
    told: list[int | str] = []

    def racer() -> None:
        start.wait()
        told.append(try_wrong_pin(vault_dir))

    threads = [threading.Thread(target=racer) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(told) == Counter(range(9, 9 - RACERS, -1)), "each try saw its own count"
    assert Vault.attempts_left(vault_dir) == 10 - RACERS


def race_in_a_process(folder: Path, start: Barrier, results: Queue[object]) -> None:
    """One process's wrong PIN, tried when all are ready."""
    start.wait()
    results.put(try_wrong_pin(folder))


@pytest.mark.slow
def test_wrong_pins_from_processes_at_once_are_each_counted(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(RACERS)
    results: Queue[object] = context.Queue()
    processes = [context.Process(target=race_in_a_process, args=(vault_dir, start, results))
                 for _ in range(RACERS)]
    for process in processes:
        process.start()
    try:
        told = [results.get(timeout=120) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():
                process.kill()
    assert Counter(told) == Counter(range(9, 9 - RACERS, -1)), "each try saw its own count"
    assert Vault.attempts_left(vault_dir) == 10 - RACERS


def count_forged(blob: bytes, failures: int) -> bytes:
    """`blob` with its count set to `failures` and the checksum made to match."""
    body = bytearray(blob[: -keyfile.DIGEST_SIZE])
    body[keyfile.COUNT_OFFSET] = failures
    return keyfile._sealed(bytes(body))


@pytest.mark.parametrize("damage", ["flipped bit", "count out of bounds"])
def test_a_damaged_count_refuses_every_pin_and_erases_nothing(
        vault: Vault, vault_dir: Path, damage: str) -> None:
    contact = make_contact()
    ContactRepository(vault).add(contact)
    vault.lock()
    for _ in range(3):
        wrong_pin(vault_dir)
    key_path = vault_dir / KEY_FILE
    counted = key_path.read_bytes()
    damaged = bytearray(counted)
    if damage == "flipped bit":
        damaged[keyfile.COUNT_OFFSET] ^= 0x04
    else:
        damaged[:] = count_forged(counted, 200)
    key_path.write_bytes(damaged)
    files_before = {p.name: p.read_bytes() for p in vault_dir.iterdir()}
    for pin in (PIN, WRONG, PIN):
        with pytest.raises(VaultCorrupted):
            Vault.open(vault_dir, pin)
    with pytest.raises(VaultCorrupted):
        Vault.attempts_left(vault_dir)
    files_after = {p.name: p.read_bytes() for p in vault_dir.iterdir() if p.name != LOCK_FILE}
    assert files_after == {k: v for k, v in files_before.items() if k != LOCK_FILE}
    assert Vault.exists(vault_dir)
    key_path.write_bytes(counted)  # repaired: the count is as it was, not reset
    assert Vault.attempts_left(vault_dir) == 7
    again = Vault.open(vault_dir, PIN)
    assert ContactRepository(again).get(contact.id).contact == contact
    again.lock()


def test_a_damaged_old_count_file_refuses_every_pin_and_erases_nothing(old_vault: Path) -> None:
    (old_vault / LEGACY_FILE).write_bytes(b"4x")
    key_before = (old_vault / KEY_FILE).read_bytes()
    for pin in (PIN, WRONG):
        with pytest.raises(VaultCorrupted):
            Vault.open(old_vault, pin)
    assert (old_vault / KEY_FILE).read_bytes() == key_before
    assert (old_vault / DATA_FILE).exists()
    (old_vault / LEGACY_FILE).write_bytes(b"4")
    assert Vault.attempts_left(old_vault) == 6


def test_a_key_file_cut_to_the_old_length_is_still_refused_as_damage(
        vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    wrong_pin(vault_dir)
    key_path = vault_dir / KEY_FILE
    counted = key_path.read_bytes()
    without_count = counted[: keyfile.COUNT_OFFSET]
    key_path.write_bytes(keyfile._sealed(without_count))
    with pytest.raises(VaultCorrupted):
        Vault.open(vault_dir, PIN)
    key_path.write_bytes(counted)
    assert Vault.attempts_left(vault_dir) == 9
