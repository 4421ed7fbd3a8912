"""What the storage tests share: keys, cheap vaults, a repository on a real vault."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tinydb import TinyDB

from storage.kdf import ScryptParams
from storage.repository import ContactRepository
from storage.vault import Vault

from .tinydb_support import FLAVOURS, Opener, snapshot

# The real key derivation costs a third of a second per PIN; tests that are
# not about the key derivation itself use the cheapest parameters allowed.
FAST_KDF = ScryptParams(log2_n=10, r=8, p=1)
PIN = "482915"


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


@pytest.fixture
def memory_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory (tmpfs) where there is one, else on disk.

    For tests that open files thousands of times to check logic that does not
    depend on the disk: a process killed with SIGKILL loses nothing the
    kernel already has, on tmpfs as on disk; power loss is what the
    crash-state tests cover.
    """
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(dir=shm, prefix="streetcontact-test-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[Vault]:
    made = Vault.create(vault_dir, PIN, kdf=FAST_KDF)
    yield made
    made.lock()


@pytest.fixture
def repo(vault: Vault) -> ContactRepository:
    return ContactRepository(vault)


@pytest.fixture(params=sorted(FLAVOURS))
def opener(request: pytest.FixtureRequest, tmp_path: Path, key: bytes) -> Opener:
    return Opener(tmp_path / "db.bin", key, FLAVOURS[request.param])


@pytest.fixture
def db(opener: Opener) -> Iterator[TinyDB]:
    """TinyDB's test database (three documents); afterwards the file must hold what it showed."""
    database = opener()
    database.drop_tables()
    database.insert_multiple({"int": 1, "char": c} for c in "abc")
    yield database
    latest = opener.latest
    assert latest is not None
    shown = snapshot(latest)
    latest.close()
    with opener() as again:
        assert snapshot(again) == shown
