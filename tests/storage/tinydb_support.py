"""What the ports of TinyDB's tests share: opening a database of either flavour."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB

from storage.database import VaultDatabase
from storage.encrypted_storage import EncryptedStorage

FLAVOURS = {"tinydb-table": TinyDB, "vault-table": VaultDatabase}


def snapshot(db: TinyDB) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Every table's documents with their ids, in order."""
    return {name: [(d.doc_id, dict(d)) for d in db.table(name)] for name in sorted(db.tables())}


class Opener:
    """Opens the test's database file in one flavour, remembering the last one opened."""

    def __init__(self, path: Path, key: bytes, kind: type[TinyDB]) -> None:
        self.path, self.key, self.kind = path, key, kind
        self.latest: TinyDB | None = None

    def __call__(self, **kwargs: Any) -> TinyDB:
        self.latest = self.kind(self.path, storage=EncryptedStorage, key=self.key, **kwargs)
        return self.latest


def reopen(db: TinyDB, opener: Opener) -> TinyDB:
    """The database closed and opened again (the fixture checks and closes the new one)."""
    db.close()
    return opener()
