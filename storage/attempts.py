"""The count of wrong PINs in a row, kept on disk so that it survives restarts.

The count is raised durably *before* a PIN is tried and reset after a right
one, so killing the app while the key is being derived cannot save an
attempt. It guards the unlock screen; someone who can copy the files must
still pay the key derivation per guess, and lacks the device secret.
"""

from __future__ import annotations

from pathlib import Path

from storage import fsio
from storage.errors import VaultCorrupted
from storage.pin import MAX_ATTEMPTS

FILE_NAME = "unlock-failures"


def read_failures(folder: Path) -> int:
    """Wrong PINs in a row so far (0 when none were recorded)."""
    try:
        text = (folder / FILE_NAME).read_bytes()
    except FileNotFoundError:
        return 0
    if not (text.isascii() and text.isdigit() and len(text) <= 3):
        raise VaultCorrupted("attempt counter damaged")
    return min(int(text), MAX_ATTEMPTS)


def write_failures(folder: Path, failures: int) -> None:
    """Record `failures` durably."""
    fsio.atomic_write(folder / FILE_NAME, str(failures).encode("ascii"))
