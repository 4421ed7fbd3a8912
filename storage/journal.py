"""An append-only file of encrypted records that survives a crash at any instant.

Three names per database `P` (layouts in `storage.fileformat`):

- `P`        the data file: a header, then encrypted records, appended;
- `P.commit` what is saved: the data file's salt, its committed length and
             record count; small, authenticated, and only ever replaced whole
             (temporary file, fsync, rename, fsync of the folder);
- `P.next`   a data file being written whole (compaction), for a moment.

A save appends its record after the committed bytes and fsyncs, then
replaces the commit file. The save has happened once the new commit file is
in place; only then does it return.

Torn tail versus tampering. A rename is atomic, so the commit file is always
a complete old or new commit, never a torn one: anything about it that does
not authenticate is damage. Bytes of the data file beyond the committed
length are a save that crashed before its commit; they are cut off. Cutting
the data file anywhere below its committed length is `VaultCorrupted`, and so
is any flipped bit in either file (records are authenticated, each bound to
its position, and the header is bound to every record and named by the
commit). A crash at any instant opens as the state before or after the
interrupted save.

Writing the file whole: `P.next` is written completely, then the commit file
is replaced by one naming the new salt (the commit point), then `P.next` is
renamed to `P`. On open, a commit that names `P.next` rather than `P` means a
crash came between the last two steps: the rename is finished then ("roll
forward"). A `P.next` the commit does not name is an unfinished rewrite and
is removed, as are temporary files.

Not stopped: someone who keeps an old copy of both files can put them back
(rollback); bytes appended to the data file are dropped as a torn tail.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from storage import fileformat as ff
from storage import fsio
from storage.errors import VaultBusy, VaultCorrupted, WrongKey
from storage.fileformat import Commit, CommitCipher, FileCipher

if sys.platform != "win32":
    import fcntl


class Journal:
    """One open database: its data file, its commit, and a lock held while open."""

    def __init__(self, path: Path, key: bytes, *, writable: bool) -> None:
        self.path = path
        self.commit_path = _sibling(path, ".commit")
        self.next_path = _sibling(path, ".next")
        self.writable = writable
        self._key = key
        self._commits = CommitCipher(key)
        self._lock_fd = _lock(_sibling(path, ".lock"), exclusive=writable)
        self._fd = -1
        self._cipher: FileCipher | None = None
        self._commit = Commit(0, b"", ff.RECORDS_OFFSET, 0, ff.RECORDS_OFFSET)

    @property
    def base_bytes(self) -> int:
        """The data file's length when it was last written whole."""
        return self._commit.base

    @property
    def appended_bytes(self) -> int:
        """Bytes appended since the data file was last written whole."""
        return self._commit.length - self._commit.base

    def exists(self) -> bool:
        return self.commit_path.exists() or self.path.exists()

    def create(self) -> None:
        """Write a new, empty database."""
        with contextlib.suppress(FileNotFoundError):
            self.next_path.unlink()
        self.rewrite([])

    def load(self, *, rewrite: bool = False) -> list[bytes]:
        """Read the committed records; if writable, finish or clean up after a crash.

        `rewrite` writes the data file anew even when it reads clean: after a
        failed write, what the OS shows may not be what is on the disk.

        Raises:
            VaultCorrupted: a file is damaged, truncated or tampered with.
            WrongKey: the files were written with another key.
        """
        if self.writable:
            for name in (self.path, self.commit_path, self.next_path):
                fsio.remove_temps(name)
        commit, data = self._read_commit()
        cipher = FileCipher(self._key, ff.parse_header(data))
        if not cipher.key_matches():
            raise VaultCorrupted("key check damaged")
        if len(data) < commit.length or commit.base > commit.length:
            raise VaultCorrupted("data file shorter than its commit")
        payloads = list(cipher.open_records(data, end=commit.length, count=commit.count))
        self._cipher, self._commit = cipher, commit
        self._reopen()
        if self.writable and rewrite:
            self.rewrite(payloads)
        elif self.writable and len(data) > commit.length:
            fsio.truncate(self._fd, commit.length)
            fsio.fsync(self._fd)
        return payloads

    def append(self, payload: bytes) -> None:
        """Add one record durably; returns only once it is committed."""
        cipher = self._writable_cipher()
        old = self._commit
        record = cipher.seal_record(old.count, payload)
        fsio.pwrite_all(self._fd, record, old.length)
        fsio.fsync(self._fd)
        new = Commit(old.seq + 1, old.salt, old.length + len(record), old.count + 1, old.base)
        fsio.atomic_write(self.commit_path, self._commits.seal(new))
        self._commit = new

    def rewrite(self, payloads: Sequence[bytes]) -> None:
        """Replace the data file with one holding exactly `payloads`, under a fresh file key."""
        cipher = FileCipher.create(self._key)
        records = [cipher.seal_record(i, p) for i, p in enumerate(payloads)]
        blob = b"".join([cipher.header.pack(), *records])
        commit = Commit(self._commit.seq + 1, cipher.header.salt, len(blob), len(records),
                        len(blob))
        fsio.atomic_write(self.next_path, blob)
        fsio.atomic_write(self.commit_path, self._commits.seal(commit))
        self._cipher, self._commit = cipher, commit
        fsio.replace(self.next_path, self.path)
        fsio.fsync_dir(self.path.parent)
        self._reopen()

    def close(self) -> None:
        """Close the data file and release the lock."""
        for fd in (self._fd, self._lock_fd):
            if fd >= 0:
                os.close(fd)
        self._fd = self._lock_fd = -1

    def _read_commit(self) -> tuple[Commit, bytes]:
        """The commit and the bytes of the data file it names (rolled forward if need be)."""
        blob = _read(self.commit_path)
        data = _read(self.path)
        if blob is None:
            raise VaultCorrupted("commit file missing")
        commit = self._commits.open(blob)
        if commit is None:
            _raise_for_unauthentic_commit(self._key, data)
        if data is not None and ff.parse_header(data).salt == commit.salt:
            if self.writable:
                with contextlib.suppress(FileNotFoundError):
                    self.next_path.unlink()
            return commit, data
        pending = _read(self.next_path)
        if pending is None or _salt(pending) != commit.salt:
            if data is not None and not FileCipher(self._key, ff.parse_header(data)).key_matches():
                raise WrongKey("the data file was written with another key")
            raise VaultCorrupted("the commit does not name the data file")
        if self.writable:
            fsio.replace(self.next_path, self.path)
            fsio.fsync_dir(self.path.parent)
        return commit, pending

    def _writable_cipher(self) -> FileCipher:
        if self._cipher is None or self._fd < 0 or not self.writable:
            raise ValueError("the journal is not open for writing")
        return self._cipher

    def _reopen(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self.writable:
            self._fd = os.open(self.path, os.O_RDWR)


def _raise_for_unauthentic_commit(key: bytes, data: bytes | None) -> NoReturn:
    """A commit that does not authenticate: another key (WrongKey) or damage."""
    try:
        header = ff.parse_header(data) if data is not None else None
    except VaultCorrupted:
        header = None
    if header is not None and not FileCipher(key, header).key_matches():
        raise WrongKey("the key does not open this database")
    raise VaultCorrupted("commit file damaged")


def _salt(data: bytes) -> bytes | None:
    try:
        return ff.parse_header(data).salt
    except VaultCorrupted:
        return None


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _lock(lock_path: Path, *, exclusive: bool) -> int:
    """Hold an advisory lock on `lock_path` so the database is open in one place only."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    if sys.platform == "win32":  # no flock there; one instance is the app's own rule
        return fd
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise VaultBusy("the database is open elsewhere") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise
    return fd
