"""A failure at any step of a write is reported, and leaves the old or the new state.

Every file-system step of a write goes through `storage.fsio`. These tests
record the steps one write takes (append; rewrite of the whole file; the
vault's key file), then make each step in turn fail: the caller gets an
error, the files reopen as the state before or after, and the same storage
goes on working.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from storage import encrypted_storage, fsio
from storage.encrypted_storage import EncryptedStorage
from storage.errors import WriteFailed, WrongPin
from storage.vault import Vault

from .conftest import FAST_KDF, PIN

STEPS = ("create_temp", "write_all", "pwrite_all", "fsync", "truncate", "replace", "fsync_dir")
BEFORE = {"_default": {"1": {"alias": "A"}}}
AFTER = {"_default": {"1": {"alias": "A"}, "2": {"alias": "B"}}}
LATER = {"_default": {"1": {"alias": "A"}, "2": {"alias": "B"}, "3": {"alias": "C"}}}


class Faults:
    """Counts the calls of every step; makes the `fail_at`-th call raise EIO."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        self.fail_at: int | None = None
        for name in STEPS:
            monkeypatch.setattr(fsio, name, self._wrap(name, getattr(fsio, name)))

    def _wrap(self, name: str, step: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            if self.fail_at is not None and len(self.calls) == self.fail_at:
                raise OSError(errno.EIO, "injected failure")
            return step(*args, **kwargs)

        return wrapped

    def record(self, action: Callable[[], None]) -> list[str]:
        """The steps `action` takes."""
        self.calls, self.fail_at = [], None
        action()
        return list(self.calls)

    def fail(self, index: int, action: Callable[[], None]) -> None:
        """Run `action` with its `index`-th step (from 1) failing."""
        self.calls, self.fail_at = [], index
        try:
            action()
        finally:
            self.fail_at = None


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[Faults]:
    yield Faults(monkeypatch)


def reopened(path: Path, key: bytes) -> object:
    storage = EncryptedStorage(path, key=key)
    try:
        return storage.read()
    finally:
        storage.close()


def fresh(path: Path, key: bytes) -> EncryptedStorage:
    for leftover in path.parent.iterdir():
        leftover.unlink()
    storage = EncryptedStorage(path, key=key)
    storage.write(BEFORE)
    return storage


@pytest.mark.parametrize("rewrite", [False, True], ids=["append", "rewrite"])
def test_failure_at_every_step_of_a_save(tmp_path: Path, key: bytes, faults: Faults,
                                         monkeypatch: pytest.MonkeyPatch, rewrite: bool) -> None:
    if rewrite:
        monkeypatch.setattr(encrypted_storage, "MIN_APPENDED", 0)
        monkeypatch.setattr(encrypted_storage, "COMPACT_RATIO", 0)
    path = tmp_path / "db" / "db.bin"
    path.parent.mkdir()
    storage = fresh(path, key)
    steps = faults.record(lambda: storage.write(AFTER))
    storage.close()
    expected_steps = {"fsync", "replace", "fsync_dir", "create_temp", "write_all"}
    assert expected_steps <= set(steps)
    assert ("pwrite_all" in steps) != rewrite
    for index, step in enumerate(steps, start=1):
        storage = fresh(path, key)
        with pytest.raises(WriteFailed):
            faults.fail(index, lambda storage=storage: storage.write(AFTER))  # type: ignore[misc]
        shown = storage.read()
        assert shown in (BEFORE, AFTER), step
        storage.write(LATER)
        assert storage.read() == LATER
        storage.close()
        assert reopened(path, key) == LATER, step
        assert sorted(p.name for p in path.parent.iterdir()) == [
            "db.bin", "db.bin.commit", "db.bin.lock"], step


@pytest.mark.parametrize("rewrite", [False, True], ids=["append", "rewrite"])
def test_files_after_a_failed_step_reopen_as_before_or_after(
        tmp_path: Path, key: bytes, faults: Faults, monkeypatch: pytest.MonkeyPatch,
        rewrite: bool) -> None:
    if rewrite:
        monkeypatch.setattr(encrypted_storage, "MIN_APPENDED", 0)
        monkeypatch.setattr(encrypted_storage, "COMPACT_RATIO", 0)
    path = tmp_path / "db" / "db.bin"
    path.parent.mkdir()
    storage = fresh(path, key)
    steps = faults.record(lambda: storage.write(AFTER))
    storage.close()
    for index in range(1, len(steps) + 1):
        storage = fresh(path, key)
        with pytest.raises(WriteFailed):
            faults.fail(index, lambda storage=storage: storage.write(AFTER))  # type: ignore[misc]
        storage.close()  # as if the app died right after the error
        assert reopened(path, key) in (BEFORE, AFTER), steps[index - 1]


def test_failure_at_every_step_of_a_pin_change(vault_dir: Path, faults: Faults) -> None:
    vault = Vault.create(vault_dir, PIN, kdf=FAST_KDF)
    vault.db.insert({"kept": True})
    steps = faults.record(lambda: vault.change_pin(PIN, "111111"))
    vault.change_pin("111111", PIN)
    vault.lock()
    for index in range(1, len(steps) + 1):
        vault = Vault.open(vault_dir, PIN)
        with pytest.raises(OSError):
            faults.fail(index, lambda vault=vault: vault.change_pin(PIN, "111111"))  # type: ignore[misc]
        vault.lock()
        opened = None
        for pin in (PIN, "111111"):
            try:
                opened = Vault.open(vault_dir, pin)
                break
            except WrongPin:
                continue
        assert opened is not None, f"neither PIN opens after a failed {steps[index - 1]}"
        assert opened.db.all() == [{"kept": True}]
        if pin != PIN:
            opened.change_pin(pin, PIN)
        opened.lock()
