"""The TinyDB the vault hands out: writes cost what they change, not what is stored.

TinyDB's own `Table` rebuilds a whole table dict twice on every write and
hands the storage the whole database. `VaultTable` gives an
`EncryptedStorage` the update function itself, run against a view that
records what it changes (`storage.changes.TableChange`), and reads the
storage's committed documents directly. Everything else is TinyDB's own
code, and with any other storage `VaultTable` behaves as TinyDB's `Table`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Table

from storage.changes import TableChange
from storage.encrypted_storage import EncryptedStorage

Updater = Callable[[dict[int, Mapping[str, Any]]], None]


class VaultTable(Table):
    """A TinyDB table that tells an `EncryptedStorage` exactly what each write changes."""

    def _read_table(self) -> dict[str, Mapping[str, Any]]:
        storage = self._storage
        if isinstance(storage, EncryptedStorage):
            return storage.table(self.name)
        return super()._read_table()

    def _update_table(self, updater: Updater) -> None:
        storage = self._storage
        if not isinstance(storage, EncryptedStorage):
            super()._update_table(updater)
            return
        try:
            storage.update_table(self.name, cast(Callable[[TableChange], None], updater),
                                 id_class=self.document_id_class)
        finally:
            self.clear_cache()

    def transact(self, updater: Updater) -> None:
        """Run `updater` on the table (documents by id) and store what it changed in one write.

        `updater` may add, replace, change and remove documents; if it raises,
        nothing is stored and documents it changed in place are put back.
        """
        self._update_table(updater)


class VaultDatabase(TinyDB):
    """TinyDB with `VaultTable` tables; used as `VaultDatabase(path, storage=..., key=...)`."""

    table_class = VaultTable

    def table(self, name: str, **kwargs: Any) -> VaultTable:
        return cast(VaultTable, super().table(name, **kwargs))

    def tables(self) -> set[str]:
        storage = self.storage
        if isinstance(storage, EncryptedStorage):
            return storage.table_names()
        return super().tables()

    def drop_table(self, name: str) -> None:
        storage = self.storage
        if not isinstance(storage, EncryptedStorage):
            super().drop_table(name)
            return
        self._tables.pop(name, None)
        storage.drop_table(name)
