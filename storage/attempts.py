"""The count of wrong PINs in a row: kept in the key file, raised under a lock before each try.

The count lives in the key file itself (`storage.keyfile`), so it goes
wherever the wrapped key goes: deleting or putting back any other file of
the vault resets nothing. Before a PIN is tried the key file is rewritten
with the count raised, durably (`storage.fsio`); after a right PIN, with 0.
Killing the app while the key is derived therefore cannot save an attempt.

Reading the count, raising it and trying the PIN happen under `locked`: a
lock of this process and an advisory lock (flock) on a file in the vault's
folder, so tries from several threads or processes are counted one by one.
Where there is no flock (Windows) only the lock of this process remains; the
app runs one instance there.

The first version kept the count in a file beside the key file
(`LEGACY_FILE`). Its count is carried into the key file at the first try,
then that file is removed and never read again.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from storage import fsio
from storage.errors import VaultCorrupted
from storage.keyfile import KeyFile
from storage.pin import MAX_ATTEMPTS

if sys.platform != "win32":
    import fcntl

LEGACY_FILE = "unlock-failures"
LOCK_FILE = "vault.key.lock"

_registry = threading.Lock()
_folder_locks: dict[str, threading.Lock] = {}


def failures(folder: Path, key_file: KeyFile) -> int:
    """Wrong PINs in a row so far.

    Raises:
        VaultCorrupted: a version 1 vault's count file is damaged.
    """
    if key_file.failures is not None:
        return key_file.failures
    try:
        text = (folder / LEGACY_FILE).read_bytes()
    except FileNotFoundError:
        return 0
    if not (text.isascii() and text.isdigit() and len(text) <= 3):
        raise VaultCorrupted("attempt counter damaged")
    return min(int(text), MAX_ATTEMPTS)


def forget_legacy(folder: Path) -> None:
    """Remove the first version's count file, once its count is in the key file."""
    try:
        (folder / LEGACY_FILE).unlink()
    except FileNotFoundError:
        return
    fsio.fsync_dir(folder)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the vault's try lock: no other thread or process reads or changes the count."""
    with _process_lock(folder):
        if sys.platform == "win32":
            yield
            return
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the file releases the flock


def _process_lock(folder: Path) -> threading.Lock:
    with _registry:
        return _folder_locks.setdefault(str(Path(folder).resolve()), threading.Lock())
