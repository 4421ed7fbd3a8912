"""The file-system steps of a durable write, one function per step.

Every write of the storage layer goes through these functions and nothing
else, so that a test can make any single step fail and check that the data
is still the old or the new state.

A whole-file write is: a temporary file in the same folder, write, fsync,
`os.replace` over the target, fsync the folder (so the rename itself is on
disk). A crash at any point leaves either the old or the new file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new temporary file next to `name` in `folder`, readable by this user only."""
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f"{name}.", suffix=TEMP_SUFFIX)
    return fd, Path(temp)


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` at the file's current position."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def pwrite_all(fd: int, data: bytes, offset: int) -> None:
    """Write all of `data` at `offset`, leaving the file position alone."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


def fsync(fd: int) -> None:
    """Make what was written to `fd` durable."""
    os.fsync(fd)


def truncate(fd: int, length: int) -> None:
    """Cut the file to `length` bytes."""
    os.ftruncate(fd, length)


def replace(source: Path, target: Path) -> None:
    """Atomically put `source` in place of `target`."""
    source.replace(target)


def fsync_dir(folder: Path) -> None:
    """Make renames and new files in `folder` durable (a no-op where folders cannot be opened)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the file at `path` with `data`, durably and all at once."""
    fd, temp = create_temp(path.parent, path.name)
    try:
        try:
            write_all(fd, data)
            fsync(fd)
        finally:
            os.close(fd)
        replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_dir(path.parent)


def remove_temps(path: Path) -> int:
    """Remove temporary files a crash left next to `path`; how many were removed."""
    removed = 0
    prefix = f"{path.name}."
    for temp in path.parent.iterdir():
        if temp.name.startswith(prefix) and temp.name.endswith(TEMP_SUFFIX):
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
                removed += 1
    return removed
