"""TinyDB's own behaviour on EncryptedStorage, part 2: tables, files, access modes.

Ported from TinyDB's tests; each runs with TinyDB's own `Table` and with the
vault's `VaultDatabase` (see `test_tinydb_behaviour`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tinydb import TinyDB, where

from storage.encrypted_storage import EncryptedStorage

from .tinydb_support import Opener, reopen


def test_iteration(db: TinyDB) -> None:
    assert list(db) == db.all()
    assert [d["char"] for d in db] == ["a", "b", "c"]


def test_tables(db: TinyDB) -> None:
    table1, table2 = db.table("table1"), db.table("table2")
    assert db.table("table1") is table1
    table1.insert_multiple({"int": 1, "char": c} for c in "abc")
    table2.insert({"int": 1, "char": "b"})
    assert table1.get(where("char") == "b")["char"] == "b"  # type: ignore[index]
    assert table2.count(where("char") == "b") == 1
    assert db.tables() == {"_default", "table1", "table2"}
    db.drop_table("table1")
    assert db.tables() == {"_default", "table2"}
    db.drop_table("no-such-table")
    assert len(db.table("table1")) == 0


def test_empty_table_is_kept_when_asked(db: TinyDB, opener: Opener) -> None:
    db.table("kept", persist_empty=True)
    db.table("not-kept")
    assert db.tables() == {"_default", "kept"}
    again = reopen(db, opener)
    assert again.tables() == {"_default", "kept"}


def test_truncate(db: TinyDB) -> None:
    db.truncate()
    assert len(db) == 0
    assert db.insert({"int": 1}) == 1


def test_query_cache_size(db: TinyDB) -> None:
    table = db.table("sized", cache_size=1)
    table.insert_multiple([{"int": 1}, {"int": 1}])
    assert table.count(where("int") == 1) == 2
    assert table.count(where("int") == 2) == 0
    assert len(table._query_cache) == 1


def test_repr_names_the_tables(db: TinyDB) -> None:
    assert "_default" in repr(db)


def test_document_changed_outside_tinydb_is_not_kept(opener: Opener) -> None:
    with opener() as database:
        database.insert({"tags": ["x"]})
        database.get(doc_id=1)["tags"].append("leak")  # type: ignore[index]
        database.insert({"other": 1})
        if opener.kind is TinyDB:
            # TinyDB's Table rereads the storage, which puts the document back.
            assert database.get(doc_id=1) == {"tags": ["x"]}
    with opener() as again:
        assert again.get(doc_id=1) == {"tags": ["x"]}


def test_unchanged_database_is_not_written(opener: Opener) -> None:
    with opener() as database:
        database.insert({"int": 1})
    before = opener.path.read_bytes()
    with opener() as database:
        assert len(database) == 1
        database.update({"int": 1}, doc_ids=[1])
    assert opener.path.read_bytes() == before


def test_read_only_access(opener: Opener) -> None:
    with opener() as database:
        database.insert({"int": 1})
    with opener(access_mode="r") as database:
        assert database.get(doc_id=1) == {"int": 1}
        with pytest.raises(OSError):
            database.insert({"int": 2})
        assert len(database) == 1


def test_read_only_needs_an_existing_file(tmp_path: Path, key: bytes) -> None:
    with pytest.raises(FileNotFoundError):
        EncryptedStorage(tmp_path / "none.bin", key=key, access_mode="r")


def test_create_dirs(tmp_path: Path, key: bytes) -> None:
    path = tmp_path / "a" / "b" / "db.bin"
    EncryptedStorage(path, key=key, create_dirs=True).close()
    assert path.exists()


def test_missing_directory_is_an_os_error(tmp_path: Path, key: bytes) -> None:
    with pytest.raises(OSError):
        EncryptedStorage(tmp_path / "missing" / "db.bin", key=key)


def test_storage_reads_what_it_wrote(tmp_path: Path, key: bytes) -> None:
    data = {"t": {"1": {"none": [None, None], "int": 42, "float": 3.14159,
                        "list": ["LITE", "RES_ACID"], "dict": {"hp": 13}, "bool": [True, False]}}}
    storage = EncryptedStorage(tmp_path / "db.bin", key=key)
    assert storage.read() is None
    storage.write(data)
    assert storage.read() == data
    storage.close()
    again = EncryptedStorage(tmp_path / "db.bin", key=key)
    assert again.read() == data


def test_storage_keeps_only_tinydb_data(tmp_path: Path, key: bytes) -> None:
    storage = EncryptedStorage(tmp_path / "db.bin", key=key)
    with pytest.raises(TypeError):
        storage.write({"int": 42})  # type: ignore[dict-item]
    assert storage.read() is None
    storage.close()


def test_closing_twice_is_harmless(opener: Opener) -> None:
    database = opener()
    database.close()
    database.storage.close()
