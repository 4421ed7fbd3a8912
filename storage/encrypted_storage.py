"""An encrypted, crash-safe TinyDB storage: `TinyDB(path, storage=EncryptedStorage, key=key)`.

The database lives in memory and on disk as a journal of encrypted records
(`storage.journal`: the data file at `path`, and `path.commit` saying how much
of it is saved), each record holding what one write changed
(`storage.changes`). Opening replays the journal once; reads never touch the
disk; a write appends one small record and returns when it is durable, so its
cost does not grow with the data. When the appended records pass a tenth of the file's base
size, the next write rewrites the file whole (compaction), so replaying at
open stays cheap and the cost of rewriting is spread over many saves.

With TinyDB's own `Table`, which hands the storage the whole database on every
write, the storage finds what changed by comparing each document with an
image of it; `storage.database.VaultTable` tells it directly instead, which
keeps a save's cost independent of the number of documents.

Documents handed out share nested lists and dicts with the storage's copy, as
with TinyDB's `MemoryStorage` and `CachingMiddleware`: change documents through
TinyDB's operations. With TinyDB's own `Table`, a document changed outside
them is put back at the next read, as a reread of the file would.

A write that fails raises `WriteFailed` (an `OSError`); the files then hold
the state before or after that write, and the next operation reloads them.
One lock guards the files and the copy in memory: a write from another
thread waits, and closing waits for a write in progress.
"""

from __future__ import annotations

import json
import marshal
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storage import changes
from storage.changes import Images, Op, TableChange, Tables
from storage.errors import StorageError, VaultCorrupted, WriteFailed
from storage.journal import Journal

# Compaction once appended records pass this share of the file's base size
# (and at least MIN_APPENDED bytes): keeps the replay of small records at
# open to a tenth of the data, and rewrites to one per hundreds of saves.
COMPACT_RATIO = 0.1
MIN_APPENDED = 64 * 1024
# Documents per record when the file is written whole: keeps records a few
# megabytes each.
SNAPSHOT_CHUNK = 2000


