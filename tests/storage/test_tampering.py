"""Damage and tampering are always detected: never wrong data, never a huge allocation.

A small database's data file and commit file get one bit flipped at every
position (every bit of every byte) and are cut at every length; each variant
must be refused with `VaultCorrupted`. The same holds for the vault's key
file, whose damage must not cost a PIN attempt.
"""

from __future__ import annotations

import struct
import tracemalloc
from pathlib import Path

import pytest

from storage import fileformat as ff
from storage.encrypted_storage import EncryptedStorage
from storage.errors import UnsupportedVersion, VaultCorrupted, WrongKey
from storage.kdf import ScryptParams
from storage.vault import DATA_FILE, KEY_FILE, Vault

from .conftest import FAST_KDF, PIN

DATA = {"_default": {"1": {"alias": "A"}, "2": {"alias": "B"}}}


def small_file(path: Path, key: bytes) -> bytes:
    """A data file with a written-whole part and appended records: every structure present."""
    storage = EncryptedStorage(path, key=key)
    storage.write({"_default": {"1": {"alias": "A"}}})
    storage.compact()
    storage.write(DATA)
    storage.close()
    return path.read_bytes()


def opens_to(path: Path, key: bytes) -> object:
    storage = EncryptedStorage(path, key=key)
    try:
        return storage.read()
    finally:
        storage.close()


def test_small_file_opens_intact(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "db.bin"
    small_file(path, key)
    assert opens_to(path, key) == DATA


def test_every_flipped_bit_is_refused(memory_dir: Path, key: bytes) -> None:
    path = memory_dir / "db.bin"
    original = small_file(path, key)
    refused = 0
    for position in range(len(original)):
        for bit in range(8):
            damaged = bytearray(original)
            damaged[position] ^= 1 << bit
            path.write_bytes(damaged)
            with pytest.raises(VaultCorrupted):
                opens_to(path, key)
            refused += 1
    assert refused == 8 * len(original)


def test_every_flipped_bit_and_cut_of_the_commit_is_refused(memory_dir: Path,
                                                            key: bytes) -> None:
    path = memory_dir / "db.bin"
    small_file(path, key)
    commit = memory_dir / "db.bin.commit"
    original = commit.read_bytes()
    for position in range(len(original)):
        for bit in range(8):
            damaged = bytearray(original)
            damaged[position] ^= 1 << bit
            commit.write_bytes(damaged)
            with pytest.raises(VaultCorrupted):
                opens_to(path, key)
    for length in range(len(original)):
        commit.write_bytes(original[:length])
        with pytest.raises(VaultCorrupted):
            opens_to(path, key)
    commit.unlink()
    with pytest.raises(VaultCorrupted):
        opens_to(path, key)


def test_every_truncation_is_refused(memory_dir: Path, key: bytes) -> None:
    path = memory_dir / "db.bin"
    original = small_file(path, key)
    for length in range(len(original)):
        path.write_bytes(original[:length])
        with pytest.raises(VaultCorrupted):
            opens_to(path, key)


def test_wrong_key_is_told_apart(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "db.bin"
    small_file(path, key)
    with pytest.raises(WrongKey):
        opens_to(path, bytes(32))
    assert opens_to(path, key) == DATA


def header_with(original: bytes, **fields: int) -> bytes:
    layout = ("magic", "version", "cipher", "kdf", "nonce_size", "tag_size", "salt", "check")
    values = dict(zip(layout, struct.unpack_from(">8sHBBBB16s16s", original), strict=True))
    values.update(fields)
    return struct.pack(">8sHBBBB16s16s", *values.values()) + original[ff.HEADER_SIZE:]


@pytest.mark.parametrize(("field", "value", "error"), [
    ("version", 2, UnsupportedVersion),
    ("version", 0xFFFF, UnsupportedVersion),
    ("cipher", 9, VaultCorrupted),
    ("kdf", 0, VaultCorrupted),
    ("nonce_size", 255, VaultCorrupted),
    ("tag_size", 4, VaultCorrupted),
])
def test_header_parameters_out_of_bounds(tmp_path: Path, key: bytes, field: str, value: int,
                                         error: type[Exception]) -> None:
    path = tmp_path / "db.bin"
    path.write_bytes(header_with(small_file(path, key), **{field: value}))
    with pytest.raises(error):
        opens_to(path, key)


@pytest.mark.parametrize("length", [0xFFFFFFFF, 0x7FFFFFFF, 1 << 30, 27])
def test_absurd_record_length_allocates_nothing(tmp_path: Path, key: bytes, length: int) -> None:
    path = tmp_path / "db.bin"
    original = bytearray(small_file(path, key))
    struct.pack_into(">I", original, ff.RECORDS_OFFSET, length)
    path.write_bytes(original)
    tracemalloc.start()
    try:
        with pytest.raises(VaultCorrupted):
            opens_to(path, key)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


def test_every_flipped_bit_of_the_key_file_is_refused_without_costing_attempts(
        vault_dir: Path) -> None:
    Vault.create(vault_dir, PIN, kdf=FAST_KDF).lock()
    key_path = vault_dir / KEY_FILE
    original = key_path.read_bytes()
    for position in range(len(original)):
        damaged = bytearray(original)
        damaged[position] ^= 1 << (position % 8)
        key_path.write_bytes(damaged)
        with pytest.raises(VaultCorrupted):
            Vault.open(vault_dir, PIN)
    key_path.write_bytes(original)
    assert Vault.attempts_left(vault_dir) == 10
    Vault.open(vault_dir, PIN).lock()


def test_every_truncation_of_the_key_file_is_refused(vault_dir: Path) -> None:
    Vault.create(vault_dir, PIN, kdf=FAST_KDF).lock()
    key_path = vault_dir / KEY_FILE
    original = key_path.read_bytes()
    for length in range(len(original)):
        key_path.write_bytes(original[:length])
        with pytest.raises(VaultCorrupted):
            Vault.open(vault_dir, PIN)


@pytest.mark.parametrize("params", [
    ScryptParams(log2_n=40, r=8, p=1),
    ScryptParams(log2_n=20, r=32, p=1),
    ScryptParams(log2_n=17, r=8, p=255),
    ScryptParams(log2_n=3, r=8, p=1),
    ScryptParams(log2_n=17, r=0, p=1),
])
def test_key_derivation_parameters_out_of_bounds_are_refused_before_use(
        vault_dir: Path, params: ScryptParams) -> None:
    from storage import keyfile

    Vault.create(vault_dir, PIN, kdf=FAST_KDF).lock()
    forged = keyfile.KeyFile.new(FAST_KDF, device_secret=False)
    blob = bytearray(forged.pack())
    struct.pack_into(">BHH", blob, 13, params.log2_n & 0xFF, params.r, params.p)
    (vault_dir / KEY_FILE).write_bytes(keyfile._sealed(bytes(blob[: -keyfile.DIGEST_SIZE])))
    tracemalloc.start()
    try:
        with pytest.raises(VaultCorrupted):
            Vault.open(vault_dir, PIN)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


def test_a_data_file_from_another_vault_is_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    Vault.create(first, PIN, kdf=FAST_KDF).lock()
    Vault.create(second, PIN, kdf=FAST_KDF).lock()
    (first / DATA_FILE).write_bytes((second / DATA_FILE).read_bytes())
    with pytest.raises(WrongKey):
        Vault.open(first, PIN)
