"""The TinyDB the vault hands out: writes cost what they change, not what is stored.

TinyDB's own `Table` rebuilds a whole table dict twice on every write and
hands the storage the whole database. `VaultTable` gives an
`EncryptedStorage` the update function itself, run against a view that
records what it changes (`storage.changes.TableChange`), and reads the
storage's committed documents directly. Everything else is TinyDB's own
code, and with any other storage `VaultTable` behaves as TinyDB's `Table`.
`VaultDatabase.transact` changes several tables in one write.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from storage.changes import TableChange
from storage.encrypted_storage import EncryptedStorage

Updater = Callable[[dict[int, Mapping[str, Any]]], None]
TablesUpdater = Callable[[dict[str, dict[int, Mapping[str, Any]]]], None]


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

    def documents(self) -> Mapping[str, Mapping[str, Any]]:
        """The stored documents by id as text, without copying them: read them, never change them.

        With an `EncryptedStorage` this is the storage's own committed copy,
        valid until the next write; use it under the lock that guards writes.
        """
        return self._read_table()


class VaultDatabase(TinyDB):
    """TinyDB with `VaultTable` tables; used as `VaultDatabase(path, storage=..., key=...)`."""

    table_class = VaultTable

    def table(self, name: str, **kwargs: Any) -> VaultTable:
        return cast(VaultTable, super().table(name, **kwargs))

    def transact(self, names: Sequence[str], updater: TablesUpdater) -> None:
        """Run `updater` on several tables and store what it changed in them in one write.

        `updater` gets each named table as documents by id, as `VaultTable.transact`
        does, and may change any of them; all of it is stored in one durable
        write (with an `EncryptedStorage`: one journal record), or, if it raises,
        none of it.
        """
        storage = self.storage
        try:
            if isinstance(storage, EncryptedStorage):
                storage.update_tables(
                    names, cast(Callable[[dict[str, TableChange]], None], updater),
                    id_class=self.table_class.document_id_class)
            else:
                _transact_whole(storage, names, updater, self.table_class.document_id_class)
        finally:
            for name in names:
                if name in self._tables:
                    self._tables[name].clear_cache()

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


def _transact_whole(storage: Storage, names: Sequence[str], updater: TablesUpdater,
                    id_class: Callable[[str], Any]) -> None:
    """`VaultDatabase.transact` on any other storage: read everything, write everything."""
    data = storage.read() or {}
    # Copies, so that an updater that raises leaves nothing changed.
    views = {name: {id_class(k): copy.deepcopy(doc) for k, doc in data.get(name, {}).items()}
             for name in dict.fromkeys(names)}
    updater(views)
    for name, view in views.items():
        data[name] = {str(k): doc for k, doc in view.items()}
    storage.write(data)
