"""Random sequences of TinyDB operations give the same database on EncryptedStorage as on JSONStorage.

After every operation, and after reopening both files at the end, the
encrypted database must show exactly what TinyDB's own JSON storage shows,
document ids and order included.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB, where
from tinydb import operations as ops
from tinydb.storages import JSONStorage
from tinydb.table import Document

from storage.database import VaultDatabase
from storage.encrypted_storage import EncryptedStorage

from .tinydb_support import snapshot

KEY = os.urandom(32)
TABLES = st.sampled_from(["_default", "people", "settings"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text("abcé щ", max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("xyz", max_size=2),
                                                                inner, max_size=3),
    max_leaves=6,
)
DOCS = st.dictionaries(st.sampled_from(["k", "n", "tags", "x"]), VALUES, max_size=4)


def _append_tag(doc: dict[str, Any]) -> None:
    if isinstance(doc.get("tags"), list):
        doc["tags"].append("new")


OPERATIONS = st.one_of(
    st.tuples(st.just("insert"), TABLES, DOCS),
    st.tuples(st.just("insert_multiple"), TABLES, st.lists(DOCS, max_size=3)),
    st.tuples(st.just("insert_id"), TABLES, DOCS, st.integers(1, 8)),
    st.tuples(st.just("update"), TABLES, DOCS, VALUES),
    st.tuples(st.just("update_nested"), TABLES),
    st.tuples(st.just("increment"), TABLES),
    st.tuples(st.just("remove"), TABLES, VALUES),
    st.tuples(st.just("remove_ids"), TABLES, st.lists(st.integers(1, 8), max_size=3)),
    st.tuples(st.just("upsert"), TABLES, DOCS, VALUES),
    st.tuples(st.just("truncate"), TABLES),
    st.tuples(st.just("drop_table"), TABLES),
    st.tuples(st.just("persist_empty"), TABLES),
    st.tuples(st.just("drop_tables")),
    st.tuples(st.just("reopen")),
)


def run(db: TinyDB, op: tuple[Any, ...]) -> object:
    """Apply one operation; what it returned, or the type of what it raised."""
    kind, rest = op[0], op[1:]
    table = db.table(rest[0]) if rest else db
    try:
        return _run(db, table, kind, rest)
    except (ValueError, KeyError, TypeError) as exc:
        return type(exc)


def _run(db: TinyDB, table: Any, kind: str, rest: tuple[Any, ...]) -> object:
    match kind:
        case "insert":
            return table.insert(rest[1])
        case "insert_multiple":
            return table.insert_multiple(rest[1])
        case "insert_id":
            return table.insert(Document(rest[1], doc_id=rest[2]))
        case "update":
            return table.update(rest[1], where("k") == rest[2])
        case "update_nested":
            return table.update(_append_tag, where("tags").exists())
        case "increment":
            return table.update(ops.increment("n"), where("n").test(lambda v: type(v) is int))
        case "remove":
            return table.remove(where("k") == rest[1])
        case "remove_ids":
            return table.remove(doc_ids=[i for i in rest[1] if table.contains(doc_id=i)])
        case "upsert":
            return table.upsert(rest[1], where("k") == rest[2])
        case "truncate":
            return table.truncate()
        case "drop_table":
            return db.drop_table(rest[0])
        case "persist_empty":
            return db.table(rest[0] + "-empty", persist_empty=True).name
        case "drop_tables":
            return db.drop_tables()
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", [TinyDB, VaultDatabase], ids=["tinydb-table", "vault-table"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=25))
def test_same_database_as_json_storage(kind: type[TinyDB], operations: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        json_path, enc_path = Path(folder) / "db.json", Path(folder) / "db.bin"

        def open_both() -> tuple[TinyDB, TinyDB]:
            return (TinyDB(json_path, storage=JSONStorage),
                    kind(enc_path, storage=EncryptedStorage, key=KEY))

        plain, encrypted = open_both()
        for op in operations:
            if op == ("reopen",):
                plain.close()
                encrypted.close()
                plain, encrypted = open_both()
                continue
            assert run(encrypted, op) == run(plain, op), op
            assert snapshot(encrypted) == snapshot(plain), op
        plain.close()
        encrypted.close()
        plain, encrypted = open_both()
        assert snapshot(encrypted) == snapshot(plain)
        plain.close()
        encrypted.close()
