"""An append-only file of encrypted records that survives a crash at any instant.

Layout and encryption are in `storage.fileformat`. How a save stays durable:

1. The new record is written after the last committed byte, then fsync.
2. The *other* of the two commit slots gets (seq + 1, new length, new count),
   then fsync. Only now has the save happened; only now does it return.

Reading takes the authentic slot with the highest seq and requires every
record up to its length to authenticate, each bound to its position.

Torn tail versus tampering. Bytes after the committed length are a save that
crashed before step 2 finished; they are ignored, and the file is rewritten
clean. Truncation can never look like that: every byte that a commit covers
must be there, so cutting the file anywhere below its committed length is
`VaultCorrupted`. A slot that does not authenticate is excused only when
there is such a tail, the proof that a crash interrupted step 2 (a slot is
written only after a record was appended); on a cleanly written file a
damaged slot, even the older one, is corruption. So one flipped bit anywhere
or a cut at any length is always detected, and a crash at any instant opens
as the state before or after the interrupted save.

A rewrite (compaction, or repair after a crash or a failed write) writes a
complete new file next to the old one and replaces it atomically
(`storage.fsio.atomic_write`). Left-over temporary files are removed on open.

What this does not stop: someone who keeps an old copy of the file can put it
back (rollback); appended garbage is dropped as a torn tail.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from storage import fileformat as ff
from storage import fsio
from storage.errors import VaultBusy, VaultCorrupted, WrongKey
from storage.fileformat import FileCipher, Slot

if sys.platform != "win32":
    import fcntl


class Journal:
    """One open data file: its records, its commit, and a lock held while open."""

    def __init__(self, path: Path, key: bytes, *, writable: bool) -> None:
        self.path = path
        self._key = key
        self.writable = writable
        self._lock_fd = _lock(path, exclusive=writable)
        self._fd = -1
        self._cipher: FileCipher | None = None
        self._slot = Slot(0, ff.RECORDS_OFFSET, 0, ff.RECORDS_OFFSET)
        self._active = 0

    @property
    def length(self) -> int:
        """Committed bytes."""
        return self._slot.length

    @property
    def base_bytes(self) -> int:
        """The file's length when it was last written whole."""
        return self._slot.base

    @property
    def appended_bytes(self) -> int:
        """Bytes appended since the file was last written whole."""
        return self._slot.length - self._slot.base

    def load(self, *, rewrite: bool = False) -> list[bytes]:
        """Read the committed records, repairing the file after a crash if writable.

        `rewrite` writes the file anew even when it reads clean: after a failed
        write, what the OS shows may not be what is on the disk.

        Raises:
            VaultCorrupted: the file is damaged, truncated or tampered with.
            WrongKey: the file was written with another key.
        """
        if self.writable:
            fsio.remove_temps(self.path)
        data = self.path.read_bytes()
        cipher, slot, active, clean = _read_commit(data, self._key)
        payloads = list(cipher.open_records(data, end=slot.length, count=slot.count))
        self._cipher, self._slot, self._active = cipher, slot, active
        if self.writable and (rewrite or not clean):
            self.rewrite(payloads)
        else:
            self._reopen()
        return payloads

    def append(self, payload: bytes) -> None:
        """Add one record durably; returns only once it is committed."""
        cipher = self._require_cipher()
        record = cipher.seal_record(self._slot.count, payload)
        fsio.pwrite_all(self._fd, record, self._slot.length)
        fsio.fsync(self._fd)
        old = self._slot
        new = Slot(old.seq + 1, old.length + len(record), old.count + 1, old.base)
        inactive = 1 - self._active
        fsio.pwrite_all(self._fd, cipher.seal_slot(inactive, new),
                        ff.HEADER_SIZE + inactive * ff.SLOT_SIZE)
        fsio.fsync(self._fd)
        self._slot, self._active = new, inactive

    def rewrite(self, payloads: Sequence[bytes]) -> None:
        """Replace the file with one holding exactly `payloads`, under a fresh file key."""
        blob, cipher, slot = _build(self._key, payloads)
        fsio.atomic_write(self.path, blob)
        self._cipher, self._slot, self._active = cipher, slot, 0
        self._reopen()

    def close(self) -> None:
        """Close the file and release the lock."""
        for fd in (self._fd, self._lock_fd):
            if fd >= 0:
                os.close(fd)
        self._fd = self._lock_fd = -1

    def _require_cipher(self) -> FileCipher:
        if self._cipher is None or self._fd < 0 or not self.writable:
            raise ValueError("the journal is not open for writing")
        return self._cipher

    def _reopen(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self._fd = os.open(self.path, os.O_RDWR if self.writable else os.O_RDONLY)


def create_file(path: Path, key: bytes) -> None:
    """Write a new, empty data file at `path`."""
    fsio.atomic_write(path, _build(key, [])[0])


def _build(key: bytes, payloads: Sequence[bytes]) -> tuple[bytes, FileCipher, Slot]:
    cipher = FileCipher.create(key)
    records = [cipher.seal_record(i, p) for i, p in enumerate(payloads)]
    length = ff.RECORDS_OFFSET + sum(len(r) for r in records)
    slot = Slot(1, length, len(records), length)
    older = Slot(0, length, len(records), length)
    parts = [cipher.header.pack(), cipher.seal_slot(0, slot), cipher.seal_slot(1, older), *records]
    return b"".join(parts), cipher, slot


def _read_commit(data: bytes, key: bytes) -> tuple[FileCipher, Slot, int, bool]:
    """The cipher, the commit to read, which slot holds it, and whether the file is clean."""
    cipher = FileCipher(key, ff.parse_header(data))
    slots = [cipher.open_slot(n, data[ff.HEADER_SIZE + n * ff.SLOT_SIZE:][: ff.SLOT_SIZE])
             for n in (0, 1)]
    if not cipher.key_matches():
        if slots == [None, None]:
            raise WrongKey("the key does not open this file")
        raise VaultCorrupted("key check damaged")
    valid = sorted((s.seq, n, s) for n, s in enumerate(slots) if s is not None)
    if not valid:
        raise VaultCorrupted("no authentic commit")
    _, active, slot = valid[-1]
    if not ff.RECORDS_OFFSET <= slot.base <= slot.length <= len(data):
        raise VaultCorrupted("file shorter than its commit")
    if len(valid) == 2 and valid[0][0] == valid[1][0]:
        raise VaultCorrupted("two commits with one number")
    tail = len(data) > slot.length
    if len(valid) == 1 and not tail:
        raise VaultCorrupted("a commit slot is damaged")
    return cipher, slot, active, not tail and len(valid) == 2


def _lock(path: Path, *, exclusive: bool) -> int:
    """Hold an advisory lock on `<path>.lock` so the file is open in one place only."""
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    if sys.platform == "win32":  # no flock there; one instance is the app's own rule
        return fd
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise VaultBusy("the data file is open elsewhere") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise
    return fd