class EncryptedStorage(Storage):
    """A TinyDB storage keeping the database encrypted (AES-256-GCM) and durable."""

    def __init__(self, path: str | os.PathLike[str], *, key: bytes, create_dirs: bool = False,
                 access_mode: str = "r+") -> None:
        """Open or create the data file.

        Args:
            path: the data file (`path.commit` and `path.lock` go next to it); created if
                missing (unless `access_mode` is "r").
            key: the 32-byte data key.
            create_dirs: create the file's missing parent folders.
            access_mode: "r+" to read and write, "r" to read only.

        Raises:
            VaultCorrupted: the file is damaged, truncated or tampered with (`WrongKey`:
                another key).
            VaultBusy: the file is open elsewhere.
        """
        super().__init__()
        if access_mode not in ("r", "r+"):
            raise ValueError("access_mode must be 'r' or 'r+'")
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes")
        self._path = Path(path)
        self._lock = threading.RLock()
        if create_dirs:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        self._journal: Journal | None = Journal(self._path, bytes(key),
                                                writable=access_mode == "r+")
        self._tables: Tables | None = None
        self._images: Images | None = None
        self._handed_out = False
        self._broken = False
        try:
            if not self._journal.exists():
                if access_mode == "r":
                    raise FileNotFoundError(str(self._path))
                self._journal.create()
            self._load(repair=False)
        except BaseException:
            self.close()
            raise

    # TinyDB's storage interface

    def read(self) -> dict[str, dict[str, Any]] | None:
        with self._lock:
            self._ready()
            if self._tables is None:
                return None
            if self._images is None:
                self._images = changes.images_of(self._tables)
            elif self._handed_out:
                self._restore_images()
            self._handed_out = True
            return dict(self._tables)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        with self._lock:
            self._ready()
            try:
                ops = changes.diff(self._tables, data, self._images or {})
                if ops:
                    self._commit(ops)
            except BaseException:
                self._restore_images()
                raise
            finally:
                self._handed_out = False

    def close(self) -> None:
        """Close the file and forget the data held in memory."""
        with self._lock:
            if self._journal is not None:
                self._journal.close()
            self._journal = None
            self._tables = self._images = None

    # What storage.database.VaultTable uses

    def table(self, name: str) -> dict[str, Any]:
        """The committed documents of one table, by id as text; read them, never change them."""
        with self._lock:
            self._ready()
            return (self._tables or {}).get(name) or {}

    def table_names(self) -> set[str]:
        with self._lock:
            self._ready()
            return set(self._tables or {})

    def update_table(self, name: str, updater: Callable[[TableChange], None], *,
                     id_class: Callable[[str], Any] = int) -> None:
        """Run a TinyDB update function on one table and store what it changed, in one write."""
        self.update_tables((name,), lambda views: updater(views[name]), id_class=id_class)

    def update_tables(self, names: Sequence[str],
                      updater: Callable[[dict[str, TableChange]], None], *,
                      id_class: Callable[[str], Any] = int) -> None:
        """Run an update function on several tables and store what it changed, in one write.

        `updater` gets each named table as a `TableChange`; what it changes in
        all of them goes into one journal record, so a crash leaves all or none.
        If it raises, nothing is stored and documents it changed in place are put back.
        """
        with self._lock:
            self._ready()
            tables = self._tables or {}
            bases = {name: tables.get(name) for name in dict.fromkeys(names)}
            views = {name: TableChange(base if base is not None else {}, id_class)
                     for name, base in bases.items()}
            try:
                updater(views)
                ops = [op for name, view in views.items()
                       for op in view.ops(name, exists=bases[name] is not None)]
                if ops:
                    self._commit(ops)
            except BaseException:
                for view in views.values():
                    view.undo()
                raise

    def drop_table(self, name: str) -> None:
        with self._lock:
            self._ready()
            if self._tables is not None and name in self._tables:
                self._commit([["drop", name]])

    def compact(self) -> None:
        """Rewrite the file whole, without the history of appended records."""
        with self._lock:
            self._ready()
            self._io(self._rewrite)

    # Inside

    def _ready(self) -> None:
        if self._journal is None:
            raise StorageError("the storage is closed")
        if self._broken:
            self._load(repair=True)

    def _load(self, *, repair: bool) -> None:
        journal = self._require_journal()
        # After a failed write the disk may differ from what the OS shows (a
        # failed fsync can drop pages), so a reload then writes the file anew.
        payloads = journal.load(rewrite=repair)
        state: Tables | None = None
        try:
            for payload in payloads:
                state = changes.apply(state, json.loads(payload))
        except ValueError as exc:  # JSONDecodeError is a ValueError
            raise VaultCorrupted("a record does not hold database changes") from exc
        self._tables, self._images, self._handed_out = state, None, False
        self._broken = False

    def _commit(self, ops: list[Op]) -> None:
        journal = self._require_journal()
        if not journal.writable:
            raise WriteFailed("opened read-only")
        payload = json.dumps(ops).encode("ascii")
        decoded = json.loads(payload)
        # What cannot be replayed at open must never reach the file (documents
        # are dicts): replayed on an empty state, a malformed operation raises here.
        changes.apply(None, decoded)
        threshold = max(MIN_APPENDED, int(journal.base_bytes * COMPACT_RATIO))
        compact = journal.appended_bytes + len(payload) > threshold
        if not compact:
            self._io(lambda: journal.append(payload))
        self._tables = changes.apply(self._tables, decoded)
        self._update_images(decoded)
        if compact:
            self._io(self._rewrite)

    def _io(self, step: Callable[[], None]) -> None:
        try:
            step()
        except OSError as exc:
            self._broken = True
            raise WriteFailed("the write did not complete") from exc
        except BaseException:
            self._broken = True
            raise

    def _rewrite(self) -> None:
        self._require_journal().rewrite(self._snapshot())

    def _snapshot(self) -> list[bytes]:
        if self._tables is None:
            return []
        ops: list[Op] = [["reset"]]
        for name, table in self._tables.items():
            items = list(table.items())
            ops.append(["put", name, dict(items[:SNAPSHOT_CHUNK])])
            ops += [["put", name, dict(items[i : i + SNAPSHOT_CHUNK])]
                    for i in range(SNAPSHOT_CHUNK, len(items), SNAPSHOT_CHUNK)]
        return [json.dumps([op]).encode("ascii") for op in ops]

    def _update_images(self, ops: list[Op]) -> None:
        images = self._images
        if images is None or self._tables is None:
            return
        for op in ops:
            if op[0] == "reset":
                images.clear()
            elif op[0] == "drop":
                images.pop(op[1], None)
            elif op[0] == "del":
                for doc_id in op[2]:
                    images.get(op[1], {}).pop(doc_id, None)
            else:
                fresh = {k: marshal.dumps(d, 2) for k, d in op[2].items()}
                if op[0] == "replace":
                    images[op[1]] = fresh
                else:
                    images.setdefault(op[1], {}).update(fresh)

    def _restore_images(self) -> None:
        """Put back documents changed in memory since they were last read or written."""
        if self._images is None or self._tables is None:
            return
        for name, table in self._tables.items():
            known = self._images.get(name, {})
            for doc_id, doc in table.items():
                before = known.get(doc_id)
                if before is not None and changes.image(doc) != before:
                    table[doc_id] = marshal.loads(before)  # noqa: S302  # our own image

    def _require_journal(self) -> Journal:
        if self._journal is None:
            raise StorageError("the storage is closed")
        return self._journal
